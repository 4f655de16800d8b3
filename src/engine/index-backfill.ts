import type { Clock, PeriodicTimer } from '../model/clock.js';
import type { Logger } from '../model/logger.js';
import { StoredItem } from '../model/stored-item.js';
import type { OrderedStore } from '../storage/store.js';
import { Transaction } from '../storage/transaction.js';
import type { Catalog } from './catalog.js';
import type { Leases } from './leases.js';
import { backfilledEntry } from './indexes.js';
import { BASE_TABLE_INDEX_ID, indexRange } from './keyspace.js';
import type { IndexDefinition, TableDefinition } from './table-definition.js';
import type { TableStatsTracker } from './table-stats.js';

/** Items per backfill transaction: one LMDB flush each, yet small enough not to hold the writer long. */
const BACKFILL_BATCH_ITEMS = 2000;
/**
 * A batch that conflicts with concurrent writes is retried at half the size, down to
 * this. On a database with serializable isolation (PostgreSQL) a large batch read
 * while clients write nearby can conflict on every try, as its predicate locks cover
 * whole index pages; smaller batches get through, and the size grows back after.
 */
const BACKFILL_BATCH_ITEMS_MIN = 16;
/** A progress line in the log every this many items. */
const BACKFILL_LOG_EVERY_ITEMS = 20_000;
/** How often a node looks for backfills that no node is running (the one that began may have stopped). */
const BACKFILL_CHECK_INTERVAL_MS = 60_000;

/** An index as it is once backfilled: without the backfilling flag. */
function activeIndex(index: IndexDefinition): IndexDefinition {
  const { backfilling: _done, ...active } = index;
  return active;
}

/** The lease a node holds, renewed every batch, while it backfills one index. */
function backfillLease(table: TableDefinition, indexName: string): string {
  return `backfill/${table.id}/${indexName}`;
}

/**
 * Fills a GSI added to a table that already has items, in the background. Writes made
 * meanwhile maintain the new index themselves (they read the table's definition in
 * their own transaction, index included); the backfill copies each existing item in a
 * transaction that reads the item, so an item changed concurrently is simply copied
 * again from its new value. Items whose index key values break the index's key rules
 * (of the wrong type, empty, or too long) are left out, as DynamoDB leaves them out
 * ("Detecting and correcting index key violations", AWS developer guide), while writes
 * to the table refuse such values from then on. When the walk ends the index becomes ACTIVE.
 * Of the nodes sharing a store, the one holding an index's backfill lease fills it;
 * every node looks now and then for a backfill left without one.
 */
export class IndexBackfiller {
  /** This process's backfills, by lease name. */
  private readonly running = new Map<string, Promise<void>>();
  private closed = false;
  private readonly timer: PeriodicTimer;

  constructor(
    private readonly store: OrderedStore,
    private readonly catalog: Catalog,
    private readonly stats: TableStatsTracker,
    private readonly leases: Leases,
    clock: Clock,
    private readonly logger: Logger,
  ) {
    this.timer = clock.every(BACKFILL_CHECK_INTERVAL_MS, () => this.resumeInBackground());
  }

  start(table: TableDefinition, indexName: string): void {
    const lease = backfillLease(table, indexName);
    if (this.closed || this.running.has(lease)) return;
    const run = this.backfill(table, indexName, lease)
      .catch((error: unknown) => this.logger.error('index backfill failed', { table: table.name, index: indexName, error: String(error) }))
      .finally(() => this.running.delete(lease));
    this.running.set(lease, run);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.timer.cancel();
    await Promise.all(this.running.values());
  }

  private async backfill(table: TableDefinition, indexName: string, lease: string): Promise<void> {
    if (!(await this.leases.acquire(lease))) return;
    try {
      await this.copyItems(table, indexName, lease);
    } finally {
      await this.leases.release(lease);
    }
  }

  private async copyItems(table: TableDefinition, indexName: string, lease: string): Promise<void> {
    const startedAt = performance.now();
    const range = indexRange(table.id, BASE_TABLE_INDEX_ID);
    let copied = 0;
    let resumeAfter: Uint8Array | undefined;
    let batchItems = BACKFILL_BATCH_ITEMS;
    this.logger.info('index backfill started', { table: table.name, index: indexName });
    for (;;) {
      if (this.closed) return;
      const current = await this.catalog.find(table.namespace, table.name);
      const index = current?.indexes?.find((candidate) => candidate.name === indexName);
      if (current === undefined || current.id !== table.id || index === undefined) return;
      if (!(await this.leases.acquire(lease))) return;
      const keys: Uint8Array[] = [];
      const start = resumeAfter === undefined ? range.start : Buffer.concat([resumeAfter, Uint8Array.of(0)]);
      for await (const entry of this.store.range({ start, end: range.end, limit: batchItems })) keys.push(Uint8Array.from(entry.key));
      if (!(await this.copyBatch(current, index, keys))) {
        batchItems = Math.max(BACKFILL_BATCH_ITEMS_MIN, batchItems >> 1);
        continue;
      }
      const before = copied;
      copied += keys.length;
      if (Math.floor(copied / BACKFILL_LOG_EVERY_ITEMS) > Math.floor(before / BACKFILL_LOG_EVERY_ITEMS)) {
        this.logger.info('index backfill progress', { table: table.name, index: indexName, items: copied });
      }
      if (keys.length < batchItems) break;
      resumeAfter = keys[keys.length - 1];
      batchItems = Math.min(BACKFILL_BATCH_ITEMS, batchItems * 2);
    }
    await this.catalog.update(table.namespace, table.name, (latest) => ({
      table: {
        ...latest,
        indexes: (latest.indexes ?? []).map((candidate) => (candidate.name === indexName ? activeIndex(candidate) : candidate)),
      },
    }));
    this.stats.forgetIndex(table.id);
    const seconds = (performance.now() - startedAt) / 1000;
    this.logger.info('index backfill finished', {
      table: table.name,
      index: indexName,
      items: copied,
      itemsPerSecond: Math.round(copied / Math.max(seconds, 0.001)),
    });
  }

  /**
   * Writes the index entries of the items at `keys` in one transaction, attempted
   * once: it reads each item, so an item changed meanwhile makes it conflict (false)
   * rather than copy a stale value.
   */
  private async copyBatch(table: TableDefinition, index: IndexDefinition, keys: readonly Uint8Array[]): Promise<boolean> {
    const txn = new Transaction(this.store);
    const values = await txn.getMany(keys);
    for (const bytes of values) {
      const entry = bytes === undefined ? undefined : backfilledEntry(table, index, StoredItem.fromBytes(bytes));
      if (entry !== undefined) txn.put(entry.key, entry.value.bytes);
    }
    return txn.writeSet.size === 0 || (await this.store.commit(txn.readSet, txn.writeSet));
  }

  /** Resumes the backfills a restart interrupted, or that another node left unfinished. */
  async resume(): Promise<void> {
    for (const table of await this.catalog.allTables()) {
      for (const index of table.indexes ?? []) if (index.backfilling === true) this.start(table, index.name);
    }
  }

  private resumeInBackground(): Promise<void> {
    return this.resume().catch((error: unknown) => this.logger.error('looking for unfinished index backfills failed', { error: String(error) }));
  }
}
