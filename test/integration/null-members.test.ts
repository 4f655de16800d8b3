import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { RawDynamoDBClient, refusal } from '../support/raw-client.js';
import { startTestStrata } from '../support/strata.js';
import type { RunningStrata } from '../../src/index.js';

const TABLE = 'null_members';
const KEY = { id: { S: 'a' } };

/**
 * JSON `null` in a request, as clients that serialise unset fields send it. A null
 * structure member is the member left out; a null inside a list or map is refused with
 * a ValidationException. None of these may be answered with a 500.
 */
describe('JSON null in requests', () => {
  let strata: RunningStrata;
  let client: RawDynamoDBClient;

  before(async () => {
    strata = await startTestStrata();
    client = new RawDynamoDBClient(strata.endpoint);
    await client.send('CreateTable', {
      TableName: TABLE,
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
      BillingMode: 'PAY_PER_REQUEST',
    });
    await client.send('PutItem', { TableName: TABLE, Item: { ...KEY, v: { N: '1' } } });
  });

  after(async () => {
    client.close();
    await strata.close();
  });

  async function refusedWith(operation: string, body: unknown): Promise<string> {
    const error = await client.send(operation, body).then(
      () => assert.fail(`${operation} should have been refused`),
      (thrown: unknown) => refusal(thrown),
    );
    return `${error.type}: ${(JSON.parse(error.message.slice(error.message.indexOf('{'))) as { message: string }).message}`;
  }

  it('reads null optional members as absent', async () => {
    assert.deepEqual(
      await client.send('PutItem', {
        TableName: TABLE,
        Item: { ...KEY, v: { N: '2' } },
        ExpressionAttributeNames: null,
        ExpressionAttributeValues: null,
        ConditionExpression: null,
        ReturnValues: null,
      }),
      {},
    );
    assert.deepEqual(await client.send('GetItem', { TableName: TABLE, Key: KEY, ProjectionExpression: null, AttributesToGet: null, ConsistentRead: null }), {
      Item: { ...KEY, v: { N: '2' } },
    });
    assert.deepEqual(await client.send('UpdateItem', { TableName: TABLE, Key: KEY, UpdateExpression: null, ReturnValues: null }), {});
    const listed = (await client.send('ListTables', { ExclusiveStartTableName: null, Limit: null })) as { TableNames: string[] };
    assert.ok(listed.TableNames.includes(TABLE));
    const scanned = (await client.send('Scan', { TableName: TABLE, ExclusiveStartKey: null, FilterExpression: null, Select: null })) as { Count: number };
    assert.equal(scanned.Count, 1);
  });

  it('refuses a null element of a list or value of a map with a ValidationException', async () => {
    assert.equal(
      await refusedWith('BatchWriteItem', { RequestItems: { [TABLE]: null } }),
      `ValidationException: 1 validation error detected: Value null at 'requestItems.${TABLE}.member' failed to satisfy constraint: Member must not be null`,
    );
    assert.equal(
      await refusedWith('BatchGetItem', { RequestItems: { [TABLE]: null } }),
      `ValidationException: 1 validation error detected: Value null at 'requestItems.${TABLE}.member' failed to satisfy constraint: Member must not be null`,
    );
    assert.equal(
      await refusedWith('TransactWriteItems', { TransactItems: [null] }),
      "ValidationException: 1 validation error detected: Value null at 'transactItems.1.member' failed to satisfy constraint: Member must not be null",
    );
    assert.equal(
      await refusedWith('UpdateItem', { TableName: TABLE, Key: KEY, AttributeUpdates: { v: null } }),
      "ValidationException: 1 validation error detected: Value null at 'attributeUpdates.v.member' failed to satisfy constraint: Member must not be null",
    );
    assert.equal(
      await refusedWith('Scan', { TableName: TABLE, ScanFilter: { v: null } }),
      "ValidationException: 1 validation error detected: Value null at 'scanFilter.v.member' failed to satisfy constraint: Member must not be null",
    );
    assert.equal(
      await refusedWith('UpdateTable', { TableName: TABLE, GlobalSecondaryIndexUpdates: [null] }),
      "ValidationException: 1 validation error detected: Value null at 'globalSecondaryIndexUpdates.1.member' failed to satisfy constraint: Member must not be null",
    );
  });

  it('reports a null AttributeValue in DynamoDB’s words', async () => {
    assert.equal(
      await refusedWith('PutItem', { TableName: TABLE, Item: { ...KEY, x: null } }),
      'ValidationException: The supplied Item contains a null AttributeValue: x is null',
    );
    assert.equal(
      await refusedWith('Scan', { TableName: TABLE, ExclusiveStartKey: { id: null } }),
      'ValidationException: The supplied ExclusiveStartKey contains a null AttributeValue: id is null',
    );
  });
});
