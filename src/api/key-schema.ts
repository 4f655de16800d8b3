import type { KeyAttribute } from '../engine/table-definition.js';
import type { KeyAttributeType } from '../model/attribute-value.js';
import { DynamoDBError } from '../model/errors.js';
import { INDEX_KEY_ATTRIBUTES_MAX, KEY_SCHEMA_ELEMENTS_MAX } from '../model/limits.js';
import { list, long, string, structure } from './validation/shape.js';

/** Key schemas, attribute definitions and throughput: shared by tables and their indexes. */

const KEY_ATTRIBUTE_NAME = string({ min: 1, max: 255 });

export const KEY_SCHEMA = list(structure({ AttributeName: KEY_ATTRIBUTE_NAME, KeyType: string({ enum: ['HASH', 'RANGE'] }) }, ['AttributeName', 'KeyType']), {
  min: 1,
});
export const ATTRIBUTE_DEFINITIONS = list(
  structure({ AttributeName: KEY_ATTRIBUTE_NAME, AttributeType: string({ enum: ['S', 'N', 'B'] }) }, ['AttributeName', 'AttributeType']),
);
export const PROVISIONED_THROUGHPUT = structure({ ReadCapacityUnits: long({ min: 1 }), WriteCapacityUnits: long({ min: 1 }) }, [
  'ReadCapacityUnits',
  'WriteCapacityUnits',
]);

export interface KeySchemaElement {
  AttributeName: string;
  KeyType: 'HASH' | 'RANGE';
}
export interface AttributeDefinition {
  AttributeName: string;
  AttributeType: KeyAttributeType;
}
export interface ProvisionedThroughputInput {
  ReadCapacityUnits: number;
  WriteCapacityUnits: number;
}
const invalid = (message: string): DynamoDBError => DynamoDBError.validation(message);

/**
 * The key attributes of a key schema (the table's or an index's), with DynamoDB's
 * messages; `missingDefinition` words the error for a key without a definition.
 */
const INVALID_KEY_ORDER = 'Invalid key order. Hash Key must be specified first in key schema, Range Key must be specifed second';
const SAME_KEY_NAMES = 'Two keys can not have the same name';
const NO_HASH_KEY = 'No Hash Key specified in schema.  All Dynamo DB tables must have exactly one hash key';

/** A key schema element with its type from the attribute definitions. */
function typedKeyAttribute(
  element: KeySchemaElement,
  definitions: readonly AttributeDefinition[],
  missingDefinition: (role: 'hash' | 'range') => string,
): KeyAttribute {
  const definition = definitions.find((candidate) => candidate.AttributeName === element.AttributeName);
  if (definition === undefined) throw invalid(missingDefinition(element.KeyType === 'HASH' ? 'hash' : 'range'));
  return { name: element.AttributeName, type: definition.AttributeType };
}

export function keySchemaAttributes(
  keySchema: readonly KeySchemaElement[],
  definitions: readonly AttributeDefinition[],
  missingDefinition: (role: 'hash' | 'range') => string,
): { partitionKey: KeyAttribute; sortKey?: KeyAttribute } {
  if (keySchema.length > KEY_SCHEMA_ELEMENTS_MAX) throw invalid('Key Schema too big.  Key Schema must at most consist of the hash and range key of a table');
  const hashElements = keySchema.filter((element) => element.KeyType === 'HASH');
  if (hashElements.length === 0) throw invalid(NO_HASH_KEY);
  if (hashElements.length > 1) throw invalid('Too many hash keys specified.  All Dynamo DB tables must have exactly one hash key');
  if (keySchema[0]!.KeyType !== 'HASH') throw invalid(INVALID_KEY_ORDER);
  if (keySchema.length === 2 && keySchema[0]!.AttributeName === keySchema[1]!.AttributeName) throw invalid(SAME_KEY_NAMES);
  // With one HASH element, and that one first, a second element is the RANGE one.
  const partitionKey = typedKeyAttribute(keySchema[0]!, definitions, missingDefinition);
  return keySchema.length === 2 ? { partitionKey, sortKey: typedKeyAttribute(keySchema[1]!, definitions, missingDefinition) } : { partitionKey };
}

/** An index key as IndexDefinition holds it: partition attributes, then sort attributes. */
export interface IndexKey {
  partitionKeys: KeyAttribute[];
  sortKeys: KeyAttribute[];
}

/**
 * A GSI's key: one HASH and at most one RANGE attribute as for a table (with the same
 * messages), or a multi-attribute key (AWS, November 2025) of up to four HASH
 * attributes followed by up to four RANGE attributes. DynamoDB Local predates
 * multi-attribute keys, so the messages for their errors are Strata's own wording.
 */
export function globalIndexKey(
  keySchema: readonly KeySchemaElement[],
  definitions: readonly AttributeDefinition[],
  missingDefinition: (role: 'hash' | 'range') => string,
): IndexKey {
  const hashCount = keySchema.filter((element) => element.KeyType === 'HASH').length;
  if (hashCount <= 1 && keySchema.length <= KEY_SCHEMA_ELEMENTS_MAX) {
    const { partitionKey, sortKey } = keySchemaAttributes(keySchema, definitions, missingDefinition);
    return { partitionKeys: [partitionKey], sortKeys: sortKey === undefined ? [] : [sortKey] };
  }
  const rangeCount = keySchema.length - hashCount;
  if (hashCount === 0) throw invalid(NO_HASH_KEY);
  if (hashCount > INDEX_KEY_ATTRIBUTES_MAX || rangeCount > INDEX_KEY_ATTRIBUTES_MAX) {
    throw invalid(
      `One or more parameter values were invalid: A global secondary index key schema can have at most ${INDEX_KEY_ATTRIBUTES_MAX} HASH and ${INDEX_KEY_ATTRIBUTES_MAX} RANGE attributes`,
    );
  }
  if (keySchema.slice(0, hashCount).some((element) => element.KeyType !== 'HASH')) {
    throw invalid(INVALID_KEY_ORDER);
  }
  if (new Set(keySchema.map((element) => element.AttributeName)).size !== keySchema.length) throw invalid(SAME_KEY_NAMES);
  const typed = (element: KeySchemaElement): KeyAttribute => typedKeyAttribute(element, definitions, missingDefinition);
  return { partitionKeys: keySchema.slice(0, hashCount).map(typed), sortKeys: keySchema.slice(hashCount).map(typed) };
}
