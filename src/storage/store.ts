/**
 * The storage interface: an ordered key-value store of byte strings with atomic,
 * conflict-checked commits. Everything Strata keeps (catalog, items, index entries)
 * lives in this one keyspace; see engine/keyspace.ts for the layout.
 *
 * Asynchronous throughout so that a network database fits behind it.
 */

export type Key = Uint8Array;
export type Value = Uint8Array;

export interface Entry {
  readonly key: Key;
  readonly value: Value;
}

export interface RangeOptions {
  /** Inclusive lower bound; omitted means from the first key. */
  readonly start?: Key;
  /** Exclusive upper bound; omitted means to the last key. */
  readonly end?: Key;
  /** Walk from `end` down to `start`. */
  readonly reverse?: boolean;
  readonly limit?: number;
}

/** What a transaction read: each key, mapped by its keyId, with the value it saw (undefined: absent). */
export type ReadSet = ReadonlyMap<string, { readonly key: Key; readonly value: Value | undefined }>;

/** What a transaction writes: each key, mapped by its keyId, with its new value (undefined: delete). */
export type WriteSet = ReadonlyMap<string, { readonly key: Key; readonly value: Value | undefined }>;

/**
 * A record a commit adds to the end of a log, numbered by the store as the commit
 * lands: the log's counter (at `counterKey`, a u64 big-endian; absent is 0) gives the
 * record its number and is incremented, and the record is stored at `recordPrefix`
 * followed by that number (u64 big-endian), so a log reads in commit order. The
 * counter is not in the commit's read set: commits that append to one log never
 * conflict over it (a backend that detects such conflicts itself, as PostgreSQL
 * does, runs the commit again), while a transaction that reads the counter conflicts
 * with every append that lands before it commits. Only appends may write a counter key.
 */
export interface Append {
  readonly counterKey: Key;
  readonly recordPrefix: Key;
  readonly value: Value;
}

/** The bytes of a log counter and of a record number in its key. */
const LOG_NUMBER_BYTES = 8;
/** The largest number a log counter or record number holds (a u64). */
export const LOG_NUMBER_MAX = 2n ** 64n - 1n;

/** A log counter's value (absent: 0). */
export function logCounterValue(bytes: Value | undefined): bigint {
  return bytes === undefined ? 0n : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).readBigUInt64BE(0);
}

export function encodeLogNumber(number: bigint): Buffer {
  const bytes = Buffer.alloc(LOG_NUMBER_BYTES);
  bytes.writeBigUInt64BE(number);
  return bytes;
}

/** The number of a log record, from the end of its key. */
export function logRecordNumber(key: Key): bigint {
  return logCounterValue(key.subarray(key.length - LOG_NUMBER_BYTES));
}

/**
 * The writes that apply `appends` to a store whose counters read as `currentCounter`
 * says: what memory and LMDB do inside their commit; several appends to one log in
 * one commit take consecutive numbers, in order.
 */
export function appendWrites(appends: readonly Append[], currentCounter: (counterKey: Key) => Value | undefined): Array<{ key: Key; value: Value }> {
  const writes: Array<{ key: Key; value: Value }> = [];
  const nextNumbers = new Map<string, { key: Key; next: bigint }>();
  for (const { counterKey, recordPrefix, value } of appends) {
    const id = keyId(counterKey);
    const counter = nextNumbers.get(id) ?? { key: counterKey, next: logCounterValue(currentCounter(counterKey)) };
    writes.push({ key: Buffer.concat([recordPrefix, encodeLogNumber(counter.next)]), value });
    nextNumbers.set(id, { key: counterKey, next: counter.next + 1n });
  }
  for (const { key, next } of nextNumbers.values()) writes.push({ key, value: encodeLogNumber(next) });
  return writes;
}

/** The reads of a store's keyspace, live or as of one moment. */
export interface StoreReader {
  get(key: Key): Promise<Value | undefined>;
  /** Reads several keys as of one moment: no commit lands between the reads (TransactGetItems). */
  getMany(keys: readonly Key[]): Promise<Array<Value | undefined>>;
  /**
   * The entries in a range, in key order. Commits may land while a walk over the live
   * store is under way: the walk still yields each key at most once, in order, and
   * every entry that stays unchanged throughout; which of the changes it shows is the
   * backend's (each one's range says).
   */
  range(options: RangeOptions): AsyncIterable<Entry>;
}

/**
 * The store as of one moment, for reads that must agree with each other across many
 * calls: backups, exports, scans of many pages. No commit that lands after the
 * snapshot was taken shows in its reads, until it is released.
 *
 * A snapshot holds on to its moment, and that costs the store while it lasts: an
 * LMDB snapshot keeps every page superseded since from being reused (the file grows),
 * a PostgreSQL one holds a connection and keeps VACUUM from removing rows deleted
 * since, a memory one keeps superseded tree nodes alive. So a snapshot should be
 * short-lived, and released as soon as its reads are done, in a `finally`.
 */
export interface StoreSnapshot extends StoreReader {
  /** Lets the moment go; reads after it reject with SnapshotReleasedError. Releasing again does nothing. */
  release(): Promise<void>;
}

/**
 * Snapshots one store holds open at once; taking one more rejects. Each holds scarce
 * things (see StoreSnapshot), the scarcest a PostgreSQL connection: this leaves at
 * least half of the reads pool's 16 to GetItem, Query and Scan. Backups and exports
 * need one snapshot each, so a handful open at once is already unusual, and more
 * than this many is a leak to surface rather than absorb.
 */
export const STORE_SNAPSHOTS_OPEN_MAX = 8;

/**
 * What a backend implements. `commit` applies `writes` and `appends` atomically if,
 * and only if, every key in `reads` still holds the value the transaction saw; it
 * resolves to false (nothing written) otherwise. When it resolves true the writes are
 * durable.
 */
export interface OrderedStore extends StoreReader {
  commit(reads: ReadSet, writes: WriteSet, appends?: readonly Append[]): Promise<boolean>;
  /** Rejects with TooManySnapshotsError while STORE_SNAPSHOTS_OPEN_MAX are open. */
  snapshot(): Promise<StoreSnapshot>;
  /** Releases the open snapshots first. */
  close(): Promise<void>;
}

/**
 * A key longer than the backend can index. LMDB's limit (4,026 bytes with 8 KB pages)
 * holds every DynamoDB key whose encoding is not inflated by escaping: only keys made
 * mostly of zero bytes reach it (see model/key-encoding.ts).
 */
export class KeyTooLargeError extends Error {
  constructor(
    readonly keyBytes: number,
    readonly keyBytesMax: number,
  ) {
    super(`storage key of ${keyBytes} bytes exceeds the backend's limit of ${keyBytesMax} bytes`);
  }
}

export class SnapshotReleasedError extends Error {
  constructor() {
    super('this storage snapshot was released: take a new snapshot to read again');
  }
}

export class TooManySnapshotsError extends Error {
  constructor(readonly snapshotsOpenMax: number) {
    super(`${snapshotsOpenMax} storage snapshots are open, the most a store holds at once: release one before taking another`);
  }
}

/** Map key for a byte string: latin1 maps each byte to one UTF-16 unit, losslessly. */
export function keyId(key: Key): string {
  return Buffer.from(key.buffer, key.byteOffset, key.byteLength).toString('latin1');
}

export function bytesEqual(a: Uint8Array | undefined, b: Uint8Array | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(b);
}

/** The same bytes as a Buffer, without copying: the lmdb and pg packages take Buffers. */
export function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
