import { parseSequenceNumber } from '../../engine/stream-positions.js';
import { DynamoDBError } from '../../model/errors.js';
import { encodeShardIterator } from '../streams/shard-iterator.js';
import { requireStream, streamArn } from '../streams/stream-arn.js';
import { SEQUENCE_NUMBER, SHARD_ID, STREAM_ARN } from '../streams/stream-parameters.js';
import { requireShard, trimmedDataAccess } from '../streams/stream-shard.js';
import { string, structure } from '../validation/shape.js';
import { validateRequest } from '../validation/validate.js';
import type { DeclaredOperation } from '../operation-registry.js';

const REQUEST_SHAPE = structure(
  {
    StreamArn: STREAM_ARN,
    ShardId: SHARD_ID,
    ShardIteratorType: string({ enum: ['TRIM_HORIZON', 'LATEST', 'AT_SEQUENCE_NUMBER', 'AFTER_SEQUENCE_NUMBER'] }),
    SequenceNumber: SEQUENCE_NUMBER,
  },
  ['StreamArn', 'ShardId', 'ShardIteratorType'],
);

/**
 * GetShardIterator: a position in one shard. TRIM_HORIZON is its oldest record still
 * held, LATEST just past its newest, and the sequence number types at or after a
 * record of the shard.
 */
export const getShardIterator: DeclaredOperation = {
  requestShape: REQUEST_SHAPE,
  async execute(body, context) {
    const request = validateRequest(REQUEST_SHAPE, body);
    const stream = await requireStream(context, request.StreamArn);
    const shard = await requireShard(context, stream, request.ShardId);
    const firstRetained = shard.firstRetainedNumber;
    // The wording of these refusals is DynamoDB Local's; AWS's is not on record.
    const sequenceNumberTyped = request.ShardIteratorType === 'AT_SEQUENCE_NUMBER' || request.ShardIteratorType === 'AFTER_SEQUENCE_NUMBER';
    if (!sequenceNumberTyped && request.SequenceNumber !== undefined) {
      throw DynamoDBError.validation('One or more parameter values were invalid: SequenceNumber should not be passed for this iterator type');
    }
    let number: bigint;
    if (request.ShardIteratorType === 'TRIM_HORIZON') {
      number = shard.startNumber > firstRetained ? shard.startNumber : firstRetained;
    } else if (request.ShardIteratorType === 'LATEST') {
      number = shard.nextNumber;
    } else {
      if (request.SequenceNumber === undefined) throw DynamoDBError.validation('One or more parameter values were invalid: Invalid SequenceNumber');
      const position = parseSequenceNumber(request.SequenceNumber, stream.lanes);
      // A number past the last record of an open shard names a record still to come.
      const pastEnd = shard.closed && position !== undefined && position.number >= shard.nextNumber;
      if (position === undefined || position.lane !== shard.name.lane || position.number < shard.startNumber || pastEnd) {
        throw DynamoDBError.validation('Invalid SequenceNumber for the shard');
      }
      if (position.number < firstRetained) throw trimmedDataAccess();
      number = request.ShardIteratorType === 'AT_SEQUENCE_NUMBER' ? position.number : position.number + 1n;
    }
    return {
      ShardIterator: encodeShardIterator({
        streamArn: streamArn(context, stream),
        streamId: stream.id,
        shard: shard.name,
        number,
        issuedEpochMs: context.engine.nowMs(),
      }),
    };
  },
};
