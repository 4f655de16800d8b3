import { evaluateCondition } from '../expressions/evaluate.js';
import type { Condition } from '../expressions/resolved.js';
import type { Item } from '../model/attribute-value.js';
import type { Clock } from '../model/clock.js';
import { DynamoDBError } from '../model/errors.js';
import type { Logger } from '../model/logger.js';
import { StoredItem } from '../model/stored-item.js';
import type { OrderedStore } from '../storage/store.js';
import { BackgroundPasses } from './background-passes.js';
import type { Catalog } from './catalog.js';
import type { ItemStore } from './items.js';
import { BASE_TABLE_INDEX_ID, indexRange } from './keyspace.js';
import type { Leases } from './leases.js';
import { MutationBuilder } from './mutation.js';
import { keyOfItem } from './primary-key.js';
import type { TableDefinition } from './table-definition.js';

/**
 * How long after one pass over the TTL-enabled tables the next begins. AWS deletes
 * expired items "typically within a few days"; a local database can afford to be
 * prompt, which makes TTL something a test can watch happen.
 */
const SWEEP_INTERVAL_MS = 5_000;
/** Items read per storage range call, so a pass over a large table is many short reads. */
const SWEEP_BATCH_ITEMS = 1000;
/** One node sweeps at a time. */
const SWEEP_LEASE = 'expiry-sweep';
/**
 * AWS leaves alone items whose TTL value is more than five years in the past (such a
 * value is more likely milliseconds or a mistake than an intended expiry).
 */
const EXPIRY_LOOKBACK_SECONDS = 5 * 365 * 24 * 60 * 60;

/**
 * The condition under which an item's TTL attribute marks it for deletion at
 * `nowSeconds`: a Number of epoch seconds (of any other type, the item never expires)
 * not after now and not more than five years before it. It selects the items to
 * delete and is checked again in each delete's commit, where an item written since
 * with a later expiry no longer meets it and is kept.
 */
function expiredCondition(attributeName: string, nowSeconds: number): Condition {
  const seconds = (value: number) => ({ kind: 'literal', value: { N: String(value) } }) as const;
  return {
    kind: 'between',
    operand: { kind: 'path', path: [attributeName] },
    lower: seconds(nowSeconds - EXPIRY_LOOKBACK_SECONDS),
    upper: seconds(nowSeconds),
  };
}

/** The deletes of expired items, told apart from clients' deletes (a stream record names the TTL service). */
const TIME_TO_LIVE_WRITES = new MutationBuilder('timeToLive');

/**
 * Time to Live: deletes items whose TTL attribute (named by UpdateTimeToLive) holds an
 * epoch-seconds time that has passed. Each deletion is an ordinary conditional write
 * through the item store, so index entries and counts follow, and an item rewritten
 * with a later expiry since it was read is kept. Of the nodes sharing a store, the one
 * holding the lease sweeps.
 */
export class ExpirySweeper {
  private readonly passes: BackgroundPasses;

  constructor(
    private readonly store: OrderedStore,
    private readonly catalog: Catalog,
    private readonly items: ItemStore,
    private readonly leases: Leases,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {
    this.passes = new BackgroundPasses(() => this.sweepAll(), SWEEP_INTERVAL_MS, clock, logger, 'expired item sweep failed');
  }

  /** Starts a pass over every TTL-enabled table unless one is running. */
  wake(): void {
    this.passes.wake();
  }

  close(): Promise<void> {
    return this.passes.close();
  }

  private async sweepAll(): Promise<void> {
    const tables = (await this.catalog.allTables()).filter((table) => table.timeToLive !== undefined);
    if (tables.length === 0) return;
    try {
      for (const table of tables) {
        if (this.passes.closed || !(await this.sweepTableUnlessDropped(table))) return;
      }
    } finally {
      await this.leases.release(SWEEP_LEASE);
    }
  }

  /** sweepTable, for a table that may be deleted while it is swept: its pass just ends. */
  private async sweepTableUnlessDropped(table: TableDefinition): Promise<boolean> {
    try {
      return await this.sweepTable(table);
    } catch (error) {
      if (error instanceof DynamoDBError && error.type === 'ResourceNotFoundException') return true;
      throw error;
    }
  }

  /** One pass over a table; false if another node holds the sweep lease. */
  private async sweepTable(table: TableDefinition): Promise<boolean> {
    const attributeName = table.timeToLive!.attributeName;
    const { start: tableStart, end } = indexRange(table.id, BASE_TABLE_INDEX_ID);
    let start = tableStart;
    let deleted = 0;
    for (;;) {
      if (!(await this.leases.acquire(SWEEP_LEASE))) return false;
      const expiry = expiredCondition(attributeName, this.clock.nowMs() / 1000);
      const expired: Item[] = [];
      let read = 0;
      for await (const entry of this.store.range({ start, end, limit: SWEEP_BATCH_ITEMS })) {
        read++;
        start = Buffer.concat([entry.key, Uint8Array.of(0)]);
        const { item } = StoredItem.fromBytes(entry.value);
        if (evaluateCondition(expiry, item)) expired.push(item);
      }
      // One commit per batch; each item is deleted only if still expired then: a write since the read may have extended it.
      if (expired.length > 0) {
        const deletes = expired.map((item) => TIME_TO_LIVE_WRITES.delete(table, keyOfItem(table, item), { condition: expiry, skipOnConditionFailure: true }));
        const outcomes = await this.items.writeAll(deletes);
        deleted += outcomes.filter((outcome) => outcome.previous !== undefined && outcome.next === undefined).length;
      }
      if (read < SWEEP_BATCH_ITEMS || this.passes.closed) break;
    }
    if (deleted > 0) this.logger.debug('deleted expired items', { table: table.name, deleted });
    return true;
  }
}
