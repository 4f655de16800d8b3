import { keyText, typeOf, type AttributeValue, type Item } from '../model/attribute-value.js';
import { DynamoDBError } from '../model/errors.js';
import { encodeKeyValue } from '../model/key-encoding.js';
import { attributeValueSizeBytes, itemSizeBytes } from '../model/item-size.js';
import { PARTITION_KEY_BYTES_MAX, SORT_KEY_BYTES_MAX } from '../model/limits.js';
import { StoredItem } from '../model/stored-item.js';
import { partitionPrefix, type KeyPart } from './keyspace.js';
import { tableKeyNames } from './primary-key.js';
import type { IndexDefinition, KeyAttribute, TableDefinition } from './table-definition.js';
import { AWS_MESSAGES } from '../model/aws-messages.js';
import { ownMember, setOwnMember } from '../model/own-members.js';

/**
 * Secondary index entries. An item appears in an index only if it has every index key
 * attribute (indexes are sparse); its entry is keyed by the index key, then the table
 * key (so entries with equal index keys stay distinct), and holds the projected item.
 *
 *   [table id][index id][bucket(index partition key)][index pk][index sk][table pk][table sk]
 *
 * where a multi-attribute index key has each of its values in key schema order.
 */

export interface IndexEntry {
  readonly key: Uint8Array;
  readonly value: StoredItem;
}

/** Every key attribute of an index, partition attributes first, in key schema order. */
export function indexKeyAttributes(index: IndexDefinition): readonly KeyAttribute[] {
  return [...index.partitionKeys, ...index.sortKeys];
}

/** The names of the key attributes of a table and its indexes: what AttributeDefinitions must describe. */
export function keyAttributeNamesInUse(table: Pick<TableDefinition, 'partitionKey' | 'sortKey'>, indexes: readonly IndexDefinition[]): Set<string> {
  return new Set([...tableKeyNames(table), ...indexes.flatMap(indexKeyAttributes).map((key) => key.name)]);
}

/** The attribute names an index entry keeps of its item; undefined for ALL. */
export function projectedNames(table: TableDefinition, index: IndexDefinition): readonly string[] | undefined {
  if (index.projection.type === 'ALL') return undefined;
  return [...new Set([...keyAttributeNamesInUse(table, [index]), ...(index.projection.nonKeyAttributes ?? [])])];
}

export function projectForIndex(table: TableDefinition, index: IndexDefinition, item: Item): Item {
  const names = projectedNames(table, index);
  if (names === undefined) return item;
  const projected: Record<string, AttributeValue> = {};
  for (const name of names) {
    const value = ownMember(item, name);
    if (value !== undefined) setOwnMember(projected, name, value);
  }
  return projected;
}

/**
 * Why an index key value cannot be indexed, in AWS's words; undefined if it can. The
 * rules are those of table keys: the schema's type, no empty string or binary, at most
 * 2048 bytes for a partition key value and 1024 for a sort key value ("Detecting and
 * correcting index key violations", AWS developer guide,
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/GSI.OnlineOps.ViolationDetection.html).
 * The size message is AWS's (AWS_MESSAGES.indexKeyTooLarge).
 */
function keyViolation(attribute: KeyAttribute, value: AttributeValue, index: IndexDefinition, sizeBytesMax: number): string | undefined {
  const actual = typeOf(value);
  if (actual !== attribute.type) {
    return `One or more parameter values were invalid: Type mismatch for Index Key ${attribute.name} Expected: ${attribute.type} Actual: ${actual} IndexName: ${index.name}`;
  }
  if (keyText(value) === '' && attribute.type !== 'N') {
    return `One or more parameter values are not valid. A value specified for a secondary index key is not supported. The AttributeValue for a key attribute cannot contain an empty ${attribute.type === 'S' ? 'string' : 'binary'} value. IndexName: ${index.name}, IndexKey: ${attribute.name}`;
  }
  const sizeBytes = attributeValueSizeBytes(value);
  if (sizeBytes > sizeBytesMax) {
    return AWS_MESSAGES.indexKeyTooLarge.text(attribute.name, sizeBytes, sizeBytesMax, index.name);
  }
  return undefined;
}

/** Where an item stands in an index: it has an entry under `key`, it has none (it lacks an index key attribute), or one of its index key values breaks a rule. */
type IndexPlacement =
  { readonly kind: 'entry'; readonly key: Uint8Array } | { readonly kind: 'absent' } | { readonly kind: 'violation'; readonly message: string };

function placementOf(table: TableDefinition, index: IndexDefinition, item: Item): IndexPlacement {
  // Every index key value present is checked, even when the item is left out of the
  // index for lacking another one, as DynamoDB does; a multi-attribute key, value by value.
  const limits = [
    ...index.partitionKeys.map((attribute) => ({ attribute, sizeBytesMax: PARTITION_KEY_BYTES_MAX })),
    ...index.sortKeys.map((attribute) => ({ attribute, sizeBytesMax: SORT_KEY_BYTES_MAX })),
  ];
  let complete = true;
  for (const { attribute, sizeBytesMax } of limits) {
    const value = ownMember(item, attribute.name);
    if (value === undefined) complete = false;
    const violation = value === undefined ? undefined : keyViolation(attribute, value, index, sizeBytesMax);
    if (violation !== undefined) return { kind: 'violation', message: violation };
  }
  if (!complete) return { kind: 'absent' };
  const partOf = (attribute: KeyAttribute): KeyPart => ({ type: attribute.type, value: keyText(ownMember(item, attribute.name)!)! });
  const parts = [partitionPrefix(table.id, index.id, index.partitionKeys.map(partOf))];
  for (const key of [...index.sortKeys, table.partitionKey, table.sortKey]) {
    if (key === undefined) continue;
    const part = partOf(key);
    parts.push(encodeKeyValue(part.type, part.value));
  }
  return { kind: 'entry', key: Buffer.concat(parts) };
}

/**
 * The storage key of the entry an item has in an index; undefined when it has none: it
 * lacks an index key attribute, or, stored before a GSI was added, it breaks the
 * index's key rules and its backfill left it out. Such an item can still be deleted,
 * or updated into shape, as DynamoDB lets one correct a violation.
 */
export function indexEntryKey(table: TableDefinition, index: IndexDefinition, item: Item): Uint8Array | undefined {
  const placement = placementOf(table, index, item);
  return placement.kind === 'entry' ? placement.key : undefined;
}

function entryAt(table: TableDefinition, index: IndexDefinition, stored: StoredItem, key: Uint8Array): IndexEntry {
  return { key, value: index.projection.type === 'ALL' ? stored : StoredItem.fromItem(projectForIndex(table, index, stored.item)) };
}

/**
 * The entry a write gives its item in an index; undefined if the item lacks an index key
 * attribute. A write whose index key value breaks a rule is refused with AWS's
 * ValidationException. An index that projects everything stores the item's own bytes.
 */
export function indexEntry(table: TableDefinition, index: IndexDefinition, stored: StoredItem): IndexEntry | undefined {
  const placement = placementOf(table, index, stored.item);
  if (placement.kind === 'violation') throw DynamoDBError.validation(placement.message);
  return placement.kind === 'entry' ? entryAt(table, index, stored, placement.key) : undefined;
}

/** The entry an item already stored gets when a backfill copies it: none for an item that breaks the index's key rules, which DynamoDB leaves out of the index. */
export function backfilledEntry(table: TableDefinition, index: IndexDefinition, stored: StoredItem): IndexEntry | undefined {
  const key = indexEntryKey(table, index, stored.item);
  return key === undefined ? undefined : entryAt(table, index, stored, key);
}

/** The size of an item's entry in an index, by DynamoDB's item size rules. */
export function indexEntrySizeBytes(table: TableDefinition, index: IndexDefinition, stored: StoredItem): number {
  return index.projection.type === 'ALL' ? stored.sizeBytes : itemSizeBytes(projectForIndex(table, index, stored.item));
}

/** The index a read names; one still being backfilled cannot be read yet. */
export function findIndex(table: TableDefinition, name: string): IndexDefinition {
  const index = table.indexes?.find((candidate) => candidate.name === name);
  if (index === undefined) throw DynamoDBError.validation(`The table does not have the specified index: ${name}`);
  if (index.backfilling === true) throw DynamoDBError.validation(`Cannot read from backfilling global secondary index: ${name}`);
  return index;
}
