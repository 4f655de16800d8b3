import type { BillingMode, IndexDefinition, TableDefinition } from '../engine/table-definition.js';
import { keyAttributeNamesInUse } from '../engine/indexes.js';
import { DynamoDBError } from '../model/errors.js';
import { GLOBAL_SECONDARY_INDEXES_MAX } from '../model/limits.js';
import { TABLE_NAME } from './common.js';
import { PROVISIONED_THROUGHPUT, type AttributeDefinition } from './key-schema.js';
import { checkProjectedAttributeLimit, GLOBAL_SECONDARY_INDEX, secondaryIndexes, type IndexInput } from './secondary-indexes.js';
import { list, structure } from './validation/shape.js';

/** UpdateTable's GlobalSecondaryIndexUpdates: create, update or delete a GSI on a live table. */

export const GLOBAL_SECONDARY_INDEX_UPDATES = list(
  structure({
    Create: GLOBAL_SECONDARY_INDEX,
    Update: structure({ IndexName: TABLE_NAME, ProvisionedThroughput: PROVISIONED_THROUGHPUT }, ['IndexName', 'ProvisionedThroughput']),
    Delete: structure({ IndexName: TABLE_NAME }, ['IndexName']),
  }),
);

export interface GlobalSecondaryIndexUpdate {
  Create?: IndexInput;
  Update?: { IndexName: string; ProvisionedThroughput: { ReadCapacityUnits: number; WriteCapacityUnits: number } };
  Delete?: { IndexName: string };
}

/** The definition after the updates, and the name of the index to backfill, if one was created. */
export interface IndexUpdateResult {
  readonly table: TableDefinition;
  readonly created?: string;
}

export function applyIndexUpdates(
  table: TableDefinition,
  updates: readonly GlobalSecondaryIndexUpdate[],
  definitions: readonly AttributeDefinition[] | undefined,
  billingMode: BillingMode,
): IndexUpdateResult {
  for (const update of updates) {
    if (update.Create === undefined && update.Update === undefined && update.Delete === undefined) {
      throw DynamoDBError.validation('Update global secondary index action is null');
    }
  }
  if (updates.filter((update) => update.Create !== undefined || update.Delete !== undefined).length > 1) {
    throw new DynamoDBError('LimitExceededException', 'Subscriber limit exceeded: Only 1 online index can be created or deleted simultaneously per table');
  }
  let indexes: IndexDefinition[] = [...(table.indexes ?? [])];
  let nextIndexId = table.nextIndexId ?? Math.max(0, ...indexes.map((index) => index.id)) + 1;
  let created: string | undefined;
  for (const update of updates) {
    if (update.Delete !== undefined) {
      const name = update.Delete.IndexName;
      if (!indexes.some((index) => index.kind === 'GSI' && index.name === name)) throw DynamoDBError.resourceNotFound();
      indexes = indexes.filter((index) => index.name !== name);
    } else if (update.Update !== undefined) {
      const { IndexName: name, ProvisionedThroughput: throughput } = update.Update;
      if (!indexes.some((index) => index.kind === 'GSI' && index.name === name)) throw DynamoDBError.resourceNotFound();
      if (billingMode === 'PROVISIONED') {
        indexes = indexes.map((index) =>
          index.name === name
            ? {
                ...index,
                provisionedThroughput: {
                  readCapacityUnits: throughput.ReadCapacityUnits,
                  writeCapacityUnits: throughput.WriteCapacityUnits,
                  decreasesToday: 0,
                },
              }
            : index,
        );
      }
    } else if (update.Create !== undefined) {
      if (indexes.some((index) => index.name === update.Create!.IndexName))
        throw DynamoDBError.validation('Attempting to create an index which already exists');
      if (definitions === undefined) throw DynamoDBError.validation('No Attribute Schema Defined');
      if (indexes.filter((index) => index.kind === 'GSI').length >= GLOBAL_SECONDARY_INDEXES_MAX) {
        throw DynamoDBError.validation(
          `One or more parameter values were invalid: Number of GlobalSecondaryIndexes exceeds per-table limit of ${GLOBAL_SECONDARY_INDEXES_MAX}`,
        );
      }
      const tableKey = table.sortKey === undefined ? { partitionKey: table.partitionKey } : { partitionKey: table.partitionKey, sortKey: table.sortKey };
      const [index] = secondaryIndexes(
        { GlobalSecondaryIndexes: [update.Create] },
        tableKey,
        [...definitions, ...table.attributeDefinitions.map((attribute) => ({ AttributeName: attribute.name, AttributeType: attribute.type }))],
        billingMode,
      );
      indexes.push({ ...index!, id: nextIndexId, backfilling: true });
      nextIndexId++;
      created = update.Create.IndexName;
    }
  }
  checkProjectedAttributeLimit(indexes);
  // The definitions describe exactly the key attributes in use: new ones first, as DynamoDB lists them.
  const used = keyAttributeNamesInUse(table, indexes);
  const given = (definitions ?? []).map((definition) => ({ name: definition.AttributeName, type: definition.AttributeType }));
  const attributeDefinitions = [
    ...given,
    ...table.attributeDefinitions.filter((existing) => !given.some((definition) => definition.name === existing.name)),
  ].filter((attribute) => used.has(attribute.name));
  return { table: { ...table, indexes, nextIndexId, attributeDefinitions }, ...(created === undefined ? {} : { created }) };
}
