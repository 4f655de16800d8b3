import type { StreamDescriptor } from '../../engine/stream-catalog.js';
import { DynamoDBError } from '../../model/errors.js';
import type { RequestContext } from '../context.js';
import { tableArn } from '../common.js';

/**
 * A stream's label: the time it was enabled, as AWS writes it (ISO 8601 to the
 * millisecond, in UTC, without a zone), e.g. `2026-12-03T05:12:45.123`.
 */
export function streamLabelAt(createdEpochMs: number): string {
  return new Date(createdEpochMs).toISOString().slice(0, -1);
}

export function streamLabel(stream: StreamDescriptor): string {
  return streamLabelAt(stream.createdEpochMs);
}

/** `arn:aws:dynamodb:<region>:<account>:table/<table>/stream/<label>`, as AWS names a stream. */
export function streamArnOf(context: RequestContext, tableName: string, createdEpochMs: number): string {
  return `${tableArn(context, tableName)}/stream/${streamLabelAt(createdEpochMs)}`;
}

export function streamArn(context: RequestContext, stream: StreamDescriptor): string {
  return streamArnOf(context, stream.tableName, stream.createdEpochMs);
}

const STREAM_ARN_SYNTAX = /^arn:aws[a-z-]*:dynamodb:[^:]*:[^:]*:table\/([^/]+)\/stream\/(.+)$/;

/** The table name and label a stream ARN names, or undefined if it is not a stream ARN. */
function parseStreamArn(arn: string): { readonly tableName: string; readonly label: string } | undefined {
  const match = STREAM_ARN_SYNTAX.exec(arn);
  return match === null ? undefined : { tableName: match[1]!, label: match[2]! };
}

/**
 * The caller's readable stream that `arn` names: ValidationException if it is not a
 * stream ARN, ResourceNotFoundException when there is no such stream.
 */
export async function requireStream(context: RequestContext, arn: string): Promise<StreamDescriptor> {
  const named = parseStreamArn(arn);
  // AWS answers a malformed ARN with a ValidationException (aws/aws-sdk-js's
  // integration test of DescribeStream against AWS checks the code); the words are
  // DynamoDB Local's for a missing ARN.
  if (named === undefined) throw DynamoDBError.validation('Invalid StreamArn');
  const streams = await context.engine.listStreams(context.namespace);
  const found = streams.find((stream) => stream.tableName === named.tableName && streamLabel(stream) === named.label);
  // DynamoDB Local's words, which a test of a stream library against AWS (eu-west-1, 2017) also asserts.
  if (found === undefined) throw DynamoDBError.resourceNotFound(`Requested resource not found: Stream: ${arn} not found`);
  return found;
}
