import assert from 'node:assert/strict';
import { keySchemaOf } from './engine-fixture.js';
import { after, before, beforeEach, describe, it } from 'node:test';
import { Engine } from '../../src/engine/engine.js';
import { CLIENT_WRITES } from '../../src/engine/mutation.js';
import { keyOfItem } from '../../src/engine/primary-key.js';
import type { KeySelection, ReadPlan } from '../../src/engine/reads.js';
import type { IndexDefinition, TableDefinition } from '../../src/engine/table-definition.js';
import { bindExpressions } from '../../src/expressions/request-expressions.js';
import type { Condition } from '../../src/expressions/resolved.js';
import type { Item } from '../../src/model/attribute-value.js';
import { createLogger } from '../../src/model/logger.js';
import { MemoryStore } from '../../src/storage/memory-store.js';
import type { Key, Value } from '../../src/storage/store.js';

/**
 * The engine's reader on the memory store, for the path where a read of an LSI needs
 * what the index does not project: the page's items come from the table in one
 * getMany, the filter runs on them, and Limit counts the entries read.
 */

/** A memory store that counts the single and multi-key reads made of it. */
class CountingStore extends MemoryStore {
  gets = 0;
  readonly getManyKeyCounts: number[] = [];
  /** Runs once, before the next getMany reads: a write landing between a page's walk and its fetch. */
  beforeNextGetMany: (() => Promise<void>) | undefined;

  override async get(key: Key): Promise<Value | undefined> {
    this.gets++;
    return super.get(key);
  }

  override async getMany(keys: readonly Key[]): Promise<Array<Value | undefined>> {
    const hook = this.beforeNextGetMany;
    this.beforeNextGetMany = undefined;
    await hook?.();
    this.getManyKeyCounts.push(keys.length);
    return super.getMany(keys);
  }

  resetCounts(): void {
    this.gets = 0;
    this.getManyKeyCounts.length = 0;
  }
}

const BY_L: IndexDefinition = {
  name: 'byL',
  kind: 'LSI',
  id: 1,
  partitionKeys: [{ name: 'pk', type: 'S' }],
  sortKeys: [{ name: 'l', type: 'N' }],
  projection: { type: 'KEYS_ONLY' },
};

/** Item i of partition p: its LSI sort key l = 10 - i orders the index the other way round. */
function itemOf(i: number): Item {
  return { pk: { S: 'p' }, sk: { N: String(i) }, l: { N: String(10 - i) }, x: { S: `x${i % 2}` }, v: { S: `v${i}` } };
}

function filterOf(expression: string, values: Record<string, unknown>): Condition {
  return bindExpressions({ FilterExpression: expression, ExpressionAttributeValues: values }, ['FilterExpression']).filter!;
}

const ODD_X = filterOf('x = :x', { ':x': { S: 'x1' } });
const QUERY_P: KeySelection = { kind: 'query', condition: { partition: [{ type: 'S', value: 'p' }], sortEquals: [] }, forward: true };
const SCAN: KeySelection = { kind: 'scan' };

describe('ItemReader on an LSI that lacks what the read needs', () => {
  const store = new CountingStore();
  let engine: Engine;
  let table: TableDefinition;
  const plan = (fields: Partial<ReadPlan> & Pick<ReadPlan, 'keys'>): ReadPlan => ({ table, index: BY_L, consistentRead: false, ...fields });
  const skOf = (item: Item): string => (item.sk as { N: string }).N;

  before(async () => {
    engine = new Engine(store, { logger: createLogger('error', () => {}) });
    table = await engine.createTable('ns', {
      name: 'posts',
      keySchema: keySchemaOf('pk', 'sk'),
      attributeDefinitions: [
        { name: 'pk', type: 'S' },
        { name: 'sk', type: 'N' },
        { name: 'l', type: 'N' },
      ],
      billingMode: 'PAY_PER_REQUEST',
      localIndexes: [
        {
          name: BY_L.name,
          keySchema: keySchemaOf('pk', 'l'),
          projection: { type: 'KEYS_ONLY' },
        },
      ],
    });
    assert.deepEqual(table.indexes, [BY_L]);
    for (let i = 0; i < 8; i++) await engine.writeItem(CLIENT_WRITES.put(table, keyOfItem(table, itemOf(i)), itemOf(i)));
  });

  after(async () => {
    await engine.close();
  });

  beforeEach(() => store.resetCounts());

  it('fetches the items of a page for Select=ALL_ATTRIBUTES in one getMany, and no single gets', async () => {
    const page = await engine.read(plan({ keys: QUERY_P, select: 'ALL_ATTRIBUTES', limit: 3 }));
    assert.deepEqual(store.getManyKeyCounts, [3]);
    assert.equal(store.gets, 0);
    assert.deepEqual(
      page.items.map((stored) => stored.item),
      [7, 6, 5].map(itemOf),
    );
    assert.equal(page.scannedCount, 3);
    assert.deepEqual(page.lastEvaluatedKey, { pk: { S: 'p' }, sk: { N: '5' }, l: { N: '5' } });
  });

  it('filters a Scan on the fetched items, answering with the entries, and counts the entries read for Limit', async () => {
    const page = await engine.read(plan({ keys: SCAN, filter: ODD_X, limit: 4 }));
    assert.deepEqual(store.getManyKeyCounts, [4]);
    // Entries l = 3..6 are items 7..4; the odd ones pass, and the index's keys-only entries are returned.
    assert.deepEqual(
      page.items.map((stored) => stored.item),
      [7, 5].map((i) => ({ pk: { S: 'p' }, sk: { N: String(i) }, l: { N: String(10 - i) } })),
    );
    assert.equal(page.scannedCount, 4);
    assert.deepEqual(page.lastEvaluatedKey, { pk: { S: 'p' }, sk: { N: '4' }, l: { N: '6' } });
  });

  it('returns the fetched items when the response also asks for more than the index holds', async () => {
    const page = await engine.read(plan({ keys: SCAN, filter: ODD_X, projection: [['v'], ['sk']], limit: 5 }));
    assert.deepEqual(store.getManyKeyCounts, [5]);
    assert.deepEqual(
      page.items.map((stored) => skOf(stored.item)),
      ['7', '5', '3'],
    );
    assert.deepEqual(page.items[0]!.item, itemOf(7));
    assert.equal(page.scannedCount, 5);
  });

  it('leaves out an item deleted between the walk and the fetch', async () => {
    store.beforeNextGetMany = async () => {
      await engine.writeItem(CLIENT_WRITES.delete(table, keyOfItem(table, itemOf(6))));
    };
    try {
      const page = await engine.read(plan({ keys: QUERY_P, select: 'ALL_ATTRIBUTES', limit: 3 }));
      assert.deepEqual(
        page.items.map((stored) => skOf(stored.item)),
        ['7', '5'],
      );
      assert.equal(page.scannedCount, 3);
    } finally {
      await engine.writeItem(CLIENT_WRITES.put(table, keyOfItem(table, itemOf(6)), itemOf(6)));
    }
  });

  it('reads nothing from the table when the index holds all the read needs', async () => {
    const page = await engine.read(plan({ keys: QUERY_P, projection: [['l']], limit: 2 }));
    assert.deepEqual(store.getManyKeyCounts, []);
    assert.deepEqual(
      page.items.map((stored) => stored.item),
      [
        { pk: { S: 'p' }, sk: { N: '7' }, l: { N: '3' } },
        { pk: { S: 'p' }, sk: { N: '6' }, l: { N: '4' } },
      ],
    );
  });

  it("refuses a Query's filter on what the index does not project", async () => {
    await assert.rejects(engine.read(plan({ keys: QUERY_P, filter: ODD_X })), {
      name: 'ValidationException',
      message: 'One or more parameter values were invalid: Secondary index byL does not project one or more filter attributes: [x]',
    });
    assert.deepEqual(store.getManyKeyCounts, []);
  });
});
