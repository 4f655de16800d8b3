import { DynamoDBError } from '../model/errors.js';
import { INDEX_KEY_ATTRIBUTES_MAX, KEY_SCHEMA_ELEMENTS_MAX } from '../model/limits.js';
import type { KeyAttribute } from './table-definition.js';
import type { KeySchemaElement } from './table-spec.js';

/**
 * Key schemas, the table's and its indexes', checked against the attribute
 * definitions with DynamoDB's messages: which attributes form the key, and their types.
 */

const invalid = (message: string): DynamoDBError => DynamoDBError.validation(message);

const INVALID_KEY_ORDER = 'Invalid key order. Hash Key must be specified first in key schema, Range Key must be specifed second';
const SAME_KEY_NAMES = 'Two keys can not have the same name';
const NO_HASH_KEY = 'No Hash Key specified in schema.  All Dynamo DB tables must have exactly one hash key';

/** Words the error for a key attribute without a definition, by its role. */
export type MissingDefinitionMessage = (role: 'hash' | 'range') => string;

/** A table's key, or an LSI's: one partition attribute and at most one sort attribute. */
export interface SingleAttributeKey {
  readonly partitionKey: KeyAttribute;
  readonly sortKey?: KeyAttribute;
}

/** An index key as IndexDefinition holds it: partition attributes, then sort attributes. */
export interface IndexKey {
  readonly partitionKeys: KeyAttribute[];
  readonly sortKeys: KeyAttribute[];
}

/** A key schema element with its type from the attribute definitions. */
function typedKeyAttribute(element: KeySchemaElement, definitions: readonly KeyAttribute[], missingDefinition: MissingDefinitionMessage): KeyAttribute {
  const definition = definitions.find((candidate) => candidate.name === element.attributeName);
  if (definition === undefined) throw invalid(missingDefinition(element.keyType === 'HASH' ? 'hash' : 'range'));
  return { name: element.attributeName, type: definition.type };
}

/** The key attributes of a key schema of one HASH element and at most one RANGE element. */
export function keySchemaAttributes(
  keySchema: readonly KeySchemaElement[],
  definitions: readonly KeyAttribute[],
  missingDefinition: MissingDefinitionMessage,
): SingleAttributeKey {
  if (keySchema.length > KEY_SCHEMA_ELEMENTS_MAX) throw invalid('Key Schema too big.  Key Schema must at most consist of the hash and range key of a table');
  const hashElements = keySchema.filter((element) => element.keyType === 'HASH');
  if (hashElements.length === 0) throw invalid(NO_HASH_KEY);
  if (hashElements.length > 1) throw invalid('Too many hash keys specified.  All Dynamo DB tables must have exactly one hash key');
  const [first, second] = keySchema as [KeySchemaElement, KeySchemaElement | undefined];
  if (first.keyType !== 'HASH') throw invalid(INVALID_KEY_ORDER);
  if (second !== undefined && first.attributeName === second.attributeName) throw invalid(SAME_KEY_NAMES);
  // With one HASH element, and that one first, a second element is the RANGE one.
  const partitionKey = typedKeyAttribute(first, definitions, missingDefinition);
  return second === undefined ? { partitionKey } : { partitionKey, sortKey: typedKeyAttribute(second, definitions, missingDefinition) };
}

/**
 * A GSI's key: one HASH and at most one RANGE attribute as for a table (with the same
 * messages), or a multi-attribute key (AWS, November 2025) of up to four HASH
 * attributes followed by up to four RANGE attributes. DynamoDB Local predates
 * multi-attribute keys, so the messages for their errors are Strata's own wording.
 */
export function globalIndexKey(
  keySchema: readonly KeySchemaElement[],
  definitions: readonly KeyAttribute[],
  missingDefinition: MissingDefinitionMessage,
): IndexKey {
  const hashCount = keySchema.filter((element) => element.keyType === 'HASH').length;
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
  if (keySchema.slice(0, hashCount).some((element) => element.keyType !== 'HASH')) {
    throw invalid(INVALID_KEY_ORDER);
  }
  if (new Set(keySchema.map((element) => element.attributeName)).size !== keySchema.length) throw invalid(SAME_KEY_NAMES);
  const typed = (element: KeySchemaElement): KeyAttribute => typedKeyAttribute(element, definitions, missingDefinition);
  return { partitionKeys: keySchema.slice(0, hashCount).map(typed), sortKeys: keySchema.slice(hashCount).map(typed) };
}
