/**
 * The layout of Strata's one ordered keyspace. Every key starts with one of these
 * prefix bytes; this file is the only place that builds keys.
 *
 *   [0x00][name]                                   metadata (e.g. the next table id)
 *   [0x00]lease/[name]                             a lease on background work (engine/leases.ts)
 *   [0x01][namespace, escaped][table name]         catalog: table definition (JSON)
 *   [0x02][table id u32][index id u8][bucket u32][partition key][sort key]   items
 *   [0x03][key prefix]                             tables, indexes and streams dropped but not yet purged
 *   [0x04][table id u32][partition key]            size of an item collection (tables with LSIs)
 *   [0x05][namespace, escaped][token]              a TransactWriteItems ClientRequestToken (idempotency)
 *   [0x06][namespace, escaped][stream id u32]      a stream's description (JSON), while it is readable
 *   [0x07][stream id u32][lane u16][0x00]          a stream lane's record counter (storage/store.ts Append)
 *   [0x07][stream id u32][lane u16][0x01][number u64]      a stream record (JSON)
 *   [0x07][stream id u32][lane u16][0x02][generation u32]  a shard of the lane: where it starts and ends
 *   [0x07][stream id u32][lane u16][0x03][consumer name]   a consumer's (trigger's) checkpoint in the lane
 *
 * Index id 0 is the table itself. The hash bucket spreads partitions over the
 * keyspace so that Scan walks them in hash order, as DynamoDB does.
 */
import { encodeKeyValue, hashBucket } from '../model/key-encoding.js';
import type { KeyAttributeType } from '../model/attribute-value.js';

const PREFIX_META = 0x00;
const PREFIX_CATALOG = 0x01;
const PREFIX_ITEMS = 0x02;
const PREFIX_DROPPED = 0x03;
const PREFIX_ITEM_COLLECTION = 0x04;
const PREFIX_CLIENT_TOKEN = 0x05;
const PREFIX_STREAM = 0x06;
const PREFIX_STREAM_LOG = 0x07;

const STREAM_LOG_COUNTER = 0x00;
const STREAM_LOG_RECORD = 0x01;
const STREAM_LOG_SHARD = 0x02;
const STREAM_LOG_CHECKPOINT = 0x03;
const STREAM_ID_BYTES = 4;
const LANE_BYTES = 2;

export const BASE_TABLE_INDEX_ID = 0;

const TABLE_ID_BYTES = 4;
const INDEX_ID_BYTES = 1;
const BUCKET_BYTES = 4;
const ITEM_PREFIX_BYTES = 1 + TABLE_ID_BYTES + INDEX_ID_BYTES;

export function metaKey(name: string): Uint8Array {
  return concat([Uint8Array.of(PREFIX_META), Buffer.from(name, 'utf8')]);
}

export function leaseKey(name: string): Uint8Array {
  return metaKey(`lease/${name}`);
}

function catalogNamespacePrefix(namespace: string): Uint8Array {
  return concat([Uint8Array.of(PREFIX_CATALOG), encodeKeyValue('S', namespace)]);
}

export function catalogKey(namespace: string, tableName: string): Uint8Array {
  return concat([catalogNamespacePrefix(namespace), Buffer.from(tableName, 'utf8')]);
}

/** The key range holding every table definition of one namespace (of all, without one), in name order. */
export function catalogRange(namespace: string | undefined): { start: Uint8Array; end: Uint8Array } {
  const start = namespace === undefined ? Uint8Array.of(PREFIX_CATALOG) : catalogNamespacePrefix(namespace);
  return { start, end: successorPrefix(start) };
}

/**
 * A dropped table or index: the marker holds the prefix of the keys to purge, so one
 * purger serves both. [0x03][item key prefix of the table or index].
 */
export function droppedPrefixKey(prefix: Uint8Array): Uint8Array {
  return concat([Uint8Array.of(PREFIX_DROPPED), prefix]);
}

export function droppedPrefixesRange(): { start: Uint8Array; end: Uint8Array } {
  return { start: Uint8Array.of(PREFIX_DROPPED), end: Uint8Array.of(PREFIX_DROPPED + 1) };
}

export function prefixOfDroppedKey(key: Uint8Array): Uint8Array {
  return key.subarray(1);
}

function itemPrefix(tableId: number, indexId: number): Uint8Array {
  const prefix = new Uint8Array(ITEM_PREFIX_BYTES);
  const view = new DataView(prefix.buffer);
  prefix[0] = PREFIX_ITEMS;
  view.setUint32(1, tableId);
  prefix[1 + TABLE_ID_BYTES] = indexId;
  return prefix;
}

/** Where a ClientRequestToken of one namespace is remembered. */
export function clientTokenKey(namespace: string, token: string): Uint8Array {
  return concat([Uint8Array.of(PREFIX_CLIENT_TOKEN), encodeKeyValue('S', namespace), Buffer.from(token, 'utf8')]);
}

/** Every remembered ClientRequestToken. */
export function clientTokensRange(): { start: Uint8Array; end: Uint8Array } {
  return { start: Uint8Array.of(PREFIX_CLIENT_TOKEN), end: Uint8Array.of(PREFIX_CLIENT_TOKEN + 1) };
}

function streamNamespacePrefix(namespace: string): Uint8Array {
  return concat([Uint8Array.of(PREFIX_STREAM), encodeKeyValue('S', namespace)]);
}

/** Where a stream's description is kept. */
export function streamKey(namespace: string, streamId: number): Uint8Array {
  const id = new Uint8Array(STREAM_ID_BYTES);
  new DataView(id.buffer).setUint32(0, streamId);
  return concat([streamNamespacePrefix(namespace), id]);
}

/** Every stream of one namespace (of all, without one), oldest first. */
export function streamsRange(namespace: string | undefined): { start: Uint8Array; end: Uint8Array } {
  const start = namespace === undefined ? Uint8Array.of(PREFIX_STREAM) : streamNamespacePrefix(namespace);
  return { start, end: successorPrefix(start) };
}

function streamLanePrefix(streamId: number, lane: number): Uint8Array {
  const prefix = new Uint8Array(1 + STREAM_ID_BYTES + LANE_BYTES);
  const view = new DataView(prefix.buffer);
  prefix[0] = PREFIX_STREAM_LOG;
  view.setUint32(1, streamId);
  view.setUint16(1 + STREAM_ID_BYTES, lane);
  return prefix;
}

/** Everything one stream holds: its lanes' counters, records, shards and consumers' checkpoints. */
export function streamLogRange(streamId: number): { start: Uint8Array; end: Uint8Array } {
  const start = streamLanePrefix(streamId, 0).subarray(0, 1 + STREAM_ID_BYTES);
  return { start, end: successorPrefix(start) };
}

/** The counter that numbers a lane's records. */
export function streamLaneCounterKey(streamId: number, lane: number): Uint8Array {
  return concat([streamLanePrefix(streamId, lane), Uint8Array.of(STREAM_LOG_COUNTER)]);
}

/** A lane's records are this prefix followed by their number. */
export function streamRecordPrefix(streamId: number, lane: number): Uint8Array {
  return concat([streamLanePrefix(streamId, lane), Uint8Array.of(STREAM_LOG_RECORD)]);
}

/** The shards of a lane, by generation: one key each. */
export function streamShardKey(streamId: number, lane: number, generation: number): Uint8Array {
  const suffix = new Uint8Array(5);
  suffix[0] = STREAM_LOG_SHARD;
  new DataView(suffix.buffer).setUint32(1, generation);
  return concat([streamLanePrefix(streamId, lane), suffix]);
}

export function streamShardsRange(streamId: number, lane: number): { start: Uint8Array; end: Uint8Array } {
  const start = concat([streamLanePrefix(streamId, lane), Uint8Array.of(STREAM_LOG_SHARD)]);
  return { start, end: successorPrefix(start) };
}

/** Where a consumer of the stream keeps the number of the next record of the lane it is to process. */
export function streamCheckpointKey(streamId: number, lane: number, consumer: string): Uint8Array {
  return concat([streamLanePrefix(streamId, lane), Uint8Array.of(STREAM_LOG_CHECKPOINT), Buffer.from(consumer, 'utf8')]);
}

/** The hash bucket of an item's (or index entry's) storage key: it picks the item's stream lane. */
export function bucketOfKey(storageKey: Uint8Array): number {
  return new DataView(storageKey.buffer, storageKey.byteOffset + ITEM_PREFIX_BYTES, BUCKET_BYTES).getUint32(0);
}

/** The prefix of the item collection sizes of one table. */
export function itemCollectionPrefix(tableId: number): Uint8Array {
  const prefix = new Uint8Array(1 + TABLE_ID_BYTES);
  prefix[0] = PREFIX_ITEM_COLLECTION;
  new DataView(prefix.buffer).setUint32(1, tableId);
  return prefix;
}

/** Where the size of one partition's item collection is kept, for tables with LSIs. */
export function itemCollectionKey(tableId: number, partition: KeyPart): Uint8Array {
  return concat([itemCollectionPrefix(tableId), encodeKeyValue(partition.type, partition.value)]);
}

/** The key prefix of one table: its items and all its index entries. */
export function tablePrefix(tableId: number): Uint8Array {
  return itemPrefix(tableId, 0).subarray(0, 1 + TABLE_ID_BYTES);
}

/** The key prefix of one table's items (index 0) or of one of its indexes. */
export function indexPrefix(tableId: number, indexId: number): Uint8Array {
  return itemPrefix(tableId, indexId);
}

/** Every item of one table or index. */
export function indexRange(tableId: number, indexId: number): { start: Uint8Array; end: Uint8Array } {
  const start = indexPrefix(tableId, indexId);
  return { start, end: successorPrefix(start) };
}

export interface KeyPart {
  readonly type: KeyAttributeType;
  /** The value as on the wire (base64 for B, canonical text for N). */
  readonly value: string;
}

/**
 * The common prefix of every key in one partition: table, index, hash bucket, partition
 * key. A multi-attribute partition key (GSIs) is its values' encodings one after the
 * other, hashed together; the encodings are self-delimiting, so this is unambiguous.
 */
export function partitionPrefix(tableId: number, indexId: number, partition: readonly KeyPart[]): Uint8Array {
  const encoded = partition.map((part) => encodeKeyValue(part.type, part.value));
  const encodedPartition = encoded.length === 1 ? encoded[0]! : concat(encoded);
  const bucket = new Uint8Array(BUCKET_BYTES);
  new DataView(bucket.buffer).setUint32(0, hashBucket(encodedPartition));
  return concat([itemPrefix(tableId, indexId), bucket, encodedPartition]);
}

/** The storage key of an item: partition key, then the sort key if the table has one. */
export function itemKey(tableId: number, indexId: number, partition: KeyPart, sort: KeyPart | undefined): Uint8Array {
  const prefix = partitionPrefix(tableId, indexId, [partition]);
  return sort === undefined ? prefix : concat([prefix, encodeKeyValue(sort.type, sort.value)]);
}

/** The smallest key greater than every key that starts with `prefix`. */
export function successorPrefix(prefix: Uint8Array): Uint8Array {
  const successor = Uint8Array.from(prefix);
  for (let i = successor.length - 1; i >= 0; i--) {
    if (successor[i] !== 0xff) {
      successor[i]!++;
      return successor.subarray(0, i + 1);
    }
  }
  throw new Error('no successor for a prefix of 0xff bytes');
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  return Buffer.concat(parts);
}
