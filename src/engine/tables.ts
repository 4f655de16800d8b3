import type { Clock } from '../model/clock.js';
import { DynamoDBError } from '../model/errors.js';
import type { Catalog } from './catalog.js';
import type { ExpirySweeper } from './expiry-sweeper.js';
import type { IndexBackfiller } from './index-backfill.js';
import { tableIndexes } from './index-definitions.js';
import { keyAttributeNamesInUse } from './indexes.js';
import { keySchemaAttributes } from './key-schema.js';
import { BASE_TABLE_INDEX_ID } from './keyspace.js';
import type { TablePurger } from './table-purger.js';
import type { TableDefinition } from './table-definition.js';
import type { TableSpec, TableUpdate, TimeToLiveSpec } from './table-spec.js';
import type { TableStats, TableStatsTracker } from './table-stats.js';
import { applyTableUpdate } from './table-updates.js';
import { NEW_STREAM_ID } from './stream-catalog.js';
import { initialThroughput, NO_THROUGHPUT, PROVISIONED_WITHOUT_THROUGHPUT, provisionedUnits } from './throughput.js';
import { AWS_MESSAGES } from '../model/aws-messages.js';

/** A table's item count and size, and each index's, by index id, as DescribeTable reports them. */
export interface TableUsage {
  readonly table: TableStats;
  readonly indexes: ReadonlyMap<number, TableStats>;
}

const invalid = (message: string): DynamoDBError => DynamoDBError.validation(message);

function checkDefinitionsUnique(spec: TableSpec): void {
  const names = new Set<string>();
  for (const definition of spec.attributeDefinitions) {
    if (names.has(definition.name)) throw invalid('Cannot have two attributes with the same name');
    names.add(definition.name);
  }
}

/** The settings a table stores for DescribeTable (and tagging) without acting on them. */
function tableSettings(spec: TableSpec): Partial<TableDefinition> {
  return {
    ...(spec.kmsEncryption === undefined ? {} : { kmsEncryption: spec.kmsEncryption }),
    ...(spec.tableClass === undefined ? {} : { tableClass: spec.tableClass }),
    ...(spec.onDemandThroughput === undefined ? {} : { onDemandThroughput: spec.onDemandThroughput }),
    ...(spec.tags === undefined || spec.tags.length === 0 ? {} : { tags: spec.tags }),
  };
}

/** UpdateTable's changes to those settings. */
function withSettingsUpdated(table: TableDefinition, update: TableUpdate, nowMs: number): TableDefinition {
  let next = table;
  if (update.encryption === 'aws-owned') {
    const { kmsEncryption: _dropped, ...withoutKms } = next;
    next = withoutKms;
  } else if (update.encryption !== undefined) {
    next = { ...next, kmsEncryption: update.encryption };
  }
  if (update.tableClass !== undefined) next = { ...next, tableClass: update.tableClass, tableClassUpdatedEpochMs: nowMs };
  if (update.onDemandThroughput !== undefined) next = { ...next, onDemandThroughput: { ...next.onDemandThroughput, ...update.onDemandThroughput } };
  return next;
}

/**
 * The table commands: each checks its request against DynamoDB's rules and the table
 * as stored, changes the catalog in one storage transaction, and then does what must
 * follow the change — counts started or forgotten, a dropped table's purge woken, an
 * added index's backfill started, the TTL sweeper woken — so that no caller has to.
 */
export class TableCommands {
  constructor(
    private readonly catalog: Catalog,
    private readonly stats: TableStatsTracker,
    private readonly purger: TablePurger,
    private readonly backfiller: IndexBackfiller,
    private readonly expirySweeper: ExpirySweeper,
    private readonly clock: Clock,
    /** Lanes of each stream enabled from now on (TableStream.lanes). */
    private readonly streamLanes: number,
  ) {}

  /** The table, or ResourceNotFoundException with `notFoundMessage`. */
  require(namespace: string, name: string, notFoundMessage?: string): Promise<TableDefinition> {
    return this.catalog.require(namespace, name, notFoundMessage);
  }

  /** Table names of a namespace in ascending order, starting after `exclusiveStartName`. */
  listNames(namespace: string, exclusiveStartName: string | undefined, limit: number): Promise<string[]> {
    return this.catalog.listNames(namespace, exclusiveStartName, limit);
  }

  async usage(table: TableDefinition): Promise<TableUsage> {
    const indexes = table.indexes ?? [];
    const [tableStats, ...indexStats] = await Promise.all([
      this.stats.get(table.id, BASE_TABLE_INDEX_ID),
      ...indexes.map((index) => this.stats.get(table.id, index.id)),
    ]);
    return { table: tableStats!, indexes: new Map(indexes.map((index, at) => [index.id, indexStats[at]!])) };
  }

  /** CreateTable: the table is ACTIVE, and counted (empty), as soon as it is stored. */
  async create(namespace: string, spec: TableSpec): Promise<TableDefinition> {
    checkDefinitionsUnique(spec);
    const tableKey = keySchemaAttributes(spec.keySchema, spec.attributeDefinitions, (role) =>
      role === 'hash' ? 'Hash Key not specified in Attribute Definitions.  Type unknown.' : 'Range Key not specified in Attribute Definitions.  Type unknown.',
    );
    const billingMode = spec.billingMode ?? 'PROVISIONED';
    const indexes = tableIndexes(spec.localIndexes, spec.globalIndexes, tableKey, spec.attributeDefinitions, billingMode).map((index, at) => ({
      ...index,
      id: at + 1,
    }));
    if (keyAttributeNamesInUse(tableKey, indexes).size !== spec.attributeDefinitions.length) {
      throw invalid(AWS_MESSAGES.keySchemaAttributeCount.text);
    }
    const units = provisionedUnits(
      billingMode,
      spec.provisionedThroughput,
      spec.billingMode === 'PROVISIONED' ? PROVISIONED_WITHOUT_THROUGHPUT : NO_THROUGHPUT,
    );
    const nowMs = this.clock.nowMs();
    const table = await this.catalog.create({
      namespace,
      name: spec.name,
      ...tableKey,
      attributeDefinitions: spec.attributeDefinitions,
      billingMode,
      provisionedThroughput: initialThroughput(units),
      ...(billingMode === 'PAY_PER_REQUEST' ? { lastUpdateToPayPerRequestEpochMs: nowMs } : {}),
      deletionProtectionEnabled: spec.deletionProtectionEnabled ?? false,
      createdEpochMs: nowMs,
      ...(indexes.length === 0 ? {} : { indexes, nextIndexId: indexes.length + 1 }),
      ...tableSettings(spec),
      ...(spec.streamViewType === undefined ? {} : { stream: { id: NEW_STREAM_ID, viewType: spec.streamViewType, lanes: this.streamLanes } }),
    });
    this.stats.startEmpty(
      table.id,
      indexes.map((index) => index.id),
    );
    return table;
  }

  /** UpdateTable; an index it creates is backfilled in the background. */
  async update(namespace: string, name: string, update: TableUpdate): Promise<TableDefinition> {
    await this.catalog.require(namespace, name, notFoundMessage(name));
    const nowMs = this.clock.nowMs();
    const { table, createdIndexName } = await this.catalog.update(namespace, name, (current) => {
      const updated = applyTableUpdate(current, update, nowMs, this.streamLanes);
      return { ...updated, table: withSettingsUpdated(updated.table, update, nowMs) };
    });
    if (createdIndexName !== undefined) this.backfiller.start(table, createdIndexName);
    return table;
  }

  /**
   * DeleteTable: refused while deletion protection is on; otherwise the table leaves
   * the catalog at once and its items are purged in the background. Returns the table
   * with its usage as it was, for the response.
   */
  async delete(namespace: string, name: string): Promise<{ readonly table: TableDefinition; readonly usage: TableUsage }> {
    const existing = await this.catalog.require(namespace, name, notFoundMessage(name));
    // Counted before dropping: the counts are gone afterwards.
    const usage = await this.usage(existing);
    const dropped = await this.catalog.drop(namespace, name, (current) => {
      if (current.deletionProtectionEnabled) {
        throw invalid('Resource cannot be deleted as it is currently protected against deletion. Disable deletion protection first.');
      }
    });
    this.stats.forget(dropped.id);
    this.purger.wake();
    return { table: existing, usage };
  }

  /**
   * UpdateTimeToLive: names the attribute whose epoch-seconds value expires an item,
   * or turns expiry off. Enabling it twice, or disabling it when it is off, is an
   * error, as in AWS; so is changing the attribute without disabling first. Enabling
   * wakes the sweeper, so that items already expired go promptly.
   */
  async updateTimeToLive(namespace: string, name: string, spec: TimeToLiveSpec): Promise<void> {
    await this.catalog.require(namespace, name, notFoundMessage(name));
    const { attributeName, enabled } = spec;
    await this.catalog.update(namespace, name, (current) => {
      if (current.timeToLive === undefined && !enabled) throw invalid('TimeToLive is already disabled');
      if (current.timeToLive !== undefined && current.timeToLive.attributeName !== attributeName)
        throw invalid('TimeToLive is active on a different AttributeName');
      if (current.timeToLive !== undefined && enabled) throw invalid('TimeToLive is already enabled');
      if (enabled) return { table: { ...current, timeToLive: { attributeName } } };
      const { timeToLive: _disabled, ...withoutTimeToLive } = current;
      return { table: withoutTimeToLive };
    });
    if (enabled) this.expirySweeper.wake();
  }
}

/** Table commands say which table they did not find, as AWS does. */
export function notFoundMessage(name: string): string {
  return AWS_MESSAGES.tableNotFound.text(name);
}
