import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Catalog } from '../../src/engine/catalog.js';
import { catalogKey } from '../../src/engine/keyspace.js';
import { MemoryStore } from '../../src/storage/memory-store.js';
import { transact } from '../../src/storage/transaction.js';

describe('catalog', () => {
  it('reads index definitions stored before multi-attribute keys as one attribute of each kind', async () => {
    const store = new MemoryStore();
    const stored = {
      id: 7,
      uuid: 'u',
      namespace: 'ns',
      name: 'old',
      partitionKey: { name: 'pk', type: 'S' },
      attributeDefinitions: [],
      billingMode: 'PAY_PER_REQUEST',
      provisionedThroughput: { readCapacityUnits: 0, writeCapacityUnits: 0, decreasesToday: 0 },
      deletionProtectionEnabled: false,
      createdEpochMs: 0,
      indexes: [
        { name: 'byG', kind: 'GSI', id: 1, partitionKey: { name: 'g', type: 'S' }, projection: { type: 'ALL' } },
        { name: 'byGH', kind: 'GSI', id: 2, partitionKey: { name: 'g', type: 'S' }, sortKey: { name: 'h', type: 'N' }, projection: { type: 'KEYS_ONLY' } },
      ],
    };
    await transact(store, async (txn) => txn.put(catalogKey('ns', 'old'), Buffer.from(JSON.stringify(stored))));
    const definition = await new Catalog(store).find('ns', 'old');
    assert.deepEqual(definition?.indexes, [
      { name: 'byG', kind: 'GSI', id: 1, partitionKeys: [{ name: 'g', type: 'S' }], sortKeys: [], projection: { type: 'ALL' } },
      { name: 'byGH', kind: 'GSI', id: 2, partitionKeys: [{ name: 'g', type: 'S' }], sortKeys: [{ name: 'h', type: 'N' }], projection: { type: 'KEYS_ONLY' } },
    ]);
  });
});
