import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Engine } from '../../src/engine/engine.js';
import { ManualClock } from '../../src/model/clock.js';
import { createLogger } from '../../src/model/logger.js';
import { MemoryStore } from '../../src/storage/memory-store.js';
import type { StreamDescriptor } from '../../src/engine/stream-catalog.js';
import { streamLogRange } from '../../src/engine/keyspace.js';
import { parseSequenceNumber, parseShardId, sequenceNumberOf, shardIdOf } from '../../src/engine/stream-positions.js';
import type { NumberedRecord } from '../../src/engine/stream-reader.js';
import type { StreamViewType } from '../../src/engine/table-definition.js';
import { keyText } from '../../src/model/attribute-value.js';
import { hashKeyTable, N, NAMESPACE, put, remove, S, setAndRemove, START_MS, update, withEngine, attributeEquals } from './engine-fixture.js';

async function onlyStream(engine: Engine): Promise<StreamDescriptor> {
  const streams = await engine.listStreams(NAMESPACE);
  assert.equal(streams.length, 1);
  return streams[0]!;
}

/** Every record of every shard of the stream, in shard order. */
async function allRecords(engine: Engine, stream: StreamDescriptor): Promise<NumberedRecord[]> {
  const records: NumberedRecord[] = [];
  for (const shard of await engine.streamShards(stream)) {
    records.push(...(await engine.readShard(stream, shard, shard.startNumber, { records: 1000, bytes: 1 << 20 })).records);
  }
  return records;
}

async function tableWithStream(engine: Engine, viewType: StreamViewType) {
  return engine.createTable(NAMESPACE, hashKeyTable('t', { streamViewType: viewType }));
}

describe('streams in the engine', () => {
  it('records each change in its commit, with the images of the view type, and none for a write that changes nothing', async () => {
    await withEngine(async ({ engine, clock }) => {
      const table = await tableWithStream(engine, 'NEW_AND_OLD_IMAGES');
      await put(engine, table, { id: S('a'), v: N(1) });
      await put(engine, table, { id: S('a'), v: { N: '1' } });
      await clock.advance(1500);
      await update(engine, table, { id: S('a') }, setAndRemove({ v: N(2) }));
      await assert.rejects(update(engine, table, { id: S('a') }, setAndRemove({ v: N(3) }), { condition: attributeEquals('v', N(9)) }));
      await remove(engine, table, { id: S('a') });
      await remove(engine, table, { id: S('absent') });
      const records = (await allRecords(engine, await onlyStream(engine))).map(({ number, record }) => ({ number, ...record }));
      assert.deepEqual(records, [
        { number: 0n, eventName: 'INSERT', createdEpochMs: START_MS, keys: { id: S('a') }, newImage: { id: S('a'), v: N(1) }, sizeBytes: 9 },
        {
          number: 1n,
          eventName: 'MODIFY',
          createdEpochMs: START_MS + 1500,
          keys: { id: S('a') },
          newImage: { id: S('a'), v: N(2) },
          oldImage: { id: S('a'), v: N(1) },
          sizeBytes: 15,
        },
        { number: 2n, eventName: 'REMOVE', createdEpochMs: START_MS + 1500, keys: { id: S('a') }, oldImage: { id: S('a'), v: N(2) }, sizeBytes: 9 },
      ]);
    });
  });

  it('keeps only what the view type asks for', async () => {
    for (const [viewType, expected] of [
      ['KEYS_ONLY', [[], [], []]],
      ['NEW_IMAGE', [['newImage'], ['newImage'], []]],
      ['OLD_IMAGE', [[], ['oldImage'], ['oldImage']]],
    ] as const) {
      await withEngine(async ({ engine }) => {
        const table = await tableWithStream(engine, viewType);
        await put(engine, table, { id: S('a'), v: N(1) });
        await put(engine, table, { id: S('a'), v: N(2) });
        await remove(engine, table, { id: S('a') });
        const images = (await allRecords(engine, await onlyStream(engine))).map(({ record }) => ['newImage', 'oldImage'].filter((image) => image in record));
        assert.deepEqual(images, expected, viewType);
      });
    }
  });

  it('closes the shard when the stream is disabled, keeps it readable, and starts a new stream when enabled again', async () => {
    await withEngine(async ({ engine, clock }) => {
      const table = await tableWithStream(engine, 'KEYS_ONLY');
      await put(engine, table, { id: S('a') });
      await clock.advance(10);
      const disabled = await engine.updateTable(NAMESPACE, 't', { stream: { enabled: false } });
      assert.equal(disabled.stream, undefined);
      assert.equal(disabled.latestStreamCreatedEpochMs, START_MS);
      await put(engine, disabled, { id: S('b') });
      const [old] = await engine.listStreams(NAMESPACE);
      assert.equal(old!.disabledEpochMs, START_MS + 10);
      const [shard] = await engine.streamShards(old!);
      assert.deepEqual({ closed: shard!.closed, endNumber: shard!.endNumber }, { closed: true, endNumber: 0n });
      const read = await engine.readShard(old!, shard!, 0n, { records: 10, bytes: 1 << 20 });
      assert.equal(read.records.length, 1);
      assert.equal(read.nextNumber, undefined, 'a drained closed shard has no next position');
      const enabled = await engine.updateTable(NAMESPACE, 't', { stream: { enabled: true, viewType: 'NEW_IMAGE' } });
      assert.notEqual(enabled.stream!.id, old!.id);
      assert.equal(enabled.latestStreamCreatedEpochMs, START_MS + 10);
      const streams = await engine.listStreams(NAMESPACE);
      assert.deepEqual(
        streams.map((stream) => [stream.viewType, stream.disabledEpochMs !== undefined]),
        [
          ['KEYS_ONLY', true],
          ['NEW_IMAGE', false],
        ],
      );
    });
  });

  it('refuses enabling a second stream and disabling none, in AWS words', async () => {
    await withEngine(async ({ engine }) => {
      await tableWithStream(engine, 'KEYS_ONLY');
      await assert.rejects(engine.updateTable(NAMESPACE, 't', { stream: { enabled: true, viewType: 'NEW_IMAGE' } }), {
        message: 'Table already has an enabled stream: TableName: t',
      });
      await engine.updateTable(NAMESPACE, 't', { stream: { enabled: false } });
      await assert.rejects(engine.updateTable(NAMESPACE, 't', { stream: { enabled: false } }), { message: 'Table has no stream to disable: TableName: t' });
    });
  });

  it("names Time to Live as the remover of an expired item, and no one else's deletes", async () => {
    await withEngine(async ({ engine, clock }) => {
      const table = await tableWithStream(engine, 'OLD_IMAGE');
      await engine.updateTimeToLive(NAMESPACE, 't', { attributeName: 'expires', enabled: true });
      const current = await engine.requireTable(NAMESPACE, 't');
      await put(engine, current, { id: S('gone'), expires: N(Math.floor(START_MS / 1000) - 1) });
      await put(engine, table, { id: S('kept') });
      await remove(engine, table, { id: S('kept') });
      await clock.advance(60_000);
      const removals = (await allRecords(engine, await onlyStream(engine)))
        .filter(({ record }) => record.eventName === 'REMOVE')
        .map(({ record }) => [keyText(record.keys['id']!), record.byTimeToLive ?? false]);
      // The sweeper, woken when TTL was enabled, may run before or after the client's delete.
      assert.deepEqual(
        new Map(removals as Array<[string, boolean]>),
        new Map([
          ['kept', false],
          ['gone', true],
        ]),
      );
    });
  });

  it('disables the stream of a deleted table and keeps it readable', async () => {
    await withEngine(async ({ engine, clock }) => {
      const table = await tableWithStream(engine, 'KEYS_ONLY');
      await put(engine, table, { id: S('a') });
      await clock.advance(5);
      await engine.deleteTable(NAMESPACE, 't');
      const stream = await onlyStream(engine);
      assert.equal(stream.disabledEpochMs, START_MS + 5);
      assert.equal((await allRecords(engine, stream)).length, 1);
    });
  });
});

const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;

/** An engine whose streams' shards roll over every minute of its ManualClock. */
async function withRollingEngine(body: (engine: Engine, clock: ManualClock, store: MemoryStore) => Promise<void>): Promise<void> {
  const clock = new ManualClock(START_MS);
  const store = new MemoryStore();
  const engine = new Engine(store, { logger: createLogger('error', () => {}), clock, streamShardRolloverMs: MINUTE_MS });
  try {
    await body(engine, clock, store);
  } finally {
    await engine.close();
  }
}

describe("a stream's consumers", () => {
  it('keep a checkpoint per lane and consumer, and are told of each commit that wrote stream records', async () => {
    await withEngine(async ({ engine }) => {
      const table = await tableWithStream(engine, 'KEYS_ONLY');
      const plain = await engine.createTable(NAMESPACE, hashKeyTable('plain'));
      const stream = await onlyStream(engine);
      assert.equal(await engine.streamCheckpoint(stream, 0, 'one'), undefined);
      await engine.saveStreamCheckpoint(stream, 0, 'one', 7n);
      await engine.saveStreamCheckpoint(stream, 0, 'two', 3n);
      assert.equal(await engine.streamCheckpoint(stream, 0, 'one'), 7n);
      assert.equal(await engine.streamCheckpoint(stream, 0, 'two'), 3n);

      let signalled = 0;
      const unsubscribe = engine.streamRecordsWritten.subscribe(() => signalled++);
      await put(engine, table, { id: S('a') });
      await put(engine, table, { id: S('a') });
      await put(engine, plain, { id: S('a') });
      assert.equal(signalled, 1, 'not for a write that changed nothing, nor for a table without a stream');
      unsubscribe();
      await put(engine, table, { id: S('b') });
      assert.equal(signalled, 1);
    });
  });
});

describe('stream keeping', () => {
  it('rolls a shard with records over to a child that takes the records after it, and leaves an empty one open', async () => {
    await withRollingEngine(async (engine, clock) => {
      const table = await tableWithStream(engine, 'KEYS_ONLY');
      await clock.advance(MINUTE_MS);
      const stream = await onlyStream(engine);
      assert.equal((await engine.streamShards(stream)).length, 1, 'an empty shard stays open');
      await put(engine, table, { id: S('a') });
      await clock.advance(MINUTE_MS);
      await put(engine, table, { id: S('b') });
      const [parent, child] = await engine.streamShards(stream);
      assert.deepEqual(
        [parent, child].map((shard) => ({ closed: shard!.closed, start: shard!.startNumber, end: shard!.endNumber })),
        [
          { closed: true, start: 0n, end: 0n },
          { closed: false, start: 1n, end: undefined },
        ],
      );
      assert.equal(child!.parentShardId, parent!.shardId);
      const fromParent = await engine.readShard(stream, parent!, 0n, { records: 10, bytes: 1 << 20 });
      assert.deepEqual(
        fromParent.records.map(({ record }) => record.keys),
        [{ id: S('a') }],
      );
      assert.equal(fromParent.nextNumber, undefined);
      const fromChild = await engine.readShard(stream, child!, child!.startNumber, { records: 10, bytes: 1 << 20 });
      assert.deepEqual(
        fromChild.records.map(({ record }) => record.keys),
        [{ id: S('b') }],
      );
    });
  });

  it('trims records older than 24 hours, drops the shards they emptied, and removes a stream disabled that long', async () => {
    await withRollingEngine(async (engine, clock, store) => {
      const table = await tableWithStream(engine, 'KEYS_ONLY');
      await put(engine, table, { id: S('old') });
      await clock.advance(DAY_MS - MINUTE_MS);
      await put(engine, table, { id: S('recent') });
      const stream = await onlyStream(engine);
      assert.equal(await engine.firstRetainedNumber(stream, 0), 0n);
      await clock.advance(2 * MINUTE_MS);
      assert.equal(await engine.firstRetainedNumber(stream, 0), 1n, 'the first record is past 24 hours');
      const shards = await engine.streamShards(stream);
      assert.ok(
        shards.every((shard) => shard.nextNumber > 1n),
        'no shard of trimmed records only is left',
      );
      await engine.saveStreamCheckpoint(stream, 0, 'a trigger', 2n);
      await engine.updateTable(NAMESPACE, 't', { stream: { enabled: false } });
      await clock.advance(DAY_MS);
      assert.equal((await engine.listStreams(NAMESPACE)).length, 1, 'kept for 24 hours after it was disabled');
      await clock.advance(2 * MINUTE_MS);
      assert.deepEqual(await engine.listStreams(NAMESPACE), []);
      const left: unknown[] = [];
      for await (const entry of store.range(streamLogRange(stream.id))) left.push(entry.key);
      assert.deepEqual(left, [], "its records, counters, shards and consumers' checkpoints are purged");
    });
  });
});

describe('stream positions', () => {
  it('names records by sequence numbers that increase within a lane and differ between lanes', () => {
    assert.equal(sequenceNumberOf(0n, 0, 1), '100000000000000000000');
    assert.equal(sequenceNumberOf(5n, 2, 4), '100000000000000000022');
    assert.deepEqual(parseSequenceNumber('100000000000000000022', 4), { lane: 2, number: 5n });
    assert.equal(parseSequenceNumber('99999999999999999999', 1), undefined, 'fewer than 21 digits');
    assert.equal(parseSequenceNumber('000000000000000000001', 1), undefined, 'before the first');
  });

  it('names shards by when they opened, their lane and their generation', () => {
    const shardId = shardIdOf({ lane: 3, generation: 7 }, 1_796_000_000_000);
    assert.equal(shardId, 'shardId-00000001796000000000-03000007');
    assert.deepEqual(parseShardId(shardId), { lane: 3, generation: 7 });
    assert.equal(parseShardId('shardId-1-2'), undefined);
  });
});
