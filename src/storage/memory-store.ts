import sortedBtree from 'sorted-btree';
import type { Entry, Key, OrderedStore, RangeOptions, ReadSet, Value, WriteSet } from './store.js';
import { bytesEqual } from './store.js';

// sorted-btree is CommonJS: its default export arrives as a property under Node's ESM loader.
const BTree = sortedBtree.default;

function compareBytes(a: Key, b: Key): number {
  return Buffer.compare(a, b);
}

/**
 * An in-memory OrderedStore on a B+ tree. Commits are atomic because JavaScript runs
 * one commit to completion before the next; nothing survives the process.
 */
export class MemoryStore implements OrderedStore {
  private readonly tree = new BTree<Key, Value>(undefined, compareBytes);

  async get(key: Key): Promise<Value | undefined> {
    return this.tree.get(key);
  }

  async *range(options: RangeOptions): AsyncIterable<Entry> {
    const { start, end, reverse = false, limit = Infinity } = options;
    let remaining = limit;
    if (remaining <= 0) return;
    // Snapshot the range first: a writer may change the tree while the caller awaits.
    const entries: Entry[] = [];
    if (reverse) {
      const upper = end === undefined ? undefined : this.tree.nextLowerKey(end);
      if (end !== undefined && upper === undefined) return;
      for (const [key, value] of this.tree.entriesReversed(upper)) {
        if (start !== undefined && compareBytes(key, start) < 0) break;
        entries.push({ key, value });
        if (--remaining === 0) break;
      }
    } else {
      for (const [key, value] of this.tree.entries(start)) {
        if (end !== undefined && compareBytes(key, end) >= 0) break;
        entries.push({ key, value });
        if (--remaining === 0) break;
      }
    }
    yield* entries;
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
