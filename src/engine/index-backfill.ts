import { DynamoDBError } from '../model/errors.js';
import type { Logger } from '../model/logger.js';
import { StoredItem } from '../model/stored-item.js';
import type { OrderedStore } from '../storage/store.js';
import { transact } from '../storage/transaction.js';
import type { Catalog } from './catalog.js';
import { indexEntry } from './indexes.js';
import { BASE_TABLE_INDEX_ID, indexRange } from './keyspace.js';
import type { TableDefinition } from './table-definition.js';
import type { TableStatsTracker } from './table-stats.js';

/** Items per backfill transaction: one LMDB flush each, yet small enough not to hold the writer long. */
const BACKFILL_BATCH_ITEMS = 2000;
/** A progress line in the log every this many items. */
const BACKFILL_LOG_EVERY_ITEMS = 20_000;

/**
 * Fills a GSI added to a table that already has items, in the background. Writes made
 * meanwhile maintain the new index themselves (they read the table's definition in
 * their own transaction, index included); the backfill copies each existing item in a
 * transaction that reads the item, so an item changed concurrently is simply copied
 * again from its new value. Items whose index key attributes have the wrong type are
 * left out, as DynamoDB leaves them out. When the walk ends the index becomes ACTIVE.
 */
export class IndexBackfiller {
  private readonly running = new Set<Promise<void>>();
  private closed = false;

  constructor(
    private readonly store: OrderedStore,
    private readonly catalog: Catalog,
    private readonly stats: TableStatsTracker,
    private readonly logger: Logger,
  ) {}

  start(table: TableDefinition, indexName: string): void {
    if (this.closed) return;
    const run = this.backfill(table, indexName).catch((error: unknown) =>
      this.logger.error('index backfill failed', { table: table.name, index: indexName, error: String(error) }),
    );
    this.running.add(run);
    void run.finally(() => this.running.delete(run));
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.running);
  }

  private async backfill(table: TableDefinition, indexName: string): Promise<void> {
    const startedAt = performance.now();
    const range = indexRange(table.id, BASE_TABLE_INDEX_ID);
    let copied = 0;
    let resumeAfter: Uint8Array | undefined;
    this.logger.info('index backfill started', { table: table.name, index: indexName });
    for (;;) {
      if (this.closed) return;
      const current = await this.catalog.find(table.namespace, table.name);
      const index = current?.indexes?.find((candidate) => candidate.name === indexName);
      if (current === undefined || current.id !== table.id || index === undefined) return;
      const keys: Uint8Array[] = [];
      const start = resumeAfter === undefined ? range.start : Buffer.concat([resumeAfter, Uint8Array.of(0)]);
      for await (const entry of this.store.range({ start, end: range.end, limit: BACKFILL_BATCH_ITEMS })) keys.push(Uint8Array.from(entry.key));
      await transact(this.store, async (txn) => {
        for (const key of keys) {
          const bytes = await txn.get(key);
          if (bytes === undefined) continue;
          try {
            const entry = indexEntry(current, index, StoredItem.fromBytes(bytes));
            if (entry !== undefined) txn.put(entry.key, entry.value.bytes);
          } catch (error) {
            if (!(error instanceof DynamoDBError)) throw error;
          }
        }
      });
      const before = copied;
      copied += keys.length;
      if (Math.floor(copied / BACKFILL_LOG_EVERY_ITEMS) > Math.floor(before / BACKFILL_LOG_EVERY_ITEMS)) {
        this.logger.info('index backfill progress', { table: table.name, index: indexName, items: copied });
      }
      if (keys.length < BACKFILL_BATCH_ITEMS) break;
      resumeAfter = keys[keys.length - 1];
    }
    await this.catalog.update(table.namespace, table.name, (latest) => ({
      ...latest,
      indexes: (latest.indexes ?? []).map((candidate) => (candidate.name === indexName ? { ...candidate, backfilling: undefined } : candidate)),
    }));
    this.stats.forgetIndex(table.id);
    const seconds = (performance.now() - startedAt) / 1000;
    this.logger.info('index backfill finished', { table: table.name, index: indexName, items: copied, itemsPerSecond: Math.round(copied / Math.max(seconds, 0.001)) });
  }

  /** Resumes the backfills a restart interrupted. */
  async resume(): Promise<void> {
    for (const table of await this.catalog.allTables()) {
      for (const index of table.indexes ?? []) if (index.backfilling === true) this.start(table, index.name);
    }
  }
}
