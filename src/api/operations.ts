import { loadedOnFirstUse, type DeclaredOperation, type OperationRegistry } from './operation-registry.js';

/**
 * The DynamoDB operations Strata serves, by X-Amz-Target name (DynamoDB_20120810.<name>),
 * each loaded on its first request.
 */
export const dynamoDBOperationLoaders: Readonly<Record<string, () => Promise<DeclaredOperation>>> = {
  CreateTable: async () => (await import('./operations/create-table.js')).createTable,
  DescribeTable: async () => (await import('./operations/describe-table.js')).describeTable,
  ListTables: async () => (await import('./operations/list-tables.js')).listTables,
  UpdateTable: async () => (await import('./operations/update-table.js')).updateTable,
  DeleteTable: async () => (await import('./operations/delete-table.js')).deleteTable,
  PutItem: async () => (await import('./operations/put-item.js')).putItem,
  GetItem: async () => (await import('./operations/get-item.js')).getItem,
  DeleteItem: async () => (await import('./operations/delete-item.js')).deleteItem,
  UpdateItem: async () => (await import('./operations/update-item.js')).updateItem,
  Query: async () => (await import('./operations/query.js')).query,
  Scan: async () => (await import('./operations/scan.js')).scan,
  BatchGetItem: async () => (await import('./operations/batch-get-item.js')).batchGetItem,
  BatchWriteItem: async () => (await import('./operations/batch-write-item.js')).batchWriteItem,
  TransactGetItems: async () => (await import('./operations/transact-get-items.js')).transactGetItems,
  TransactWriteItems: async () => (await import('./operations/transact-write-items.js')).transactWriteItems,
  ExecuteStatement: async () => (await import('./operations/execute-statement.js')).executeStatement,
  BatchExecuteStatement: async () => (await import('./operations/batch-execute-statement.js')).batchExecuteStatement,
  ExecuteTransaction: async () => (await import('./operations/execute-transaction.js')).executeTransaction,
  UpdateTimeToLive: async () => (await import('./operations/update-time-to-live.js')).updateTimeToLive,
  DescribeTimeToLive: async () => (await import('./operations/describe-time-to-live.js')).describeTimeToLive,
};

export const dynamoDBOperations: OperationRegistry = loadedOnFirstUse(dynamoDBOperationLoaders);
