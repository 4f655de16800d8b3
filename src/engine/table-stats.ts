import type { OrderedStore } from '../storage/store.js';
import { BASE_TABLE_INDEX_ID, indexRange } from './keyspace.js';
import { StoredItem } from '../model/stored-item.js';

export interface TableStats {
  itemCount: number;
  sizeBytes: number;
}

/**
 * ItemCount and TableSizeBytes for DescribeTable. AWS refreshes these about every six
 * hours and calls them approximate; Strata counts a table once by scanning it, on the
 * first DescribeTable after start, and then keeps the count current from the writes
 * this process commits. Writes by other processes sharing the store are not seen
 * until the next start, which is within what AWS promises.
 */
export class TableStatsTracker {
  /** By `${tableId}/${indexId}`; index 0 is the table itself. */
  private readonly statsByIndex = new Map<string, TableStats>();

  constructor(private readonly store: OrderedStore) {}

  /** Records one committed write to a table or index entry; a no-op for ones not counted yet. */
  recordWrite(tableId: number, indexId: number, oldSizeBytes: number | undefined, newSizeBytes: number | undefined): void {
    const stats = this.statsByIndex.get(`${tableId}/${indexId}`);
    if (stats === undefined) return;
    stats.itemCount += (newSizeBytes === undefined ? 0 : 1) - (oldSizeBytes === undefined ? 0 : 1);
    stats.sizeBytes += (newSizeBytes ?? 0) - (oldSizeBytes ?? 0);
  }

  /** Starts a new table's counts, and its indexes', at zero. */
  startEmpty(tableId: number, indexIds: readonly number[]): void {
    for (const indexId of [BASE_TABLE_INDEX_ID, ...indexIds]) this.statsByIndex.set(`${tableId}/${indexId}`, { itemCount: 0, sizeBytes: 0 });
  }

  /** Drops the counts of a table's indexes, to be counted afresh when next described. */
  forgetIndex(tableId: number): void {
    for (const key of [...this.statsByIndex.keys()])
      if (key.startsWith(`${tableId}/`) && key !== `${tableId}/${BASE_TABLE_INDEX_ID}`) this.statsByIndex.delete(key);
  }

  forget(tableId: number): void {
    for (const key of [...this.statsByIndex.keys()]) if (key.startsWith(`${tableId}/`)) this.statsByIndex.delete(key);
  }

  async get(tableId: number, indexId: number = BASE_TABLE_INDEX_ID): Promise<TableStats> {
    const key = `${tableId}/${indexId}`;
    const known = this.statsByIndex.get(key);
    if (known !== undefined) return { ...known };
    const counted: TableStats = { itemCount: 0, sizeBytes: 0 };
    for await (const entry of this.store.range(indexRange(tableId, indexId))) {
      counted.itemCount++;
      counted.sizeBytes += StoredItem.fromBytes(entry.value).sizeBytes;
    }
    this.statsByIndex.set(key, counted);
    return { ...counted };
  }
}
