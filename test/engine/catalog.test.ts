import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Catalog, type NewTable } from '../../src/engine/catalog.js';
import { catalogKey } from '../../src/engine/keyspace.js';
import { ManualClock, SYSTEM_CLOCK } from '../../src/model/clock.js';
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
    const definition = await new Catalog(store, SYSTEM_CLOCK).find('ns', 'old');
    assert.deepEqual(definition?.indexes, [
      { name: 'byG', kind: 'GSI', id: 1, partitionKeys: [{ name: 'g', type: 'S' }], sortKeys: [], projection: { type: 'ALL' } },
      { name: 'byGH', kind: 'GSI', id: 2, partitionKeys: [{ name: 'g', type: 'S' }], sortKeys: [{ name: 'h', type: 'N' }], projection: { type: 'KEYS_ONLY' } },
    ]);
  });
});

const ordersTable: NewTable = {
  namespace: 'shared',
  name: 'orders',
  partitionKey: { name: 'id', type: 'S' },
  attributeDefinitions: [{ name: 'id', type: 'S' }],
  billingMode: 'PAY_PER_REQUEST',
  provisionedThroughput: { readCapacityUnits: 0, writeCapacityUnits: 0, decreasesToday: 0 },
  deletionProtectionEnabled: false,
  createdEpochMs: 0,
};

/** Two Catalogs on one store stand for two Strata nodes on one database. */
describe('catalog shared by several nodes', () => {
  it("shows one node another node's table creation at once, and its changes and drops within a second", async () => {
    const store = new MemoryStore();
    const clock = new ManualClock();
    const [nodeA, nodeB] = [new Catalog(store, clock), new Catalog(store, clock)];
    assert.equal(await nodeB.find('shared', 'orders'), undefined);
    const created = await nodeA.create(ordersTable);
    assert.equal((await nodeB.find('shared', 'orders'))?.id, created.id, 'a table not cached is read from the store');

    await nodeA.update('shared', 'orders', (current) => ({ table: { ...current, deletionProtectionEnabled: true } }));
    await clock.advance(1_100);
    assert.equal((await nodeB.find('shared', 'orders'))?.deletionProtectionEnabled, true);

    await nodeA.drop('shared', 'orders', () => undefined);
    await clock.advance(1_100);
    assert.equal(await nodeB.find('shared', 'orders'), undefined);

    const recreated = await nodeA.create(ordersTable);
    assert.notEqual(recreated.id, created.id);
    assert.equal((await nodeB.find('shared', 'orders'))?.id, recreated.id);
  });

  it('keeps the same definition object while the stored definition is unchanged', async () => {
    const store = new MemoryStore();
    const clock = new ManualClock();
    const [nodeA, nodeB] = [new Catalog(store, clock), new Catalog(store, clock)];
    await nodeA.create(ordersTable);
    const first = await nodeB.find('shared', 'orders');
    await clock.advance(1_100);
    assert.equal(await nodeB.find('shared', 'orders'), first);
  });
});
