import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  BatchWriteItemCommand,
  CreateTableCommand,
  DeleteItemCommand,
  DescribeTableCommand,
  GetItemCommand,
  PutItemCommand,
  ScanCommand,
  TransactionCanceledException,
  TransactWriteItemsCommand,
  UpdateItemCommand,
  UpdateTableCommand,
  type AttributeValue,
} from '@aws-sdk/client-dynamodb';
import { INDEXED_TABLE_PARTS } from '../support/indexed-table.js';
import { onDemandTable, startStrataWithClient, uniqueTableName, type StrataUnderTest } from '../support/strata.js';

/**
 * Index key values through the SDK: every write that would give a GSI or LSI a key value
 * too long for a key is refused with AWS's message, and an index added to a table that
 * already holds such values leaves their items out until they are corrected.
 */

function sizeLimit(attribute: string, actualBytes: number, maxBytes: number, indexName: string): RegExp {
  const message = `One or more parameter values were invalid: Size limit exceeded for Index Key ${attribute} Actual Size: ${actualBytes} bytes Max Size: ${maxBytes} bytes IndexName: ${indexName}`;
  return new RegExp(`^${message}$`);
}

describe('index key size limits', () => {
  let server: StrataUnderTest;
  const table = uniqueTableName('index-keys');
  const key = { pk: { S: 'p' }, sk: { S: 's' } };
  const tooLongForPartition = { S: 'a'.repeat(2049) };
  const tooLongForSort = { S: 'b'.repeat(1025) };
  const partitionRefusal = { name: 'ValidationException', message: sizeLimit('team', 2049, 2048, 'byTeam') };

  before(async () => {
    server = await startStrataWithClient();
    await server.client.send(
      new CreateTableCommand({
        ...onDemandTable(table, [
          { name: 'pk', type: 'S' },
          { name: 'sk', type: 'S' },
        ]),
        ...INDEXED_TABLE_PARTS,
      }),
    );
  });

  after(async () => {
    await server.close();
  });

  const put = (item: Record<string, AttributeValue>) => server.client.send(new PutItemCommand({ TableName: table, Item: { ...key, ...item } }));

  it('refuses a PutItem whose GSI or LSI key value is too long, and takes one at the limit', async () => {
    await assert.rejects(put({ team: tooLongForPartition }), partitionRefusal);
    await assert.rejects(put({ team: { S: 't' }, rank: tooLongForSort }), { name: 'ValidationException', message: sizeLimit('rank', 1025, 1024, 'byTeam') });
    await assert.rejects(put({ note: tooLongForSort }), { name: 'ValidationException', message: sizeLimit('note', 1025, 1024, 'byNote') });
    // One value at each limit per write: both at once make a GSI key of 3,092 bytes,
    // past what PostgreSQL storage can index (README, "Known limit").
    await put({ team: { S: 'a'.repeat(2048) }, rank: { S: 'b' } });
    await put({ team: { S: 'a' }, rank: { S: 'b'.repeat(1024) }, note: { S: 'c'.repeat(1024) } });
    const { Count } = await server.client.send(new ScanCommand({ TableName: table, IndexName: 'byTeam' }));
    assert.equal(Count, 1);
  });

  it('refuses an index key value of the wrong type, naming the key, the types and the index', async () => {
    await assert.rejects(put({ team: { N: '1' } }), {
      name: 'ValidationException',
      message: 'One or more parameter values were invalid: Type mismatch for Index Key team Expected: S Actual: N IndexName: byTeam',
    });
  });

  it('refuses an UpdateItem, a BatchWriteItem and a TransactWriteItems that would write such a value', async () => {
    await put({ team: { S: 'kept' } });
    await assert.rejects(
      server.client.send(
        new UpdateItemCommand({ TableName: table, Key: key, UpdateExpression: 'SET team = :t', ExpressionAttributeValues: { ':t': tooLongForPartition } }),
      ),
      partitionRefusal,
    );
    const other = { pk: { S: 'p' }, sk: { S: 'other' } };
    await assert.rejects(
      server.client.send(
        new BatchWriteItemCommand({
          RequestItems: { [table]: [{ PutRequest: { Item: other } }, { PutRequest: { Item: { ...key, team: tooLongForPartition } } }] },
        }),
      ),
      partitionRefusal,
    );
    const cancelled = await server.client
      .send(
        new TransactWriteItemsCommand({
          TransactItems: [{ Put: { TableName: table, Item: other } }, { Put: { TableName: table, Item: { ...key, team: tooLongForPartition } } }],
        }),
      )
      .then(
        () => assert.fail('the transaction should have been cancelled'),
        (error: unknown) => error,
      );
    assert.ok(cancelled instanceof TransactionCanceledException);
    assert.deepEqual(
      cancelled.CancellationReasons?.map((reason) => reason.Code),
      ['None', 'ValidationError'],
    );
    assert.match(cancelled.CancellationReasons?.[1]?.Message ?? '', partitionRefusal.message);
    assert.equal((await server.client.send(new GetItemCommand({ TableName: table, Key: other }))).Item, undefined);
    assert.deepEqual((await server.client.send(new GetItemCommand({ TableName: table, Key: key }))).Item, { ...key, team: { S: 'kept' } });
  });

  it('leaves out of an added GSI the items it could not index, which can then be corrected or deleted', async () => {
    const people = uniqueTableName('index-keys-backfill');
    await server.client.send(new CreateTableCommand(onDemandTable(people, [{ name: 'id', type: 'S' }])));
    const teams: Record<string, AttributeValue> = { fine: { S: 'red' }, long: tooLongForPartition, mistyped: { N: '7' } };
    for (const [id, team] of Object.entries(teams)) await server.client.send(new PutItemCommand({ TableName: people, Item: { id: { S: id }, team } }));
    await server.client.send(
      new UpdateTableCommand({
        TableName: people,
        AttributeDefinitions: [{ AttributeName: 'team', AttributeType: 'S' }],
        GlobalSecondaryIndexUpdates: [
          { Create: { IndexName: 'byTeam', KeySchema: [{ AttributeName: 'team', KeyType: 'HASH' }], Projection: { ProjectionType: 'ALL' } } },
        ],
      }),
    );
    // The backfill runs in the background, on no timer: wait for the index to become ACTIVE.
    let status: string | undefined;
    for (let attempt = 0; attempt < 500 && status !== 'ACTIVE'; attempt++) {
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 20));
      status = (await server.client.send(new DescribeTableCommand({ TableName: people }))).Table?.GlobalSecondaryIndexes?.[0]?.IndexStatus;
    }
    assert.equal(status, 'ACTIVE', 'the backfill ends');
    const indexedIds = async (): Promise<string[]> =>
      ((await server.client.send(new ScanCommand({ TableName: people, IndexName: 'byTeam' }))).Items ?? []).map((item) => item.id!.S!).sort();
    assert.deepEqual(await indexedIds(), ['fine']);

    await assert.rejects(
      server.client.send(
        new UpdateItemCommand({
          TableName: people,
          Key: { id: { S: 'long' } },
          UpdateExpression: 'SET note = :n',
          ExpressionAttributeValues: { ':n': { S: 'n' } },
        }),
      ),
      partitionRefusal,
    );
    await server.client.send(
      new UpdateItemCommand({
        TableName: people,
        Key: { id: { S: 'mistyped' } },
        UpdateExpression: 'SET team = :t',
        ExpressionAttributeValues: { ':t': { S: 'blue' } },
      }),
    );
    await server.client.send(new DeleteItemCommand({ TableName: people, Key: { id: { S: 'long' } } }));
    assert.deepEqual(await indexedIds(), ['fine', 'mistyped']);
    assert.deepEqual(await server.strata.check(), []);
  });
});
