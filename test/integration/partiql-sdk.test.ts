import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  BatchExecuteStatementCommand,
  ConditionalCheckFailedException,
  CreateTableCommand,
  DuplicateItemException,
  ExecuteStatementCommand,
  ExecuteTransactionCommand,
  GetItemCommand,
  QueryCommand,
  ScanCommand,
  TransactionCanceledException,
  type AttributeValue,
} from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, ExecuteStatementCommand as DocumentExecuteStatementCommand } from '@aws-sdk/lib-dynamodb';
import { onDemandTable, startStrataWithClient, uniqueTableName, type StrataUnderTest } from '../support/strata.js';

/**
 * PartiQL through the AWS SDK v3 against a real Strata server, on the test backend:
 * ExecuteStatement (a SELECT that pages, one that scans, each write and its failure),
 * BatchExecuteStatement and ExecuteTransaction, and lib-dynamodb's ExecuteStatement
 * with native values. Each statement's result is held against the equivalent API call.
 */

const ORDERS = uniqueTableName('partiql-orders');
const ACCOUNTS = uniqueTableName('partiql-accounts');
const CUSTOMERS = 5;
const ORDERS_PER_CUSTOMER = 12;
/** About 1 KB per order, so that reading them all costs more than reading one. */
const NOTE = 'n'.repeat(1000);

let server: StrataUnderTest;

const statement = (text: string, Parameters?: AttributeValue[]) =>
  new ExecuteStatementCommand({ Statement: text, ...(Parameters === undefined ? {} : { Parameters }) });

before(async () => {
  server = await startStrataWithClient();
  await server.client.send(
    new CreateTableCommand(
      onDemandTable(ORDERS, [
        { name: 'customer', type: 'S' },
        { name: 'order', type: 'N' },
      ]),
    ),
  );
  await server.client.send(new CreateTableCommand(onDemandTable(ACCOUNTS, [{ name: 'id', type: 'S' }])));
  for (let customer = 0; customer < CUSTOMERS; customer++) {
    for (let order = 0; order < ORDERS_PER_CUSTOMER; order++) {
      await server.client.send(
        statement(`INSERT INTO "${ORDERS}" VALUE {'customer': ?, 'order': ?, 'total': ?, 'status': ?, 'note': ?}`, [
          { S: `c${customer}` },
          { N: String(order) },
          { N: String(order * 10) },
          { S: order % 3 === 0 ? 'open' : 'shipped' },
          { S: NOTE },
        ]),
      );
    }
  }
});

after(async () => {
  await server.close();
});

describe('PartiQL through the AWS SDK v3', () => {
  it('pages a SELECT of one partition with Limit and NextToken, in sort key order, as Query does', async () => {
    const orders: AttributeValue[] = [];
    let NextToken: string | undefined;
    let pages = 0;
    do {
      const page = await server.client.send(
        new ExecuteStatementCommand({
          Statement: `SELECT "order" FROM "${ORDERS}" WHERE customer = ? ORDER BY "order" DESC`,
          Parameters: [{ S: 'c1' }],
          Limit: 5,
          NextToken,
        }),
      );
      orders.push(...(page.Items ?? []).map((item) => item['order']!));
      NextToken = page.NextToken;
      pages++;
    } while (NextToken !== undefined);
    const query = await server.client.send(
      new QueryCommand({
        TableName: ORDERS,
        KeyConditionExpression: 'customer = :c',
        ExpressionAttributeValues: { ':c': { S: 'c1' } },
        ScanIndexForward: false,
      }),
    );
    assert.deepEqual(
      orders,
      (query.Items ?? []).map((item) => item['order']),
    );
    assert.equal(pages, 3);
  });

  it('reads a SELECT without the partition key as a Scan, at the Scan’s cost', async () => {
    const select = await server.client.send(
      new ExecuteStatementCommand({ Statement: `SELECT * FROM "${ORDERS}" WHERE status = 'open'`, ReturnConsumedCapacity: 'TOTAL' }),
    );
    const scan = await server.client.send(
      new ScanCommand({
        TableName: ORDERS,
        FilterExpression: '#s = :open',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':open': { S: 'open' } },
        ReturnConsumedCapacity: 'TOTAL',
      }),
    );
    assert.equal(select.Items?.length, scan.Count);
    assert.equal(select.ConsumedCapacity?.CapacityUnits, scan.ConsumedCapacity?.CapacityUnits);
    const byKey = await server.client.send(
      new ExecuteStatementCommand({ Statement: `SELECT * FROM "${ORDERS}" WHERE customer = 'c0' AND "order" = 3`, ReturnConsumedCapacity: 'TOTAL' }),
    );
    assert.equal(byKey.ConsumedCapacity?.CapacityUnits, 0.5);
    // 60 orders of about 1 KB: 16 read units of 4 KB, halved for an eventually consistent read.
    assert.equal(select.ConsumedCapacity?.CapacityUnits, 8);
  });

  it('refuses an INSERT of an existing key with DuplicateItemException, and an UPDATE of an absent item with ConditionalCheckFailedException', async () => {
    await assert.rejects(
      server.client.send(statement(`INSERT INTO "${ORDERS}" VALUE {'customer': 'c0', 'order': 0}`)),
      (error) => error instanceof DuplicateItemException && error.message === 'Duplicate primary key exists in table',
    );
    await assert.rejects(
      server.client.send(statement(`UPDATE "${ORDERS}" SET total = 1 WHERE customer = 'nobody' AND "order" = 0`)),
      ConditionalCheckFailedException,
    );
    const absent = await server.client.send(new GetItemCommand({ TableName: ORDERS, Key: { customer: { S: 'nobody' }, order: { N: '0' } } }));
    assert.equal(absent.Item, undefined);
  });

  it('returns what RETURNING asks for, as UpdateItem’s ReturnValues would', async () => {
    await server.client.send(statement(`INSERT INTO "${ACCOUNTS}" VALUE {'id': 'a1', 'balance': 100, 'tags': <<'new'>>}`));
    const updated = await server.client.send(
      statement(
        `UPDATE "${ACCOUNTS}" SET balance = balance - 30 SET tags = set_add(tags, <<'paid'>>) WHERE id = 'a1' AND balance >= 30 RETURNING MODIFIED NEW *`,
      ),
    );
    assert.deepEqual(updated.Items, [{ balance: { N: '70' }, tags: { SS: ['new', 'paid'] } }]);
    const deleted = await server.client.send(statement(`DELETE FROM "${ACCOUNTS}" WHERE id = 'a1' RETURNING ALL OLD *`));
    assert.deepEqual(deleted.Items?.[0]?.['balance'], { N: '70' });
  });

  it('answers each statement of a batch alone, errors in their places', async () => {
    const batch = await server.client.send(
      new BatchExecuteStatementCommand({
        Statements: [
          { Statement: `INSERT INTO "${ACCOUNTS}" VALUE {'id': 'b1'}` },
          { Statement: `INSERT INTO "${ACCOUNTS}" VALUE {'id': 'b2'}` },
          { Statement: `UPDATE "${ACCOUNTS}" SET n = 1 WHERE id = 'absent'` },
        ],
      }),
    );
    assert.deepEqual(
      batch.Responses?.map((response) => response.Error?.Code ?? 'ok'),
      ['ok', 'ok', 'ConditionalCheckFailed'],
    );
    const reads = await server.client.send(
      new BatchExecuteStatementCommand({
        Statements: [{ Statement: `SELECT id FROM "${ACCOUNTS}" WHERE id = 'b1'` }, { Statement: `SELECT id FROM "${ACCOUNTS}" WHERE id = 'zz'` }],
      }),
    );
    assert.deepEqual(
      reads.Responses?.map((response) => response.Item),
      [{ id: { S: 'b1' } }, undefined],
    );
  });

  it('commits a transaction whole or cancels it with a reason per statement', async () => {
    await server.client.send(
      new ExecuteTransactionCommand({
        TransactStatements: [
          { Statement: `INSERT INTO "${ACCOUNTS}" VALUE {'id': 't1', 'balance': 10}` },
          { Statement: `EXISTS(SELECT * FROM "${ACCOUNTS}" WHERE id = 'b1' AND attribute_not_exists(frozen))` },
        ],
      }),
    );
    await assert.rejects(
      server.client.send(
        new ExecuteTransactionCommand({
          TransactStatements: [
            { Statement: `UPDATE "${ACCOUNTS}" SET balance = balance - 20 WHERE id = 't1' AND balance >= 20` },
            { Statement: `INSERT INTO "${ACCOUNTS}" VALUE {'id': 't2'}` },
          ],
        }),
      ),
      (error) =>
        error instanceof TransactionCanceledException && error.CancellationReasons?.map((reason) => reason.Code).join() === 'ConditionalCheckFailed,None',
    );
    const read = await server.client.send(
      new ExecuteTransactionCommand({
        TransactStatements: [{ Statement: `SELECT balance FROM "${ACCOUNTS}" WHERE id = 't1'` }, { Statement: `SELECT * FROM "${ACCOUNTS}" WHERE id = 't2'` }],
      }),
    );
    assert.deepEqual(read.Responses, [{ Item: { balance: { N: '10' } } }, {}]);
  });

  it('takes native values as Parameters through lib-dynamodb', async () => {
    const documents = DynamoDBDocumentClient.from(server.client);
    await documents.send(
      new DocumentExecuteStatementCommand({
        Statement: `INSERT INTO "${ACCOUNTS}" VALUE {'id': ?, 'profile': ?}`,
        Parameters: ['d1', { name: 'Ada', visits: [1, 2] }],
      }),
    );
    const read = await documents.send(
      new DocumentExecuteStatementCommand({ Statement: `SELECT profile.name, profile.visits[1] FROM "${ACCOUNTS}" WHERE id = ?`, Parameters: ['d1'] }),
    );
    assert.deepEqual(read.Items, [{ name: 'Ada', 'visits[1]': 2 }]);
  });
});
