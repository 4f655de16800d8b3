import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CreateTableCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  PutItemCommand,
  QueryCommand,
  ScanCommand,
  UpdateTimeToLiveCommand,
  type AttributeValue,
} from '@aws-sdk/client-dynamodb';
import { ManualClock } from '../../src/index.js';
import { startStrataWithClient, uniqueTableName, type StrataUnderTest } from '../support/strata.js';

/**
 * Time to Live through the SDK: once enabled, items whose TTL attribute holds an epoch
 * time in the past are deleted in the background, with their index entries; items
 * without the attribute, with a non-number in it, with a future time or with a time
 * more than five years past are kept; after disabling, nothing more is deleted.
 */

const YEAR_SECONDS = 365 * 24 * 60 * 60;
/**
 * The sweeper runs a pass every 5 s of the server's clock (and at once when TTL is
 * enabled). The test owns that clock: advancing it by this much runs at least one
 * whole pass before `advance` resolves, so no test waits on real time.
 */
const SWEEP_INTERVAL_MS = 5_000;

describe('time to live', () => {
  const clock = new ManualClock();
  const nowSeconds = (): number => Math.floor(clock.nowMs() / 1000);
  let server: StrataUnderTest;
  before(async () => {
    server = await startStrataWithClient({ clock });
  });
  after(() => server.close());

  async function ids(tableName: string): Promise<string[]> {
    const { Items = [] } = await server.client.send(new ScanCommand({ TableName: tableName, ConsistentRead: true }));
    return Items.map((item) => item.id!.S!).sort();
  }

  it('deletes expired items and their index entries, keeps the rest, and stops when disabled', async () => {
    const { client } = server;
    const tableName = uniqueTableName('ttl');
    await client.send(
      new CreateTableCommand({
        TableName: tableName,
        KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
        AttributeDefinitions: [
          { AttributeName: 'id', AttributeType: 'S' },
          { AttributeName: 'kind', AttributeType: 'S' },
        ],
        GlobalSecondaryIndexes: [{ IndexName: 'byKind', KeySchema: [{ AttributeName: 'kind', KeyType: 'HASH' }], Projection: { ProjectionType: 'KEYS_ONLY' } }],
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );
    const items: Record<string, AttributeValue | undefined> = {
      'expired-a-minute-ago': { N: String(nowSeconds() - 60) },
      'expired-a-year-ago': { N: String(nowSeconds() - YEAR_SECONDS) },
      'expired-fractional': { N: `${nowSeconds() - 10}.5` },
      'expires-in-an-hour': { N: String(nowSeconds() + 3600) },
      'six-years-past': { N: String(nowSeconds() - 6 * YEAR_SECONDS) },
      'string-expiry': { S: String(nowSeconds() - 60) },
      'no-expiry': undefined,
    };
    for (const [id, expiresAt] of Object.entries(items)) {
      await client.send(
        new PutItemCommand({ TableName: tableName, Item: { id: { S: id }, kind: { S: 'session' }, ...(expiresAt === undefined ? {} : { expiresAt }) } }),
      );
    }
    const kept = ['expires-in-an-hour', 'no-expiry', 'six-years-past', 'string-expiry'];

    assert.deepEqual((await client.send(new DescribeTimeToLiveCommand({ TableName: tableName }))).TimeToLiveDescription, { TimeToLiveStatus: 'DISABLED' });
    // Not enabled yet: nothing goes, however many passes the sweeper makes.
    await clock.advance(3 * SWEEP_INTERVAL_MS);
    assert.equal((await ids(tableName)).length, 7);

    const enabled = await client.send(
      new UpdateTimeToLiveCommand({ TableName: tableName, TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true } }),
    );
    assert.deepEqual(enabled.TimeToLiveSpecification, { AttributeName: 'expiresAt', Enabled: true });
    assert.deepEqual((await client.send(new DescribeTimeToLiveCommand({ TableName: tableName }))).TimeToLiveDescription, {
      TimeToLiveStatus: 'ENABLED',
      AttributeName: 'expiresAt',
    });

    await clock.advance(SWEEP_INTERVAL_MS);
    assert.deepEqual(await ids(tableName), kept);
    const indexed = await client.send(
      new QueryCommand({
        TableName: tableName,
        IndexName: 'byKind',
        KeyConditionExpression: 'kind = :k',
        ExpressionAttributeValues: { ':k': { S: 'session' } },
      }),
    );
    assert.deepEqual(indexed.Items!.map((item) => item.id!.S!).sort(), kept);
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    assert.equal(Table!.ItemCount, kept.length);

    // An item written already expired goes at a later pass.
    await client.send(
      new PutItemCommand({ TableName: tableName, Item: { id: { S: 'late' }, kind: { S: 'session' }, expiresAt: { N: String(nowSeconds() - 1) } } }),
    );
    await clock.advance(SWEEP_INTERVAL_MS);
    assert.ok(!(await ids(tableName)).includes('late'));

    await client.send(new UpdateTimeToLiveCommand({ TableName: tableName, TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: false } }));
    assert.deepEqual((await client.send(new DescribeTimeToLiveCommand({ TableName: tableName }))).TimeToLiveDescription, { TimeToLiveStatus: 'DISABLED' });
    await client.send(
      new PutItemCommand({ TableName: tableName, Item: { id: { S: 'after-disable' }, kind: { S: 'session' }, expiresAt: { N: String(nowSeconds() - 1) } } }),
    );
    // A pass runs, but a disabled table is not swept.
    await clock.advance(SWEEP_INTERVAL_MS);
    assert.ok((await ids(tableName)).includes('after-disable'));
  });

  it('answers the errors of AWS for a missing table and for enabling twice', async () => {
    const { client } = server;
    await assert.rejects(client.send(new DescribeTimeToLiveCommand({ TableName: 'ttl-no-such-table' })), { name: 'ResourceNotFoundException' });
    const tableName = uniqueTableName('ttl-errors');
    await client.send(
      new CreateTableCommand({
        TableName: tableName,
        KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
        AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );
    await client.send(new UpdateTimeToLiveCommand({ TableName: tableName, TimeToLiveSpecification: { AttributeName: 'ttl', Enabled: true } }));
    await assert.rejects(client.send(new UpdateTimeToLiveCommand({ TableName: tableName, TimeToLiveSpecification: { AttributeName: 'ttl', Enabled: true } })), {
      name: 'ValidationException',
      message: 'TimeToLive is already enabled',
    });
  });
});
