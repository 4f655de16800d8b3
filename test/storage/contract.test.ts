import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { LmdbStore } from '../../src/storage/lmdb-store.js';
import { MemoryStore } from '../../src/storage/memory-store.js';
import { PostgresStore } from '../../src/storage/postgres-store.js';
import type { Append, Entry, OrderedStore, RangeOptions, StoreReader } from '../../src/storage/store.js';
import { keyId, logCounterValue, logRecordNumber, SnapshotReleasedError, STORE_SNAPSHOTS_OPEN_MAX, TooManySnapshotsError } from '../../src/storage/store.js';
import { transact } from '../../src/storage/transaction.js';
import { postgresSkipReason, testPostgresDatabase, type TestPostgresDatabase } from '../support/postgres-server.js';

/**
 * The storage contract: every backend must pass exactly these tests. A backend is
 * correct for the engine if it is an ordered map of byte strings whose commits are
 * atomic and check their read sets.
 */

const scratchDirectories: string[] = [];
after(() => {
  for (const directory of scratchDirectories) rmSync(directory, { recursive: true, force: true });
});

function scratchDirectory(): string {
  const directory = mkdtempSync(join(tmpdir(), 'strata-store-'));
  scratchDirectories.push(directory);
  return directory;
}

const postgresDatabases: TestPostgresDatabase[] = [];
after(async () => {
  for (const database of postgresDatabases) await database.drop();
});

/** Each store opens on a fresh database of the test PostgreSQL server. */
async function openPostgresStore(): Promise<OrderedStore> {
  const database = await testPostgresDatabase();
  postgresDatabases.push(database);
  return PostgresStore.open(database.url);
}

interface Backend {
  readonly name: string;
  readonly open: () => Promise<OrderedStore>;
  readonly skip?: string | undefined;
  /**
   * What a walk over the live store shows of commits that land while it is under way.
   * Memory and PostgreSQL read a batch at a time and resume after the last key seen, so
   * they show a commit that lands past the batch in hand, and never one behind the
   * cursor. An LMDB walk reads one read transaction from its start (lmdb-js's default),
   * so it shows neither.
   */
  readonly walkSeesCommitsAhead: boolean;
}

const backends: Backend[] = [
  { name: 'memory', open: async () => new MemoryStore(), walkSeesCommitsAhead: true },
  { name: 'lmdb', open: async () => LmdbStore.open(scratchDirectory()), walkSeesCommitsAhead: false },
  { name: 'postgres', open: openPostgresStore, skip: postgresSkipReason(), walkSeesCommitsAhead: true },
];

const bytes = (...values: number[]): Uint8Array => Uint8Array.from(values);
const text = (value: string): Uint8Array => Buffer.from(value, 'utf8');

/** Commits `entries` in one commit; a value of undefined deletes its key. */
async function write(store: OrderedStore, entries: Array<[Uint8Array, Uint8Array | undefined]>): Promise<void> {
  const writes = new Map(entries.map(([key, value]) => [keyId(key), { key, value }]));
  assert.equal(await store.commit(new Map(), writes), true);
}

/** `k` and five digits: text keys in the order of their numbers. */
const numbered = (number: number): string => `k${String(number).padStart(5, '0')}`;

/** Writes the even numbered keys from 0 to 1,998, each holding `value`: several batches of a range walk on every backend. */
async function writeEvenKeys(store: OrderedStore, value: string): Promise<Map<string, string>> {
  const model = new Map(Array.from({ length: 1000 }, (_, index) => [numbered(index * 2), value]));
  await write(
    store,
    [...model].map(([key, held]) => [text(key), text(held)]),
  );
  return model;
}

/** An entry as `key=value`: the keys and values these tests write are text. */
const entryText = (entry: Entry): string => `${Buffer.from(entry.key).toString()}=${Buffer.from(entry.value).toString()}`;

async function entriesOf(reader: StoreReader, options: RangeOptions): Promise<string[]> {
  const entries: string[] = [];
  for await (const entry of reader.range(options)) entries.push(entryText(entry));
  return entries;
}

/** What `entriesOf` gives over a store holding `model`, whose keys are ASCII, so string order is byte order. */
function modelEntries(model: ReadonlyMap<string, string>, options: RangeOptions): string[] {
  const [start, end] = [options.start, options.end].map((bound) => (bound === undefined ? undefined : Buffer.from(bound).toString()));
  const keys = [...model.keys()].filter((key) => (start === undefined || key >= start) && (end === undefined || key < end)).sort();
  if (options.reverse === true) keys.reverse();
  return keys.slice(0, options.limit ?? Infinity).map((key) => `${key}=${model.get(key)}`);
}

/** Reads several text keys, absent ones as undefined. */
async function valuesOf(reader: StoreReader, keys: readonly string[]): Promise<Array<string | undefined>> {
  const values = await reader.getMany(keys.map(text));
  return values.map((value) => (value === undefined ? undefined : Buffer.from(value).toString()));
}

async function collect(store: OrderedStore, options: RangeOptions): Promise<string[]> {
  const keys: string[] = [];
  for await (const entry of store.range(options)) keys.push(Buffer.from(entry.key).toString('hex'));
  return keys;
}

for (const backend of backends) {
  describe(`storage contract: ${backend.name}`, { skip: backend.skip }, () => {
    it('gets what was committed and nothing else', async () => {
      const store = await backend.open();
      assert.equal(await store.get(text('missing')), undefined);
      await write(store, [[text('a'), text('1')]]);
      assert.deepEqual(Buffer.from((await store.get(text('a')))!), Buffer.from('1'));
      assert.equal(await store.get(text('b')), undefined);
      await store.close();
    });

    it('deletes keys written as undefined', async () => {
      const store = await backend.open();
      await write(store, [[text('a'), text('1')]]);
      assert.equal(await store.commit(new Map(), new Map([[keyId(text('a')), { key: text('a'), value: undefined }]])), true);
      assert.equal(await store.get(text('a')), undefined);
      await store.close();
    });

    it('orders keys bytewise, including 0x00 and 0xff bytes and prefixes', async () => {
      const store = await backend.open();
      const keys = [bytes(0x01), bytes(0x01, 0x00), bytes(0x01, 0x00, 0x00), bytes(0x01, 0x01), bytes(0x01, 0xff), bytes(0x02), bytes(0xff, 0xff)];
      const shuffled = [...keys].reverse();
      await write(
        store,
        shuffled.map((key) => [key, bytes(1)]),
      );
      const hex = keys.map((key) => Buffer.from(key).toString('hex'));
      assert.deepEqual(await collect(store, {}), hex);
      assert.deepEqual(await collect(store, { reverse: true }), [...hex].reverse());
      await store.close();
    });

    it('ranges with inclusive start, exclusive end, limits, both directions', async () => {
      const store = await backend.open();
      await write(
        store,
        ['a', 'b', 'c', 'd', 'e'].map((key) => [text(key), text(key)]),
      );
      const hex = (...keys: string[]): string[] => keys.map((key) => Buffer.from(key).toString('hex'));
      assert.deepEqual(await collect(store, { start: text('b'), end: text('d') }), hex('b', 'c'));
      assert.deepEqual(await collect(store, { start: text('b'), end: text('d'), reverse: true }), hex('c', 'b'));
      assert.deepEqual(await collect(store, { start: text('bb'), end: text('dd') }), hex('c', 'd'));
      assert.deepEqual(await collect(store, { start: text('bb'), end: text('dd'), reverse: true }), hex('d', 'c'));
      assert.deepEqual(await collect(store, { start: text('b'), limit: 2 }), hex('b', 'c'));
      assert.deepEqual(await collect(store, { end: text('e'), reverse: true, limit: 2 }), hex('d', 'c'));
      assert.deepEqual(await collect(store, { end: text('zz'), reverse: true, limit: 1 }), hex('e'));
      assert.deepEqual(await collect(store, { start: text('x') }), []);
      assert.deepEqual(await collect(store, { end: text('a'), reverse: true }), []);
      assert.deepEqual(await collect(store, { start: text('c'), end: text('c') }), []);
      assert.deepEqual(await collect(store, { limit: 0 }), []);
      await store.close();
    });

    it('returns entries whose bytes stay valid after later writes', async () => {
      const store = await backend.open();
      await write(store, [
        [text('k1'), text('first')],
        [text('k2'), text('second')],
      ]);
      const entries: Entry[] = [];
      for await (const entry of store.range({})) entries.push(entry);
      await write(store, [[text('k1'), text('changed')]]);
      assert.deepEqual(
        entries.map((entry) => Buffer.from(entry.value).toString()),
        ['first', 'second'],
      );
      await store.close();
    });

    for (const reverse of [false, true]) {
      for (const walker of ['the live store', 'a snapshot'] as const) {
        it(`walks ${walker} over a long range ${reverse ? 'in reverse' : 'forward'} while commits land ahead of the cursor and behind it`, async () => {
          const store = await backend.open();
          await writeEvenKeys(store, 'before');
          const snapshot = walker === 'a snapshot' ? await store.snapshot() : undefined;
          // The walk covers 900 of the 1,000 even keys.
          const inRange = Array.from({ length: 900 }, (_, index) => 100 + index * 2);
          const walkOrder = reverse ? [...inRange].reverse() : inRange;
          const onward = reverse ? -1 : 1;
          // Entries seen when the commit lands; the writes ahead fall more than a batch past the cursor.
          const cursorEntries = 100;
          const insertedBehind = walkOrder[cursorEntries - 10]! + onward;
          const insertedAhead = walkOrder[700]! + onward;
          const deletedAhead = walkOrder[710]!;
          const overwrittenAhead = walkOrder[720]!;
          const seen: string[] = [];
          for await (const entry of (snapshot ?? store).range({ start: text(numbered(100)), end: text(numbered(1900)), reverse })) {
            seen.push(entryText(entry));
            if (seen.length !== cursorEntries) continue;
            await write(store, [
              [text(numbered(insertedBehind)), text('late')],
              [text(numbered(insertedAhead)), text('late')],
              [text(numbered(deletedAhead)), undefined],
              [text(numbered(overwrittenAhead)), text('late')],
            ]);
          }
          const expected =
            snapshot === undefined && backend.walkSeesCommitsAhead
              ? walkOrder.flatMap((number) => {
                  if (number === deletedAhead) return [];
                  const entry = `${numbered(number)}=${number === overwrittenAhead ? 'late' : 'before'}`;
                  return number === walkOrder[700] ? [entry, `${numbered(insertedAhead)}=late`] : [entry];
                })
              : walkOrder.map((number) => `${numbered(number)}=before`);
          assert.deepEqual(seen, expected);
          await snapshot?.release();
          await store.close();
        });
      }
    }

    it('refuses a commit whose reads went stale, writing nothing', async () => {
      const store = await backend.open();
      await write(store, [[text('counter'), text('1')]]);
      const staleReads = new Map([[keyId(text('counter')), { key: text('counter'), value: text('0') }]]);
      const writes = new Map([
        [keyId(text('counter')), { key: text('counter'), value: text('2') }],
        [keyId(text('other')), { key: text('other'), value: text('x') }],
      ]);
      assert.equal(await store.commit(staleReads, writes), false);
      assert.equal(Buffer.from((await store.get(text('counter')))!).toString(), '1');
      assert.equal(await store.get(text('other')), undefined);
      const absentRead = new Map([[keyId(text('counter')), { key: text('counter'), value: undefined }]]);
      assert.equal(await store.commit(absentRead, writes), false);
      await store.close();
    });

    it('serializes concurrent read-modify-write transactions without losing updates', async () => {
      const store = await backend.open();
      const key = text('counter');
      const increments = 40;
      await Promise.all(
        Array.from({ length: increments }, () =>
          transact(store, async (txn) => {
            const current = await txn.get(key);
            const value = current === undefined ? 0 : Number(Buffer.from(current).toString());
            txn.put(key, text(String(value + 1)));
          }),
        ),
      );
      assert.equal(Buffer.from((await store.get(key))!).toString(), String(increments));
      await store.close();
    });

    it('reads several keys at once, in order, absent ones as undefined', async () => {
      const store = await backend.open();
      await write(store, [
        [text('a'), text('1')],
        [text('c'), text('3')],
      ]);
      const values = await store.getMany([text('c'), text('b'), text('a')]);
      assert.deepEqual(
        values.map((value) => (value === undefined ? undefined : Buffer.from(value).toString())),
        ['3', undefined, '1'],
      );
      await store.close();
    });

    it('reads several keys as one snapshot while commits move values between them', async () => {
      const store = await backend.open();
      const [a, b] = [text('a'), text('b')];
      const total = 300;
      await write(store, [
        [a, text(String(total))],
        [b, text('0')],
      ]);
      const numberOf = (value: Uint8Array | undefined): number => Number(Buffer.from(value!).toString());
      let moving = true;
      const transfers = (async () => {
        for (let moved = 0; moved < total; moved++) {
          await transact(store, async (txn) => {
            const [fromA, toB] = [numberOf(await txn.get(a)), numberOf(await txn.get(b))];
            txn.put(a, text(String(fromA - 1)));
            txn.put(b, text(String(toB + 1)));
          });
        }
        moving = false;
      })();
      let snapshots = 0;
      while (moving) {
        const [valueA, valueB] = await store.getMany([a, b]);
        assert.equal(numberOf(valueA) + numberOf(valueB), total);
        snapshots++;
        await new Promise((resolve) => setImmediate(resolve));
      }
      await transfers;
      assert.ok(snapshots > 0);
      assert.equal(numberOf(await store.get(b)), total);
      await store.close();
    });

    it('reads a snapshot as of its moment while puts, deletes and overwrites land after it', async () => {
      const store = await backend.open();
      const before = await writeEvenKeys(store, 'before');
      const snapshot = await store.snapshot();
      // Changes all over the keyspace, undefined for a delete.
      const changes = new Map<string, string | undefined>();
      for (let number = 0; number < 2000; number++) {
        if (number % 14 === 0) changes.set(numbered(number), 'after');
        else if (number % 22 === 0) changes.set(numbered(number), undefined);
        else if (number % 10 === 5) changes.set(numbered(number), 'inserted');
      }
      const after = new Map(before);
      for (const [key, value] of changes) {
        if (value === undefined) after.delete(key);
        else after.set(key, value);
      }
      await write(
        store,
        [...changes].map(([key, value]) => [text(key), value === undefined ? undefined : text(value)]),
      );
      const ranges: RangeOptions[] = [
        {},
        { reverse: true },
        { start: text(numbered(100)), end: text(numbered(1900)) },
        { start: text(numbered(100)), end: text(numbered(1900)), reverse: true },
        { start: text(numbered(101)), end: text(numbered(1899)), limit: 300 },
        { start: text(numbered(101)), end: text(numbered(1899)), reverse: true, limit: 300 },
        { start: text(numbered(555)), limit: 5 },
        { end: text(numbered(1555)), reverse: true, limit: 5 },
      ];
      for (const options of ranges) {
        assert.deepEqual(await entriesOf(snapshot, options), modelEntries(before, options));
        assert.deepEqual(await entriesOf(store, options), modelEntries(after, options));
      }
      const probes = [0, 14, 22, 5, 1998, 1999].map(numbered);
      assert.deepEqual(
        await valuesOf(snapshot, probes),
        probes.map((key) => before.get(key)),
      );
      assert.deepEqual(
        await valuesOf(store, probes),
        probes.map((key) => after.get(key)),
      );
      for (const key of probes) {
        const value = await snapshot.get(text(key));
        assert.equal(value === undefined ? undefined : Buffer.from(value).toString(), before.get(key));
      }
      await snapshot.release();
      await store.close();
    });

    it('keeps each snapshot at its own moment', async () => {
      const store = await backend.open();
      await write(store, [
        [text('a'), text('1')],
        [text('b'), text('1')],
      ]);
      const first = await store.snapshot();
      await write(store, [
        [text('a'), text('2')],
        [text('c'), text('2')],
      ]);
      const second = await store.snapshot();
      await write(store, [
        [text('a'), text('3')],
        [text('b'), undefined],
      ]);
      assert.deepEqual(await entriesOf(first, {}), ['a=1', 'b=1']);
      assert.deepEqual(await entriesOf(second, {}), ['a=2', 'b=1', 'c=2']);
      assert.deepEqual(await entriesOf(store, {}), ['a=3', 'c=2']);
      await first.release();
      assert.deepEqual(await valuesOf(second, ['a', 'b', 'c']), ['2', '1', '2']);
      await second.release();
      await store.close();
    });

    it('refuses reads of a released snapshot, even mid-walk, and releases it once', async () => {
      const store = await backend.open();
      await writeEvenKeys(store, 'v');
      const snapshot = await store.snapshot();
      const walk = snapshot.range({})[Symbol.asyncIterator]();
      assert.equal((await walk.next()).done, false);
      await snapshot.release();
      await assert.rejects(walk.next(), SnapshotReleasedError);
      await assert.rejects(snapshot.get(text(numbered(0))), SnapshotReleasedError);
      await assert.rejects(snapshot.getMany([text(numbered(0)), text(numbered(2))]), SnapshotReleasedError);
      await assert.rejects(entriesOf(snapshot, {}), /snapshot was released/);
      await snapshot.release();
      assert.deepEqual(await valuesOf(store, [numbered(0)]), ['v']);
      await store.close();
    });

    it(`holds at most ${STORE_SNAPSHOTS_OPEN_MAX} snapshots open, and releases them on close`, async () => {
      const store = await backend.open();
      await write(store, [[text('a'), text('1')]]);
      // Taken all at once, so that snapshots still being set up count against the limit too.
      const taken = await Promise.allSettled(Array.from({ length: STORE_SNAPSHOTS_OPEN_MAX + 2 }, () => store.snapshot()));
      const open = taken.flatMap((outcome) => (outcome.status === 'fulfilled' ? [outcome.value] : []));
      const refused = taken.flatMap((outcome) => (outcome.status === 'rejected' ? [outcome.reason as unknown] : []));
      assert.equal(open.length, STORE_SNAPSHOTS_OPEN_MAX);
      assert.equal(refused.length, 2);
      for (const error of refused) assert.ok(error instanceof TooManySnapshotsError, String(error));
      await assert.rejects(store.snapshot(), /snapshots are open, the most a store holds at once/);
      // Plain reads still have what they need while the snapshots are held.
      assert.deepEqual(await valuesOf(store, ['a']), ['1']);
      await open[0]!.release();
      const another = await store.snapshot();
      await assert.rejects(store.snapshot(), TooManySnapshotsError);
      await store.close();
      for (const snapshot of [another, ...open]) await assert.rejects(snapshot.get(text('a')), SnapshotReleasedError);
    });

    it('numbers appended records in commit order, consecutively within a commit, per log', async () => {
      const store = await backend.open();
      const [counterA, counterB] = [text('counter/a'), text('counter/b')];
      const append = (counterKey: Uint8Array, value: string): Append => ({
        counterKey,
        recordPrefix: Buffer.concat([text('log/'), counterKey.subarray(-1)]),
        value: text(value),
      });
      assert.equal(await store.commit(new Map(), new Map(), [append(counterA, 'a0'), append(counterB, 'b0'), append(counterA, 'a1')]), true);
      assert.equal(await store.commit(new Map(), new Map(), [append(counterA, 'a2')]), true);
      const records: string[] = [];
      for await (const entry of store.range({ start: text('log/'), end: text('log0') })) {
        records.push(`${Buffer.from(entry.key.subarray(0, 5)).toString()}${logRecordNumber(entry.key)}=${Buffer.from(entry.value).toString()}`);
      }
      assert.deepEqual(records, ['log/a0=a0', 'log/a1=a1', 'log/a2=a2', 'log/b0=b0']);
      assert.equal(logCounterValue(await store.get(counterA)), 3n);
      assert.equal(logCounterValue(await store.get(counterB)), 1n);
      await store.close();
    });

    it('appends nothing when the read set went stale, and conflicts a reader of the counter, not other appends', async () => {
      const store = await backend.open();
      const counterKey = text('counter');
      const record = (value: string): Append => ({ counterKey, recordPrefix: text('log/'), value: text(value) });
      await write(store, [[text('a'), text('1')]]);
      assert.equal(await store.commit(new Map([[keyId(text('a')), { key: text('a'), value: text('0') }]]), new Map(), [record('lost')]), false);
      assert.equal(await store.get(counterKey), undefined);
      const counterRead = new Map([[keyId(counterKey), { key: counterKey, value: undefined }]]);
      // Concurrent appenders, none of which read the counter: all land.
      const landed = await Promise.all(Array.from({ length: 20 }, (_, index) => store.commit(new Map(), new Map(), [record(`r${index}`)])));
      assert.deepEqual(landed, Array(20).fill(true));
      assert.equal(await store.commit(counterRead, new Map([[keyId(text('b')), { key: text('b'), value: text('1') }]])), false);
      assert.equal(logCounterValue(await store.get(counterKey)), 20n);
      const numbers: bigint[] = [];
      for await (const entry of store.range({ start: text('log/'), end: text('log0') })) numbers.push(logRecordNumber(entry.key));
      assert.deepEqual(
        numbers,
        Array.from({ length: 20 }, (_, index) => BigInt(index)),
      );
      await store.close();
    });

    it('lets a transaction read its own writes', async () => {
      const store = await backend.open();
      const seen = await transact(store, async (txn) => {
        txn.put(text('a'), text('mine'));
        const value = await txn.get(text('a'));
        txn.delete(text('b'));
        return Buffer.from(value!).toString();
      });
      assert.equal(seen, 'mine');
      await store.close();
    });
  });
}

describe('storage: lmdb durability', () => {
  it('keeps committed data across close and reopen', async () => {
    const directory = scratchDirectory();
    const first = LmdbStore.open(directory);
    await write(first, [[text('durable'), text('yes')]]);
    await first.close();
    const second = LmdbStore.open(directory);
    assert.equal(Buffer.from((await second.get(text('durable')))!).toString(), 'yes');
    await second.close();
  });
});
