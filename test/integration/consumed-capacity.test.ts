import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CreateTableCommand, PutItemCommand, QueryCommand, ScanCommand, TransactGetItemsCommand, TransactWriteItemsCommand } from '@aws-sdk/client-dynamodb';
import { onDemandTable, startStrataWithClient, uniqueTableName, type StrataUnderTest } from '../support/strata.js';

/**
 * ConsumedCapacity through the SDK: a Query or Scan page costs its items' summed size
 * rounded up to 4 KB once, filtered out or not; INDEXES gives the table's share even of a
 * table without indexes, and an index read's units to the index; transactions name the
 * kind of units in every share.
 */

const ITEMS = 10;
/** With its key, each item is 1,001 bytes: ten make 10,010 bytes, three 4 KB units. */
const PAD = 'x'.repeat(988);

describe('consumed capacity', () => {
  let server: StrataUnderTest;
  const indexed = uniqueTableName('capacity-indexed');
  const plain = uniqueTableName('capacity-plain');

  before(async () => {
    server = await startStrataWithClient();
    const keys = [
      { name: 'pk', type: 'S' },
      { name: 'sk', type: 'S' },
    ] as const;
    await server.client.send(
      new CreateTableCommand({
        ...onDemandTable(indexed, keys),
        GlobalSecondaryIndexes: [{ IndexName: 'bySk', KeySchema: [{ AttributeName: 'sk', KeyType: 'HASH' }], Projection: { ProjectionType: 'KEYS_ONLY' } }],
      }),
    );
    await server.client.send(new CreateTableCommand(onDemandTable(plain, keys)));
    for (const table of [indexed, plain]) {
      for (let i = 0; i < ITEMS; i++) {
        await server.client.send(new PutItemCommand({ TableName: table, Item: { pk: { S: 'p' }, sk: { S: `s${i}` }, filler: { S: PAD } } }));
      }
    }
  });

  after(async () => {
    await server.close();
  });

  it('charges a Scan and a Query the summed size of the items read, halved for eventual consistency', async () => {
    const scan = await server.client.send(new ScanCommand({ TableName: plain, ReturnConsumedCapacity: 'TOTAL' }));
    assert.deepEqual(scan.ConsumedCapacity, { TableName: plain, CapacityUnits: 1.5 });
    const strong = await server.client.send(new ScanCommand({ TableName: plain, ConsistentRead: true, ReturnConsumedCapacity: 'TOTAL' }));
    assert.deepEqual(strong.ConsumedCapacity, { TableName: plain, CapacityUnits: 3 });
    const filtered = await server.client.send(
      new ScanCommand({
        TableName: plain,
        FilterExpression: 'filler = :none',
        ExpressionAttributeValues: { ':none': { S: 'none' } },
        ReturnConsumedCapacity: 'TOTAL',
      }),
    );
    assert.equal(filtered.Count, 0);
    assert.deepEqual(filtered.ConsumedCapacity, { TableName: plain, CapacityUnits: 1.5 });
    const query = await server.client.send(
      new QueryCommand({
        TableName: plain,
        KeyConditionExpression: 'pk = :p',
        ExpressionAttributeValues: { ':p': { S: 'p' } },
        ReturnConsumedCapacity: 'TOTAL',
      }),
    );
    assert.deepEqual(query.ConsumedCapacity, { TableName: plain, CapacityUnits: 1.5 });
  });

  it("reports a table's share under INDEXES, of a table without indexes too", async () => {
    const scan = await server.client.send(new ScanCommand({ TableName: plain, ReturnConsumedCapacity: 'INDEXES' }));
    assert.deepEqual(scan.ConsumedCapacity, { TableName: plain, CapacityUnits: 1.5, Table: { CapacityUnits: 1.5 } });
  });

  it('charges a read of an index to the index, the table taking none', async () => {
    const query = await server.client.send(
      new QueryCommand({
        TableName: indexed,
        IndexName: 'bySk',
        KeyConditionExpression: 'sk = :s',
        ExpressionAttributeValues: { ':s': { S: 's1' } },
        ReturnConsumedCapacity: 'INDEXES',
      }),
    );
    assert.deepEqual(query.ConsumedCapacity, {
      TableName: indexed,
      CapacityUnits: 0.5,
      Table: { CapacityUnits: 0 },
      GlobalSecondaryIndexes: { bySk: { CapacityUnits: 0.5 } },
    });
    const scan = await server.client.send(new ScanCommand({ TableName: indexed, IndexName: 'bySk', ReturnConsumedCapacity: 'TOTAL' }));
    assert.deepEqual(scan.ConsumedCapacity, { TableName: indexed, CapacityUnits: 0.5 });
  });

  it('names the kind of units in the table and index shares of transactions', async () => {
    const read = await server.client.send(
      new TransactGetItemsCommand({
        TransactItems: [
          { Get: { TableName: plain, Key: { pk: { S: 'p' }, sk: { S: 's0' } } } },
          { Get: { TableName: plain, Key: { pk: { S: 'p' }, sk: { S: 'absent' } } } },
        ],
        ReturnConsumedCapacity: 'INDEXES',
      }),
    );
    assert.deepEqual(read.ConsumedCapacity, [{ TableName: plain, CapacityUnits: 4, ReadCapacityUnits: 4, Table: { CapacityUnits: 4, ReadCapacityUnits: 4 } }]);

    const written = await server.client.send(
      new TransactWriteItemsCommand({
        TransactItems: [{ Put: { TableName: indexed, Item: { pk: { S: 'p' }, sk: { S: 'new' } } } }],
        ReturnConsumedCapacity: 'INDEXES',
      }),
    );
    assert.deepEqual(written.ConsumedCapacity, [
      {
        TableName: indexed,
        CapacityUnits: 4,
        WriteCapacityUnits: 4,
        Table: { CapacityUnits: 2, WriteCapacityUnits: 2 },
        GlobalSecondaryIndexes: { bySk: { CapacityUnits: 2, WriteCapacityUnits: 2 } },
      },
    ]);
  });
});
