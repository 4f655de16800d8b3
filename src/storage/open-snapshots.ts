import type { Entry, Key, RangeOptions, StoreReader, StoreSnapshot, Value } from './store.js';
import { SnapshotReleasedError, STORE_SNAPSHOTS_OPEN_MAX, TooManySnapshotsError } from './store.js';

const STORE_CLOSED_MESSAGE = 'the store is closed: it takes no more snapshots';

/** What a backend holds for one snapshot: a reader fixed at its moment, and how to let that go. */
export interface SnapshotHold {
  readonly reader: StoreReader;
  /** Called once, when the snapshot is released. */
  readonly free: () => Promise<void>;
}

/**
 * The snapshots one store holds open. Every backend takes its snapshots through here,
 * so the limit, the refusal of reads after release and the release on close are the
 * same on all of them; a backend only says how to hold a moment and how to free it.
 */
export class OpenSnapshots {
  private readonly open = new Set<HeldSnapshot>();
  /** Slots taken by snapshots whose hold is still being set up (a PostgreSQL BEGIN in flight). */
  private settingUp = 0;
  private closed = false;

  async take(hold: () => Promise<SnapshotHold>): Promise<StoreSnapshot> {
    if (this.closed) throw new Error(STORE_CLOSED_MESSAGE);
    if (this.open.size + this.settingUp >= STORE_SNAPSHOTS_OPEN_MAX) throw new TooManySnapshotsError(STORE_SNAPSHOTS_OPEN_MAX);
    this.settingUp++;
    let held: SnapshotHold;
    try {
      held = await hold();
    } finally {
      this.settingUp--;
    }
    const snapshot: HeldSnapshot = new HeldSnapshot(held, () => this.open.delete(snapshot));
    this.open.add(snapshot);
    // A store closed meanwhile has already released the others, and must not be left holding this one.
    if (this.closed) {
      await snapshot.release();
      throw new Error(STORE_CLOSED_MESSAGE);
    }
    return snapshot;
  }

  /** Releases every open snapshot and refuses new ones: a store does this before it closes. */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.open].map((snapshot) => snapshot.release()));
  }
}

class HeldSnapshot implements StoreSnapshot {
  /** Undefined once released, so that a released snapshot does not keep its moment reachable. */
  private reader: StoreReader | undefined;
  private readonly free: () => Promise<void>;
  private released: Promise<void> | undefined;

  constructor(
    held: SnapshotHold,
    private readonly forget: () => void,
  ) {
    this.reader = held.reader;
    this.free = held.free;
  }

  async get(key: Key): Promise<Value | undefined> {
    return this.heldReader().get(key);
  }

  async getMany(keys: readonly Key[]): Promise<Array<Value | undefined>> {
    return this.heldReader().getMany(keys);
  }

  /**
   * Checks before every step of the walk, not only before the first: a snapshot
   * released mid-walk yields nothing more, and the backend's hold (an LMDB
   * transaction, a PostgreSQL connection back in its pool) is not used after it.
   */
  async *range(options: RangeOptions): AsyncIterable<Entry> {
    const entries = this.heldReader().range(options)[Symbol.asyncIterator]();
    try {
      for (;;) {
        this.heldReader(); // throws once released
        const step = await entries.next();
        if (step.done === true) return;
        yield step.value;
      }
    } finally {
      await entries.return?.();
    }
  }

  release(): Promise<void> {
    this.released ??= this.letGo();
    return this.released;
  }

  private async letGo(): Promise<void> {
    this.reader = undefined;
    this.forget();
    await this.free();
  }

  private heldReader(): StoreReader {
    if (this.reader === undefined) throw new SnapshotReleasedError();
    return this.reader;
  }
}
