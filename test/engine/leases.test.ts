import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LEASE_TTL_MS, Leases } from '../../src/engine/leases.js';
import { MemoryStore } from '../../src/storage/memory-store.js';

describe('leases on background work', () => {
  it('are held by one node at a time, renewed by their holder, and free once released or expired', async () => {
    const store = new MemoryStore();
    const [nodeA, nodeB] = [new Leases(store), new Leases(store)];
    const start = Date.now();
    assert.equal(await nodeA.acquire('purge', start), true);
    assert.equal(await nodeB.acquire('purge', start + 1), false);
    assert.equal(await nodeA.acquire('purge', start + LEASE_TTL_MS - 1), true, 'the holder renews');
    assert.equal(await nodeB.acquire('purge', start + LEASE_TTL_MS + 1), false, 'the renewal moved the expiry on');
    assert.equal(await nodeB.acquire('backfill/1/byEmail', start), true, 'leases are independent by name');
    await nodeB.release('purge');
    assert.equal(await nodeB.acquire('purge', start + 2), false, 'only the holder can release');
    await nodeA.release('purge');
    assert.equal(await nodeB.acquire('purge', start + 3), true);
    assert.equal(await nodeA.acquire('purge', start + 3 + LEASE_TTL_MS), true, 'an expired lease is taken over');
    assert.equal(await nodeB.acquire('purge', start + 4 + LEASE_TTL_MS), false);
  });

  it('go to exactly one of many nodes asking at once', async () => {
    const store = new MemoryStore();
    const nodes = Array.from({ length: 8 }, () => new Leases(store));
    const granted = await Promise.all(nodes.map((node) => node.acquire('client-token-sweep')));
    assert.equal(granted.filter(Boolean).length, 1);
  });
});
