import type { OrderedStore } from '../storage/store.js';
import { transact } from '../storage/transaction.js';
import type { Clock } from '../model/clock.js';
import type { Logger } from '../model/logger.js';
import { droppedPrefixesRange, droppedPrefixKey, prefixOfDroppedKey, successorPrefix } from './keyspace.js';
import { BackgroundPasses } from './background-passes.js';
import type { Leases } from './leases.js';

/** Keys deleted per storage transaction, so one purge never holds the writer long. */
const PURGE_BATCH_KEYS = 1000;
/** How often a node looks for dropped tables that no node is purging (the one that began may have stopped). */
const PURGE_CHECK_INTERVAL_MS = 60_000;
/** One node purges at a time: it holds this lease, renewed every batch. */
const PURGE_LEASE = 'purge';

/**
 * Deletes the keys of dropped tables and indexes in the background. DeleteTable (and
 * deleting a GSI) only changes the catalog and leaves a dropped marker; table and index
 * ids are never reused, so leftover keys are unreachable, and the purge resumes after a
 * restart from the markers. Of the nodes sharing a store, the one holding the purge
 * lease does the work.
 */
export class TablePurger {
  private readonly passes: BackgroundPasses;

  constructor(
    private readonly store: OrderedStore,
    private readonly leases: Leases,
    clock: Clock,
    private readonly logger: Logger,
  ) {
    this.passes = new BackgroundPasses(() => this.purgeAll(), PURGE_CHECK_INTERVAL_MS, clock, logger, 'table purge failed');
  }

  /** Starts a purge pass unless one is running; the pass picks up every marker. */
  wake(): void {
    this.passes.wake();
  }

  close(): Promise<void> {
    return this.passes.close();
  }

  private async purgeAll(): Promise<void> {
    try {
      for (;;) {
        const prefixes: Uint8Array[] = [];
        for await (const entry of this.store.range({ ...droppedPrefixesRange(), limit: 100 })) prefixes.push(Uint8Array.from(prefixOfDroppedKey(entry.key)));
        if (prefixes.length === 0 || this.passes.closed) return;
        for (const prefix of prefixes) {
          if (this.passes.closed || !(await this.purgePrefix(prefix))) return;
        }
      }
    } finally {
      await this.leases.release(PURGE_LEASE);
    }
  }

  /** Purges one prefix; false if another node holds the purge lease. */
  private async purgePrefix(prefix: Uint8Array): Promise<boolean> {
    const range = { start: prefix, end: successorPrefix(prefix) };
    let purgedKeys = 0;
    for (;;) {
      if (!(await this.leases.acquire(PURGE_LEASE))) return false;
      const keys: Uint8Array[] = [];
      for await (const entry of this.store.range({ ...range, limit: PURGE_BATCH_KEYS })) keys.push(entry.key);
      const finished = keys.length < PURGE_BATCH_KEYS;
      await transact(this.store, async (txn) => {
        for (const key of keys) txn.delete(key);
        if (finished) txn.delete(droppedPrefixKey(prefix));
      });
      purgedKeys += keys.length;
      if (finished || this.passes.closed) break;
    }
    this.logger.debug('purged a dropped table or index', { prefix: Buffer.from(prefix).toString('hex'), purgedKeys });
    return true;
  }
}
