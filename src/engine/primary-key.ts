import type { AttributeValue, Item } from '../model/attribute-value.js';
import { keyText, typeOf } from '../model/attribute-value.js';
import { DynamoDBError } from '../model/errors.js';
import { PARTITION_KEY_BYTES_MAX, SORT_KEY_BYTES_MAX } from '../model/limits.js';
import { BASE_TABLE_INDEX_ID, itemKey, type KeyPart } from './keyspace.js';
import type { KeyAttribute, TableDefinition } from './table-definition.js';
import { AWS_MESSAGES } from '../model/aws-messages.js';
import { ownMember } from '../model/own-members.js';

/** A table's primary key values, checked against its schema, with their storage key. */
export interface PrimaryKey {
  readonly partition: KeyPart;
  readonly sort?: KeyPart | undefined;
  readonly storageKey: Uint8Array;
}

/** The names of a table's key attributes, partition key first. */
export function tableKeyNames(table: Pick<TableDefinition, 'partitionKey' | 'sortKey'>): string[] {
  return table.sortKey === undefined ? [table.partitionKey.name] : [table.partitionKey.name, table.sortKey.name];
}

function keyValueBytes(part: KeyPart): number {
  return part.type === 'B' ? Buffer.byteLength(part.value, 'base64') : Buffer.byteLength(part.value, 'utf8');
}

function rejectEmptyKeyValue(attribute: KeyAttribute, value: AttributeValue): void {
  const type = typeOf(value);
  if ((type === 'S' || type === 'B') && keyText(value) === '') {
    throw DynamoDBError.validation(
      `One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty ${type === 'S' ? 'string' : 'binary'} value. Key: ${attribute.name}`,
    );
  }
}

/**
 * Refuses an empty string or binary given for one of the table's key attributes.
 * Transactions check this for the whole request, before refusing single actions
 * whose key does not fit the table.
 */
export function rejectEmptyKeyValues(table: TableDefinition, item: Item): void {
  for (const attribute of [table.partitionKey, table.sortKey]) {
    const value = attribute === undefined ? undefined : ownMember(item, attribute.name);
    if (value !== undefined) rejectEmptyKeyValue(attribute!, value);
  }
}

function checkKeyValue(attribute: KeyAttribute, value: AttributeValue, isSortKey: boolean): KeyPart {
  rejectEmptyKeyValue(attribute, value);
  const part: KeyPart = { type: attribute.type, value: keyText(value) ?? '' };
  const sizeBytes = keyValueBytes(part);
  if (!isSortKey && sizeBytes > PARTITION_KEY_BYTES_MAX) {
    throw DynamoDBError.validation(AWS_MESSAGES.partitionKeyTooLarge.text(PARTITION_KEY_BYTES_MAX));
  }
  if (isSortKey && sizeBytes > SORT_KEY_BYTES_MAX) {
    throw DynamoDBError.validation(AWS_MESSAGES.sortKeyTooLarge.text(SORT_KEY_BYTES_MAX));
  }
  return part;
}

function primaryKey(table: TableDefinition, partition: KeyPart, sort: KeyPart | undefined): PrimaryKey {
  return { partition, sort, storageKey: itemKey(table.id, BASE_TABLE_INDEX_ID, partition, sort) };
}

/** The key of an item to write (PutItem), with AWS's messages for missing or mistyped keys. */
export function keyOfItem(table: TableDefinition, item: Item): PrimaryKey {
  const extract = (attribute: KeyAttribute, isSortKey: boolean): KeyPart => {
    const value = ownMember(item, attribute.name);
    if (value === undefined) throw DynamoDBError.validation(AWS_MESSAGES.missingKey.text(attribute.name));
    const actual = typeOf(value);
    if (actual !== attribute.type) {
      throw DynamoDBError.validation(AWS_MESSAGES.keyTypeMismatch.text(attribute.name, attribute.type, actual));
    }
    return checkKeyValue(attribute, value, isSortKey);
  };
  const partition = extract(table.partitionKey, false);
  const sort = table.sortKey === undefined ? undefined : extract(table.sortKey, true);
  return primaryKey(table, partition, sort);
}

/** The key named by a Key parameter (GetItem, DeleteItem): exactly the schema's attributes. */
export function keyFromKeyParameter(table: TableDefinition, key: Item): PrimaryKey {
  const mismatch = (): DynamoDBError => DynamoDBError.validation(AWS_MESSAGES.keyMismatch.text);
  const expectedCount = table.sortKey === undefined ? 1 : 2;
  if (Object.keys(key).length !== expectedCount) throw mismatch();
  const extract = (attribute: KeyAttribute, isSortKey: boolean): KeyPart => {
    const value = ownMember(key, attribute.name);
    if (value === undefined || typeOf(value) !== attribute.type) throw mismatch();
    return checkKeyValue(attribute, value, isSortKey);
  };
  const partition = extract(table.partitionKey, false);
  const sort = table.sortKey === undefined ? undefined : extract(table.sortKey, true);
  return primaryKey(table, partition, sort);
}
