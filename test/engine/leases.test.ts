import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LEASE_TTL_MS, Leases } from '../../src/engine/leases.js';
import { SYSTEM_CLOCK, type Clock } from '../../src/model/clock.js';
import { MemoryStore } from '../../src/storage/memory-store.js';

/** A clock the test sets to any time, earlier ones included. */
function settableClock(): Clock & { at(ms: number): void } {
  let nowMs = 0;
  return { nowMs: () => nowMs, every: SYSTEM_CLOCK.every, at: (ms) => (nowMs = ms) };
}

describe('leases on background work', () => {
  it('are held by one node at a time, renewed by their holder, and free once released or expired', async () => {
    const store = new MemoryStore();
    const clock = settableClock();
    const [leasesA, leasesB] = [new Leases(store, clock), new Leases(store, clock)];
    const at = (ms: number) => {
      clock.at(ms);
      return { acquire: (node: Leases, name: string) => node.acquire(name) };
    };
    const nodeA = { acquire: (name: string, ms: number) => at(ms).acquire(leasesA, name), release: (name: string) => leasesA.release(name) };
    const nodeB = { acquire: (name: string, ms: number) => at(ms).acquire(leasesB, name), release: (name: string) => leasesB.release(name) };
    const start = 1_000_000;
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

  it('last as long as their taker asks, when it names a time', async () => {
    const store = new MemoryStore();
    const clock = settableClock();
    const [leasesA, leasesB] = [new Leases(store, clock), new Leases(store, clock)];
    assert.equal(await leasesA.acquire('trigger/1/totals', 10_000), true);
    clock.at(9_999);
    assert.equal(await leasesB.acquire('trigger/1/totals', 10_000), false);
    clock.at(10_001);
    assert.equal(await leasesB.acquire('trigger/1/totals', 10_000), true, 'lapsed after ten seconds, not thirty');
  });

  it('go to exactly one of many nodes asking at once', async () => {
    const store = new MemoryStore();
    const nodes = Array.from({ length: 8 }, () => new Leases(store, SYSTEM_CLOCK));
    const granted = await Promise.all(nodes.map((node) => node.acquire('client-token-sweep')));
    assert.equal(granted.filter(Boolean).length, 1);
  });
});
