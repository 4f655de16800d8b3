import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CreateTableCommand, PutItemCommand, UpdateTableCommand } from '@aws-sdk/client-dynamodb';
import { ManualClock, type StreamRecord } from '../../src/index.js';
import { onDemandTable, startStrataWithClient, streamedTable, uniqueTableName, type StrataUnderTest } from '../support/strata.js';

/**
 * Tailing a table's stream from the in-process API (the same follower `strata streams
 * tail` runs): positioned once awaited, shards followed through rollovers in order,
 * and the table's next stream taken up when one is enabled.
 */

/** Short polls: the follower waits this long only when a round of reads found nothing. */
const POLL_INTERVAL_MS = 5;

describe('tailing a stream', () => {
  const clock = new ManualClock();
  let server: StrataUnderTest;
  before(async () => {
    server = await startStrataWithClient({ clock, streamShards: 2, streamShardRolloverMs: 1000 });
  });
  after(() => server.close());

  async function tableWithStream(): Promise<string> {
    const tableName = uniqueTableName('tail');
    await server.client.send(new CreateTableCommand(streamedTable(tableName, 'NEW_IMAGE')));
    return tableName;
  }

  const put = (tableName: string, pk: string, n: number): Promise<unknown> =>
    server.client.send(new PutItemCommand({ TableName: tableName, Item: { pk: { S: pk }, n: { N: String(n) } } }));

  /** The next `count` records; a guard fails the test, rather than hang it, if they never come. */
  async function take(records: AsyncIterator<StreamRecord>, count: number): Promise<StreamRecord[]> {
    const taken: StreamRecord[] = [];
    while (taken.length < count) {
      let guard: NodeJS.Timeout | undefined;
      const never = new Promise<never>((_, reject) => {
        guard = setTimeout(() => reject(new Error(`only ${taken.length} of ${count} records came`)), 10_000);
      });
      const next = await Promise.race([records.next(), never]).finally(() => clearTimeout(guard));
      assert.equal(next.done, false, `the tail ended after ${taken.length} records`);
      taken.push(next.value as StreamRecord);
    }
    return taken;
  }

  const summary = (records: readonly StreamRecord[]): string[] =>
    records.map((record) => `${record.dynamodb.Keys['pk']!.S}=${record.dynamodb.NewImage!['n']!.N}`);

  it('from LATEST, sees exactly the records written once it is positioned', async () => {
    const tableName = await tableWithStream();
    await put(tableName, 'before', 1);
    const tail = await server.strata.tailStream(tableName, { pollIntervalMs: POLL_INTERVAL_MS });
    try {
      await put(tableName, 'after', 1);
      assert.deepEqual(summary(await take(tail, 1)), ['after=1']);
    } finally {
      await tail.return();
    }
  });

  it('from TRIM_HORIZON, sees what the stream holds, then follows the shards through rollovers, one item in order', async () => {
    const tableName = await tableWithStream();
    const items = ['a', 'b', 'c', 'd', 'e', 'f'];
    for (const pk of items) await put(tableName, pk, 1);
    const tail = await server.strata.tailStream(tableName, { startingPosition: 'TRIM_HORIZON', pollIntervalMs: POLL_INTERVAL_MS });
    try {
      const seen = await take(tail, items.length);
      for (let round = 2; round <= 3; round++) {
        // The rollover closes each open shard, and its child takes the next records.
        await clock.advance(1000);
        for (const pk of items) await put(tableName, pk, round);
        seen.push(...(await take(tail, items.length)));
      }
      for (const pk of items) {
        const values = summary(seen).filter((entry) => entry.startsWith(`${pk}=`));
        assert.deepEqual(values, [`${pk}=1`, `${pk}=2`, `${pk}=3`]);
      }
    } finally {
      await tail.return();
    }
  });

  it("takes up the table's next stream when the stream is disabled and enabled again", async () => {
    const tableName = await tableWithStream();
    const tail = await server.strata.tailStream(tableName, { pollIntervalMs: POLL_INTERVAL_MS });
    try {
      await put(tableName, 'first', 1);
      assert.deepEqual(summary(await take(tail, 1)), ['first=1']);
      await server.client.send(new UpdateTableCommand({ TableName: tableName, StreamSpecification: { StreamEnabled: false } }));
      await server.client.send(new UpdateTableCommand({ TableName: tableName, StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_IMAGE' } }));
      await put(tableName, 'second', 1);
      assert.deepEqual(summary(await take(tail, 1)), ['second=1']);
    } finally {
      await tail.return();
    }
  });

  it('ends when its signal aborts, and refuses a table without a stream', async () => {
    const tableName = await tableWithStream();
    const stopping = new AbortController();
    const tail = await server.strata.tailStream(tableName, { pollIntervalMs: POLL_INTERVAL_MS, signal: stopping.signal });
    const next = tail.next();
    stopping.abort();
    assert.equal((await next).done, true);

    const plain = uniqueTableName('tail');
    await server.client.send(new CreateTableCommand(onDemandTable(plain, [{ name: 'pk', type: 'S' }])));
    await assert.rejects(server.strata.tailStream(plain), { message: `table ${plain} has no stream: enable one with UpdateTable's StreamSpecification first` });
  });
});
