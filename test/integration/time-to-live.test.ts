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
import { startStrataWithClient, uniqueTableName, type StrataUnderTest } from '../support/strata.js';

/**
 * Time to Live through the SDK: once enabled, items whose TTL attribute holds an epoch
 * time in the past are deleted in the background, with their index entries; items
 * without the attribute, with a non-number in it, with a future time or with a time
 * more than five years past are kept; after disabling, nothing more is deleted.
 */

const nowSeconds = (): number => Math.floor(Date.now() / 1000);
const YEAR_SECONDS = 365 * 24 * 60 * 60;
/** The sweeper runs every 5 s and at once when TTL is enabled; allow for a loaded machine. */
const EXPIRY_WAIT_MS = 15_000;

async function waitFor(check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('time to live', () => {
  let server: StrataUnderTest;
  before(async () => {
    server = await startStrataWithClient();
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
    // Not enabled yet: nothing goes, however long the sweeper has had.
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal((await ids(tableName)).length, 7);

    const enabled = await client.send(
      new UpdateTimeToLiveCommand({ TableName: tableName, TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true } }),
    );
    assert.deepEqual(enabled.TimeToLiveSpecification, { AttributeName: 'expiresAt', Enabled: true });
    assert.deepEqual((await client.send(new DescribeTimeToLiveCommand({ TableName: tableName }))).TimeToLiveDescription, {
      TimeToLiveStatus: 'ENABLED',
      AttributeName: 'expiresAt',
    });

    await waitFor(async () => (await ids(tableName)).length === kept.length, EXPIRY_WAIT_MS);
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
    await waitFor(async () => !(await ids(tableName)).includes('late'), EXPIRY_WAIT_MS);

    await client.send(new UpdateTimeToLiveCommand({ TableName: tableName, TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: false } }));
    assert.deepEqual((await client.send(new DescribeTimeToLiveCommand({ TableName: tableName }))).TimeToLiveDescription, { TimeToLiveStatus: 'DISABLED' });
    await client.send(
      new PutItemCommand({ TableName: tableName, Item: { id: { S: 'after-disable' }, kind: { S: 'session' }, expiresAt: { N: String(nowSeconds() - 1) } } }),
    );
    // Longer than a sweep interval: a disabled table is not swept.
    await new Promise((resolve) => setTimeout(resolve, 6_000));
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
