import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { CreateTableCommand, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { LmdbStore } from '../../src/storage/lmdb-store.js';
import { KeyTooLargeError, keyId } from '../../src/storage/store.js';
import { onDemandTable, startStrataWithClient } from '../support/strata.js';

describe('LMDB key size limit', () => {
  const directory = mkdtempSync(join(tmpdir(), 'strata-keylimit-'));
  after(() => rmSync(directory, { recursive: true, force: true }));

  it('refuses keys over 4,026 bytes with a typed error and reads them as absent', async () => {
    const store = LmdbStore.open(join(directory, 'store'));
    const longKey = new Uint8Array(4027).fill(7);
    await assert.rejects(store.commit(new Map(), new Map([[keyId(longKey), { key: longKey, value: Uint8Array.of(1) }]])), KeyTooLargeError);
    assert.equal(await store.get(longKey), undefined);
    const longestKey = new Uint8Array(4026).fill(7);
    assert.equal(await store.commit(new Map(), new Map([[keyId(longestKey), { key: longestKey, value: Uint8Array.of(1) }]])), true);
    await store.close();
  });

  it('stores the largest ordinary keys and rejects only zero-heavy ones, with a ValidationException', async () => {
    const server = await startStrataWithClient({ dbPath: join(directory, 'server') });
    try {
      await server.client.send(
        new CreateTableCommand(onDemandTable('limits', [{ name: 'pk', type: 'B' }, { name: 'sk', type: 'S' }])),
      );
      const largestKey = { pk: { B: new Uint8Array(2048).fill(0xff) }, sk: { S: 'z'.repeat(1024) } };
      await server.client.send(new PutItemCommand({ TableName: 'limits', Item: largestKey }));
      assert.ok((await server.client.send(new GetItemCommand({ TableName: 'limits', Key: largestKey }))).Item);
      const zeroKey = { pk: { B: new Uint8Array(2048) }, sk: { S: 'z' } };
      await assert.rejects(server.client.send(new PutItemCommand({ TableName: 'limits', Item: zeroKey })), { name: 'ValidationException' });
      assert.equal((await server.client.send(new GetItemCommand({ TableName: 'limits', Key: zeroKey }))).Item, undefined);
    } finally {
      await server.close();
    }
  });
});
