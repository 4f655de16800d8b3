import sortedBtree from 'sorted-btree';
import type { Entry, Key, OrderedStore, RangeOptions, ReadSet, Value, WriteSet } from './store.js';
import { bytesEqual } from './store.js';

// sorted-btree is CommonJS: its default export arrives as a property under Node's ESM loader.
const BTree = sortedBtree.default;

function compareBytes(a: Key, b: Key): number {
  return Buffer.compare(a, b);
}

/**
 * Entries copied out of the tree per step of a range walk. The tree may change while
 * the caller awaits between entries, so a walk never holds a tree iterator across an
 * await: it copies a batch, yields it, and resumes after the last key it copied.
 */
const RANGE_BATCH_ENTRIES = 256;

/**
 * An in-memory OrderedStore on a B+ tree. Commits are atomic because JavaScript runs
 * one commit to completion before the next; nothing survives the process.
 */
export class MemoryStore implements OrderedStore {
  private readonly tree = new BTree<Key, Value>(undefined, compareBytes);

  async get(key: Key): Promise<Value | undefined> {
    return this.tree.get(key);
  }

  /** Synchronous reads: no commit can run between them. */
  async getMany(keys: readonly Key[]): Promise<Array<Value | undefined>> {
    return keys.map((key) => this.tree.get(key));
  }

  async *range(options: RangeOptions): AsyncIterable<Entry> {
    const { start, end, reverse = false } = options;
    let remaining = options.limit ?? Infinity;
    let resumeAfter: Key | undefined;
    while (remaining > 0) {
      const batch = reverse ? this.batchDown(start, resumeAfter ?? end) : this.batchUp(resumeAfter ?? start, end, resumeAfter !== undefined);
      for (const entry of batch) {
        yield entry;
        if (--remaining === 0) return;
      }
      if (batch.length < RANGE_BATCH_ENTRIES) return;
      resumeAfter = batch[batch.length - 1]!.key;
    }
  }

  /** Up to a batch of entries in [from, end), or (from, end) when `excludeFrom`. */
  private batchUp(from: Key | undefined, end: Key | undefined, excludeFrom: boolean): Entry[] {
    const batch: Entry[] = [];
    for (const [key, value] of this.tree.entries(from)) {
      if (excludeFrom && from !== undefined && compareBytes(key, from) === 0) continue;
      if (end !== undefined && compareBytes(key, end) >= 0) break;
      batch.push({ key, value });
      if (batch.length === RANGE_BATCH_ENTRIES) break;
    }
    return batch;
  }

  /** Up to a batch of entries in [start, from), walking down. */
  private batchDown(start: Key | undefined, from: Key | undefined): Entry[] {
    const batch: Entry[] = [];
    const upper = from === undefined ? undefined : this.tree.nextLowerKey(from);
    if (from !== undefined && upper === undefined) return batch;
    for (const [key, value] of this.tree.entriesReversed(upper)) {
      if (start !== undefined && compareBytes(key, start) < 0) break;
      batch.push({ key, value });
      if (batch.length === RANGE_BATCH_ENTRIES) break;
    }
    return batch;
  }

  async commit(reads: ReadSet, writes: WriteSet): Promise<boolean> {
    for (const { key, value } of reads.values()) {
      if (!bytesEqual(this.tree.get(key), value)) return false;
    }
    for (const { key, value } of writes.values()) {
      if (value === undefined) this.tree.delete(key);
      else this.tree.set(key, value);
    }
    return true;
  }

  async close(): Promise<void> {
    this.tree.clear();
  }
}
