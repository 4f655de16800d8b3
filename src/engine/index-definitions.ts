import { DynamoDBError } from '../model/errors.js';
import { GLOBAL_SECONDARY_INDEXES_MAX, LOCAL_SECONDARY_INDEXES_MAX, PROJECTED_NON_KEY_ATTRIBUTES_MAX } from '../model/limits.js';
import { globalIndexKey, keySchemaAttributes, type MissingDefinitionMessage, type SingleAttributeKey } from './key-schema.js';
import type { BillingMode, IndexDefinition, IndexProjection, KeyAttribute } from './table-definition.js';
import type { IndexSpec } from './table-spec.js';
import { initialThroughput } from './throughput.js';

/**
 * Secondary indexes from their specs, by DynamoDB's rules: names, key schemas against
 * the table's key and the attribute definitions, projections, counts, throughput.
 * The result is an index definition without its id: the table command gives ids.
 */
export type IndexWithoutId = Omit<IndexDefinition, 'id'>;

const invalid = (message: string): DynamoDBError => DynamoDBError.validation(message);

function projectionOf(spec: IndexSpec): IndexProjection {
  const type = spec.projection.type ?? 'ALL';
  const { nonKeyAttributes } = spec.projection;
  if (type === 'INCLUDE' && nonKeyAttributes === undefined) {
    throw invalid('If Projection type INCLUDE is specified, some non-key attributes to include in the projection must be specified as well');
  }
  if (type !== 'INCLUDE' && nonKeyAttributes !== undefined)
    throw invalid('No attributes should be specified to be projected unless projection type is INCLUDE');
  return nonKeyAttributes === undefined ? { type } : { type, nonKeyAttributes };
}

function checkUniqueNames(indexes: readonly IndexSpec[], message: string): void {
  const names = new Set(indexes.map((index) => index.name));
  if (names.size !== indexes.length) throw invalid(message);
}

function missingDefinition(kind: 'Global' | 'Local'): MissingDefinitionMessage {
  return (role) => `${kind} Secondary Index ${role} key not specified in Attribute Definitions.Type unknown.`;
}

function localIndex(spec: IndexSpec, table: SingleAttributeKey, definitions: readonly KeyAttribute[]): IndexWithoutId {
  const { partitionKey, sortKey } = keySchemaAttributes(spec.keySchema, definitions, missingDefinition('Local'));
  if (sortKey === undefined) throw invalid('Local secondary indices must have a range key');
  if (partitionKey.name !== table.partitionKey.name) throw invalid('Local Secondary indices must have the same hash key as the main table');
  return { name: spec.name, kind: 'LSI', partitionKeys: [partitionKey], sortKeys: [sortKey], projection: projectionOf(spec) };
}

/** A GSI from its spec; on a PROVISIONED table it must have throughput of its own. */
export function globalIndex(spec: IndexSpec, definitions: readonly KeyAttribute[], billingMode: BillingMode): IndexWithoutId {
  const key = globalIndexKey(spec.keySchema, definitions, missingDefinition('Global'));
  const throughput = billingMode === 'PROVISIONED' ? spec.provisionedThroughput : undefined;
  if (billingMode === 'PROVISIONED' && throughput === undefined) {
    throw invalid(`One or more parameter values were invalid: ProvisionedThroughput must be specified for index: ${spec.name}`);
  }
  return {
    name: spec.name,
    kind: 'GSI',
    ...key,
    projection: projectionOf(spec),
    ...(throughput === undefined ? {} : { provisionedThroughput: initialThroughput(throughput) }),
  };
}

/** A new table's indexes, LSIs first, each in the order given (which is the order of their ids). */
export function tableIndexes(
  localSpecs: readonly IndexSpec[] | undefined,
  globalSpecs: readonly IndexSpec[] | undefined,
  table: SingleAttributeKey,
  definitions: readonly KeyAttribute[],
  billingMode: BillingMode,
): IndexWithoutId[] {
  const locals = localSpecs ?? [];
  const globals = globalSpecs ?? [];
  if (localSpecs?.length === 0) throw invalid('LSI list is empty/invalid');
  if (globalSpecs?.length === 0) throw invalid('GSI list is empty/invalid');
  if (locals.length > LOCAL_SECONDARY_INDEXES_MAX) {
    throw invalid(`One or more parameter values were invalid: Number of LocalSecondaryIndexes exceeds per-table limit of ${LOCAL_SECONDARY_INDEXES_MAX}`);
  }
  if (globals.length > GLOBAL_SECONDARY_INDEXES_MAX) {
    throw invalid(`One or more parameter values were invalid: Number of GlobalSecondaryIndexes exceeds per-table limit of ${GLOBAL_SECONDARY_INDEXES_MAX}`);
  }
  checkUniqueNames(locals, 'Two local secondary indices have the same name');
  checkUniqueNames(globals, 'Two global secondary indices have the same name');
  if (locals.some((local) => globals.some((global) => global.name === local.name))) {
    throw invalid('Local Secondary Indices AND Global Secondary Indices must have different names');
  }
  if (locals.length > 0 && table.sortKey === undefined) throw invalid('Local Secondary indices are not allowed on hash-only tables');
  const indexes = [...locals.map((spec) => localIndex(spec, table, definitions)), ...globals.map((spec) => globalIndex(spec, definitions, billingMode))];
  checkProjectedAttributeLimit(indexes);
  return indexes;
}

/**
 * A table's indexes together project at most 100 non-key attributes; one projected
 * into two indexes counts twice (AWS's API reference, Projection.NonKeyAttributes).
 */
export function checkProjectedAttributeLimit(indexes: readonly IndexWithoutId[]): void {
  const projectedCount = indexes.reduce((count, index) => count + (index.projection.nonKeyAttributes?.length ?? 0), 0);
  if (projectedCount > PROJECTED_NON_KEY_ATTRIBUTES_MAX) {
    throw invalid(
      `One or more parameter values were invalid: Sum of NonKeyAttributes across all secondary indexes exceeds limit of ${PROJECTED_NON_KEY_ATTRIBUTES_MAX}`,
    );
  }
}
