import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CreateTableCommand, DeleteTableCommand, UpdateTimeToLiveCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import fc from 'fast-check';
import { ManualClock, startStrata, type RunningStrata } from '../../src/index.js';
import { postgresSkipReason, testPostgresDatabase, type TestPostgresDatabase } from '../support/postgres-server.js';
import { KEY_NAMES, writeSteps, type ItemKey, type TtlSeconds, type WriteStep } from '../support/random-writes.js';
import { assertSameItems, canonicalItem, replayStream, scanTable, type ReplayedRecord } from '../support/stream-replay.js';
import { clientFor, onDemandTable, startStrataWithClient, TEST_CREDENTIALS, uniqueTableName, type StrataUnderTest } from '../support/strata.js';
import { assertAnswerMatches, TableModel } from '../support/write-model.js';
import { sendStep, UNKNOWN, type WriteEffect } from '../support/write-requests.js';

/**
 * DynamoDB Streams as a consumer that mirrors a table relies on them: random writes
 * through every write path (test/support/random-writes.ts), then the whole stream
 * replayed onto an empty map (test/support/stream-replay.ts) must equal the table's
 * contents exactly, as a consistent Scan reads them.
 *
 * The stream has four shards open at a time and rolls them over every second of the
 * server's clock, which the test moves between writes, so an item's records are spread
 * over a lineage of shards and the replay must follow ParentShardId to apply them in
 * order. Each record's OldImage must be the item as the replay holds it so far.
 *
 * On one node, writes are sent one at a time and checked against a model of the table
 * (test/support/write-model.ts): each answer as the model predicts it, the table as the
 * model holds it, and one record for each acknowledged write that changed its item,
 * and for each item Time to Live deleted, no more. On two nodes sharing a PostgreSQL
 * database, several writers write at once through both, so no sequential model
 * applies; the replay must still equal the table, and every item state a write was
 * acknowledged with must be some record's NewImage (a lost record shows as one missing).
 */

const STREAM_SHARDS = 4;
const SHARD_ROLLOVER_MS = 1_000;
/**
 * SWEEP_INTERVAL_MS of src/engine/expiry-sweeper.ts. The clock is moved by two: a tick
 * that finds a pass running (the one UpdateTimeToLive woke, say) hands back that pass,
 * which may have read the table before the expired items were written; the second
 * tick starts a pass after them.
 */
const SWEEP_INTERVAL_MS = 5_000;
const EXPIRY_SWEEP_MS = 2 * SWEEP_INTERVAL_MS;
/** Far enough on either side of the test's time that the clock, moved minutes in all, never crosses it. */
const TTL_MARGIN_SECONDS = 30 * 24 * 60 * 60;

const RUNS = 12;
const STEPS_MAX = 60;
const CONCURRENT_RUNS = 6;
const NODES = 2;
const WRITERS = 3;
const STEPS_PER_WRITER_MAX = 20;
/**
 * Shrinking a failure runs the property over and over; past this time fast-check stops
 * and reports the smallest counterexample found so far, before the test runner's
 * timeout would end the file with no counterexample at all. A passing property takes
 * seconds, far from it.
 */
const PROPERTY_TIME_MS_MAX = 60_000;

function ttlSecondsAround(clock: ManualClock): TtlSeconds {
  const nowSeconds = Math.floor(clock.nowMs() / 1000);
  return { past: nowSeconds - TTL_MARGIN_SECONDS, future: nowSeconds + TTL_MARGIN_SECONDS };
}

function streamsClientFor(endpoint: string): DynamoDBStreamsClient {
  return new DynamoDBStreamsClient({ endpoint, region: 'us-east-1', credentials: TEST_CREDENTIALS, maxAttempts: 1 });
}

interface ReplayTable {
  readonly name: string;
  readonly streamArn: string;
}

/**
 * Runs `use` on a fresh table keyed by pk and sk, with a NEW_AND_OLD_IMAGES stream and
 * TTL on `ttl`, and deletes the table after: every pass of the stream keeper and the
 * expiry sweeper goes over every live table, so tables left behind would make each
 * run slower than the one before.
 */
async function withReplayTable(client: DynamoDBClient, use: (table: ReplayTable) => Promise<void>): Promise<void> {
  const name = uniqueTableName('replay');
  const created = await client.send(
    new CreateTableCommand({
      ...onDemandTable(
        name,
        KEY_NAMES.map((keyName) => ({ name: keyName, type: 'S' as const })),
      ),
      StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' },
    }),
  );
  try {
    await client.send(new UpdateTimeToLiveCommand({ TableName: name, TimeToLiveSpecification: { AttributeName: 'ttl', Enabled: true } }));
    await use({ name, streamArn: created.TableDescription!.LatestStreamArn! });
  } finally {
    await client.send(new DeleteTableCommand({ TableName: name }));
  }
}

/** How far a step moves the server's clock after its writes. */
function clockMoveMs(step: WriteStep): number {
  if (step.kind === 'rollover') return SHARD_ROLLOVER_MS;
  return step.kind === 'expire' ? EXPIRY_SWEEP_MS : 0;
}

/** Checks that each acknowledged write's resulting item is some record's NewImage, and each item a delete reported removing some REMOVE's OldImage. */
function assertNoLostRecord(effects: readonly WriteEffect[], records: readonly ReplayedRecord[]): void {
  const recorded = new Set(
    records.map((record) => `${record.itemKey} ${record.eventName === 'REMOVE' ? 'removed' : 'became'} ${canonicalItem(record.newImage ?? record.oldImage)}`),
  );
  for (const { itemKey, before, after } of effects) {
    if (after !== UNKNOWN && after !== undefined) {
      assert.ok(recorded.has(`${itemKey} became ${canonicalItem(after)}`), `no record of ${itemKey} becoming ${canonicalItem(after)}`);
    } else if (after === undefined && before !== UNKNOWN && before !== undefined) {
      assert.ok(recorded.has(`${itemKey} removed ${canonicalItem(before)}`), `no record of ${itemKey} removed from ${canonicalItem(before)}`);
    }
  }
}

const key = (partition: number, sort: number): ItemKey => ({ partition, sort });

/**
 * A run through each path's corner cases, given to fast-check besides the random runs:
 * a Put of what is there, a failing condition, updates that change nothing (a value
 * kept by if_not_exists, a REMOVE-only update of an absent item), an update without
 * actions, deletes of present and absent items, a batch, a transaction and a cancelled
 * one, expired items swept, and rollovers between them.
 */
const CORNER_CASES: WriteStep[] = [
  { kind: 'single', write: { kind: 'put', key: key(0, 0), body: { v: 1 } } },
  { kind: 'single', write: { kind: 'put', key: key(0, 0), body: { v: 1 } } },
  { kind: 'single', write: { kind: 'put', key: key(0, 0), body: { v: 2 }, condition: { kind: 'absent' } } },
  { kind: 'single', write: { kind: 'update', key: key(0, 0), actions: { v: { op: 'setIfAbsent', n: 3 } } } },
  { kind: 'single', write: { kind: 'update', key: key(1, 1), actions: { s: { op: 'remove' } } } },
  { kind: 'single', write: { kind: 'update', key: key(0, 0), actions: { v: { op: 'add', n: 2 }, tags: { op: 'add', members: ['r'] } } } },
  { kind: 'single', write: { kind: 'update', key: key(2, 2), actions: {} } },
  { kind: 'single', write: { kind: 'delete', key: key(3, 0) } },
  { kind: 'single', write: { kind: 'delete', key: key(2, 2) } },
  { kind: 'rollover' },
  {
    kind: 'batch',
    writes: [
      { kind: 'put', key: key(4, 1), body: { v: 3, s: 'x' } },
      { kind: 'put', key: key(5, 2), body: { v: 1 } },
      { kind: 'delete', key: key(0, 0) },
    ],
  },
  { kind: 'rollover' },
  {
    kind: 'transaction',
    writes: [
      { kind: 'put', key: key(6, 0), body: { v: 1, ttl: 'future' } },
      { kind: 'update', key: key(4, 1), actions: { s: { op: 'set', text: 'y' } }, condition: { kind: 'vEquals', n: 3 } },
      { kind: 'delete', key: key(5, 2) },
      { kind: 'check', key: key(7, 1), condition: { kind: 'absent' } },
    ],
  },
  {
    kind: 'transaction',
    writes: [
      { kind: 'put', key: key(8, 2), body: { v: 1 } },
      { kind: 'check', key: key(4, 1), condition: { kind: 'vBelow', n: 3 } },
    ],
  },
  {
    kind: 'expire',
    writes: [
      { kind: 'put', key: key(9, 0), body: { v: 0, ttl: 'past' } },
      { kind: 'update', key: key(4, 1), actions: { ttl: { op: 'set', value: 'past' } } },
    ],
  },
  { kind: 'single', write: { kind: 'put', key: key(4, 1), body: { v: 1 }, condition: { kind: 'exists' } } },
  { kind: 'rollover' },
];

/** Outcomes the runs must have gone through between them (see TableModel's tally), lest a path go untested. */
const OUTCOMES_REQUIRED = [
  'single/put:changed',
  'single/put:unchanged',
  'single/put:refused',
  'single/update:changed',
  'single/update:unchanged',
  'single/update:unchanged-absent',
  'single/delete:changed',
  'single/delete:unchanged-absent',
  'batch/put:changed',
  'batch/delete:changed',
  'transaction/put:changed',
  'transaction/update:changed',
  'transaction/delete:changed',
  'transaction/check:unchanged-absent',
  'transaction/check:refused',
  'expire/put:changed',
  'expire/update:changed',
  'ttl:expired',
];

describe('a stream replayed onto an empty map is the table', () => {
  const clock = new ManualClock();
  const seconds = ttlSecondsAround(clock);
  let server: StrataUnderTest;
  let streams: DynamoDBStreamsClient;
  before(async () => {
    server = await startStrataWithClient({ clock, streamShards: STREAM_SHARDS, streamShardRolloverMs: SHARD_ROLLOVER_MS });
    streams = streamsClientFor(server.strata.endpoint);
  });
  after(async () => {
    streams.destroy();
    await server.close();
  });

  it('after random writes through every path, one at a time, as a model of the table says', async () => {
    const tally = new Map<string, number>();
    const property = fc.asyncProperty(writeSteps(STEPS_MAX), async (steps) =>
      withReplayTable(server.client, async (table) => {
        const model = new TableModel(seconds, tally);
        for (const [index, step] of steps.entries()) {
          const answer = await sendStep(server.client, table.name, step, seconds);
          assertAnswerMatches(answer, model.apply(step), `step ${index} (${step.kind})`);
          await clock.advance(clockMoveMs(step));
          if (step.kind === 'expire') model.sweep(clock.nowMs() / 1000);
        }
        const replay = await replayStream(streams, table.streamArn, KEY_NAMES);
        const scanned = await scanTable(server.client, table.name, KEY_NAMES);
        assertSameItems(replay.items, scanned, 'the replayed stream is not the table');
        assertSameItems(scanned, model.items, 'the table is not what its acknowledged writes made it');
        assert.equal(replay.records.length, model.changes, 'records, against acknowledged writes that changed their item');
        const expiries = replay.records.filter((record) => record.byTimeToLive);
        assert.ok(
          expiries.every((record) => record.eventName === 'REMOVE'),
          'Time to Live named as the maker of a change other than a removal',
        );
        assert.equal(expiries.length, model.expiries, "records of Time to Live's removals, against expired items");
      }),
    );
    await fc.assert(property, { numRuns: RUNS, examples: [[CORNER_CASES]], plugins: [fc.interruptAfterTimeLimit(PROPERTY_TIME_MS_MAX)] });
    const missed = OUTCOMES_REQUIRED.filter((outcome) => tally.get(outcome) === undefined);
    assert.deepEqual(missed, [], 'write paths no run went through');
  });
});

interface Node {
  readonly strata: RunningStrata;
  readonly client: DynamoDBClient;
  readonly streams: DynamoDBStreamsClient;
}

describe('a stream replayed onto an empty map is the table, two nodes on PostgreSQL', { skip: postgresSkipReason() ?? false }, () => {
  const clock = new ManualClock();
  const seconds = ttlSecondsAround(clock);
  let database: TestPostgresDatabase | undefined;
  const nodes: Node[] = [];
  before(async () => {
    database = await testPostgresDatabase();
    const options = { postgresUrl: database.url, clock, streamShards: STREAM_SHARDS, streamShardRolloverMs: SHARD_ROLLOVER_MS };
    // One after the other, each kept as soon as it runs so that `after` closes it: two
    // nodes migrating an empty database's schema at once is not what this test is about.
    for (let started = 0; started < NODES; started++) {
      const strata = await startStrata(options);
      nodes.push({ strata, client: clientFor(strata.endpoint), streams: streamsClientFor(strata.endpoint) });
    }
  });
  after(async () => {
    for (const node of nodes) {
      node.client.destroy();
      node.streams.destroy();
      await node.strata.close();
    }
    await database?.drop();
  });

  it('after random writes by several writers at once, through both nodes', async () => {
    const property = fc.asyncProperty(fc.array(writeSteps(STEPS_PER_WRITER_MAX), { minLength: WRITERS, maxLength: WRITERS }), async (writers) =>
      withReplayTable(nodes[0]!.client, async (table) => {
        const effects: WriteEffect[] = [];
        // One move of the clock at a time: a ManualClock's advances must not interleave.
        let clockMoves = Promise.resolve();
        const moveClock = (durationMs: number) => (clockMoves = clockMoves.then(() => clock.advance(durationMs)));
        await Promise.all(
          writers.map(async (steps, writer) => {
            for (const [index, step] of steps.entries()) {
              const node = nodes[(writer + index) % nodes.length]!;
              const answer = await sendStep(node.client, table.name, step, seconds);
              if (!answer.refused) effects.push(...answer.effects);
              // Others write meanwhile: rollovers and sweeps race with their writes.
              if (clockMoveMs(step) > 0) await moveClock(clockMoveMs(step));
            }
          }),
        );
        // A pass still running (the sweep UpdateTimeToLive woke) is awaited by the tick
        // that finds it, so none deletes an expired item while the replay reads.
        await moveClock(SWEEP_INTERVAL_MS);
        const replay = await replayStream(nodes[0]!.streams, table.streamArn, KEY_NAMES);
        const scanned = await scanTable(nodes[1]!.client, table.name, KEY_NAMES);
        assertSameItems(replay.items, scanned, 'the replayed stream is not the table');
        assertNoLostRecord(effects, replay.records);
      }),
    );
    await fc.assert(property, { numRuns: CONCURRENT_RUNS, plugins: [fc.interruptAfterTimeLimit(PROPERTY_TIME_MS_MAX)] });
  });
});
