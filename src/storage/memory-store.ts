import sortedBtree from 'sorted-btree';
import { OpenSnapshots } from './open-snapshots.js';
import type { Append, Entry, Key, OrderedStore, RangeOptions, ReadSet, StoreReader, StoreSnapshot, Value, WriteSet } from './store.js';
import { appendWrites, bytesEqual, keyId } from './store.js';

// sorted-btree is CommonJS: its default export arrives as a property under Node's ESM loader.
const BTree = sortedBtree.default;

/**
 * The tree is keyed by each key's latin1 string (keyId): one character per byte, so
 * string order is byte order, and V8 compares strings far faster than a call to
 * Buffer.compare. Read and write sets are already keyed the same way.
 */
type TreeKey = string;

function bytesOf(treeKey: TreeKey): Key {
  return Buffer.from(treeKey, 'latin1');
}

/**
 * Entries copied out of the tree per step of a range walk. The tree may change while
 * the caller awaits between entries, so a walk never holds a tree iterator across an
 * await: it copies a batch, yields it, and resumes after the last key it copied.
 */
const RANGE_BATCH_ENTRIES = 256;

type Tree = InstanceType<typeof BTree<TreeKey, Value>>;

/** Reads a tree, which may change while a range walk awaits between entries. */
class TreeReader implements StoreReader {
  constructor(protected readonly tree: Tree) {}

  async get(key: Key): Promise<Value | undefined> {
    return this.tree.get(keyId(key));
  }

  /** Synchronous reads: no commit can run between them. */
  async getMany(keys: readonly Key[]): Promise<Array<Value | undefined>> {
    return keys.map((key) => this.tree.get(keyId(key)));
  }

  /** Resumes after the last key seen, so a walk shows commits past the batch in hand and none behind the cursor. */
  async *range(options: RangeOptions): AsyncIterable<Entry> {
    const { start, end, reverse = false } = options;
    let remaining = options.limit ?? Infinity;
    const startId = start === undefined ? undefined : keyId(start);
    const endId = end === undefined ? undefined : keyId(end);
    let resumeAfter: TreeKey | undefined;
    while (remaining > 0) {
      const batch = reverse ? this.batchDown(startId, resumeAfter ?? endId) : this.batchUp(resumeAfter ?? startId, endId, resumeAfter !== undefined);
      for (const [treeKey, value] of batch) {
        yield { key: bytesOf(treeKey), value };
        if (--remaining === 0) return;
      }
      if (batch.length < RANGE_BATCH_ENTRIES) return;
      resumeAfter = batch[batch.length - 1]![0];
    }
  }

  /** Up to a batch of entries in [from, end), or (from, end) when `excludeFrom`. */
  private batchUp(from: TreeKey | undefined, end: TreeKey | undefined, excludeFrom: boolean): Array<[TreeKey, Value]> {
    const batch: Array<[TreeKey, Value]> = [];
    for (const [treeKey, value] of this.tree.entries(from)) {
      if (excludeFrom && treeKey === from) continue;
      if (end !== undefined && treeKey >= end) break;
      batch.push([treeKey, value]);
      if (batch.length === RANGE_BATCH_ENTRIES) break;
    }
    return batch;
  }

  /** Up to a batch of entries in [start, from), walking down. */
  private batchDown(start: TreeKey | undefined, from: TreeKey | undefined): Array<[TreeKey, Value]> {
    const batch: Array<[TreeKey, Value]> = [];
    const upper = from === undefined ? undefined : this.tree.nextLowerKey(from);
    if (from !== undefined && upper === undefined) return batch;
    for (const [treeKey, value] of this.tree.entriesReversed(upper)) {
      if (start !== undefined && treeKey < start) break;
      batch.push([treeKey, value]);
      if (batch.length === RANGE_BATCH_ENTRIES) break;
    }
    return batch;
  }
}

/**
 * An in-memory OrderedStore on a B+ tree: a reader of its live tree that commits to
 * it. Commits are atomic because JavaScript runs one commit to completion before the
 * next; nothing survives the process.
 */
export class MemoryStore extends TreeReader implements OrderedStore {
  private readonly snapshots = new OpenSnapshots();

  constructor() {
    super(new BTree<TreeKey, Value>());
  }

  /**
   * A clone of the tree, in O(1): sorted-btree's clone shares every node, and the
   * next commit to change a shared node copies it first (copy-on-write), so the
   * clone keeps the moment while the store moves on.
   */
  snapshot(): Promise<StoreSnapshot> {
    return this.snapshots.take(async () => {
      const moment = this.tree.clone();
      // Nothing writes a snapshot; frozen, a write by mistake throws instead of changing the moment.
      moment.freeze();
      return { reader: new TreeReader(moment), free: async () => undefined };
    });
  }

  /** Read and write sets are keyed by keyId, the tree's own keys. */
  async commit(reads: ReadSet, writes: WriteSet, appends: readonly Append[] = []): Promise<boolean> {
    for (const [treeKey, { value }] of reads) {
      if (!bytesEqual(this.tree.get(treeKey), value)) return false;
    }
    for (const [treeKey, { value }] of writes) {
      if (value === undefined) this.tree.delete(treeKey);
      else this.tree.set(treeKey, value);
    }
    for (const { key, value } of appendWrites(appends, (counterKey) => this.tree.get(keyId(counterKey)))) this.tree.set(keyId(key), value);
    return true;
  }

  async close(): Promise<void> {
    await this.snapshots.close();
    this.tree.clear();
  }
}
