import { GET_RECORDS_BYTES_MAX, GET_RECORDS_LIMIT_MAX } from '../../model/limits.js';
import { DynamoDBError } from '../../model/errors.js';
import { decodeShardIterator, encodeShardIterator, SHARD_ITERATOR_LIFETIME_MS } from '../streams/shard-iterator.js';
import { requireStream } from '../streams/stream-arn.js';
import { SHARD_ITERATOR } from '../streams/stream-parameters.js';
import { recordResponse } from '../streams/stream-record-shape.js';
import { findShard, trimmedDataAccess } from '../streams/stream-shard.js';
import { integer, structure } from '../validation/shape.js';
import { validateRequest } from '../validation/validate.js';
import type { DeclaredOperation } from '../operation-registry.js';

const REQUEST_SHAPE = structure({ ShardIterator: SHARD_ITERATOR, Limit: integer({ min: 1 }) }, ['ShardIterator']);

/**
 * GetRecords: the records at an iterator's position, up to Limit and 1 MB, and the
 * iterator to read on with; none once a closed shard has been read to its end.
 */
export const getRecords: DeclaredOperation = {
  requestShape: REQUEST_SHAPE,
  async execute(body, context) {
    const request = validateRequest(REQUEST_SHAPE, body);
    // The API model sets no maximum; AWS documents this refusal as LimitExceededException, in DynamoDB Local's words.
    if (request.Limit !== undefined && request.Limit > GET_RECORDS_LIMIT_MAX) {
      throw new DynamoDBError(
        'LimitExceededException',
        `One or more parameter values were invalid: Limit should be less than or equal to ${GET_RECORDS_LIMIT_MAX}`,
      );
    }
    const position = decodeShardIterator(request.ShardIterator);
    if (position === undefined) throw DynamoDBError.validation('Invalid ShardIterator');
    const nowMs = context.engine.nowMs();
    // AWS's message is not on record (DynamoDB Local's is empty): this one says what happened.
    if (nowMs - position.issuedEpochMs > SHARD_ITERATOR_LIFETIME_MS) {
      throw new DynamoDBError('ExpiredIteratorException', 'The shard iterator has expired: iterators can be used for 15 minutes after they are issued');
    }
    const stream = await requireStream(context, position.streamArn);
    if (stream.id !== position.streamId) throw DynamoDBError.validation('Invalid ShardIterator');
    const shard = await findShard(context, stream, position.shard);
    if (shard === undefined) throw trimmedDataAccess();
    if (position.number < shard.firstRetainedNumber) throw trimmedDataAccess();
    const read = await context.engine.readShard(stream, shard, position.number, {
      records: request.Limit ?? GET_RECORDS_LIMIT_MAX,
      bytes: GET_RECORDS_BYTES_MAX,
    });
    return {
      Records: read.records.map((record) => recordResponse(context, stream, shard.name.lane, record)),
      ...(read.nextNumber === undefined ? {} : { NextShardIterator: encodeShardIterator({ ...position, number: read.nextNumber, issuedEpochMs: nowMs }) }),
    };
  },
};
