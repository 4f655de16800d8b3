import { transactionalReadUnits } from '../engine/capacity.js';
import type { PrimaryKey } from '../engine/primary-key.js';
import type { TableDefinition } from '../engine/table-definition.js';
import type { Item } from '../model/attribute-value.js';
import { DynamoDBError } from '../model/errors.js';
import { TRANSACTION_BYTES_MAX } from '../model/limits.js';
import { CapacityTally } from './consumed-capacity.js';
import type { RequestContext } from './context.js';

/** One item a read transaction reads. */
export interface TransactionalGet {
  readonly table: TableDefinition;
  readonly key: PrimaryKey;
}

/**
 * The answer of a read transaction, TransactGetItems or ExecuteTransaction's SELECTs:
 * every item as of one moment (a storage snapshot), so it never sees part of a write
 * transaction; 4 MB of items at most; twice the read units of a strongly consistent
 * read each. `project` shapes each item found, by its place in `gets`.
 */
export async function transactionalGetResponse(
  context: RequestContext,
  gets: readonly TransactionalGet[],
  project: (item: Item, at: number) => Item,
  mode: string | undefined,
): Promise<Record<string, unknown>> {
  const stored = await context.engine.getItems(gets.map((get) => get.key));
  const totalBytes = stored.reduce((total, item) => total + (item?.sizeBytes ?? 0), 0);
  if (totalBytes > TRANSACTION_BYTES_MAX) throw DynamoDBError.validation('Transaction size has exceeded the maximum allowed size of 4 MB');
  const capacity = new CapacityTally('ReadCapacityUnits');
  const responses = gets.map((get, at) => {
    const item = stored[at];
    capacity.addTable(get.table.name, transactionalReadUnits(item?.sizeBytes ?? 0));
    return item === undefined ? {} : { Item: project(item.item, at) };
  });
  return { Responses: responses, ...capacity.listField(mode) };
}
