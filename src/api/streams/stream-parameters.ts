import { string } from '../validation/shape.js';

/** The DynamoDB Streams API model's StreamArn (37 to 1024 characters) and ShardId (28 to 65). */
export const STREAM_ARN = string({ min: 37, max: 1024 });
export const SHARD_ID = string({ min: 28, max: 65 });
/** SequenceNumber: 21 to 40 characters. */
export const SEQUENCE_NUMBER = string({ min: 21, max: 40 });
/** ShardIterator: 1 to 2048 characters. */
export const SHARD_ITERATOR = string({ min: 1, max: 2048 });
