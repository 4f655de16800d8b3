import type { Logger } from '../model/logger.js';
import type { OrderedStore } from '../storage/store.js';
import { Catalog } from './catalog.js';
import { ClientTokenSweeper } from './client-tokens.js';
import { ExpirySweeper } from './expiry-sweeper.js';
import { ItemStore } from './items.js';
import { IndexBackfiller } from './index-backfill.js';
import { Leases } from './leases.js';
import { ItemReader } from './reads.js';
import { TablePurger } from './table-purger.js';
import { TableStatsTracker } from './table-stats.js';

/** The storage engine: the catalog, item reads and writes, and their background work. */
export class Engine {
  readonly catalog: Catalog;
  readonly items: ItemStore;
  readonly reads: ItemReader;
  readonly stats: TableStatsTracker;
  readonly purger: TablePurger;
  readonly backfiller: IndexBackfiller;
  readonly clientTokens: ClientTokenSweeper;
  readonly expirySweeper: ExpirySweeper;

  constructor(
    private readonly store: OrderedStore,
    logger: Logger,
  ) {
    const leases = new Leases(store);
    this.catalog = new Catalog(store);
    this.stats = new TableStatsTracker(store);
    this.items = new ItemStore(store, this.stats);
    this.reads = new ItemReader(store);
    this.purger = new TablePurger(store, leases, logger);
    this.backfiller = new IndexBackfiller(store, this.catalog, this.stats, leases, logger);
    this.clientTokens = new ClientTokenSweeper(store, leases, logger);
    this.expirySweeper = new ExpirySweeper(store, this.catalog, this.items, leases, logger);
    // Resume the background work a restart interrupted.
    this.purger.wake();
    this.backfiller.resume().catch((error: unknown) => logger.error('resuming index backfills failed', { error: String(error) }));
  }

  async close(): Promise<void> {
    await this.backfiller.close();
    await this.clientTokens.close();
    await this.expirySweeper.close();
    await this.purger.close();
    await this.store.close();
  }
}
