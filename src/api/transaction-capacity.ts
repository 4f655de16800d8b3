import { transactionalReadUnits } from '../engine/capacity.js';
import type { WriteOutcome } from '../engine/items.js';
import type { Mutation } from '../engine/mutation.js';
import type { TableDefinition } from '../engine/table-definition.js';
import type { StoredItem } from '../model/stored-item.js';
import { CapacityTally } from './consumed-capacity.js';

/**
 * The ConsumedCapacity of a write transaction, TransactWriteItems or ExecuteTransaction:
 * twice the write units of each action (condition checks included) when it commits.
 * A repeat of a committed transaction under its ClientRequestToken writes nothing;
 * AWS then reports the read units of reading the items, as here.
 */
export function committedCapacityField(mode: string | undefined, mutations: readonly Mutation[], outcomes: readonly WriteOutcome[]): Record<string, unknown> {
  const capacity = new CapacityTally('WriteCapacityUnits');
  mutations.forEach((mutation, at) => capacity.addWrite(mutation.table, outcomes[at]!, true));
  return capacity.listField(mode);
}

/** `tables` has one entry per action, undefined for an action refused before it ran; `items` one per action. */
export function repeatCapacityField(
  mode: string | undefined,
  tables: ReadonlyArray<TableDefinition | undefined>,
  items: ReadonlyArray<StoredItem | undefined>,
): Record<string, unknown> {
  const capacity = new CapacityTally('ReadCapacityUnits');
  tables.forEach((table, at) => {
    if (table !== undefined) capacity.addTable(table.name, transactionalReadUnits(items[at]?.sizeBytes ?? 0));
  });
  return capacity.listField(mode);
}
