import { STREAMS_LIST_LIMIT_MAX } from '../../model/limits.js';
import { DynamoDBError } from '../../model/errors.js';
import { TABLE_NAME } from '../common.js';
import { pageAfter } from '../streams/list-page.js';
import { STREAM_ARN } from '../streams/stream-parameters.js';
import { streamArn, streamLabel } from '../streams/stream-arn.js';
import { integer, structure } from '../validation/shape.js';
import { validateRequest } from '../validation/validate.js';
import type { DeclaredOperation } from '../operation-registry.js';

const REQUEST_SHAPE = structure({
  TableName: TABLE_NAME,
  Limit: integer({ min: 1 }),
  ExclusiveStartStreamArn: STREAM_ARN,
});

/** ListStreams: the caller's readable streams, of one table or of all, oldest first, a page at a time. */
export const listStreams: DeclaredOperation = {
  requestShape: REQUEST_SHAPE,
  async execute(body, context) {
    const request = validateRequest(REQUEST_SHAPE, body);
    // The API model sets no maximum; the refusal is in DynamoDB Local's words.
    if (request.Limit !== undefined && request.Limit > STREAMS_LIST_LIMIT_MAX) {
      throw DynamoDBError.validation(
        `One or more parameter values were invalid: Limit cannot be greater than the maximum allowed size: ${STREAMS_LIST_LIMIT_MAX}`,
      );
    }
    const limit = request.Limit ?? STREAMS_LIST_LIMIT_MAX;
    const streams = (await context.engine.listStreams(context.namespace))
      .filter((stream) => request.TableName === undefined || stream.tableName === request.TableName)
      .map((stream) => ({ StreamArn: streamArn(context, stream), TableName: stream.tableName, StreamLabel: streamLabel(stream) }));
    const { page, lastEvaluatedId } = pageAfter(streams, (stream) => stream.StreamArn, request.ExclusiveStartStreamArn, limit);
    return { Streams: page, ...(lastEvaluatedId === undefined ? {} : { LastEvaluatedStreamArn: lastEvaluatedId }) };
  },
};
