import { open, type Database, type RootDatabase, type Transaction } from 'lmdb';
import { OpenSnapshots } from './open-snapshots.js';
import type { Append, Entry, Key, OrderedStore, RangeOptions, ReadSet, StoreReader, StoreSnapshot, Value, WriteSet } from './store.js';
import { appendWrites, asBuffer, bytesEqual, KeyTooLargeError } from './store.js';

/** LMDB's largest key with 8 KB pages. */
const LMDB_KEY_BYTES_MAX = 4026;

/**
 * Reads the database: each read in the current read transaction (which lmdb-js
 * renews after commits and on each event turn), or all of them in `transaction`.
 */
class LmdbReader implements StoreReader {
  /** Made once, so that a get allocates nothing of its own. */
  private readonly getOptions: { readonly transaction?: Transaction };

  constructor(
    protected readonly db: RootDatabase<Buffer, Buffer>,
    private readonly transaction?: Transaction,
  ) {
    this.getOptions = transaction === undefined ? {} : { transaction };
  }

  async get(key: Key): Promise<Value | undefined> {
    // A key too long to store cannot have been stored.
    if (key.length > LMDB_KEY_BYTES_MAX) return undefined;
    return this.db.get(asBuffer(key), this.getOptions);
  }

  /** One LMDB read transaction for all the keys: a snapshot, across processes too. */
  async getMany(keys: readonly Key[]): Promise<Array<Value | undefined>> {
    const transaction = this.transaction ?? this.db.useReadTransaction();
    const getOptions = { transaction };
    try {
      return keys.map((key) => (key.length > LMDB_KEY_BYTES_MAX ? undefined : this.db.get(asBuffer(key), getOptions)));
    } finally {
      if (transaction !== this.transaction) transaction.done();
    }
  }

  /**
   * A walk reads one read transaction from its start (lmdb-js's default for ranges), so
   * it shows no commit that lands while it is under way.
   */
  async *range(options: RangeOptions): AsyncIterable<Entry> {
    const { start, end, reverse = false, limit } = options;
    const { transaction } = this;
    // lmdb-js walks a reverse range from `start` (inclusive) down to `end` (exclusive),
    // so the bounds swap; the inclusive lower bound is then checked here.
    const inTransaction = transaction === undefined ? {} : { transaction };
    const range = reverse
      ? this.db.getRange({ ...(end === undefined ? {} : { start: asBuffer(end) }), reverse: true, ...inTransaction })
      : this.db.getRange({
          ...(start === undefined ? {} : { start: asBuffer(start) }),
          ...(end === undefined ? {} : { end: asBuffer(end) }),
          ...(limit === undefined ? {} : { limit }),
          ...inTransaction,
        });
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
}

/**
 * The embedded, durable OrderedStore on LMDB: a reader of the current read
 * transaction that commits. Reads are synchronous memory-mapped lookups. Commits go
 * through lmdb-js's batched asynchronous transactions, so the commits of concurrent
 * requests share one LMDB write transaction and one disk flush; each commit's
 * read-set check runs inside that write transaction, which is what makes it atomic
 * against other requests and other processes. A commit resolves only after the
 * flush, so an acknowledged write survives a crash.
 */
export class LmdbStore extends LmdbReader implements OrderedStore {
  private readonly snapshots = new OpenSnapshots();

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

  /**
   * An LMDB read transaction, held until release: a snapshot across processes too.
   * While it is held LMDB cannot reuse the pages that commits supersede, so a
   * long-lived snapshot makes the file grow. A held read transaction also keeps one
   * of the environment's 126 reader slots, which every process on the database shares.
   */
  snapshot(): Promise<StoreSnapshot> {
    return this.snapshots.take(async () => {
      const transaction = this.db.useReadTransaction();
      return { reader: new LmdbReader(this.db, transaction), free: async () => transaction.done() };
    });
  }

  async commit(reads: ReadSet, writes: WriteSet, appends: readonly Append[] = []): Promise<boolean> {
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
      for (const { key, value } of appendWrites(appends, (counterKey) => db.get(asBuffer(counterKey)))) void db.put(asBuffer(key), asBuffer(value));
      return true;
    });
    if (committed) await this.db.flushed;
    return committed;
  }

  async close(): Promise<void> {
    await this.snapshots.close();
    await this.db.close();
  }
}
