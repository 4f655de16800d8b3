import { loadedOnFirstUse, type OperationRegistry } from './operation-registry.js';

/**
 * The DynamoDB Streams operations Strata serves, by X-Amz-Target name
 * (DynamoDBStreams_20120810.<name>), each loaded on its first request. None is yet, so
 * a streams client gets UnknownOperationException for every call; each operation,
 * once written, is one line here, as in operations.ts.
 */
export const streamOperations: OperationRegistry = loadedOnFirstUse({});
