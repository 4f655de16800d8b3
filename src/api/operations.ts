import { batchGetItem } from './batch-get-item.js';
import { batchWriteItem } from './batch-write-item.js';
import type { Operation } from './context.js';
import { createTable } from './create-table.js';
import { deleteItem } from './delete-item.js';
import { deleteTable } from './delete-table.js';
import { describeTable } from './describe-table.js';
import { getItem } from './get-item.js';
import { listTables } from './list-tables.js';
import { putItem } from './put-item.js';
import { query } from './query.js';
import { scan } from './scan.js';
import { updateItem } from './update-item.js';
import { transactGetItems } from './transact-get-items.js';
import { transactWriteItems } from './transact-write-items.js';
import { updateTable } from './update-table.js';

/** Every operation Strata serves, by its X-Amz-Target name. */
export const OPERATIONS: ReadonlyMap<string, Operation> = new Map([
  ['CreateTable', createTable],
  ['DescribeTable', describeTable],
  ['ListTables', listTables],
  ['UpdateTable', updateTable],
  ['DeleteTable', deleteTable],
  ['PutItem', putItem],
  ['GetItem', getItem],
  ['DeleteItem', deleteItem],
  ['UpdateItem', updateItem],
  ['Query', query],
  ['Scan', scan],
  ['BatchGetItem', batchGetItem],
  ['BatchWriteItem', batchWriteItem],
  ['TransactGetItems', transactGetItems],
  ['TransactWriteItems', transactWriteItems],
]);
