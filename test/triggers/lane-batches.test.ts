import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Engine } from '../../src/engine/engine.js';
import { ManualClock } from '../../src/model/clock.js';
import { createLogger } from '../../src/model/logger.js';
import { MemoryStore } from '../../src/storage/memory-store.js';
import { readLaneBatch } from '../../src/triggers/lane-batches.js';
import { hashKeyTable, NAMESPACE, put, S, START_MS } from '../engine/engine-fixture.js';

const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;
const LIMITS = { records: 10, bytes: 1 << 20 };

async function withEngine(body: (engine: Engine, clock: ManualClock) => Promise<void>): Promise<void> {
  const clock = new ManualClock(START_MS);
  const engine = new Engine(new MemoryStore(), { logger: createLogger('error', () => {}), clock, streamShardRolloverMs: MINUTE_MS });
  try {
    await body(engine, clock);
  } finally {
    await engine.close();
  }
}

const keysOf = (batch: Awaited<ReturnType<typeof readLaneBatch>>): string[] => batch.records.map(({ record }) => (record.keys['id'] as { S: string }).S);

describe('reading a lane for a consumer', () => {
  it('gives one shard at a time, says when a batch ends its shard, and goes on into the child', async () => {
    await withEngine(async (engine, clock) => {
      const table = await engine.createTable(NAMESPACE, hashKeyTable('t', { streamViewType: 'KEYS_ONLY' }));
      const [stream] = await engine.listStreams(NAMESPACE);
      await put(engine, table, { id: S('a') });
      await put(engine, table, { id: S('b') });
      await clock.advance(MINUTE_MS);
      await put(engine, table, { id: S('c') });

      const first = await readLaneBatch(engine, stream!, 0, 0n, LIMITS);
      assert.deepEqual(keysOf(first), ['a', 'b']);
      assert.equal(first.nextNumber, 2n);
      assert.equal(first.endsShard, true);
      const second = await readLaneBatch(engine, stream!, 0, first.nextNumber, LIMITS);
      assert.deepEqual(keysOf(second), ['c']);
      assert.deepEqual([second.endsShard, second.laneEnded], [false, false]);
      const caughtUp = await readLaneBatch(engine, stream!, 0, second.nextNumber, LIMITS);
      assert.deepEqual([caughtUp.records.length, caughtUp.nextNumber, caughtUp.endsShard], [0, 3n, false]);
      const limited = await readLaneBatch(engine, stream!, 0, 0n, { records: 1, bytes: 1 << 20 });
      assert.deepEqual([keysOf(limited), limited.nextNumber, limited.endsShard], [['a'], 1n, false]);
    });
  });

  it('counts the records trimmed before the consumer came to them, and ends the lane of a disabled stream read to its end', async () => {
    await withEngine(async (engine, clock) => {
      const table = await engine.createTable(NAMESPACE, hashKeyTable('t', { streamViewType: 'KEYS_ONLY' }));
      const [stream] = await engine.listStreams(NAMESPACE);
      await put(engine, table, { id: S('old') });
      await put(engine, table, { id: S('older') });
      await clock.advance(DAY_MS);
      await put(engine, table, { id: S('recent') });
      await clock.advance(2 * MINUTE_MS);
      const batch = await readLaneBatch(engine, stream!, 0, 0n, LIMITS);
      assert.equal(batch.trimmedRecords, 2n);
      assert.deepEqual(keysOf(batch), ['recent']);

      await engine.updateTable(NAMESPACE, 't', { stream: { enabled: false } });
      const [disabled] = await engine.listStreams(NAMESPACE);
      const drained = await readLaneBatch(engine, disabled!, 0, batch.nextNumber, LIMITS);
      assert.deepEqual([drained.records.length, drained.laneEnded], [0, true]);
    });
  });
});
