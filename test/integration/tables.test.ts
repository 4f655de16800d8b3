import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CreateTableCommand,
  DeleteItemCommand,
  DeleteTableCommand,
  DescribeTableCommand,
  DynamoDBServiceException,
  ListTablesCommand,
  paginateListTables,
  PutItemCommand,
  ResourceInUseException,
  ResourceNotFoundException,
  UpdateTableCommand,
  waitUntilTableExists,
  waitUntilTableNotExists,
  type CreateTableCommandInput,
  type TableDescription,
} from '@aws-sdk/client-dynamodb';
import { clientFor, onDemandTable, startStrataWithClient, uniqueTableName, type StrataUnderTest } from '../support/strata.js';

/** Tables through @aws-sdk/client-dynamodb against a real Strata server: every TableDescription field, paging, waiters, errors. */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** The waiters poll every `minDelay` seconds; Strata tables are ACTIVE at once, so one poll is enough. */
const WAITER_SETTINGS = { maxWaitTime: 10, minDelay: 1 };

function provisionedTable(tableName: string, read: number, write: number): CreateTableCommandInput {
  return {
    ...onDemandTable(tableName, [
      { name: 'customer', type: 'S' },
      { name: 'placedAt', type: 'N' },
    ]),
    BillingMode: 'PROVISIONED',
    ProvisionedThroughput: { ReadCapacityUnits: read, WriteCapacityUnits: write },
  };
}

function assertRecent(date: Date | undefined, startedMs: number): void {
  assert.ok(date instanceof Date, `expected a Date, got ${String(date)}`);
  // Descriptions carry seconds with a fraction; allow for rounding to the whole second.
  assert.ok(date.getTime() >= startedMs - 1_000 && date.getTime() <= Date.now() + 1_000, `${date.toISOString()} is not recent`);
}

describe('tables through @aws-sdk/client-dynamodb', () => {
  let server: StrataUnderTest;
  before(async () => {
    server = await startStrataWithClient();
  });
  after(async () => {
    await server.close();
  });

  async function describeTable(tableName: string): Promise<TableDescription> {
    const { Table } = await server.client.send(new DescribeTableCommand({ TableName: tableName }));
    assert.ok(Table !== undefined);
    return Table;
  }

  it('creates an on-demand table with a simple key and describes every field', async () => {
    const startedMs = Date.now();
    const name = uniqueTableName('simple');
    const created = await server.client.send(new CreateTableCommand(onDemandTable(name, [{ name: 'id', type: 'S' }])));
    const described = await describeTable(name);
    for (const table of [created.TableDescription, described]) {
      assert.ok(table !== undefined);
      assert.equal(table.TableName, name);
      assert.equal(table.TableStatus, 'ACTIVE');
      assert.equal(table.TableArn, `arn:aws:dynamodb:us-east-1:000000000000:table/${name}`);
      assert.match(table.TableId ?? '', UUID);
      assertRecent(table.CreationDateTime, startedMs);
      assert.deepEqual(table.KeySchema, [{ AttributeName: 'id', KeyType: 'HASH' }]);
      assert.deepEqual(table.AttributeDefinitions, [{ AttributeName: 'id', AttributeType: 'S' }]);
      assert.equal(table.ItemCount, 0);
      assert.equal(table.TableSizeBytes, 0);
      assert.equal(table.BillingModeSummary?.BillingMode, 'PAY_PER_REQUEST');
      assertRecent(table.BillingModeSummary?.LastUpdateToPayPerRequestDateTime, startedMs);
      assert.deepEqual(table.ProvisionedThroughput, { NumberOfDecreasesToday: 0, ReadCapacityUnits: 0, WriteCapacityUnits: 0 });
      assert.equal(table.DeletionProtectionEnabled, false);
    }
    assert.equal(described.TableId, created.TableDescription?.TableId);
    assert.equal(described.CreationDateTime?.getTime(), created.TableDescription?.CreationDateTime?.getTime());
  });

  it('creates a provisioned table with a composite key', async () => {
    const name = uniqueTableName('composite');
    await server.client.send(new CreateTableCommand(provisionedTable(name, 5, 2)));
    const table = await describeTable(name);
    assert.deepEqual(table.KeySchema, [
      { AttributeName: 'customer', KeyType: 'HASH' },
      { AttributeName: 'placedAt', KeyType: 'RANGE' },
    ]);
    assert.deepEqual(table.AttributeDefinitions, [
      { AttributeName: 'customer', AttributeType: 'S' },
      { AttributeName: 'placedAt', AttributeType: 'N' },
    ]);
    assert.deepEqual(table.ProvisionedThroughput, { NumberOfDecreasesToday: 0, ReadCapacityUnits: 5, WriteCapacityUnits: 2 });
    // DynamoDB describes the billing mode only of tables that have been on demand.
    assert.equal(table.BillingModeSummary, undefined);
  });

  it('names the client region in the ARN', async () => {
    const name = uniqueTableName('region');
    const europe = clientFor(server.strata.endpoint, { region: 'eu-west-1' });
    try {
      const { TableDescription } = await europe.send(new CreateTableCommand(onDemandTable(name, [{ name: 'id', type: 'S' }])));
      assert.equal(TableDescription?.TableArn, `arn:aws:dynamodb:eu-west-1:000000000000:table/${name}`);
    } finally {
      europe.destroy();
    }
  });

  it('counts items and their bytes as they are put and deleted', async () => {
    const name = uniqueTableName('counted');
    await server.client.send(new CreateTableCommand(onDemandTable(name, [{ name: 'id', type: 'S' }])));
    // Item size is the UTF-8 bytes of the attribute names plus those of the string values:
    // "id" + "abc" + "note" + "hello" = 2 + 3 + 4 + 5 = 14 bytes.
    const itemOf = (id: string) => ({ id: { S: id }, note: { S: 'hello' } });
    await server.client.send(new PutItemCommand({ TableName: name, Item: itemOf('abc') }));
    await server.client.send(new PutItemCommand({ TableName: name, Item: itemOf('xyz') }));
    assert.deepEqual(await countsOf(name), { items: 2, bytes: 28 });
    await server.client.send(new PutItemCommand({ TableName: name, Item: { id: { S: 'abc' } } }));
    assert.deepEqual(await countsOf(name), { items: 2, bytes: 14 + 5 });
    await server.client.send(new DeleteItemCommand({ TableName: name, Key: { id: { S: 'xyz' } } }));
    assert.deepEqual(await countsOf(name), { items: 1, bytes: 5 });
    await server.client.send(new DeleteItemCommand({ TableName: name, Key: { id: { S: 'never-written' } } }));
    assert.deepEqual(await countsOf(name), { items: 1, bytes: 5 });
  });

  async function countsOf(name: string): Promise<{ items: number | undefined; bytes: number | undefined }> {
    const table = await describeTable(name);
    return { items: table.ItemCount, bytes: table.TableSizeBytes };
  }

  it('switches billing modes and changes throughput, counting decreases', async () => {
    const startedMs = Date.now();
    const name = uniqueTableName('updated');
    await server.client.send(new CreateTableCommand(provisionedTable(name, 5, 5)));
    const update = async (input: Omit<ConstructorParameters<typeof UpdateTableCommand>[0], 'TableName'>): Promise<TableDescription> => {
      const { TableDescription } = await server.client.send(new UpdateTableCommand({ TableName: name, ...input }));
      assert.ok(TableDescription !== undefined);
      assert.deepEqual(await describeTable(name), TableDescription, 'DescribeTable agrees with what UpdateTable returned');
      return TableDescription;
    };

    const raised = await update({ ProvisionedThroughput: { ReadCapacityUnits: 10, WriteCapacityUnits: 5 } });
    assert.equal(raised.ProvisionedThroughput?.ReadCapacityUnits, 10);
    assert.equal(raised.ProvisionedThroughput?.NumberOfDecreasesToday, 0);
    assertRecent(raised.ProvisionedThroughput?.LastIncreaseDateTime, startedMs);
    assert.equal(raised.ProvisionedThroughput?.LastDecreaseDateTime, undefined);

    const lowered = await update({ ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 5 } });
    assert.equal(lowered.ProvisionedThroughput?.NumberOfDecreasesToday, 1);
    assertRecent(lowered.ProvisionedThroughput?.LastDecreaseDateTime, startedMs);

    const onDemand = await update({ BillingMode: 'PAY_PER_REQUEST' });
    assert.equal(onDemand.BillingModeSummary?.BillingMode, 'PAY_PER_REQUEST');
    assertRecent(onDemand.BillingModeSummary?.LastUpdateToPayPerRequestDateTime, startedMs);
    assert.equal(onDemand.ProvisionedThroughput?.ReadCapacityUnits, 0);
    assert.equal(onDemand.ProvisionedThroughput?.WriteCapacityUnits, 0);

    const provisioned = await update({ BillingMode: 'PROVISIONED', ProvisionedThroughput: { ReadCapacityUnits: 3, WriteCapacityUnits: 4 } });
    assert.equal(provisioned.BillingModeSummary?.BillingMode, 'PROVISIONED');
    assert.equal(provisioned.ProvisionedThroughput?.ReadCapacityUnits, 3);
    assert.equal(provisioned.ProvisionedThroughput?.WriteCapacityUnits, 4);

    await assert.rejects(
      server.client.send(new UpdateTableCommand({ TableName: name, ProvisionedThroughput: { ReadCapacityUnits: 3, WriteCapacityUnits: 4 } })),
      {
        name: 'ValidationException',
        message: /will not change/,
      },
    );
    await assert.rejects(server.client.send(new UpdateTableCommand({ TableName: name })), { name: 'ValidationException' });
  });

  it('refuses to delete a table under deletion protection until it is lifted', async () => {
    const name = uniqueTableName('protected');
    const created = await server.client.send(new CreateTableCommand({ ...onDemandTable(name, [{ name: 'id', type: 'S' }]), DeletionProtectionEnabled: true }));
    assert.equal(created.TableDescription?.DeletionProtectionEnabled, true);
    const refusal = { name: 'ValidationException', message: /protected against deletion/ };
    await assert.rejects(server.client.send(new DeleteTableCommand({ TableName: name })), refusal);
    assert.equal((await describeTable(name)).TableStatus, 'ACTIVE');

    const lifted = await server.client.send(new UpdateTableCommand({ TableName: name, DeletionProtectionEnabled: false }));
    assert.equal(lifted.TableDescription?.DeletionProtectionEnabled, false);
    await server.client.send(new UpdateTableCommand({ TableName: name, DeletionProtectionEnabled: true }));
    assert.equal((await describeTable(name)).DeletionProtectionEnabled, true);
    await assert.rejects(server.client.send(new DeleteTableCommand({ TableName: name })), refusal);

    await server.client.send(new UpdateTableCommand({ TableName: name, DeletionProtectionEnabled: false }));
    const deleted = await server.client.send(new DeleteTableCommand({ TableName: name }));
    assert.equal(deleted.TableDescription?.TableStatus, 'DELETING');
  });

  it('deletes a table: it leaves the list, its name is free again and it starts empty', async () => {
    const name = uniqueTableName('deleted');
    await server.client.send(new CreateTableCommand(onDemandTable(name, [{ name: 'id', type: 'S' }])));
    await server.client.send(new PutItemCommand({ TableName: name, Item: { id: { S: 'left-behind' } } }));
    const first = await describeTable(name);
    const deleted = await server.client.send(new DeleteTableCommand({ TableName: name }));
    assert.equal(deleted.TableDescription?.TableName, name);
    assert.equal(deleted.TableDescription?.TableStatus, 'DELETING');
    await waitUntilTableNotExists({ client: server.client, ...WAITER_SETTINGS }, { TableName: name });
    await assert.rejects(server.client.send(new DescribeTableCommand({ TableName: name })), ResourceNotFoundException);
    await assert.rejects(server.client.send(new DeleteTableCommand({ TableName: name })), ResourceNotFoundException);
    const { TableNames } = await server.client.send(new ListTablesCommand({}));
    assert.ok(!(TableNames ?? []).includes(name));

    await server.client.send(new CreateTableCommand(onDemandTable(name, [{ name: 'id', type: 'S' }])));
    const second = await describeTable(name);
    assert.notEqual(second.TableId, first.TableId);
    assert.equal(second.ItemCount, 0);
  });

  it('works with the table waiters', async () => {
    const name = uniqueTableName('waited');
    await server.client.send(new CreateTableCommand(onDemandTable(name, [{ name: 'id', type: 'S' }])));
    const exists = await waitUntilTableExists({ client: server.client, ...WAITER_SETTINGS }, { TableName: name });
    assert.equal(exists.state, 'SUCCESS');
    await server.client.send(new DeleteTableCommand({ TableName: name }));
    const gone = await waitUntilTableNotExists({ client: server.client, ...WAITER_SETTINGS }, { TableName: name });
    assert.equal(gone.state, 'SUCCESS');
  });

  it('raises the SDK error classes with DynamoDB messages', async () => {
    const name = uniqueTableName('twice');
    await server.client.send(new CreateTableCommand(onDemandTable(name, [{ name: 'id', type: 'S' }])));
    const inUse = await rejection(server.client.send(new CreateTableCommand(onDemandTable(name, [{ name: 'id', type: 'S' }]))));
    assert.ok(inUse instanceof ResourceInUseException);
    assert.match(inUse.message, new RegExp(name));

    const notFound = await rejection(server.client.send(new DescribeTableCommand({ TableName: 'no-such-table' })));
    assert.ok(notFound instanceof ResourceNotFoundException);
    assert.equal(notFound.$metadata.httpStatusCode, 400);
    assert.match(notFound.$metadata.requestId ?? '', UUID);
    await assert.rejects(
      server.client.send(new UpdateTableCommand({ TableName: 'no-such-table', DeletionProtectionEnabled: true })),
      ResourceNotFoundException,
    );

    // The SDK has no class for ValidationException: it arrives as the service's base class, named.
    const invalid = await rejection(server.client.send(new CreateTableCommand({ TableName: 'x' })));
    assert.ok(invalid instanceof DynamoDBServiceException);
    assert.equal(invalid.name, 'ValidationException');
    assert.equal(invalid.$fault, 'client');
  });
});

async function rejection(promise: Promise<unknown>): Promise<Error> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  assert.ok(error instanceof Error, 'expected the request to fail');
  return error;
}

describe('ListTables paging through the SDK paginator', () => {
  let server: StrataUnderTest;
  const names = Array.from({ length: 12 }, (_, index) => `page-${String(index).padStart(2, '0')}`);
  before(async () => {
    server = await startStrataWithClient();
    // Created out of order: the list is sorted by name, not by creation.
    for (const name of [...names].reverse()) await server.client.send(new CreateTableCommand(onDemandTable(name, [{ name: 'id', type: 'S' }])));
  });
  after(async () => {
    await server.close();
  });

  for (const pageSize of [1, 5, 12, 100]) {
    it(`lists every table once, in order, in pages of ${pageSize}`, async () => {
      const pages: string[][] = [];
      for await (const page of paginateListTables({ client: server.client, pageSize }, {})) pages.push(page.TableNames ?? []);
      assert.deepEqual(pages.flat(), names);
      assert.equal(pages.length, Math.ceil(names.length / pageSize));
      assert.ok(pages.every((page) => page.length <= pageSize));
    });
  }

  it('starts after ExclusiveStartTableName and says where the next page starts', async () => {
    const page = await server.client.send(new ListTablesCommand({ ExclusiveStartTableName: 'page-03', Limit: 4 }));
    assert.deepEqual(page.TableNames, ['page-04', 'page-05', 'page-06', 'page-07']);
    assert.equal(page.LastEvaluatedTableName, 'page-07');
    const last = await server.client.send(new ListTablesCommand({ ExclusiveStartTableName: 'page-07' }));
    assert.deepEqual(last.TableNames, names.slice(8));
    assert.equal(last.LastEvaluatedTableName, undefined);
  });
});
