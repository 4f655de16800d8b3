import type { OrderedStore } from '../storage/store.js';
import { transact } from '../storage/transaction.js';
import type { Logger } from '../model/logger.js';
import { droppedTableKey, droppedTablesRange, tableIdOfDroppedKey, tableRange } from './keyspace.js';

/** Keys deleted per storage transaction, so one purge never holds the writer long. */
const PURGE_BATCH_KEYS = 1000;

/**
 * Deletes the items of dropped tables in the background. DeleteTable only removes the
 * catalog entry and leaves a dropped marker; table ids are never reused, so leftover
 * items are unreachable, and the purge resumes after a restart from the markers.
 */
export class TablePurger {
  private running: Promise<void> | undefined;
  private closed = false;

  constructor(
    private readonly store: OrderedStore,
    private readonly logger: Logger,
  ) {}

  /** Starts a purge pass unless one is running; the pass picks up every marker. */
  wake(): void {
    if (this.running !== undefined || this.closed) return;
    this.running = this.purgeAll()
      .catch((error: unknown) => this.logger.error('table purge failed', { error: String(error) }))
      .finally(() => {
        this.running = undefined;
      });
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.running;
  }

  private async purgeAll(): Promise<void> {
    for (;;) {
      const markers: number[] = [];
      for await (const entry of this.store.range({ ...droppedTablesRange(), limit: 100 })) markers.push(tableIdOfDroppedKey(entry.key));
      if (markers.length === 0 || this.closed) return;
      for (const tableId of markers) {
        if (this.closed) return;
        await this.purgeTable(tableId);
      }
    }
  }

  private async purgeTable(tableId: number): Promise<void> {
    const range = tableRange(tableId);
    let purgedKeys = 0;
    for (;;) {
      const keys: Uint8Array[] = [];
      for await (const entry of this.store.range({ ...range, limit: PURGE_BATCH_KEYS })) keys.push(entry.key);
      const finished = keys.length < PURGE_BATCH_KEYS;
      await transact(this.store, async (txn) => {
        for (const key of keys) txn.delete(key);
        if (finished) txn.delete(droppedTableKey(tableId));
      });
      purgedKeys += keys.length;
      if (finished || this.closed) break;
    }
    this.logger.debug('purged dropped table', { tableId, purgedKeys });
  }
}
