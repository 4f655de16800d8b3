import { SYSTEM_CLOCK, type Clock } from '../model/clock.js';
import type { Logger } from '../model/logger.js';
import type { StoredItem } from '../model/stored-item.js';
import type { OrderedStore } from '../storage/store.js';
import { Catalog } from './catalog.js';
import { ClientTokenSweeper } from './client-tokens.js';
import { checkConsistency } from './consistency-check.js';
import { ExpirySweeper } from './expiry-sweeper.js';
import { IndexBackfiller } from './index-backfill.js';
import { ItemStore, type WriteOutcome } from './items.js';
import { Leases } from './leases.js';
import type { Mutation } from './mutation.js';
import type { PrimaryKey } from './primary-key.js';
import type { TableDefinition } from './table-definition.js';
import type { TableSpec, TableUpdate, TimeToLiveSpec } from './table-spec.js';
import { TableCommands, type TableUsage } from './tables.js';
import { ItemReader, type ReadPage, type ReadPlan } from './reads.js';
import { TablePurger } from './table-purger.js';
import { TableStatsTracker } from './table-stats.js';
import { listStreamDescriptors, type StreamDescriptor } from './stream-catalog.js';
import { readStreamCheckpoint, saveStreamCheckpoint } from './stream-checkpoints.js';
import { ChangeSignal } from './change-signal.js';
import { StreamReader, type Shard, type ShardRead, type ShardReadLimits } from './stream-reader.js';
import { DEFAULT_SHARD_ROLLOVER_MS, StreamKeeper } from './stream-keeper.js';
import { transactWrite, type IdempotencyToken, type TransactionAction, type TransactWriteResult } from './transactions.js';

export interface EngineOptions {
  readonly logger: Logger;
  /**
   * Lanes (open shards) of each stream enabled from now on: one by default, as a small
   * table on AWS has. A lane's appends are serialized across nodes sharing PostgreSQL,
   * so more lanes let a table's writes with a stream scale there.
   */
  readonly streamLanes?: number;
  /** How long a shard stays open before its child takes over (DEFAULT_SHARD_ROLLOVER_MS, four hours, by default). */
  readonly streamShardRolloverMs?: number;
  /** Defaults to the system clock; tests pass a ManualClock to move time themselves. */
  readonly clock?: Clock;
}

/**
 * The storage engine, as commands: what each DynamoDB request means, carried out
 * against the storage with everything that must follow it (counts, purges,
 * backfills, sweeps). The API layer validates a request, calls one command, and
 * shapes the response; the background work lives behind these commands too.
 */
export class Engine {
  private readonly items: ItemStore;
  private readonly reader: ItemReader;
  private readonly tables: TableCommands;
  private readonly backfiller: IndexBackfiller;
  private readonly clientTokens: ClientTokenSweeper;
  private readonly expirySweeper: ExpirySweeper;
  private readonly purger: TablePurger;
  private readonly streams: StreamReader;
  private readonly streamKeeper: StreamKeeper;
  private readonly clock: Clock;
  private readonly leases: Leases;
  /** Signalled after each commit of this process that wrote stream records. */
  readonly streamRecordsWritten = new ChangeSignal();

  constructor(
    private readonly store: OrderedStore,
    options: EngineOptions,
  ) {
    const { logger } = options;
    const clock = (this.clock = options.clock ?? SYSTEM_CLOCK);
    const leases = (this.leases = new Leases(store, clock));
    const catalog = new Catalog(store, clock);
    const stats = new TableStatsTracker(store);
    this.items = new ItemStore(store, stats, clock, this.streamRecordsWritten);
    this.reader = new ItemReader(store);
    this.purger = new TablePurger(store, leases, clock, logger);
    this.backfiller = new IndexBackfiller(store, catalog, stats, leases, clock, logger);
    this.clientTokens = new ClientTokenSweeper(store, leases, clock, logger);
    this.expirySweeper = new ExpirySweeper(store, catalog, this.items, leases, clock, logger);
    this.tables = new TableCommands(catalog, stats, this.purger, this.backfiller, this.expirySweeper, clock, options.streamLanes ?? 1);
    this.streams = new StreamReader(store);
    this.streamKeeper = new StreamKeeper(store, leases, this.purger, clock, logger, options.streamShardRolloverMs ?? DEFAULT_SHARD_ROLLOVER_MS);
    // Resume the background work a restart interrupted.
    this.purger.wake();
    this.backfiller.resume().catch((error: unknown) => logger.error('resuming index backfills failed', { error: String(error) }));
  }

  // Tables.

  createTable(namespace: string, spec: TableSpec): Promise<TableDefinition> {
    return this.tables.create(namespace, spec);
  }

  updateTable(namespace: string, name: string, update: TableUpdate): Promise<TableDefinition> {
    return this.tables.update(namespace, name, update);
  }

  deleteTable(namespace: string, name: string): Promise<{ readonly table: TableDefinition; readonly usage: TableUsage }> {
    return this.tables.delete(namespace, name);
  }

  updateTimeToLive(namespace: string, name: string, spec: TimeToLiveSpec): Promise<void> {
    return this.tables.updateTimeToLive(namespace, name, spec);
  }

  /** The table, or ResourceNotFoundException (with `notFoundMessage`, or AWS's message for item operations). */
  requireTable(namespace: string, name: string, notFoundMessage?: string): Promise<TableDefinition> {
    return this.tables.require(namespace, name, notFoundMessage);
  }

  listTableNames(namespace: string, exclusiveStartName: string | undefined, limit: number): Promise<string[]> {
    return this.tables.listNames(namespace, exclusiveStartName, limit);
  }

  tableUsage(table: TableDefinition): Promise<TableUsage> {
    return this.tables.usage(table);
  }

  // Items.

  getItem(key: PrimaryKey): Promise<StoredItem | undefined> {
    return this.items.get(key);
  }

  /** Several items as of one moment: no commit lands between the reads. */
  getItems(keys: readonly PrimaryKey[]): Promise<Array<StoredItem | undefined>> {
    return this.items.getSnapshot(keys);
  }

  /** One page of a Query or Scan (engine/reads.ts). */
  read(plan: ReadPlan): Promise<ReadPage> {
    return this.reader.read(plan);
  }

  /** One mutation, atomic with its index entries. */
  writeItem(mutation: Mutation): Promise<WriteOutcome> {
    return this.items.write(mutation);
  }

  /** Several mutations committed together (BatchWriteItem): outcomes in their order. */
  writeItems(mutations: readonly Mutation[]): Promise<WriteOutcome[]> {
    return this.items.writeAll(mutations);
  }

  /** TransactWriteItems: all actions or none; see engine/transactions.ts. */
  transactWriteItems(namespace: string, actions: readonly TransactionAction[], idempotency?: IdempotencyToken): Promise<TransactWriteResult> {
    return transactWrite(this.items, this.clock, namespace, actions, idempotency);
  }

  /** The time by the engine's clock, for what the API layer times (shard iterators). */
  nowMs(): number {
    return this.clock.nowMs();
  }

  // Streams.

  /** The readable streams of a namespace (of every namespace, without one), oldest first. */
  listStreams(namespace: string | undefined): Promise<StreamDescriptor[]> {
    return listStreamDescriptors(this.store, namespace);
  }

  /** The shards of one lane of a stream, oldest first. */
  laneShards(stream: StreamDescriptor, lane: number): Promise<Shard[]> {
    return this.streams.laneShards(stream, lane);
  }

  /** Every shard of a stream, parents before children. */
  streamShards(stream: StreamDescriptor): Promise<Shard[]> {
    return this.streams.shards(stream);
  }

  /** Records of one shard from `fromNumber` on (GetRecords). */
  readShard(stream: StreamDescriptor, shard: Shard, fromNumber: bigint, limits: ShardReadLimits): Promise<ShardRead> {
    return this.streams.read(stream, shard, fromNumber, limits);
  }

  /** The number of a lane's oldest record not yet trimmed. */
  firstRetainedNumber(stream: StreamDescriptor, lane: number): Promise<bigint> {
    return this.streams.firstRetainedNumber(stream, lane);
  }

  /** Where `consumer` has got to in a lane: the number of the next record it is to process, if it has saved one. */
  streamCheckpoint(stream: StreamDescriptor, lane: number, consumer: string): Promise<bigint | undefined> {
    return readStreamCheckpoint(this.store, stream, lane, consumer);
  }

  saveStreamCheckpoint(stream: StreamDescriptor, lane: number, consumer: string, nextNumber: bigint): Promise<void> {
    return saveStreamCheckpoint(this.store, stream, lane, consumer, nextNumber);
  }

  // Leases, for work that one node of many does at a time (engine/leases.ts).

  /** Takes or renews the lease `name` for `ttlMs` (thirty seconds unless given). */
  acquireLease(name: string, ttlMs?: number): Promise<boolean> {
    return this.leases.acquire(name, ttlMs);
  }

  releaseLease(name: string): Promise<void> {
    return this.leases.release(name);
  }

  /** Problems found in what is stored (engine/consistency-check.ts); none when consistent. Run it on a quiet store. */
  check(): Promise<string[]> {
    return checkConsistency(this.store);
  }

  async close(): Promise<void> {
    await this.backfiller.close();
    await this.clientTokens.close();
    await this.expirySweeper.close();
    await this.streamKeeper.close();
    await this.purger.close();
    await this.store.close();
  }
}
