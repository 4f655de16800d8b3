import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ClientTokenSweeper, readClientToken, writeClientToken } from '../../src/engine/client-tokens.js';
import { clientTokensRange } from '../../src/engine/keyspace.js';
import { Leases } from '../../src/engine/leases.js';
import { SYSTEM_CLOCK } from '../../src/model/clock.js';
import { createLogger } from '../../src/model/logger.js';
import { MemoryStore } from '../../src/storage/memory-store.js';
import { transact } from '../../src/storage/transaction.js';

describe('client request tokens', () => {
  it('are live until they expire, then ignored, then swept; namespaces keep their own', async () => {
    const store = new MemoryStore();
    const sweeper = new ClientTokenSweeper(
      store,
      new Leases(store, SYSTEM_CLOCK),
      SYSTEM_CLOCK,
      createLogger('error', () => {}),
    );
    try {
      const nowMs = 1_000_000;
      await transact(store, async (txn) => {
        writeClientToken(txn, 'ns', 'old', { requestHash: 'a', expiresAtMs: nowMs - 1 });
        writeClientToken(txn, 'ns', 'live', { requestHash: 'b', expiresAtMs: nowMs + 1 });
        writeClientToken(txn, 'other', 'old', { requestHash: 'c', expiresAtMs: nowMs + 1 });
      });
      const read = (namespace: string, token: string) => transact(store, (txn) => readClientToken(txn, namespace, token, nowMs));
      assert.equal(await read('ns', 'old'), undefined);
      assert.equal((await read('ns', 'live'))?.requestHash, 'b');
      assert.equal((await read('other', 'old'))?.requestHash, 'c');
      assert.equal(await read('ns', 'never'), undefined);

      assert.equal(await sweeper.sweep(nowMs), 1);
      let remaining = 0;
      for await (const _entry of store.range(clientTokensRange())) remaining++;
      assert.equal(remaining, 2);
      assert.equal(await sweeper.sweep(nowMs + 2), 2);
    } finally {
      await sweeper.close();
    }
  });
});
