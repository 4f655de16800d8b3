import type { Clock } from '../model/clock.js';
import type { Logger } from '../model/logger.js';
import type { OrderedStore } from '../storage/store.js';
import { transact, type Transaction } from '../storage/transaction.js';
import { clientTokenKey, clientTokensRange } from './keyspace.js';
import { BackgroundPasses } from './background-passes.js';
import type { Leases } from './leases.js';

/**
 * TransactWriteItems idempotency. A ClientRequestToken is remembered for 10 minutes
 * after the transaction that used it commits, in the keyspace and in the same commit
 * as the transaction's writes: so a token is taken exactly once even when two nodes
 * sharing a database receive the same retry, and a crash cannot separate the writes
 * from the record of them.
 */

/** AWS keeps a token for 10 minutes after the first request that used it completes. */
export const CLIENT_TOKEN_LIFETIME_MS = 10 * 60 * 1000;
/** How often expired tokens are deleted; until then they are only ignored. */
const SWEEP_INTERVAL_MS = CLIENT_TOKEN_LIFETIME_MS;
const SWEEP_BATCH_KEYS = 1000;
/** Of the nodes sharing a store, the one holding this lease sweeps. */
const SWEEP_LEASE = 'client-token-sweep';

export interface ClientTokenRecord {
  /** A digest of the transaction's actions, which a repeat must match. */
  readonly requestHash: string;
  readonly expiresAtMs: number;
}

function decode(bytes: Uint8Array): ClientTokenRecord {
  return JSON.parse(Buffer.from(bytes).toString('utf8')) as ClientTokenRecord;
}

/** The live record of a token, read inside the transaction that may use it. */
export async function readClientToken(txn: Transaction, namespace: string, token: string, nowMs: number): Promise<ClientTokenRecord | undefined> {
  const bytes = await txn.get(clientTokenKey(namespace, token));
  if (bytes === undefined) return undefined;
  const record = decode(bytes);
  return record.expiresAtMs > nowMs ? record : undefined;
}

export function writeClientToken(txn: Transaction, namespace: string, token: string, record: ClientTokenRecord): void {
  txn.put(clientTokenKey(namespace, token), Buffer.from(JSON.stringify(record), 'utf8'));
}

/** Deletes expired token records now and then, so that they do not pile up. */
export class ClientTokenSweeper {
  private readonly passes: BackgroundPasses;

  constructor(
    private readonly store: OrderedStore,
    private readonly leases: Leases,
    private readonly clock: Clock,
    logger: Logger,
  ) {
    this.passes = new BackgroundPasses(() => this.sweepHoldingLease(), SWEEP_INTERVAL_MS, clock, logger, 'client token sweep failed');
  }

  private async sweepHoldingLease(): Promise<void> {
    if (!(await this.leases.acquire(SWEEP_LEASE))) return;
    try {
      await this.sweep(this.clock.nowMs());
    } finally {
      await this.leases.release(SWEEP_LEASE);
    }
  }

  /** Deletes every record expired at `nowMs`; returns how many it found expired. */
  async sweep(nowMs: number): Promise<number> {
    let deleted = 0;
    let start = clientTokensRange().start;
    const { end } = clientTokensRange();
    for (;;) {
      const expired: Uint8Array[] = [];
      let scanned = 0;
      for await (const entry of this.store.range({ start, end, limit: SWEEP_BATCH_KEYS })) {
        scanned++;
        start = Buffer.concat([entry.key, Uint8Array.of(0)]);
        if (decode(entry.value).expiresAtMs <= nowMs) expired.push(Uint8Array.from(entry.key));
      }
      // Deleted only if still expired at commit: a token taken again meanwhile stays.
      await transact(this.store, async (txn) => {
        for (const key of expired) {
          const bytes = await txn.get(key);
          if (bytes !== undefined && decode(bytes).expiresAtMs <= nowMs) txn.delete(key);
        }
      });
      deleted += expired.length;
      if (scanned < SWEEP_BATCH_KEYS) return deleted;
    }
  }

  close(): Promise<void> {
    return this.passes.close();
  }
}
