import type { RequestContext } from '../api/context.js';
import { streamArn } from '../api/streams/stream-arn.js';
import { recordResponse, type StreamRecordResponse } from '../api/streams/stream-record-shape.js';
import type { StreamDescriptor } from '../engine/stream-catalog.js';
import type { NumberedRecord } from '../engine/stream-reader.js';

/**
 * A record as AWS Lambda hands it to a function attached to a DynamoDB stream: the
 * record GetRecords returns, with the stream's ARN as `eventSourceARN`, and the
 * identity of Time to Live's deletions in Lambda's spelling, `userIdentity.type` and
 * `userIdentity.principalId` (DynamoDB Streams API reference, Record.userIdentity).
 */
export interface StreamEventRecord extends Omit<StreamRecordResponse, 'userIdentity'> {
  readonly userIdentity?: { readonly type: string; readonly principalId: string };
  readonly eventSourceARN: string;
}

/** The event a Lambda function receives from a DynamoDB stream: one batch of one shard's records. */
export interface StreamEvent {
  readonly Records: readonly StreamEventRecord[];
}

export function streamEventOf(context: RequestContext, stream: StreamDescriptor, lane: number, records: readonly NumberedRecord[]): StreamEvent {
  const eventSourceARN = streamArn(context, stream);
  return {
    Records: records.map((numbered) => {
      const { userIdentity, ...record } = recordResponse(context, stream, lane, numbered);
      return {
        ...record,
        ...(userIdentity === undefined ? {} : { userIdentity: { type: userIdentity.Type, principalId: userIdentity.PrincipalId } }),
        eventSourceARN,
      };
    }),
  };
}
