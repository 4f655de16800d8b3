import { open, type Database, type RootDatabase } from 'lmdb';
import type { Entry, Key, OrderedStore, RangeOptions, ReadSet, Value, WriteSet } from './store.js';
import { asBuffer, bytesEqual, KeyTooLargeError } from './store.js';

/** LMDB's largest key with 8 KB pages. */
const LMDB_KEY_BYTES_MAX = 4026;

/**
 * The embedded, durable OrderedStore on LMDB. Reads are synchronous memory-mapped
 * lookups. Commits go through lmdb-js's batched asynchronous transactions, so the
 * commits of concurrent requests share one LMDB write transaction and one disk
 * flush; each commit's read-set check runs inside that write transaction, which is
 * what makes it atomic against other requests and other processes. A commit resolves
 * only after the flush, so an acknowledged write survives a crash.
 */
export class LmdbStore implements OrderedStore {
  private constructor(private readonly db: RootDatabase<Buffer, Buffer>) {}

  static open(path: string): LmdbStore {
    const db = open<Buffer, Buffer>({
      path,
      keyEncoding: 'binary',
      encoding: 'binary',
      // 8 KB pages raise LMDB's key limit from 1,978 to 4,026 bytes, which holds a
      // table key of a 2 KB partition key and a 1 KB sort key with their prefixes.
      pageSize: 8192,
    });
    return new LmdbStore(db);
  }

  async get(key: Key): Promise<Value | undefined> {
    // A key too long to store cannot have been stored.
    if (key.length > LMDB_KEY_BYTES_MAX) return undefined;
    return this.db.get(asBuffer(key));
  }

  /** One LMDB read transaction for all the keys: a snapshot, across processes too. */
  async getMany(keys: readonly Key[]): Promise<Array<Value | undefined>> {
    const transaction = this.db.useReadTransaction();
    try {
      return keys.map((key) => (key.length > LMDB_KEY_BYTES_MAX ? undefined : this.db.get(asBuffer(key), { transaction })));
    } finally {
      transaction.done();
    }
  }

  async *range(options: RangeOptions): AsyncIterable<Entry> {
    const { start, end, reverse = false, limit } = options;
    // lmdb-js walks a reverse range from `start` (inclusive) down to `end` (exclusive),
    // so the bounds swap; the inclusive lower bound is then checked here.
    const range = reverse
      ? this.db.getRange({ start: end === undefined ? undefined : asBuffer(end), reverse: true, limit: undefined })
      : this.db.getRange({ start: start === undefined ? undefined : asBuffer(start), end: end === undefined ? undefined : asBuffer(end), limit });
    let remaining = limit ?? Infinity;
    if (remaining <= 0) return;
    for (const { key, value } of range) {
      if (reverse) {
        if (end !== undefined && Buffer.compare(key, end) >= 0) continue;
        if (start !== undefined && Buffer.compare(key, start) < 0) break;
      }
      yield { key, value };
      if (--remaining === 0) break;
    }
  }

  async commit(reads: ReadSet, writes: WriteSet): Promise<boolean> {
    for (const { key } of writes.values()) {
      if (key.length > LMDB_KEY_BYTES_MAX) throw new KeyTooLargeError(key.length, LMDB_KEY_BYTES_MAX);
    }
    const db: Database<Buffer, Buffer> = this.db;
    const committed = await db.transaction(() => {
      for (const { key, value } of reads.values()) {
        if (!bytesEqual(db.get(asBuffer(key)), value)) return false;
      }
      // Inside transaction() lmdb-js applies each write at once; the promises they
      // return settle with the transaction, which is awaited above.
      for (const { key, value } of writes.values()) {
        if (value === undefined) void db.remove(asBuffer(key));
        else void db.put(asBuffer(key), asBuffer(value));
      }
      return true;
    });
    if (committed) await this.db.flushed;
    return committed;
  }

  async close(): Promise<void> {
    await this.db.close();
  }
}
