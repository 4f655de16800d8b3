import { DynamoDBError } from '../model/errors.js';
import { GLOBAL_SECONDARY_INDEXES_MAX } from '../model/limits.js';
import { checkProjectedAttributeLimit, globalIndex } from './index-definitions.js';
import { keyAttributeNamesInUse } from './indexes.js';
import type { IndexDefinition, KeyAttribute, TableDefinition } from './table-definition.js';
import type { GlobalIndexUpdate, TableUpdate } from './table-spec.js';
import { initialThroughput, nextThroughput, provisionedUnits } from './throughput.js';
import { AWS_MESSAGES } from '../model/aws-messages.js';
import { NEW_STREAM_ID } from './stream-catalog.js';

/**
 * UpdateTable's rules, applied to a table as stored: billing mode and throughput
 * (with AWS's quota on decreases), deletion protection, and GSIs created, updated or
 * deleted on the live table. Pure: the table command runs it inside the catalog's
 * transaction, which may run it again on a conflict.
 */

/** The definition after an update, and the name of the index to backfill, if one was created. */
export interface UpdatedTable {
  readonly table: TableDefinition;
  readonly createdIndexName?: string;
}

export function applyTableUpdate(current: TableDefinition, update: TableUpdate, nowMs: number, streamLanes: number): UpdatedTable {
  const withTable = applyStreamUpdate(applyThroughputUpdate(current, update, nowMs), update.stream, streamLanes);
  const indexUpdates = update.globalIndexUpdates ?? [];
  if (indexUpdates.length === 0) return { table: withTable };
  return applyIndexUpdates(withTable, indexUpdates, update.attributeDefinitions);
}

function applyThroughputUpdate(current: TableDefinition, update: TableUpdate, nowMs: number): TableDefinition {
  const billingMode = update.billingMode ?? current.billingMode;
  const next: TableDefinition =
    update.deletionProtectionEnabled === undefined ? current : { ...current, deletionProtectionEnabled: update.deletionProtectionEnabled };
  if (update.billingMode === undefined && update.provisionedThroughput === undefined) return next;
  const switchesMode = billingMode !== current.billingMode;
  if (billingMode === 'PAY_PER_REQUEST') {
    provisionedUnits(billingMode, update.provisionedThroughput);
    if (!switchesMode) return next;
    return {
      ...next,
      billingMode,
      lastUpdateToPayPerRequestEpochMs: nowMs,
      provisionedThroughput: { ...current.provisionedThroughput, readCapacityUnits: 0, writeCapacityUnits: 0 },
    };
  }
  const requested = provisionedUnits(billingMode, update.provisionedThroughput);
  const unchanged =
    requested.readCapacityUnits === current.provisionedThroughput.readCapacityUnits &&
    requested.writeCapacityUnits === current.provisionedThroughput.writeCapacityUnits;
  if (unchanged && !switchesMode) {
    throw DynamoDBError.validation(
      `The provisioned throughput for the table will not change. The requested value equals the current value. Current ReadCapacityUnits provisioned for the table: ${requested.readCapacityUnits}. Requested ReadCapacityUnits: ${requested.readCapacityUnits}. Current WriteCapacityUnits provisioned for the table: ${requested.writeCapacityUnits}. Requested WriteCapacityUnits: ${requested.writeCapacityUnits}. Refer to the Amazon DynamoDB Developer Guide for current limits and how to request higher limits.`,
    );
  }
  return {
    ...next,
    billingMode,
    provisionedThroughput: switchesMode
      ? { ...current.provisionedThroughput, readCapacityUnits: requested.readCapacityUnits, writeCapacityUnits: requested.writeCapacityUnits }
      : nextThroughput(current.provisionedThroughput, requested, nowMs),
  };
}

/**
 * A stream enabled or disabled. A table has one enabled stream at most, and its view
 * type cannot change while it is enabled: it is disabled, and a new stream enabled.
 */
function applyStreamUpdate(table: TableDefinition, update: TableUpdate['stream'], lanes: number): TableDefinition {
  if (update === undefined) return table;
  if (update.enabled) {
    if (table.stream !== undefined) throw DynamoDBError.validation(AWS_MESSAGES.streamAlreadyEnabled.text(table.name));
    return { ...table, stream: { id: NEW_STREAM_ID, viewType: update.viewType, lanes } };
  }
  if (table.stream === undefined) throw DynamoDBError.validation(AWS_MESSAGES.streamNotEnabled.text(table.name));
  const { stream: _disabled, ...withoutStream } = table;
  return withoutStream;
}

function requireGlobalIndex(indexes: readonly IndexDefinition[], name: string): void {
  if (!indexes.some((index) => index.kind === 'GSI' && index.name === name)) throw DynamoDBError.resourceNotFound();
}

/**
 * GSIs created, updated and deleted. A created index gets the table's next index id
 * (ids of deleted indexes are never reused, so their leftover entries stay
 * unreachable until purged) and starts out backfilling.
 */
function applyIndexUpdates(table: TableDefinition, updates: readonly GlobalIndexUpdate[], definitions: readonly KeyAttribute[] | undefined): UpdatedTable {
  if (updates.filter((update) => update.kind !== 'update').length > 1) {
    throw new DynamoDBError('LimitExceededException', 'Subscriber limit exceeded: Only 1 online index can be created or deleted simultaneously per table');
  }
  let indexes: IndexDefinition[] = [...(table.indexes ?? [])];
  let nextIndexId = table.nextIndexId ?? Math.max(0, ...indexes.map((index) => index.id)) + 1;
  let createdIndexName: string | undefined;
  for (const update of updates) {
    switch (update.kind) {
      case 'delete':
        requireGlobalIndex(indexes, update.name);
        indexes = indexes.filter((index) => index.name !== update.name);
        break;
      case 'update':
        requireGlobalIndex(indexes, update.name);
        if (table.billingMode === 'PROVISIONED') {
          indexes = indexes.map((index) =>
            index.name === update.name ? { ...index, provisionedThroughput: initialThroughput(update.provisionedThroughput) } : index,
          );
        }
        break;
      case 'create': {
        if (indexes.some((index) => index.name === update.index.name)) throw DynamoDBError.validation('Attempting to create an index which already exists');
        if (definitions === undefined) throw DynamoDBError.validation('No Attribute Schema Defined');
        if (indexes.filter((index) => index.kind === 'GSI').length >= GLOBAL_SECONDARY_INDEXES_MAX) {
          throw DynamoDBError.validation(
            `One or more parameter values were invalid: Number of GlobalSecondaryIndexes exceeds per-table limit of ${GLOBAL_SECONDARY_INDEXES_MAX}`,
          );
        }
        // The request's definitions come first: they may describe the new index's key attributes.
        indexes.push({ ...globalIndex(update.index, [...definitions, ...table.attributeDefinitions], table.billingMode), id: nextIndexId, backfilling: true });
        nextIndexId++;
        createdIndexName = update.index.name;
        break;
      }
    }
  }
  checkProjectedAttributeLimit(indexes);
  // The definitions describe exactly the key attributes in use: new ones first, as DynamoDB lists them.
  const used = keyAttributeNamesInUse(table, indexes);
  const given = definitions ?? [];
  const attributeDefinitions = [
    ...given,
    ...table.attributeDefinitions.filter((existing) => !given.some((definition) => definition.name === existing.name)),
  ].filter((attribute) => used.has(attribute.name));
  return { table: { ...table, indexes, nextIndexId, attributeDefinitions }, ...(createdIndexName === undefined ? {} : { createdIndexName }) };
}
