import type { Operation } from './context.js';

/**
 * How to load each operation Strata serves, by its X-Amz-Target name. Each is loaded on
 * its first request, not at start: together they pull in the expression parser,
 * decimal arithmetic and most of the validation, which would make the server's first
 * answer (often a ListTables from a test harness waiting for it) wait for all of it.
 */
const OPERATION_LOADERS: Readonly<Record<string, () => Promise<Operation>>> = {
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
  UpdateTimeToLive: async () => (await import('./operations/update-time-to-live.js')).updateTimeToLive,
  DescribeTimeToLive: async () => (await import('./operations/describe-time-to-live.js')).describeTimeToLive,
};

/**
 * Operations by name. Each starts as a stand-in that loads the real one and then puts
 * it in its own place, so the loading costs its first requests alone: later ones find
 * the operation itself, with no check or extra await.
 */
const operations = new Map<string, Operation>(Object.entries(OPERATION_LOADERS).map(([name, load]) => [name, loadedOnFirstUse(name, load)]));

function loadedOnFirstUse(name: string, load: () => Promise<Operation>): Operation {
  let loading: Promise<Operation> | undefined;
  return {
    async execute(body, context) {
      loading ??= load().then((operation) => {
        operations.set(name, operation);
        return operation;
      });
      return (await loading).execute(body, context);
    },
  };
}

/** The operation an X-Amz-Target names (without its service prefix), or undefined for an unknown one. */
export function findOperation(name: string): Operation | undefined {
  return operations.get(name);
}
