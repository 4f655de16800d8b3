import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CreateTableCommand, DeleteItemCommand, PutItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { onDemandTable, startStrataWithClient } from '../support/strata.js';

describe('item collections of tables with LSIs', () => {
  it('reports ItemCollectionMetrics on writes that ask, and only for tables with LSIs', async () => {
    const server = await startStrataWithClient();
    const { client } = server;
    try {
      await client.send(
        new CreateTableCommand({
          ...onDemandTable('threads', [
            { name: 'forum', type: 'S' },
            { name: 'subject', type: 'S' },
          ]),
          AttributeDefinitions: [
            { AttributeName: 'forum', AttributeType: 'S' },
            { AttributeName: 'subject', AttributeType: 'S' },
            { AttributeName: 'posted', AttributeType: 'N' },
          ],
          LocalSecondaryIndexes: [
            {
              IndexName: 'byPosted',
              KeySchema: [
                { AttributeName: 'forum', KeyType: 'HASH' },
                { AttributeName: 'posted', KeyType: 'RANGE' },
              ],
              Projection: { ProjectionType: 'ALL' },
            },
          ],
        }),
      );
      const put = await client.send(
        new PutItemCommand({
          TableName: 'threads',
          Item: { forum: { S: 'db' }, subject: { S: 'keys' }, posted: { N: '1' } },
          ReturnItemCollectionMetrics: 'SIZE',
        }),
      );
      assert.deepEqual(put.ItemCollectionMetrics, { ItemCollectionKey: { forum: { S: 'db' } }, SizeEstimateRangeGB: [0, 1] });
      const updated = await client.send(
        new UpdateItemCommand({
          TableName: 'threads',
          Key: { forum: { S: 'db' }, subject: { S: 'keys' } },
          UpdateExpression: 'SET body = :b',
          ExpressionAttributeValues: { ':b': { S: 'x' } },
          ReturnItemCollectionMetrics: 'SIZE',
        }),
      );
      assert.deepEqual(updated.ItemCollectionMetrics?.ItemCollectionKey, { forum: { S: 'db' } });
      const quiet = await client.send(new PutItemCommand({ TableName: 'threads', Item: { forum: { S: 'db' }, subject: { S: 'more' } } }));
      assert.equal(quiet.ItemCollectionMetrics, undefined);
      const removed = await client.send(
        new DeleteItemCommand({ TableName: 'threads', Key: { forum: { S: 'db' }, subject: { S: 'keys' } }, ReturnItemCollectionMetrics: 'SIZE' }),
      );
      assert.ok(removed.ItemCollectionMetrics !== undefined);

      await client.send(new CreateTableCommand(onDemandTable('plain', [{ name: 'id', type: 'S' }])));
      const plain = await client.send(new PutItemCommand({ TableName: 'plain', Item: { id: { S: 'a' } }, ReturnItemCollectionMetrics: 'SIZE' }));
      assert.equal(plain.ItemCollectionMetrics, undefined);
    } finally {
      await server.close();
    }
  });
});
