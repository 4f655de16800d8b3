import { randomUUID } from 'node:crypto';
import type { Clock } from '../model/clock.js';
import type { OrderedStore } from '../storage/store.js';
import { transact } from '../storage/transaction.js';
import { leaseKey } from './keyspace.js';

/** A lease not renewed for this long is free for another node to take. */
export const LEASE_TTL_MS = 30_000;

interface LeaseRecord {
  readonly holder: string;
  readonly expiresAtMs: number;
}

function decode(bytes: Uint8Array): LeaseRecord {
  return JSON.parse(Buffer.from(bytes).toString('utf8')) as LeaseRecord;
}

/**
 * Leases on background work (purging a dropped table, backfilling an index, sweeping
 * expired tokens), kept in the keyspace so that every Strata node sharing the store
 * sees them and one node does each piece. Taking a lease is an ordinary storage
 * transaction, so it works on every backend without engine-specific locks. A lease is
 * an economy, not a fence: the work itself is idempotent and transactional, so a node
 * that paused past its lease and a node that took the lease over may briefly both
 * work without harm.
 */
export class Leases {
  /** This process's identity as a lease holder. */
  private readonly holder = randomUUID();

  constructor(
    private readonly store: OrderedStore,
    private readonly clock: Clock,
  ) {}

  /** Takes `name`, or renews it if this process holds it, for `ttlMs`; false while another holder's lease is live. */
  async acquire(name: string, ttlMs: number = LEASE_TTL_MS): Promise<boolean> {
    const key = leaseKey(name);
    const nowMs = this.clock.nowMs();
    return transact(this.store, async (txn) => {
      const bytes = await txn.get(key);
      if (bytes !== undefined) {
        const lease = decode(bytes);
        if (lease.holder !== this.holder && lease.expiresAtMs > nowMs) return false;
      }
      const record: LeaseRecord = { holder: this.holder, expiresAtMs: nowMs + ttlMs };
      txn.put(key, Buffer.from(JSON.stringify(record), 'utf8'));
      return true;
    });
  }

  /** Gives `name` up at once, if this process holds it, so another node need not wait for it to expire. */
  async release(name: string): Promise<void> {
    const key = leaseKey(name);
    await transact(this.store, async (txn) => {
      const bytes = await txn.get(key);
      if (bytes !== undefined && decode(bytes).holder === this.holder) txn.delete(key);
    });
  }
}
