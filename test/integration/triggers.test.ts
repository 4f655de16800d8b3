import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import {
  CreateTableCommand,
  DeleteItemCommand,
  PutItemCommand,
  UpdateItemCommand,
  UpdateTimeToLiveCommand,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { ManualClock, startStrata, type StartStrataOptions, type StreamEvent, type StreamEventRecord, type TriggerOptions } from '../../src/index.js';
import { capturingLogger } from '../support/capturing-logger.js';
import { postgresSkipReason, testPostgresDatabase } from '../support/postgres-server.js';
import { clientFor, startStrataWithClient, streamedTable, uniqueTableName, type StrataUnderTest } from '../support/strata.js';

/**
 * Local triggers, driven through the SDK on the test storage: the events a handler
 * gets are Lambda's, batches are cut as Lambda cuts them, a failing batch is retried
 * after a backoff measured on the server's clock (which the test owns) and bisected
 * down to the record that fails, and the checkpoint outlives the server.
 */

/** Collects a handler's events, and lets a test wait until some number of records has been delivered. */
class Deliveries {
  readonly events: StreamEvent[] = [];
  private waiters: Array<() => void> = [];

  readonly handler = async (event: StreamEvent): Promise<void> => {
    this.events.push(event);
    this.notify();
  };

  get records(): StreamEventRecord[] {
    return this.events.flatMap((event) => event.Records);
  }

  notify(): void {
    for (const waiter of this.waiters.splice(0)) waiter();
  }

  /** Resolves once `count` records have come; a guard fails the test if they never do. */
  async waitForRecords(count: number, describe = () => this.records.length): Promise<void> {
    const deadline = Date.now() + 10_000;
    while (describe() < count) {
      if (Date.now() > deadline) assert.fail(`${describe()} records delivered, not ${count}`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 50).unref();
      });
    }
  }
}

function createTableWithStream(client: DynamoDBClient, tableName: string): Promise<unknown> {
  return client.send(new CreateTableCommand(streamedTable(tableName, 'NEW_AND_OLD_IMAGES')));
}

function put(client: DynamoDBClient, tableName: string, pk: string, n = 1): Promise<unknown> {
  return client.send(new PutItemCommand({ TableName: tableName, Item: { pk: { S: pk }, n: { N: String(n) } } }));
}

const keysOf = (records: readonly StreamEventRecord[]): string[] => records.map((record) => record.dynamodb.Keys['pk']!.S!);

/** A server whose one trigger, on a fresh table, is `trigger`; the table exists before the test writes. */
async function serverWithTrigger(
  trigger: Omit<TriggerOptions, 'tableName'>,
  options: StartStrataOptions = {},
): Promise<{ server: StrataUnderTest; tableName: string }> {
  const tableName = uniqueTableName('trigger');
  const server = await startStrataWithClient({ ...options, triggers: [{ ...trigger, tableName }] });
  await createTableWithStream(server.client, tableName);
  return { server, tableName };
}

describe('local triggers', () => {
  it("hands the handler Lambda's event: the records in order, with the stream's ARN", async () => {
    const deliveries = new Deliveries();
    const { server, tableName } = await serverWithTrigger({ handler: deliveries.handler, name: 'lambda-event' });
    try {
      await put(server.client, tableName, 'a');
      await server.client.send(
        new UpdateItemCommand({
          TableName: tableName,
          Key: { pk: { S: 'a' } },
          UpdateExpression: 'SET n = :two',
          ExpressionAttributeValues: { ':two': { N: '2' } },
        }),
      );
      await server.client.send(new DeleteItemCommand({ TableName: tableName, Key: { pk: { S: 'a' } } }));
      await deliveries.waitForRecords(3);
      const [insert, modify, remove] = deliveries.records;
      assert.deepEqual(
        deliveries.records.map((record) => record.eventName),
        ['INSERT', 'MODIFY', 'REMOVE'],
      );
      assert.match(insert!.eventSourceARN, new RegExp(`^arn:aws:dynamodb:us-east-1:000000000000:table/${tableName}/stream/\\d{4}-\\d\\d-\\d\\dT`));
      assert.equal(insert!.eventSource, 'aws:dynamodb');
      assert.equal(insert!.eventVersion, '1.1');
      assert.match(insert!.eventID, /^[0-9a-f]{32}$/);
      assert.deepEqual(modify!.dynamodb.OldImage, { pk: { S: 'a' }, n: { N: '1' } });
      assert.deepEqual(modify!.dynamodb.NewImage, { pk: { S: 'a' }, n: { N: '2' } });
      assert.equal(remove!.dynamodb.NewImage, undefined);
      assert.equal(remove!.userIdentity, undefined);
      assert.equal(remove!.dynamodb.StreamViewType, 'NEW_AND_OLD_IMAGES');
    } finally {
      await server.close();
    }
  });

  it('cuts batches at batchSize and waits out the batching window on the server clock', async () => {
    const clock = new ManualClock();
    const deliveries = new Deliveries();
    const { server, tableName } = await serverWithTrigger(
      { handler: deliveries.handler, name: 'batches', batchSize: 3, maximumBatchingWindowInSeconds: 2 },
      { clock },
    );
    try {
      for (const pk of ['a', 'b', 'c', 'd']) await put(server.client, tableName, pk);
      await deliveries.waitForRecords(3);
      assert.deepEqual(
        deliveries.events.map((event) => keysOf(event.Records)),
        [['a', 'b', 'c']],
      );
      // The fourth waits for the window (2 s) to fill the batch.
      await clock.advance(1000);
      assert.equal(deliveries.records.length, 3);
      await clock.advance(1000);
      await clock.advance(250);
      await deliveries.waitForRecords(4);
      assert.deepEqual(
        deliveries.events.map((event) => keysOf(event.Records)),
        [['a', 'b', 'c'], ['d']],
      );
    } finally {
      await server.close();
    }
  });

  it('retries a failing batch after a backoff, bisecting it down to the record that fails, and logs its keys', async () => {
    const clock = new ManualClock();
    const log = capturingLogger();
    const deliveries = new Deliveries();
    const invocations: string[][] = [];
    let poisoned = true;
    const handler = async (event: StreamEvent): Promise<void> => {
      invocations.push(keysOf(event.Records));
      deliveries.notify();
      if (poisoned && keysOf(event.Records).includes('poison')) throw new Error('cannot digest poison');
    };
    // The window holds the records back until the batch is full, so that the first batch has all four.
    const { server, tableName } = await serverWithTrigger(
      { handler, name: 'bisect', batchSize: 4, maximumBatchingWindowInSeconds: 60 },
      { clock, logger: log.logger },
    );
    try {
      for (const pk of ['a', 'b', 'poison', 'c']) await put(server.client, tableName, pk);
      await deliveries.waitForRecords(4, () => invocations.length);
      assert.deepEqual(invocations, [['a', 'b', 'poison', 'c'], ['a', 'b'], ['poison', 'c'], ['poison']]);
      await clock.advance(999);
      assert.equal(invocations.length, 4, 'no retry before the first backoff of a second');
      await clock.advance(1);
      assert.deepEqual(invocations.slice(4), [['poison']]);
      poisoned = false;
      await clock.advance(2000);
      assert.deepEqual(invocations.slice(5), [['poison'], ['c']], 'then the second backoff, twice as long; the rest of the bisected batch goes alone');
      const failures = log.lines('error').filter((line) => line.includes('trigger failed'));
      assert.equal(failures.length, 4);
      assert.match(failures[failures.length - 1]!, /attempt=2 records=1 keys="\[\{\\"pk\\":\{\\"S\\":\\"poison\\"\}\}\]" error="Error: cannot digest poison/);
      await put(server.client, tableName, 'd');
      await put(server.client, tableName, 'e');
      await clock.advance(60_000);
      assert.deepEqual(invocations.slice(7), [['d', 'e']], 'past the bisected batch, batches are whole again');
    } finally {
      await server.close();
    }
  });

  it('skips a record, and says so, once maximumRetryAttempts retries have failed', async () => {
    const clock = new ManualClock();
    const log = capturingLogger();
    const invocations: string[][] = [];
    const deliveries = new Deliveries();
    const handler = async (event: StreamEvent): Promise<void> => {
      invocations.push(keysOf(event.Records));
      deliveries.notify();
      if (keysOf(event.Records).includes('poison')) throw new Error('still poison');
    };
    const { server, tableName } = await serverWithTrigger({ handler, name: 'give-up', batchSize: 1, maximumRetryAttempts: 1 }, { clock, logger: log.logger });
    try {
      await put(server.client, tableName, 'poison');
      await put(server.client, tableName, 'after');
      await deliveries.waitForRecords(1, () => invocations.length);
      await clock.advance(1000);
      await deliveries.waitForRecords(3, () => invocations.length);
      assert.deepEqual(invocations, [['poison'], ['poison'], ['after']]);
      const skipped = log.lines('error').filter((line) => line.includes('trigger skipped records after its retries failed'));
      assert.equal(skipped.length, 1);
      assert.match(skipped[0]!, /records=1 keys="\[\{\\"pk\\":\{\\"S\\":\\"poison\\"\}\}\]"/);
    } finally {
      await server.close();
    }
  });

  it("honours Lambda's partial batch response: the records from the first reported failure on are retried", async () => {
    const clock = new ManualClock();
    const invocations: string[][] = [];
    const deliveries = new Deliveries();
    const handler = async (event: StreamEvent): Promise<unknown> => {
      invocations.push(keysOf(event.Records));
      deliveries.notify();
      // First an identifier of no record of the batch, which fails the whole batch, as on Lambda.
      if (invocations.length === 1) return { batchItemFailures: [{ itemIdentifier: '999' }] };
      if (invocations.length > 2) return { batchItemFailures: [] };
      const failed = event.Records.filter((record) => record.dynamodb.Keys['pk']!.S !== 'a');
      return { batchItemFailures: failed.reverse().map((record) => ({ itemIdentifier: record.dynamodb.SequenceNumber })) };
    };
    const { server, tableName } = await serverWithTrigger(
      { handler, name: 'partial', batchSize: 3, maximumBatchingWindowInSeconds: 60, bisectBatchOnFunctionError: false },
      { clock },
    );
    try {
      for (const pk of ['a', 'b', 'c']) await put(server.client, tableName, pk);
      await deliveries.waitForRecords(1, () => invocations.length);
      await clock.advance(1000);
      await clock.advance(2000);
      assert.deepEqual(invocations, [
        ['a', 'b', 'c'],
        ['a', 'b', 'c'],
        ['b', 'c'],
      ]);
    } finally {
      await server.close();
    }
  });

  it("keeps one item's records in order across shards and rollovers, and delivers every one", async () => {
    const clock = new ManualClock();
    const deliveries = new Deliveries();
    const { server, tableName } = await serverWithTrigger(
      { handler: deliveries.handler, name: 'lanes', batchSize: 7 },
      { clock, streamShards: 4, streamShardRolloverMs: 1000 },
    );
    try {
      const items = 24;
      const rounds = 3;
      for (let round = 1; round <= rounds; round++) {
        await Promise.all(Array.from({ length: items }, (_, item) => put(server.client, tableName, `item-${item}`, round)));
        await clock.advance(1000);
      }
      await deliveries.waitForRecords(items * rounds);
      assert.equal(deliveries.records.length, items * rounds, 'each record once');
      const seen = new Map<string, number[]>();
      for (const record of deliveries.records) {
        const pk = record.dynamodb.Keys['pk']!.S!;
        seen.set(pk, [...(seen.get(pk) ?? []), Number(record.dynamodb.NewImage!['n']!.N)]);
      }
      for (const [pk, values] of seen) assert.deepEqual(values, [1, 2, 3], pk);
      // A batch holds one shard's records: Strata's sequence numbers carry the lane as their remainder by the lane count.
      for (const event of deliveries.events) {
        const lanes = new Set(event.Records.map((record) => BigInt(record.dynamodb.SequenceNumber) % 4n));
        assert.equal(lanes.size, 1);
        assert.ok(event.Records.length <= 7);
      }
    } finally {
      await server.close();
    }
  });

  it("names Time to Live's deletions as Lambda does: userIdentity type and principalId", async () => {
    const clock = new ManualClock();
    const deliveries = new Deliveries();
    const { server, tableName } = await serverWithTrigger({ handler: deliveries.handler, name: 'ttl' }, { clock });
    try {
      await server.client.send(new UpdateTimeToLiveCommand({ TableName: tableName, TimeToLiveSpecification: { Enabled: true, AttributeName: 'expires' } }));
      const pastSeconds = Math.floor(clock.nowMs() / 1000) - 60;
      await server.client.send(new PutItemCommand({ TableName: tableName, Item: { pk: { S: 'old' }, expires: { N: String(pastSeconds) } } }));
      await deliveries.waitForRecords(1);
      // Two sweep intervals: the sweep woken when TTL was enabled may still be in flight at the first.
      await clock.advance(5000);
      await clock.advance(5000);
      await deliveries.waitForRecords(2);
      const removal = deliveries.records[1]!;
      assert.equal(removal.eventName, 'REMOVE');
      assert.deepEqual(removal.userIdentity, { type: 'Service', principalId: 'dynamodb.amazonaws.com' });
    } finally {
      await server.close();
    }
  });
});

describe('a trigger across restarts', () => {
  /** A server on one LMDB directory, for as many restarts as a test needs. */
  async function withDirectory(work: (start: (triggers: readonly TriggerOptions[]) => Promise<StrataUnderTest>) => Promise<void>): Promise<void> {
    const directory = mkdtempSync(join(tmpdir(), 'strata-trigger-'));
    try {
      await work(async (triggers) => {
        const strata = await startStrata({ dbPath: directory, triggers });
        const client = clientFor(strata.endpoint);
        return {
          strata,
          client,
          close: async () => {
            client.destroy();
            await strata.close();
          },
        };
      });
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  }

  it('resumes from its checkpoint: no record skipped, none delivered twice', async () => {
    await withDirectory(async (start) => {
      const tableName = uniqueTableName('restart');
      const first = new Deliveries();
      let server = await start([{ tableName, name: 'resume', handler: first.handler }]);
      await createTableWithStream(server.client, tableName);
      await put(server.client, tableName, 'a');
      await put(server.client, tableName, 'b');
      await first.waitForRecords(2);
      await server.close();

      server = await start([]);
      await put(server.client, tableName, 'c');
      await put(server.client, tableName, 'd');
      await server.close();

      const second = new Deliveries();
      server = await start([{ tableName, name: 'resume', handler: second.handler }]);
      try {
        await put(server.client, tableName, 'e');
        await second.waitForRecords(3);
        assert.deepEqual(keysOf(first.records), ['a', 'b']);
        assert.deepEqual(keysOf(second.records), ['c', 'd', 'e']);
      } finally {
        await server.close();
      }
    });
  });

  it('starts at LATEST only once: after a restart it resumes from its checkpoint', async () => {
    await withDirectory(async (start) => {
      const tableName = uniqueTableName('latest');
      let server = await start([]);
      await createTableWithStream(server.client, tableName);
      await put(server.client, tableName, 'before');
      await server.close();

      const first = new Deliveries();
      server = await start([{ tableName, name: 'latest', handler: first.handler, startingPosition: 'LATEST' }]);
      await put(server.client, tableName, 'while-running');
      await first.waitForRecords(1);
      await server.close();

      server = await start([]);
      await put(server.client, tableName, 'while-stopped');
      await server.close();

      const second = new Deliveries();
      server = await start([{ tableName, name: 'latest', handler: second.handler, startingPosition: 'LATEST' }]);
      try {
        await second.waitForRecords(1);
        assert.deepEqual(keysOf(first.records), ['while-running']);
        assert.deepEqual(keysOf(second.records), ['while-stopped']);
      } finally {
        await server.close();
      }
    });
  });
});

describe('a trigger on two nodes sharing PostgreSQL', { skip: postgresSkipReason() }, () => {
  it('is run by one node at a time: every record once, whichever node wrote it', async () => {
    const database = await testPostgresDatabase();
    const tableName = uniqueTableName('two-nodes');
    const deliveredBy: Array<{ node: number; pk: string }> = [];
    const deliveries = new Deliveries();
    const triggerOn = (node: number): TriggerOptions[] => [
      {
        tableName,
        name: 'shared',
        handler: async (event) => {
          for (const record of event.Records) deliveredBy.push({ node, pk: record.dynamodb.Keys['pk']!.S! });
          deliveries.notify();
        },
      },
    ];
    const nodes = [
      await startStrata({ postgresUrl: database.url, triggers: triggerOn(0) }),
      await startStrata({ postgresUrl: database.url, triggers: triggerOn(1) }),
    ];
    const clients = nodes.map((node) => clientFor(node.endpoint));
    try {
      await createTableWithStream(clients[0]!, tableName);
      const written = Array.from({ length: 30 }, (_, index) => `item-${index}`);
      await Promise.all(written.map((pk, index) => put(clients[index % 2]!, tableName, pk)));
      await deliveries.waitForRecords(written.length, () => deliveredBy.length);
      assert.deepEqual(deliveredBy.map((delivery) => delivery.pk).sort(), [...written].sort(), 'each record once');
      assert.equal(new Set(deliveredBy.map((delivery) => delivery.node)).size, 1, 'by the node holding the lease');
    } finally {
      for (const client of clients) client.destroy();
      await Promise.all(nodes.map((node) => node.close()));
      await database.drop();
    }
  });
});
