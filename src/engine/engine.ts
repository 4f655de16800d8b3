import type { Logger } from '../model/logger.js';
import type { OrderedStore } from '../storage/store.js';
import { Catalog } from './catalog.js';
import { ItemStore } from './items.js';
import { TablePurger } from './table-purger.js';
import { TableStatsTracker } from './table-stats.js';

/** The storage engine: the catalog, item reads and writes, and their background work. */
export class Engine {
  readonly catalog: Catalog;
  readonly items: ItemStore;
  readonly stats: TableStatsTracker;
  readonly purger: TablePurger;

  constructor(
    private readonly store: OrderedStore,
    logger: Logger,
  ) {
    this.catalog = new Catalog(store);
    this.stats = new TableStatsTracker(store);
    this.items = new ItemStore(store, this.stats);
    this.purger = new TablePurger(store, logger);
    // Resume purging tables dropped before a restart.
    this.purger.wake();
  }

  async close(): Promise<void> {
    await this.purger.close();
    await this.store.close();
  }
}
