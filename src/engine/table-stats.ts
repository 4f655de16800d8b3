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
  private readonly statsByTableId = new Map<number, TableStats>();

  constructor(private readonly store: OrderedStore) {}

  /** Records one committed write; a no-op for tables not counted yet. */
  recordWrite(tableId: number, oldSizeBytes: number | undefined, newSizeBytes: number | undefined): void {
    const stats = this.statsByTableId.get(tableId);
    if (stats === undefined) return;
    stats.itemCount += (newSizeBytes === undefined ? 0 : 1) - (oldSizeBytes === undefined ? 0 : 1);
    stats.sizeBytes += (newSizeBytes ?? 0) - (oldSizeBytes ?? 0);
  }

  /** Starts a new table's count at zero. */
  startEmpty(tableId: number): void {
    this.statsByTableId.set(tableId, { itemCount: 0, sizeBytes: 0 });
  }

  forget(tableId: number): void {
    this.statsByTableId.delete(tableId);
  }

  async get(tableId: number): Promise<TableStats> {
    const known = this.statsByTableId.get(tableId);
    if (known !== undefined) return { ...known };
    const counted: TableStats = { itemCount: 0, sizeBytes: 0 };
    for await (const entry of this.store.range(indexRange(tableId, BASE_TABLE_INDEX_ID))) {
      counted.itemCount++;
      counted.sizeBytes += StoredItem.fromBytes(entry.value).sizeBytes;
    }
    this.statsByTableId.set(tableId, counted);
    return { ...counted };
  }
}
