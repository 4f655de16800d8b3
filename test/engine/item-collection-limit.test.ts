import assert from 'node:assert/strict';
import { keySchemaOf } from './engine-fixture.js';
import { describe, it } from 'node:test';
import { Engine } from '../../src/engine/engine.js';
import { itemCollectionKey } from '../../src/engine/keyspace.js';
import { CLIENT_WRITES } from '../../src/engine/mutation.js';
import { keyOfItem } from '../../src/engine/primary-key.js';
import type { TableDefinition } from '../../src/engine/table-definition.js';
import type { Item } from '../../src/model/attribute-value.js';
import { ITEM_COLLECTION_BYTES_MAX } from '../../src/model/limits.js';
import { createLogger } from '../../src/model/logger.js';
import { MemoryStore } from '../../src/storage/memory-store.js';
import { transact } from '../../src/storage/transaction.js';

/**
 * The 10 GB limit on an item collection of a table with LSIs. Writing 10 GB is out of
 * reach of a test, so the stored size of one collection is set just under the limit
 * and real writes go through the engine's one write path.
 */
describe('item collection size limit', () => {
  it('refuses writes that grow a collection past 10 GB, and allows the rest', async () => {
    const store = new MemoryStore();
    const engine = new Engine(store, { logger: createLogger('error', () => {}) });
    try {
      const table: TableDefinition = await engine.createTable('ns', {
        name: 'threads',
        keySchema: keySchemaOf('forum', 'subject'),
        attributeDefinitions: [
          { name: 'forum', type: 'S' },
          { name: 'subject', type: 'S' },
          { name: 'posted', type: 'N' },
        ],
        billingMode: 'PAY_PER_REQUEST',
        localIndexes: [
          {
            name: 'byPosted',
            keySchema: keySchemaOf('forum', 'posted'),
            projection: { type: 'ALL' },
          },
        ],
      });
      const headroomBytes = 500;
      await transact(store, async (txn) =>
        txn.put(itemCollectionKey(table.id, { type: 'S', value: 'full' }), Buffer.from(String(ITEM_COLLECTION_BYTES_MAX - headroomBytes))),
      );
      const put = (item: Item) => engine.writeItem(CLIENT_WRITES.put(table, keyOfItem(table, item), item));
      const post = (forum: string, subject: string, bodyBytes: number): Item => ({
        forum: { S: forum },
        subject: { S: subject },
        posted: { N: '1' },
        body: { S: 'x'.repeat(bodyBytes) },
      });

      // The item counts twice: once in the table and once in the LSI that projects it all.
      await assert.rejects(put(post('full', 'large', 1000)), {
        name: 'ItemCollectionSizeLimitExceededException',
        message: 'Item collection size limit exceeded',
      });
      const small = await put(post('full', 'small', 100));
      assert.ok(small.itemCollectionSizeBytes! > ITEM_COLLECTION_BYTES_MAX - headroomBytes && small.itemCollectionSizeBytes! <= ITEM_COLLECTION_BYTES_MAX);
      await assert.rejects(put(post('full', 'small', 400)), { name: 'ItemCollectionSizeLimitExceededException' });

      const elsewhere = await put(post('roomy', 'large', 1000));
      assert.ok(elsewhere.itemCollectionSizeBytes! < 3000);

      // Shrinking a full collection is always allowed.
      const removed = await engine.writeItem(CLIENT_WRITES.delete(table, keyOfItem(table, post('full', 'small', 0))));
      assert.equal(removed.itemCollectionSizeBytes, ITEM_COLLECTION_BYTES_MAX - headroomBytes);
    } finally {
      await engine.close();
    }
  });
});
