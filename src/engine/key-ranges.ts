import { keyText, type AttributeValue } from '../model/attribute-value.js';
import { encodeKeyPrefix, encodeKeyValue } from '../model/key-encoding.js';
import type { KeyCondition } from './key-condition.js';
import { indexRange, partitionPrefix, successorPrefix } from './keyspace.js';
import type { ReadTarget } from './read-target.js';

/**
 * Key ranges: the one contiguous range of storage keys a read walks — a Query's key
 * condition within one partition, a whole table or index, or one parallel-scan
 * segment of it — and that range narrowed to what follows a page's start key.
 */

export interface KeyRange {
  /** Inclusive. */
  readonly start: Uint8Array;
  /** Exclusive. */
  readonly end: Uint8Array;
}

/** One segment of a parallel scan: segment `index` of `total`. */
export interface ScanSegment {
  readonly index: number;
  readonly total: number;
}

/**
 * The key range of one partition's items that satisfy the sort key condition. Bounds
 * after a sort key value use the successor of its encoding: in an index the sort key
 * is followed by the table's key, and in a multi-attribute one by the sort attributes
 * after it.
 */
export function queryRange(target: ReadTarget, condition: KeyCondition): KeyRange {
  const partitionStart = partitionPrefix(target.tableId, target.indexId, condition.partition);
  const prefix = Buffer.concat([partitionStart, ...condition.sortEquals.map((part) => encodeKeyValue(part.type, part.value))]);
  const sort = condition.sort;
  const prefixEnd = successorPrefix(prefix);
  if (sort === undefined) return { start: prefix, end: prefixEnd };
  const sortType = target.sortKeys[condition.sortEquals.length]!.type;
  // The key condition checked every value against the schema: each is an S, N or B.
  const at = (value: AttributeValue): Uint8Array => Buffer.concat([prefix, encodeKeyValue(sortType, keyText(value)!)]);
  switch (sort.kind) {
    case 'between':
      return { start: at(sort.lower), end: successorPrefix(at(sort.upper)) };
    case 'beginsWith': {
      const start = Buffer.concat([prefix, encodeKeyPrefix(sortType as 'S' | 'B', keyText(sort.prefix)!)]);
      return { start, end: successorPrefix(start) };
    }
    case 'compare':
      switch (sort.operator) {
        case '=':
          return { start: at(sort.value), end: successorPrefix(at(sort.value)) };
        case '<':
          return { start: prefix, end: at(sort.value) };
        case '<=':
          return { start: prefix, end: successorPrefix(at(sort.value)) };
        case '>':
          return { start: successorPrefix(at(sort.value)), end: prefixEnd };
        case '>=':
          return { start: at(sort.value), end: prefixEnd };
      }
  }
}

/** Hash buckets are 32-bit; segment i of n covers buckets [i·2³²/n, (i+1)·2³²/n). */
const BUCKET_COUNT = 2 ** 32;

function bucketBytes(bucket: number): Uint8Array {
  const bytes = new Uint8Array(4);
  new DataView(bytes.buffer).setUint32(0, bucket);
  return bytes;
}

/** The key range of a whole table or index, or of one parallel-scan segment of it. */
export function scanRange(target: ReadTarget, segment: ScanSegment | undefined): KeyRange {
  const whole = indexRange(target.tableId, target.indexId);
  if (segment === undefined || segment.total === 1) return whole;
  const firstBucket = Math.floor((segment.index * BUCKET_COUNT) / segment.total);
  const endBucket = Math.floor(((segment.index + 1) * BUCKET_COUNT) / segment.total);
  const start = Buffer.concat([whole.start, bucketBytes(firstBucket)]);
  const end = endBucket >= BUCKET_COUNT ? whole.end : Buffer.concat([whole.start, bucketBytes(endBucket)]);
  return { start, end };
}

export function rangeContains(range: KeyRange, key: Uint8Array): boolean {
  return Buffer.compare(key, range.start) >= 0 && Buffer.compare(key, range.end) < 0;
}

/** The part of `range` a page walking it (`forward` or not) reads after the entry at `startKey`. */
export function rangeAfter(range: KeyRange, startKey: Uint8Array, forward: boolean): KeyRange {
  // The smallest key after startKey is startKey followed by a zero byte.
  if (forward) return { start: maxKey(range.start, Buffer.concat([startKey, Uint8Array.of(0)])), end: range.end };
  return { start: range.start, end: minKey(range.end, startKey) };
}

function maxKey(a: Uint8Array, b: Uint8Array): Uint8Array {
  return Buffer.compare(a, b) >= 0 ? a : b;
}

function minKey(a: Uint8Array, b: Uint8Array): Uint8Array {
  return Buffer.compare(a, b) <= 0 ? a : b;
}
