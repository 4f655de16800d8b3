import { keyText, typeOf, type AttributeValue, type Item } from '../model/attribute-value.js';
import { DynamoDBError } from '../model/errors.js';
import { encodeKeyValue } from '../model/key-encoding.js';
import { itemSizeBytes } from '../model/item-size.js';
import { StoredItem } from '../model/stored-item.js';
import { partitionPrefix, type KeyPart } from './keyspace.js';
import { tableKeyNames } from './primary-key.js';
import type { IndexDefinition, KeyAttribute, TableDefinition } from './table-definition.js';

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

function keyPartOf(attribute: KeyAttribute, value: AttributeValue, index: IndexDefinition): KeyPart {
  const actual = typeOf(value);
  if (actual !== attribute.type) {
    throw DynamoDBError.validation(
      `One or more parameter values were invalid: Type mismatch for Index Key ${attribute.name} Expected: ${attribute.type} Actual: ${actual} IndexName: ${index.name}`,
    );
  }
  const text = keyText(value)!;
  if (text === '' && attribute.type !== 'N') {
    throw DynamoDBError.validation(
      `One or more parameter values are not valid. A value specified for a secondary index key is not supported. The AttributeValue for a key attribute cannot contain an empty ${attribute.type === 'S' ? 'string' : 'binary'} value. IndexName: ${index.name}, IndexKey: ${attribute.name}`,
    );
  }
  return { type: attribute.type, value: text };
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
  for (const name of names) if (item[name] !== undefined) projected[name] = item[name]!;
  return projected;
}

/** The storage key of an item's entry in an index, or undefined if the item lacks an index key attribute. */
export function indexEntryKey(table: TableDefinition, index: IndexDefinition, item: Item): Uint8Array | undefined {
  // Every index key value present is checked, even when the item is left out of the
  // index for lacking another one, as DynamoDB does.
  let complete = true;
  const partsOf = (attributes: readonly KeyAttribute[]): KeyPart[] =>
    attributes.flatMap((attribute) => {
      const value = item[attribute.name];
      if (value === undefined) complete = false;
      return value === undefined ? [] : [keyPartOf(attribute, value, index)];
    });
  const partition = partsOf(index.partitionKeys);
  const sort = partsOf(index.sortKeys);
  if (!complete) return undefined;
  const parts = [partitionPrefix(table.id, index.id, partition), ...sort.map((part) => encodeKeyValue(part.type, part.value))];
  for (const key of [table.partitionKey, table.sortKey]) {
    if (key === undefined) continue;
    parts.push(encodeKeyValue(key.type, keyText(item[key.name]!)!));
  }
  return Buffer.concat(parts);
}

/** An item's entry in an index. An index that projects everything stores the item's own bytes. */
export function indexEntry(table: TableDefinition, index: IndexDefinition, stored: StoredItem): IndexEntry | undefined {
  const key = indexEntryKey(table, index, stored.item);
  if (key === undefined) return undefined;
  return { key, value: index.projection.type === 'ALL' ? stored : StoredItem.fromItem(projectForIndex(table, index, stored.item)) };
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
