import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CreateTableCommand,
  DeleteItemCommand,
  DeleteTableCommand,
  DescribeTableCommand,
  GetItemCommand,
  ListTablesCommand,
  paginateListTables,
  PutItemCommand,
  ResourceInUseException,
  ResourceNotFoundException,
  UpdateTableCommand,
  waitUntilTableExists,
  waitUntilTableNotExists,
} from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { startStrata } from '../../src/index.js';
import { clientFor, onDemandTable, startStrataWithClient, type StrataUnderTest } from '../support/strata.js';

describe('tables through @aws-sdk/client-dynamodb', () => {
  let server: StrataUnderTest;
  before(async () => {
    server = await startStrataWithClient();
  });
  after(async () => {
    await server.close();
  });

  it('creates, waits for, describes, updates and deletes a table', async () => {
    const { client } = server;
    const created = await client.send(
      new CreateTableCommand({ ...onDemandTable('orders', [{ name: 'customer', type: 'S' }, { name: 'placedAt', type: 'N' }]), BillingMode: 'PROVISIONED', ProvisionedThroughput: { ReadCapacityUnits: 5, WriteCapacityUnits: 2 } }),
    );
    assert.equal(created.TableDescription?.TableStatus, 'ACTIVE');
    await waitUntilTableExists({ client, maxWaitTime: 30, minDelay: 1 }, { TableName: 'orders' });
    await client.send(new PutItemCommand({ TableName: 'orders', Item: { customer: { S: 'c1' }, placedAt: { N: '1' }, total: { N: '9.99' } } }));
    const { Table } = await client.send(new DescribeTableCommand({ TableName: 'orders' }));
    assert.equal(Table?.TableArn, 'arn:aws:dynamodb:us-east-1:000000000000:table/orders');
    assert.match(Table?.TableId ?? '', /^[0-9a-f-]{36}$/);
    assert.ok(Table?.CreationDateTime instanceof Date);
    assert.deepEqual(Table?.KeySchema, [
      { AttributeName: 'customer', KeyType: 'HASH' },
      { AttributeName: 'placedAt', KeyType: 'RANGE' },
    ]);
    assert.equal(Table?.ItemCount, 1);
    assert.ok((Table?.TableSizeBytes ?? 0) > 0);
    assert.deepEqual(Table?.ProvisionedThroughput, { NumberOfDecreasesToday: 0, ReadCapacityUnits: 5, WriteCapacityUnits: 2 });
    assert.equal(Table?.DeletionProtectionEnabled, false);

    const lowered = await client.send(new UpdateTableCommand({ TableName: 'orders', ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 2 } }));
    assert.equal(lowered.TableDescription?.ProvisionedThroughput?.NumberOfDecreasesToday, 1);
    assert.ok(lowered.TableDescription?.ProvisionedThroughput?.LastDecreaseDateTime instanceof Date);
    const onDemand = await client.send(new UpdateTableCommand({ TableName: 'orders', BillingMode: 'PAY_PER_REQUEST', DeletionProtectionEnabled: true }));
    assert.equal(onDemand.TableDescription?.BillingModeSummary?.BillingMode, 'PAY_PER_REQUEST');
    await assert.rejects(client.send(new DeleteTableCommand({ TableName: 'orders' })), { name: 'ValidationException' });
    await client.send(new UpdateTableCommand({ TableName: 'orders', DeletionProtectionEnabled: false }));
    const deleted = await client.send(new DeleteTableCommand({ TableName: 'orders' }));
    assert.equal(deleted.TableDescription?.TableStatus, 'DELETING');
    await waitUntilTableNotExists({ client, maxWaitTime: 30, minDelay: 1 }, { TableName: 'orders' });
    await assert.rejects(client.send(new DescribeTableCommand({ TableName: 'orders' })), ResourceNotFoundException);
  });

  it('raises the SDK error classes', async () => {
    await server.client.send(new CreateTableCommand(onDemandTable('twice', [{ name: 'id', type: 'S' }])));
    await assert.rejects(server.client.send(new CreateTableCommand(onDemandTable('twice', [{ name: 'id', type: 'S' }]))), ResourceInUseException);
    await assert.rejects(server.client.send(new GetItemCommand({ TableName: 'nowhere', Key: { id: { S: 'x' } } })), ResourceNotFoundException);
    await assert.rejects(server.client.send(new CreateTableCommand({ TableName: 'x' })), { name: 'ValidationException' });
  });

  it('pages ListTables with the paginator', async () => {
    for (let index = 0; index < 12; index++) await server.client.send(new CreateTableCommand(onDemandTable(`page-${String(index).padStart(2, '0')}`, [{ name: 'id', type: 'S' }])));
    const names: string[] = [];
    let pages = 0;
    for await (const page of paginateListTables({ client: server.client, pageSize: 5 }, {})) {
      pages++;
      names.push(...(page.TableNames ?? []));
    }
    assert.deepEqual(names, [...names].sort());
    assert.equal(names.filter((name) => name.startsWith('page-')).length, 12);
    assert.ok(pages >= 3);
  });
});

describe('items through the SDK clients', () => {
  let server: StrataUnderTest;
  before(async () => {
    server = await startStrataWithClient();
    await server.client.send(new CreateTableCommand(onDemandTable('things', [{ name: 'id', type: 'S' }])));
  });
  after(async () => {
    await server.close();
  });

  it('round-trips every attribute type with the low-level client', async () => {
    const item = {
      id: { S: 'all-types' },
      text: { S: 'héllo 😀' },
      number: { N: '-12.500' },
      bytes: { B: Uint8Array.from([0, 1, 255]) },
      flag: { BOOL: true },
      nothing: { NULL: true },
      map: { M: { nested: { L: [{ N: '1' }, { S: 'two' }, { M: { deep: { SS: ['x'] } } }] } } },
      strings: { SS: ['b', 'a'] },
      numbers: { NS: ['3', '1.0'] },
      binaries: { BS: [Uint8Array.from([1]), Uint8Array.from([2])] },
    };
    await server.client.send(new PutItemCommand({ TableName: 'things', Item: item }));
    const { Item } = await server.client.send(new GetItemCommand({ TableName: 'things', Key: { id: { S: 'all-types' } } }));
    assert.equal(Item?.number?.N, '-12.5');
    assert.deepEqual(Item?.bytes?.B, Uint8Array.from([0, 1, 255]));
    assert.deepEqual([...(Item?.numbers?.NS ?? [])].sort(), ['1', '3']);
    assert.deepEqual(Item?.map, item.map);
    const { Attributes } = await server.client.send(new DeleteItemCommand({ TableName: 'things', Key: { id: { S: 'all-types' } }, ReturnValues: 'ALL_OLD' }));
    assert.equal(Attributes?.text?.S, 'héllo 😀');
  });

  it('round-trips plain JavaScript values with lib-dynamodb, up to an item near 400 KB', async () => {
    const documents = DynamoDBDocumentClient.from(server.client);
    const value = { id: 'doc', tags: new Set(['a', 'b']), scores: [1, 2.5, -3], profile: { name: 'Ada', active: true, nickname: null }, blob: 'x'.repeat(399 * 1024) };
    await documents.send(new PutCommand({ TableName: 'things', Item: value }));
    const { Item } = await documents.send(new GetCommand({ TableName: 'things', Key: { id: 'doc' } }));
    assert.deepEqual(Item, value);
    await assert.rejects(documents.send(new PutCommand({ TableName: 'things', Item: { id: 'too-big', blob: 'x'.repeat(400 * 1024) } })), {
      name: 'ValidationException',
      message: 'Item size has exceeded the maximum allowed size',
    });
  });
});

describe('namespaces', () => {
  it('keeps tables apart per access key and region unless the database is shared', async () => {
    const separate = await startStrata({ sharedDb: false });
    const shared = await startStrata({ sharedDb: true });
    try {
      for (const [strata, expectShared] of [
        [separate, false],
        [shared, true],
      ] as const) {
        const alice = clientFor(strata.endpoint, { credentials: { accessKeyId: 'alice', secretAccessKey: 's' } });
        const bob = clientFor(strata.endpoint, { credentials: { accessKeyId: 'bob', secretAccessKey: 's' } });
        const aliceInEurope = clientFor(strata.endpoint, { credentials: { accessKeyId: 'alice', secretAccessKey: 's' }, region: 'eu-west-1' });
        await alice.send(new CreateTableCommand(onDemandTable('mine', [{ name: 'id', type: 'S' }])));
        for (const other of [bob, aliceInEurope]) {
          const { TableNames } = await other.send(new ListTablesCommand({}));
          assert.deepEqual(TableNames, expectShared ? ['mine'] : []);
        }
        for (const client of [alice, bob, aliceInEurope]) client.destroy();
      }
    } finally {
      await separate.close();
      await shared.close();
    }
  });
});
