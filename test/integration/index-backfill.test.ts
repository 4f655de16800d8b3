import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  CreateTableCommand,
  DeleteItemCommand,
  DescribeTableCommand,
  paginateScan,
  QueryCommand,
  UpdateItemCommand,
  UpdateTableCommand,
} from '@aws-sdk/client-dynamodb';
import { RawDynamoDBClient } from '../support/raw-client.js';
import { onDemandTable, startStrataWithClient } from '../support/strata.js';

const ITEMS = 100_000;
const WRITERS = 32;
const LOAD_BATCH = 25;

/**
 * A GSI added to a table of 100,000 items fills in the background while clients keep
 * writing; once ACTIVE, the index must hold exactly the base table's items that have
 * the index key, with their current values.
 */
describe('GSI backfill', () => {
  it('fills a new GSI during concurrent writes and ends consistent with the table', async () => {
    const server = await startStrataWithClient();
    const { client } = server;
    try {
      await client.send(new CreateTableCommand(onDemandTable('people', [{ name: 'id', type: 'S' }])));
      const loader = new RawDynamoDBClient(server.strata.endpoint);
      // Loaded in batches: one commit per 25 items keeps the load short on a networked database.
      let nextBatch = 0;
      await Promise.all(
        Array.from({ length: WRITERS }, async () => {
          for (let first = nextBatch++ * LOAD_BATCH; first < ITEMS; first = nextBatch++ * LOAD_BATCH) {
            const requests = [];
            for (let index = first; index < Math.min(first + LOAD_BATCH, ITEMS); index++) {
              const item: Record<string, { S: string }> = { id: { S: `p${index}` } };
              if (index % 10 !== 0) item.team = { S: `t${index % 50}` };
              requests.push({ PutRequest: { Item: item } });
            }
            const { UnprocessedItems } = (await loader.send('BatchWriteItem', { RequestItems: { people: requests } })) as {
              UnprocessedItems: Record<string, unknown>;
            };
            assert.deepEqual(UnprocessedItems, {});
          }
        }),
      );
      loader.close();

      // Writers run from before the index exists until well after it is ACTIVE.
      let writes = 0;
      let active = false;
      const writers = Array.from({ length: 8 }, async (_, writer) => {
        for (let round = 0; !active || round < 50; round++) {
          const id = `p${(writer * 7919 + round * 104729) % ITEMS}`;
          if (round % 5 === 0) await client.send(new DeleteItemCommand({ TableName: 'people', Key: { id: { S: id } } }));
          else if (round % 5 === 1) await client.send(new UpdateItemCommand({ TableName: 'people', Key: { id: { S: id } }, UpdateExpression: 'REMOVE team' }));
          else
            await client.send(
              new UpdateItemCommand({
                TableName: 'people',
                Key: { id: { S: id } },
                UpdateExpression: 'SET team = :t',
                ExpressionAttributeValues: { ':t': { S: `moved${round % 3}` } },
              }),
            );
          writes++;
        }
      });
      await client.send(
        new UpdateTableCommand({
          TableName: 'people',
          AttributeDefinitions: [{ AttributeName: 'team', AttributeType: 'S' }],
          GlobalSecondaryIndexUpdates: [
            { Create: { IndexName: 'byTeam', KeySchema: [{ AttributeName: 'team', KeyType: 'HASH' }], Projection: { ProjectionType: 'KEYS_ONLY' } } },
          ],
        }),
      );
      const described = await client.send(new DescribeTableCommand({ TableName: 'people' }));
      const creating = described.Table?.GlobalSecondaryIndexes?.[0];
      if (creating?.IndexStatus === 'CREATING') {
        assert.equal(creating.Backfilling, true);
        await assert.rejects(
          client.send(
            new QueryCommand({
              TableName: 'people',
              IndexName: 'byTeam',
              KeyConditionExpression: 'team = :t',
              ExpressionAttributeValues: { ':t': { S: 't1' } },
            }),
          ),
          {
            name: 'ValidationException',
          },
        );
      }

      const startedAt = performance.now();
      for (;;) {
        const { Table } = await client.send(new DescribeTableCommand({ TableName: 'people' }));
        if (Table?.GlobalSecondaryIndexes?.[0]?.IndexStatus === 'ACTIVE') break;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      active = true;
      await Promise.all(writers);
      const seconds = (performance.now() - startedAt) / 1000;
      assert.ok(writes > 0);

      const expected = new Map<string, string>();
      for await (const page of paginateScan({ client }, { TableName: 'people' })) {
        for (const item of page.Items ?? []) if (item.team !== undefined) expected.set(item.id!.S!, item.team.S!);
      }
      const indexed = new Map<string, string>();
      for await (const page of paginateScan({ client }, { TableName: 'people', IndexName: 'byTeam' })) {
        for (const item of page.Items ?? []) {
          assert.equal(indexed.has(item.id!.S!), false, `${item.id!.S} appears twice in the index`);
          indexed.set(item.id!.S!, item.team!.S!);
        }
      }
      assert.equal(indexed.size, expected.size);
      assert.deepEqual(indexed, expected);
      assert.deepEqual(await server.strata.check(), [], 'the store is consistent after the backfill');
      process.stdout.write(`# backfill of ${ITEMS} items with ${writes} concurrent writes took ${seconds.toFixed(1)} s\n`);
    } finally {
      await server.close();
    }
  });
});
