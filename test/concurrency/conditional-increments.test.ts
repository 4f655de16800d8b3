import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { ConditionalCheckFailedException, CreateTableCommand, GetItemCommand, PutItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { clientFor, onDemandTable, startStrataWithClient } from '../support/strata.js';

const CLIENTS = 32;
const ATTEMPTS_PER_CLIENT = 25;

/**
 * Optimistic concurrency through the server: every client reads the counter, then
 * writes counter+1 on condition that it still holds the value it read. Exactly the
 * successful writes must show in the final count; a lost update or a condition that
 * passed twice for one value would break the equality.
 */
async function raceConditionalIncrements(dbPath: string | undefined): Promise<{ successes: number; final: number }> {
  const server = await startStrataWithClient(dbPath === undefined ? {} : { dbPath });
  try {
    await server.client.send(new CreateTableCommand(onDemandTable('counters', [{ name: 'id', type: 'S' }])));
    await server.client.send(new PutItemCommand({ TableName: 'counters', Item: { id: { S: 'c' }, count: { N: '0' } } }));
    let successes = 0;
    const clients = Array.from({ length: CLIENTS }, () => clientFor(server.strata.endpoint));
    await Promise.all(
      clients.map(async (client) => {
        for (let attempt = 0; attempt < ATTEMPTS_PER_CLIENT; attempt++) {
          const { Item } = await client.send(new GetItemCommand({ TableName: 'counters', Key: { id: { S: 'c' } } }));
          const seen = Number(Item!.count!.N);
          try {
            await client.send(
              new UpdateItemCommand({
                TableName: 'counters',
                Key: { id: { S: 'c' } },
                UpdateExpression: 'SET #count = :next',
                ConditionExpression: '#count = :seen',
                ExpressionAttributeNames: { '#count': 'count' },
                ExpressionAttributeValues: { ':next': { N: String(seen + 1) }, ':seen': { N: String(seen) } },
              }),
            );
            successes++;
          } catch (error) {
            if (!(error instanceof ConditionalCheckFailedException)) throw error;
          }
        }
      }),
    );
    for (const client of clients) client.destroy();
    const { Item } = await server.client.send(new GetItemCommand({ TableName: 'counters', Key: { id: { S: 'c' } } }));
    assert.deepEqual(await server.strata.check(), [], 'the store is consistent after the race');
    return { successes, final: Number(Item!.count!.N) };
  } finally {
    await server.close();
  }
}

describe('conditional writes under concurrency', () => {
  const directory = mkdtempSync(join(tmpdir(), 'strata-race-'));
  after(() => rmSync(directory, { recursive: true, force: true }));

  for (const backend of ['memory', 'lmdb'] as const) {
    it(`counts exactly the successful conditional increments of ${CLIENTS} clients (${backend})`, async () => {
      const { successes, final } = await raceConditionalIncrements(backend === 'lmdb' ? join(directory, 'db') : undefined);
      assert.ok(successes > 0, 'some increments succeed');
      assert.ok(successes < CLIENTS * ATTEMPTS_PER_CLIENT, 'some increments lose the race, so the test exercised contention');
      assert.equal(final, successes);
    });
  }

  it('applies every atomic ADD exactly once', async () => {
    const server = await startStrataWithClient();
    try {
      await server.client.send(new CreateTableCommand(onDemandTable('adds', [{ name: 'id', type: 'S' }])));
      await Promise.all(
        Array.from({ length: CLIENTS * 10 }, () =>
          server.client.send(
            new UpdateItemCommand({
              TableName: 'adds',
              Key: { id: { S: 'n' } },
              UpdateExpression: 'ADD hits :one',
              ExpressionAttributeValues: { ':one': { N: '1' } },
            }),
          ),
        ),
      );
      const { Item } = await server.client.send(new GetItemCommand({ TableName: 'adds', Key: { id: { S: 'n' } } }));
      assert.equal(Item?.hits?.N, String(CLIENTS * 10));
      assert.deepEqual(await server.strata.check(), [], 'the store is consistent after the race');
    } finally {
      await server.close();
    }
  });
});
