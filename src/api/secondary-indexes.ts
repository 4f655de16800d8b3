import type { BillingMode, IndexDefinition, KeyAttribute, ProjectionType } from '../engine/table-definition.js';
import { DynamoDBError } from '../model/errors.js';
import { GLOBAL_SECONDARY_INDEXES_MAX, LOCAL_SECONDARY_INDEXES_MAX, PROJECTED_NON_KEY_ATTRIBUTES_MAX } from '../model/limits.js';
import { TABLE_NAME } from './common.js';
import {
  globalIndexKey,
  KEY_SCHEMA,
  keySchemaAttributes,
  PROVISIONED_THROUGHPUT,
  type AttributeDefinition,
  type KeySchemaElement,
  type ProvisionedThroughputInput,
} from './key-schema.js';
import { list, string, structure } from './validation/shape.js';

/**
 * The secondary indexes of a CreateTable request: shapes, and DynamoDB's rules for
 * them (names, key schemas against the table's and the attribute definitions,
 * projections, counts). Index ids are given in declaration order, LSIs first.
 */

const PROJECTION = structure({
  ProjectionType: string({ enum: ['ALL', 'KEYS_ONLY', 'INCLUDE'] }),
  NonKeyAttributes: list(string({ min: 1, max: 255 }), { min: 1, max: 20 }),
});

export const LOCAL_SECONDARY_INDEX = structure({ IndexName: TABLE_NAME, KeySchema: KEY_SCHEMA, Projection: PROJECTION }, [
  'IndexName',
  'KeySchema',
  'Projection',
]);
export const GLOBAL_SECONDARY_INDEX = structure(
  { IndexName: TABLE_NAME, KeySchema: KEY_SCHEMA, Projection: PROJECTION, ProvisionedThroughput: PROVISIONED_THROUGHPUT },
  ['IndexName', 'KeySchema', 'Projection'],
);

export interface IndexInput {
  IndexName: string;
  KeySchema: KeySchemaElement[];
  Projection: { ProjectionType?: ProjectionType; NonKeyAttributes?: string[] };
  ProvisionedThroughput?: ProvisionedThroughputInput;
}

export interface SecondaryIndexesInput {
  LocalSecondaryIndexes?: IndexInput[];
  GlobalSecondaryIndexes?: IndexInput[];
}

const invalid = (message: string): DynamoDBError => DynamoDBError.validation(message);

function projectionOf(input: IndexInput): IndexDefinition['projection'] {
  const type = input.Projection.ProjectionType ?? 'ALL';
  const nonKeyAttributes = input.Projection.NonKeyAttributes;
  if (type === 'INCLUDE' && nonKeyAttributes === undefined) {
    throw invalid('If Projection type INCLUDE is specified, some non-key attributes to include in the projection must be specified as well');
  }
  if (type !== 'INCLUDE' && nonKeyAttributes !== undefined)
    throw invalid('No attributes should be specified to be projected unless projection type is INCLUDE');
  return nonKeyAttributes === undefined ? { type } : { type, nonKeyAttributes };
}

function checkUniqueNames(indexes: readonly IndexInput[], message: string): void {
  const names = new Set(indexes.map((index) => index.IndexName));
  if (names.size !== indexes.length) throw invalid(message);
}

function missingDefinition(kind: 'Global' | 'Local'): (role: 'hash' | 'range') => string {
  return (role) => `${kind} Secondary Index ${role} key not specified in Attribute Definitions.Type unknown.`;
}

export function secondaryIndexes(
  request: SecondaryIndexesInput,
  table: { partitionKey: KeyAttribute; sortKey?: KeyAttribute },
  definitions: readonly AttributeDefinition[],
  billingMode: BillingMode,
): IndexDefinition[] {
  const locals = request.LocalSecondaryIndexes ?? [];
  const globals = request.GlobalSecondaryIndexes ?? [];
  if (request.LocalSecondaryIndexes?.length === 0) throw invalid('LSI list is empty/invalid');
  if (request.GlobalSecondaryIndexes?.length === 0) throw invalid('GSI list is empty/invalid');
  if (locals.length > LOCAL_SECONDARY_INDEXES_MAX) {
    throw invalid(`One or more parameter values were invalid: Number of LocalSecondaryIndexes exceeds per-table limit of ${LOCAL_SECONDARY_INDEXES_MAX}`);
  }
  if (globals.length > GLOBAL_SECONDARY_INDEXES_MAX) {
    throw invalid(`One or more parameter values were invalid: Number of GlobalSecondaryIndexes exceeds per-table limit of ${GLOBAL_SECONDARY_INDEXES_MAX}`);
  }
  checkUniqueNames(locals, 'Two local secondary indices have the same name');
  checkUniqueNames(globals, 'Two global secondary indices have the same name');
  if (locals.some((local) => globals.some((global) => global.IndexName === local.IndexName))) {
    throw invalid('Local Secondary Indices AND Global Secondary Indices must have different names');
  }
  if (locals.length > 0 && table.sortKey === undefined) throw invalid('Local Secondary indices are not allowed on hash-only tables');
  const indexes: IndexDefinition[] = [];
  for (const input of locals) {
    const { partitionKey, sortKey } = keySchemaAttributes(input.KeySchema, definitions, missingDefinition('Local'));
    if (sortKey === undefined) throw invalid('Local secondary indices must have a range key');
    if (partitionKey.name !== table.partitionKey.name) throw invalid('Local Secondary indices must have the same hash key as the main table');
    indexes.push({
      name: input.IndexName,
      kind: 'LSI',
      id: indexes.length + 1,
      partitionKeys: [partitionKey],
      sortKeys: [sortKey],
      projection: projectionOf(input),
    });
  }
  for (const input of globals) {
    const key = globalIndexKey(input.KeySchema, definitions, missingDefinition('Global'));
    const throughput = billingMode === 'PROVISIONED' ? input.ProvisionedThroughput : undefined;
    if (billingMode === 'PROVISIONED' && throughput === undefined) {
      throw invalid(`One or more parameter values were invalid: ProvisionedThroughput must be specified for index: ${input.IndexName}`);
    }
    indexes.push({
      name: input.IndexName,
      kind: 'GSI',
      id: indexes.length + 1,
      ...key,
      projection: projectionOf(input),
      ...(throughput === undefined
        ? {}
        : { provisionedThroughput: { readCapacityUnits: throughput.ReadCapacityUnits, writeCapacityUnits: throughput.WriteCapacityUnits, decreasesToday: 0 } }),
    });
  }
  checkProjectedAttributeLimit(indexes);
  return indexes;
}

/**
 * A table's indexes together project at most 100 non-key attributes; one projected
 * into two indexes counts twice (AWS's API reference, Projection.NonKeyAttributes).
 */
export function checkProjectedAttributeLimit(indexes: readonly IndexDefinition[]): void {
  const projectedCount = indexes.reduce((count, index) => count + (index.projection.nonKeyAttributes?.length ?? 0), 0);
  if (projectedCount > PROJECTED_NON_KEY_ATTRIBUTES_MAX) {
    throw invalid(
      `One or more parameter values were invalid: Sum of NonKeyAttributes across all secondary indexes exceeds limit of ${PROJECTED_NON_KEY_ATTRIBUTES_MAX}`,
    );
  }
}
