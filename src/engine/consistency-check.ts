import { DynamoDBError } from '../model/errors.js';
import { encodeKeyValue } from '../model/key-encoding.js';
import { formatNumber } from '../model/number.js';
import { StoredItem } from '../model/stored-item.js';
import { bytesEqual, type Entry, type OrderedStore, type StoreReader } from '../storage/store.js';
import { definitionFromCatalogEntry } from './catalog.js';
import { indexEntry, indexEntrySizeBytes } from './indexes.js';
import {
  BASE_TABLE_INDEX_ID,
  catalogRange,
  indexRange,
  itemCollectionKey,
  itemCollectionPrefix,
  partitionPrefix,
  successorPrefix,
  type KeyPart,
} from './keyspace.js';
import { keyOfItem, tableKeyNames, type PrimaryKey } from './primary-key.js';
import type { IndexDefinition, TableDefinition } from './table-definition.js';
import { ownMember } from '../model/own-members.js';

/**
 * A consistency check of everything stored, for tests and operators: every index entry
 * an item produces (engine/indexes.ts) is there with exactly its bytes, every entry
 * under an index belongs to an item that produces exactly it, and every item collection
 * size (tables with LSIs) is the sum of its partition's items and their LSI entries,
 * with no record left for an empty partition. These are the invariants the one write
 * path (ItemTransaction.write) and the backfill keep; a broken one shows up here as a
 * readable line, long before a Query returns a ghost item.
 *
 * The check reads one storage snapshot, key range by key range, so writes committing
 * while it runs are not seen half-done. Memory stays bounded by one batch of keys (and
 * one running total per partition).
 */

/** Keys read per storage call. */
const CHECK_BATCH_KEYS = 500;
/** Past this many problems the check stops: one broken invariant usually repeats itself. */
const CHECK_PROBLEMS_MAX = 1000;

class Problems {
  readonly lines: string[] = [];

  get full(): boolean {
    return this.lines.length >= CHECK_PROBLEMS_MAX;
  }

  add(line: string): void {
    if (!this.full) this.lines.push(line);
  }
}

/** Checks the store as of one moment (a storage snapshot), so writes landing meanwhile are not mistaken for problems. */
export async function checkConsistency(store: OrderedStore): Promise<string[]> {
  const snapshot = await store.snapshot();
  try {
    return await checkReader(snapshot);
  } finally {
    await snapshot.release();
  }
}

async function checkReader(store: StoreReader): Promise<string[]> {
  const problems = new Problems();
  for await (const batch of batches(store, catalogRange(undefined))) {
    for (const entry of batch) {
      const table = definitionFromCatalogEntry(entry.key, entry.value)!;
      await checkItems(store, table, problems);
      for (const index of table.indexes ?? []) await checkIndexEntries(store, table, index, problems);
      await checkItemCollectionRecords(store, table, problems);
      if (problems.full) return problems.lines;
    }
  }
  return problems.lines;
}

/** The entries of a key range, read a batch at a time, copied out of the store's buffers. */
async function* batches(store: StoreReader, range: { start: Uint8Array; end: Uint8Array }): AsyncGenerator<Entry[]> {
  let start = range.start;
  for (;;) {
    const batch: Entry[] = [];
    for await (const entry of store.range({ start, end: range.end, limit: CHECK_BATCH_KEYS })) {
      batch.push({ key: Uint8Array.from(entry.key), value: Uint8Array.from(entry.value) });
    }
    if (batch.length > 0) yield batch;
    if (batch.length < CHECK_BATCH_KEYS) return;
    start = Buffer.concat([batch[batch.length - 1]!.key, Uint8Array.of(0)]);
  }
}

function tableName(table: TableDefinition): string {
  return table.namespace === '' ? table.name : `${table.namespace}/${table.name}`;
}

/** An item by its key attributes, e.g. {"pk":{"S":"a"}}. */
function describeKey(table: TableDefinition, stored: StoredItem): string {
  const item = stored.item;
  return JSON.stringify(Object.fromEntries(tableKeyNames(table).map((name) => [name, ownMember(item, name)])));
}

/** The entry an item should have in an index; undefined when it has none (sparse, or a key of the wrong type, which writes refuse and backfills leave out). */
function expectedEntry(table: TableDefinition, index: IndexDefinition, stored: StoredItem): ReturnType<typeof indexEntry> {
  try {
    return indexEntry(table, index, stored);
  } catch (error) {
    if (error instanceof DynamoDBError) return undefined;
    throw error;
  }
}

/** An item collection's size as the write path keeps it: the items' sizes and their LSI entries'. */
function collectionShareBytes(table: TableDefinition, stored: StoredItem): number {
  let sizeBytes = stored.sizeBytes;
  for (const index of table.indexes ?? []) {
    if (index.kind === 'LSI' && expectedEntry(table, index, stored) !== undefined) sizeBytes += indexEntrySizeBytes(table, index, stored);
  }
  return sizeBytes;
}

/**
 * Walks a table's items: each is stored under its own key, has every entry it
 * produces (in indexes being backfilled, entries may still be missing), and adds to
 * its partition's collection size, compared with the record once the partition ends.
 */
async function checkItems(store: StoreReader, table: TableDefinition, problems: Problems): Promise<void> {
  const name = tableName(table);
  const readyIndexes = (table.indexes ?? []).filter((index) => index.backfilling !== true);
  const hasLocalIndexes = (table.indexes ?? []).some((index) => index.kind === 'LSI');
  let partition: { key: Uint8Array; sizeBytes: number } | undefined;
  const closePartition = async (): Promise<void> => {
    if (partition === undefined) return;
    const record = await store.get(partition.key);
    const recordedBytes = record === undefined ? undefined : Number(Buffer.from(record).toString());
    if (recordedBytes !== partition.sizeBytes) {
      problems.add(
        `table ${name}: item collection ${describeRecordKey(table, partition.key)} is recorded as ${recordedBytes ?? 'absent'} bytes, its items and LSI entries take ${partition.sizeBytes}`,
      );
    }
  };
  for await (const batch of batches(store, indexRange(table.id, BASE_TABLE_INDEX_ID))) {
    const expected: Array<{ index: IndexDefinition; stored: StoredItem; key: Uint8Array }> = [];
    for (const entry of batch) {
      const stored = decoded(entry.value);
      if (stored === undefined) {
        problems.add(`table ${name}: an item does not decode: 0x${Buffer.from(entry.key).toString('hex')}`);
        continue;
      }
      const ownKey = ownPrimaryKey(table, stored);
      if (ownKey === undefined || !bytesEqual(ownKey.storageKey, entry.key))
        problems.add(`table ${name}: item ${describeKey(table, stored)} is stored under a key not its own`);
      for (const index of readyIndexes) {
        const key = expectedEntry(table, index, stored)?.key;
        if (key !== undefined) expected.push({ index, stored, key });
      }
      if (!hasLocalIndexes || ownKey === undefined) continue;
      const collectionKey = itemCollectionKey(table.id, ownKey.partition);
      if (partition !== undefined && !bytesEqual(partition.key, collectionKey)) {
        await closePartition();
        partition = undefined;
      }
      partition ??= { key: collectionKey, sizeBytes: 0 };
      partition.sizeBytes += collectionShareBytes(table, stored);
    }
    const found = await store.getMany(expected.map((entry) => entry.key));
    expected.forEach(({ index, stored }, position) => {
      if (found[position] === undefined) problems.add(`table ${name}: index ${index.name} lacks the entry of item ${describeKey(table, stored)}`);
    });
    if (problems.full) return;
  }
  await closePartition();
}

/** An item or index entry as stored, or undefined if its bytes are not an item. */
function decoded(bytes: Uint8Array): StoredItem | undefined {
  const stored = StoredItem.fromBytes(bytes);
  try {
    void stored.item;
    return stored;
  } catch (error) {
    if (error instanceof SyntaxError) return undefined;
    throw error;
  }
}

/** The primary key an item's own attributes give; undefined if they lack or mistype one. */
function ownPrimaryKey(table: TableDefinition, stored: StoredItem): PrimaryKey | undefined {
  try {
    return keyOfItem(table, stored.item);
  } catch (error) {
    if (error instanceof DynamoDBError) return undefined;
    throw error;
  }
}

/**
 * Walks one index's entries: each names, by the table key it projects, an item that
 * produces exactly this entry, key and bytes. An entry whose item is gone is an
 * orphan; one whose item now has another entry (or none) is stale.
 */
async function checkIndexEntries(store: StoreReader, table: TableDefinition, index: IndexDefinition, problems: Problems): Promise<void> {
  const where = `table ${tableName(table)}, index ${index.name}`;
  for await (const batch of batches(store, indexRange(table.id, index.id))) {
    const owners: Array<{ entry: Entry; stored: StoredItem; itemKey: Uint8Array }> = [];
    for (const entry of batch) {
      const stored = decoded(entry.value);
      const itemKey = stored === undefined ? undefined : ownPrimaryKey(table, stored)?.storageKey;
      if (stored === undefined || itemKey === undefined)
        problems.add(`${where}: an entry does not hold an item's table key: 0x${Buffer.from(entry.key).toString('hex')}`);
      else owners.push({ entry, stored, itemKey });
    }
    const items = await store.getMany(owners.map((owner) => owner.itemKey));
    owners.forEach(({ entry, stored }, position) => {
      const itemBytes = items[position];
      const describe = describeKey(table, stored);
      if (itemBytes === undefined) return problems.add(`${where}: orphan entry of item ${describe}, which does not exist`);
      const expected = expectedEntry(table, index, StoredItem.fromBytes(itemBytes));
      if (expected === undefined || !bytesEqual(expected.key, entry.key))
        return problems.add(`${where}: stale entry of item ${describe}, whose index key is no longer this`);
      if (!bytesEqual(expected.value.bytes, entry.value)) problems.add(`${where}: the entry of item ${describe} holds other bytes than the item projects`);
    });
    if (problems.full) return;
  }
}

/** Every item collection record must have items in its partition (the sizes themselves are compared by checkItems). */
async function checkItemCollectionRecords(store: StoreReader, table: TableDefinition, problems: Problems): Promise<void> {
  const name = tableName(table);
  const prefix = itemCollectionPrefix(table.id);
  const hasLocalIndexes = (table.indexes ?? []).some((index) => index.kind === 'LSI');
  for await (const batch of batches(store, { start: prefix, end: successorPrefix(prefix) })) {
    for (const { key } of batch) {
      const described = describeRecordKey(table, key);
      if (!hasLocalIndexes) {
        problems.add(`table ${name}: an item collection record ${described}, but the table has no LSI`);
        continue;
      }
      const partition = partitionOfRecordKey(table, key);
      if (partition === undefined) {
        problems.add(`table ${name}: an item collection record whose key does not decode: ${described}`);
        continue;
      }
      const start = partitionPrefix(table.id, BASE_TABLE_INDEX_ID, [partition]);
      let empty = true;
      for await (const _ of store.range({ start, end: successorPrefix(start), limit: 1 })) empty = false;
      if (empty) problems.add(`table ${name}: item collection ${described} has a size record but no items`);
    }
    if (problems.full) return;
  }
}

function describeRecordKey(table: TableDefinition, key: Uint8Array): string {
  const partition = partitionOfRecordKey(table, key);
  return partition === undefined
    ? `0x${Buffer.from(key).toString('hex')}`
    : JSON.stringify({ [table.partitionKey.name]: { [partition.type]: partition.value } });
}

/**
 * The partition key value an item collection record is kept for: the record's key is
 * the table's collection prefix, then the encoded partition key (model/key-encoding.ts),
 * decoded here and checked by encoding it again.
 */
function partitionOfRecordKey(table: TableDefinition, key: Uint8Array): KeyPart | undefined {
  const encoded = key.subarray(itemCollectionPrefix(table.id).length);
  const type = table.partitionKey.type;
  const value = type === 'N' ? decodeNumber(encoded) : decodeEscaped(encoded, type);
  if (value === undefined || !bytesEqual(encodeKeyValue(type, value), encoded)) return undefined;
  return { type, value };
}

/** Strings and binaries: 0x00 0x01 stands for a zero byte, 0x00 0x00 ends the value. */
function decodeEscaped(encoded: Uint8Array, type: 'S' | 'B'): string | undefined {
  const bytes: number[] = [];
  for (let at = 0; at < encoded.length; at++) {
    const byte = encoded[at]!;
    if (byte !== 0x00) {
      bytes.push(byte);
    } else if (encoded[at + 1] === 0x01) {
      bytes.push(0x00);
      at++;
    } else {
      return Buffer.from(bytes).toString(type === 'S' ? 'utf8' : 'base64');
    }
  }
  return undefined;
}

/** Numbers: class byte (1 negative, 2 zero, 3 positive), exponent biased by 130, 38 packed digits; negatives inverted after the class. */
function decodeNumber(encoded: Uint8Array): string | undefined {
  const numberClass = encoded[0];
  if (numberClass === 0x02) return '0';
  if (numberClass !== 0x01 && numberClass !== 0x03) return undefined;
  const negative = numberClass === 0x01;
  const body = Array.from(encoded.subarray(1), (byte) => (negative ? ~byte & 0xff : byte));
  const exponent = body[0]! - 130;
  const digits = body
    .slice(1)
    .map((byte) => `${byte >> 4}${byte & 0x0f}`)
    .join('')
    .replace(/0+$/, '');
  return formatNumber({ negative, digits, exponent });
}
