import type { Append, Key, OrderedStore, ReadSet, Value, WriteSet } from './store.js';
import { keyId } from './store.js';

/**
 * Optimistic transactions over any OrderedStore: reads see committed data plus the
 * transaction's own writes, writes are buffered, and the commit succeeds only if
 * nothing the transaction read has changed since. A conflicting transaction is run
 * again from the start, so the callback must be free of outside effects until it
 * returns.
 */
export class Transaction {
  private readonly reads = new Map<string, { key: Key; value: Value | undefined }>();
  private readonly writes = new Map<string, { key: Key; value: Value | undefined }>();
  private readonly logAppends: Append[] = [];

  constructor(private readonly store: OrderedStore) {}

  async get(key: Key): Promise<Value | undefined> {
    const id = keyId(key);
    const written = this.writes.get(id);
    if (written !== undefined) return written.value;
    const seen = this.reads.get(id);
    if (seen !== undefined) return seen.value;
    const value = await this.store.get(key);
    this.reads.set(id, { key, value });
    return value;
  }

  /**
   * Several keys at once: the ones not yet read or written come from the store in
   * one call (one round trip on a network database), and join the read set.
   */
  async getMany(keys: readonly Key[]): Promise<Array<Value | undefined>> {
    const ids = keys.map(keyId);
    const unread = new Map<string, Key>();
    ids.forEach((id, position) => {
      if (!this.writes.has(id) && !this.reads.has(id)) unread.set(id, keys[position]!);
    });
    if (unread.size === 1) {
      const [id, key] = unread.entries().next().value!;
      this.reads.set(id, { key, value: await this.store.get(key) });
    } else if (unread.size > 1) {
      const values = await this.store.getMany([...unread.values()]);
      [...unread].forEach(([id, key], position) => this.reads.set(id, { key, value: values[position] }));
    }
    return ids.map((id) => (this.writes.get(id) ?? this.reads.get(id)!).value);
  }

  put(key: Key, value: Value): void {
    this.writes.set(keyId(key), { key, value });
  }

  delete(key: Key): void {
    this.writes.set(keyId(key), { key, value: undefined });
  }

  /** Adds a record to a log when the transaction commits (see Append); the transaction cannot read it. */
  append(counterKey: Key, recordPrefix: Key, value: Value): void {
    this.logAppends.push({ counterKey, recordPrefix, value });
  }

  get readSet(): ReadSet {
    return this.reads;
  }

  get writeSet(): WriteSet {
    return this.writes;
  }

  get appends(): readonly Append[] {
    return this.logAppends;
  }
}

/** Conflicts past this many attempts mean something is wrong, not busy. */
const TRANSACTION_ATTEMPTS_MAX = 1000;

export class TransactionConflictError extends Error {
  constructor() {
    super(`transaction still conflicted after ${TRANSACTION_ATTEMPTS_MAX} attempts`);
  }
}

export interface TransactOptions {
  /**
   * Whether an error thrown by `work` was decided from what it read (a failed
   * condition). Such an error stands only if those reads are all still current, as
   * one snapshot; if one went stale meanwhile, `work` runs again.
   */
  readonly decidedByReads?: (error: unknown) => boolean;
}

const NO_WRITES: WriteSet = new Map();

/**
 * After a conflict, an attempt waits a random time up to this many milliseconds,
 * doubled per further conflict (to BACKOFF_MS_MAX): when many requests fight over
 * one hot key, retrying at once only makes them collide again. A first conflict
 * retries at once.
 */
const BACKOFF_MS_FIRST = 1;
const BACKOFF_MS_MAX = 32;

function backOff(conflicts: number): Promise<void> | undefined {
  if (conflicts < 2) return undefined;
  const ceilingMs = Math.min(BACKOFF_MS_MAX, BACKOFF_MS_FIRST * 2 ** (conflicts - 2));
  return new Promise((resolve) => setTimeout(resolve, Math.random() * ceilingMs));
}

/** Runs `work` in a transaction and commits it, retrying from the start on conflict. */
export async function transact<T>(store: OrderedStore, work: (txn: Transaction) => Promise<T>, options: TransactOptions = {}): Promise<T> {
  for (let attempt = 0; attempt < TRANSACTION_ATTEMPTS_MAX; attempt++) {
    const waiting = backOff(attempt);
    if (waiting !== undefined) await waiting;
    const txn = new Transaction(store);
    let result: T;
    try {
      result = await work(txn);
    } catch (error) {
      if (options.decidedByReads?.(error) === true && !(await store.commit(txn.readSet, NO_WRITES))) continue;
      throw error;
    }
    if (txn.writeSet.size === 0 && txn.appends.length === 0) return result;
    if (await store.commit(txn.readSet, txn.writeSet, txn.appends)) return result;
  }
  throw new TransactionConflictError();
}
