import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { CreateTableCommand, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import type { StartStrataOptions } from '../../src/index.js';
import { LmdbStore } from '../../src/storage/lmdb-store.js';
import { PostgresStore } from '../../src/storage/postgres-store.js';
import { KeyTooLargeError, keyId, type OrderedStore } from '../../src/storage/store.js';
import { postgresSkipReason, testPostgresDatabase } from '../support/postgres-server.js';
import { onDemandTable, startStrataWithClient } from '../support/strata.js';

const directory = mkdtempSync(join(tmpdir(), 'strata-keylimit-'));
const cleanups: Array<() => Promise<void>> = [];
after(async () => {
  for (const cleanup of cleanups) await cleanup();
  rmSync(directory, { recursive: true, force: true });
});

async function postgresUrl(): Promise<string> {
  const database = await testPostgresDatabase();
  cleanups.push(() => database.drop());
  return database.url;
}

/**
 * Each backend indexes keys up to its own size: LMDB (8 KB pages) holds every
 * DynamoDB key; PostgreSQL's B-tree only those up to 2,600 bytes, so the largest
 * composite keys (a 2 KB partition key with a 1 KB sort key) are refused there.
 */
const backends = [
  {
    name: 'lmdb',
    keyBytesMax: 4026,
    open: async (): Promise<OrderedStore> => LmdbStore.open(mkdtempSync(join(directory, 'store-'))),
    server: async (): Promise<StartStrataOptions> => ({ dbPath: mkdtempSync(join(directory, 'server-')) }),
    holdsLargestDynamoDBKey: true,
  },
  {
    name: 'postgres',
    keyBytesMax: 2600,
    open: async (): Promise<OrderedStore> => PostgresStore.open(await postgresUrl()),
    server: async (): Promise<StartStrataOptions> => ({ postgresUrl: await postgresUrl() }),
    holdsLargestDynamoDBKey: false,
    skip: postgresSkipReason(),
  },
];

for (const backend of backends) {
  describe(`key size limit: ${backend.name}`, { skip: backend.skip }, () => {
    it(`refuses keys over ${backend.keyBytesMax} bytes with a typed error and reads them as absent`, async () => {
      const store = await backend.open();
      const longKey = new Uint8Array(backend.keyBytesMax + 1).fill(7);
      await assert.rejects(store.commit(new Map(), new Map([[keyId(longKey), { key: longKey, value: Uint8Array.of(1) }]])), KeyTooLargeError);
      assert.equal(await store.get(longKey), undefined);
      assert.deepEqual(await store.getMany([longKey]), [undefined]);
      const longestKey = new Uint8Array(backend.keyBytesMax).fill(7);
      assert.equal(await store.commit(new Map(), new Map([[keyId(longestKey), { key: longestKey, value: Uint8Array.of(1) }]])), true);
      assert.deepEqual(await store.get(longestKey), Buffer.of(1));
      await store.close();
    });

    it('answers a key too large for the backend with a ValidationException, never a 500', async () => {
      const server = await startStrataWithClient(await backend.server());
      try {
        await server.client.send(
          new CreateTableCommand(
            onDemandTable('limits', [
              { name: 'pk', type: 'B' },
              { name: 'sk', type: 'S' },
            ]),
          ),
        );
        const largestKey = { pk: { B: new Uint8Array(2048).fill(0xff) }, sk: { S: 'z'.repeat(1024) } };
        if (backend.holdsLargestDynamoDBKey) {
          await server.client.send(new PutItemCommand({ TableName: 'limits', Item: largestKey }));
          assert.ok((await server.client.send(new GetItemCommand({ TableName: 'limits', Key: largestKey }))).Item);
        } else {
          await assert.rejects(server.client.send(new PutItemCommand({ TableName: 'limits', Item: largestKey })), {
            name: 'ValidationException',
            message: /more than the 2600 this storage backend can index/,
          });
          assert.equal((await server.client.send(new GetItemCommand({ TableName: 'limits', Key: largestKey }))).Item, undefined);
        }
        const zeroKey = { pk: { B: new Uint8Array(2048) }, sk: { S: 'z' } };
        await assert.rejects(server.client.send(new PutItemCommand({ TableName: 'limits', Item: zeroKey })), { name: 'ValidationException' });
        assert.equal((await server.client.send(new GetItemCommand({ TableName: 'limits', Key: zeroKey }))).Item, undefined);
        const ordinaryKey = { pk: { B: new Uint8Array(2048).fill(0xff) }, sk: { S: 'z'.repeat(400) } };
        await server.client.send(new PutItemCommand({ TableName: 'limits', Item: ordinaryKey }));
        assert.ok((await server.client.send(new GetItemCommand({ TableName: 'limits', Key: ordinaryKey }))).Item);
      } finally {
        await server.close();
      }
    });
  });
}
