import type { Item } from '../model/attribute-value.js';
import { valuesEqual } from '../model/attribute-compare.js';
import { itemSizeBytes } from '../model/item-size.js';
import { ownMember, setOwnMember } from '../model/own-members.js';
import type { Transaction } from '../storage/transaction.js';
import { bucketOfKey, streamLaneCounterKey, streamRecordPrefix } from './keyspace.js';
import type { WriteSource } from './mutation.js';
import { tableKeyNames } from './primary-key.js';
import type { TableDefinition, TableStream } from './table-definition.js';

export type StreamEventName = 'INSERT' | 'MODIFY' | 'REMOVE';

/**
 * One stream record as stored: what the change did, with the images the stream's view
 * type keeps. Its sequence number is its place in its lane (the key's number), so it
 * is not stored; the rest of the record AWS shows is derived when read.
 */
export interface StoredStreamRecord {
  readonly eventName: StreamEventName;
  /** When the change was made, in epoch milliseconds. */
  readonly createdEpochMs: number;
  readonly keys: Item;
  readonly newImage?: Item;
  readonly oldImage?: Item;
  readonly sizeBytes: number;
  /** The change was Time to Live's removal of an expired item. */
  readonly byTimeToLive?: true;
}

function keysOf(table: TableDefinition, item: Item): Item {
  const keys: Item = {};
  for (const name of tableKeyNames(table)) setOwnMember(keys, name, ownMember(item, name)!);
  return keys;
}

/** A write that leaves the item as it was (the same attributes, equal values) is no change, and AWS writes no record of it. */
function unchanged(previous: Item | undefined, next: Item | undefined): boolean {
  if (previous === undefined || next === undefined) return previous === next;
  return valuesEqual({ M: previous }, { M: next });
}

/**
 * The record of a change from `previous` to `next` (undefined: no item), or undefined
 * when nothing changed. SizeBytes counts the keys and the images the record holds, by
 * DynamoDB's item size rules.
 */
export function streamRecordOf(
  table: TableDefinition,
  stream: TableStream,
  previous: Item | undefined,
  next: Item | undefined,
  source: WriteSource,
  nowMs: number,
): StoredStreamRecord | undefined {
  if (unchanged(previous, next)) return undefined;
  const eventName: StreamEventName = previous === undefined ? 'INSERT' : next === undefined ? 'REMOVE' : 'MODIFY';
  const keys = keysOf(table, (next ?? previous)!);
  const newImage = next !== undefined && (stream.viewType === 'NEW_IMAGE' || stream.viewType === 'NEW_AND_OLD_IMAGES') ? next : undefined;
  const oldImage = previous !== undefined && (stream.viewType === 'OLD_IMAGE' || stream.viewType === 'NEW_AND_OLD_IMAGES') ? previous : undefined;
  const sizeBytes = itemSizeBytes(keys) + (newImage === undefined ? 0 : itemSizeBytes(newImage)) + (oldImage === undefined ? 0 : itemSizeBytes(oldImage));
  return {
    eventName,
    createdEpochMs: nowMs,
    keys,
    ...(newImage === undefined ? {} : { newImage }),
    ...(oldImage === undefined ? {} : { oldImage }),
    sizeBytes,
    ...(source === 'timeToLive' ? { byTimeToLive: true as const } : {}),
  };
}

/** The lane of an item: its hash bucket spread over the stream's lanes, so one item's records stay in one lane. */
function laneOfItem(stream: TableStream, storageKey: Uint8Array): number {
  return bucketOfKey(storageKey) % stream.lanes;
}

/** Appends `record` to the item's lane in the transaction's commit. */
export function appendStreamRecord(txn: Transaction, stream: TableStream, storageKey: Uint8Array, record: StoredStreamRecord): void {
  const lane = laneOfItem(stream, storageKey);
  txn.append(streamLaneCounterKey(stream.id, lane), streamRecordPrefix(stream.id, lane), Buffer.from(JSON.stringify(record), 'utf8'));
}

export function decodeStreamRecord(bytes: Uint8Array): StoredStreamRecord {
  return JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8')) as StoredStreamRecord;
}
