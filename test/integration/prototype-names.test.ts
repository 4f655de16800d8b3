import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { RawDynamoDBClient, refusal, type RawItem } from '../support/raw-client.js';
import { startTestStrata } from '../support/strata.js';
import type { RunningStrata } from '../../src/index.js';

/**
 * Names that a JavaScript object already answers to: as table names, key attribute
 * names, attribute names and map member names they are as ordinary as any other, and
 * an item without them does not have them. The raw client sends the JSON as written,
 * so "__proto__" arrives as a member, as any client's would.
 */
const NAMES = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf'];

/** An object holding `value` as its member `name`, "__proto__" included. */
function member<Value>(name: string, value: Value): Record<string, Value> {
  return Object.fromEntries([[name, value]]);
}

describe('names that plain JavaScript objects already hold', () => {
  let strata: RunningStrata;
  let client: RawDynamoDBClient;

  before(async () => {
    strata = await startTestStrata();
    client = new RawDynamoDBClient(strata.endpoint);
  });

  after(async () => {
    client.close();
    await strata.close();
  });

  async function refusalType(operation: string, body: unknown): Promise<string> {
    return client.send(operation, body).then(
      () => 'accepted',
      (thrown: unknown) => refusal(thrown).type,
    );
  }

  for (const name of NAMES) {
    describe(name, () => {
      /** A table named `name`, keyed by `name`, with an index keyed by `gk` that projects `name` too. */
      const table = name;
      const key = (id: string): RawItem => member(name, { S: id });

      before(async () => {
        await client.send('CreateTable', {
          TableName: table,
          KeySchema: [{ AttributeName: name, KeyType: 'HASH' }],
          AttributeDefinitions: [
            { AttributeName: name, AttributeType: 'S' },
            { AttributeName: 'gk', AttributeType: 'S' },
          ],
          GlobalSecondaryIndexes: [
            { IndexName: 'by_gk', KeySchema: [{ AttributeName: 'gk', KeyType: 'HASH' }], Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: ['m'] } },
          ],
          BillingMode: 'PAY_PER_REQUEST',
        });
        await client.send('PutItem', { TableName: table, Item: { ...key('a'), gk: { S: 'g' }, m: { M: member(name, { N: '1' }) } } });
        await client.send('PutItem', { TableName: table, Item: { ...key('b'), gk: { S: 'g' }, m: { M: { other: { N: '1' } } } } });
      });

      it('is a table name, a key attribute and a map member', async () => {
        assert.deepEqual(await client.send('GetItem', { TableName: table, Key: key('a') }), {
          Item: { ...key('a'), gk: { S: 'g' }, m: { M: member(name, { N: '1' }) } },
        });
        const batch = (await client.send('BatchGetItem', { RequestItems: member(table, { Keys: [key('a')], ProjectionExpression: 'gk' }) })) as {
          Responses: Record<string, RawItem[]>;
        };
        assert.deepEqual(Object.entries(batch.Responses), [[table, [{ gk: { S: 'g' } }]]]);
        const queried = (await client.send('Query', {
          TableName: table,
          IndexName: 'by_gk',
          KeyConditionExpression: 'gk = :g',
          ExpressionAttributeValues: { ':g': { S: 'g' } },
        })) as { Items: RawItem[] };
        assert.equal(queried.Items.length, 2);
      });

      it('is absent from an item that does not hold it', async () => {
        assert.equal(await refusalType('GetItem', { TableName: table, Key: { other: { S: 'a' } } }), 'ValidationException');
        assert.equal(await refusalType('PutItem', { TableName: table, Item: { other: { S: 'a' } } }), 'ValidationException');
        const withName = { ExpressionAttributeNames: { '#n': name } };
        assert.equal(
          await refusalType('DeleteItem', { TableName: table, Key: key('b'), ConditionExpression: 'attribute_exists(m.#n)', ...withName }),
          'ConditionalCheckFailedException',
        );
        assert.deepEqual(await client.send('GetItem', { TableName: table, Key: key('b'), ProjectionExpression: 'm.#n', ...withName }), { Item: {} });
        const filtered = (await client.send('Scan', {
          TableName: table,
          FilterExpression: 'attribute_type(m.#n, :type)',
          ExpressionAttributeValues: { ':type': { S: 'N' } },
          ...withName,
        })) as { Items: RawItem[] };
        assert.deepEqual(
          filtered.Items.map((item) => item[name]),
          [{ S: 'a' }],
        );
        assert.equal(
          await refusalType('UpdateItem', {
            TableName: table,
            Key: key('b'),
            UpdateExpression: 'SET #n.x = :v',
            ExpressionAttributeValues: { ':v': { S: 'x' } },
            ...withName,
          }),
          'ValidationException',
        );
      });

      it('compares and updates as a map member', async () => {
        const sameMap = { M: member(name, { N: '1' }) };
        assert.equal(
          await refusalType('DeleteItem', { TableName: table, Key: key('b'), ConditionExpression: 'm = :m', ExpressionAttributeValues: { ':m': sameMap } }),
          'ConditionalCheckFailedException',
        );
        const updated = await client.send('UpdateItem', {
          TableName: table,
          Key: key('b'),
          UpdateExpression: 'SET m.#n = :v, #n2 = :v',
          ExpressionAttributeNames: { '#n': name, '#n2': `${name}2` },
          ExpressionAttributeValues: { ':v': { N: '1' } },
          ReturnValues: 'UPDATED_NEW',
        });
        assert.deepEqual(updated, { Attributes: { m: { M: member(name, { N: '1' }) }, ...member(`${name}2`, { N: '1' }) } });
      });
    });
  }
});
