import { STREAM_SHARDS_DESCRIBED_MAX } from '../../model/limits.js';
import { DynamoDBError } from '../../model/errors.js';
import { sequenceNumberOf } from '../../engine/stream-positions.js';
import type { Shard } from '../../engine/stream-reader.js';
import type { StreamDescriptor } from '../../engine/stream-catalog.js';
import { pageAfter } from '../streams/list-page.js';
import { requireStream, streamArn, streamLabel } from '../streams/stream-arn.js';
import { SHARD_ID, STREAM_ARN } from '../streams/stream-parameters.js';
import { integer, structure } from '../validation/shape.js';
import { validateRequest } from '../validation/validate.js';
import type { DeclaredOperation } from '../operation-registry.js';

const REQUEST_SHAPE = structure({ StreamArn: STREAM_ARN, Limit: integer({ min: 1 }), ExclusiveStartShardId: SHARD_ID }, ['StreamArn']);

function shardResponse(stream: StreamDescriptor, shard: Shard): Record<string, unknown> {
  const { lane } = shard.name;
  return {
    ShardId: shard.shardId,
    SequenceNumberRange: {
      StartingSequenceNumber: sequenceNumberOf(shard.startNumber, lane, stream.lanes),
      ...(shard.endNumber === undefined ? {} : { EndingSequenceNumber: sequenceNumberOf(shard.endNumber, lane, stream.lanes) }),
    },
    ...(shard.parentShardId === undefined ? {} : { ParentShardId: shard.parentShardId }),
  };
}

/**
 * DescribeStream: the stream and its shards, a page at a time. A stream is ENABLED
 * or DISABLED at once when UpdateTable changes it, as tables are ACTIVE at once, so
 * ENABLING and DISABLING are never shown.
 */
export const describeStream: DeclaredOperation = {
  requestShape: REQUEST_SHAPE,
  async execute(body, context) {
    const request = validateRequest(REQUEST_SHAPE, body);
    // The API model sets no maximum; the refusal is in DynamoDB Local's words.
    if (request.Limit !== undefined && request.Limit > STREAM_SHARDS_DESCRIBED_MAX) {
      throw DynamoDBError.validation(`One or more parameter values were invalid: Limit cannot be greater than the maximum: ${STREAM_SHARDS_DESCRIBED_MAX}`);
    }
    const stream = await requireStream(context, request.StreamArn);
    const shards = await context.engine.streamShards(stream);
    const limit = request.Limit ?? STREAM_SHARDS_DESCRIBED_MAX;
    const { page, lastEvaluatedId } = pageAfter(shards, (shard) => shard.shardId, request.ExclusiveStartShardId, limit);
    return {
      StreamDescription: {
        StreamArn: streamArn(context, stream),
        StreamLabel: streamLabel(stream),
        StreamStatus: stream.disabledEpochMs === undefined ? 'ENABLED' : 'DISABLED',
        StreamViewType: stream.viewType,
        CreationRequestDateTime: stream.createdEpochMs / 1000,
        TableName: stream.tableName,
        KeySchema: [
          { AttributeName: stream.partitionKey.name, KeyType: 'HASH' },
          ...(stream.sortKey === undefined ? [] : [{ AttributeName: stream.sortKey.name, KeyType: 'RANGE' }]),
        ],
        Shards: page.map((shard) => shardResponse(stream, shard)),
        ...(lastEvaluatedId === undefined ? {} : { LastEvaluatedShardId: lastEvaluatedId }),
      },
    };
  },
};
