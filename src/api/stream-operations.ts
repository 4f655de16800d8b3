import { loadedOnFirstUse, type OperationRegistry } from './operation-registry.js';

/**
 * The DynamoDB Streams operations Strata serves, by X-Amz-Target name
 * (DynamoDBStreams_20120810.<name>), each loaded on its first request, as in operations.ts.
 */
export const streamOperations: OperationRegistry = loadedOnFirstUse({
  ListStreams: async () => (await import('./operations/list-streams.js')).listStreams,
  DescribeStream: async () => (await import('./operations/describe-stream.js')).describeStream,
  GetShardIterator: async () => (await import('./operations/get-shard-iterator.js')).getShardIterator,
  GetRecords: async () => (await import('./operations/get-records.js')).getRecords,
});
