import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Engine } from '../../src/engine/engine.js';
import { findIndex } from '../../src/engine/indexes.js';
import type { KeySelection, ReadPlan } from '../../src/engine/reads.js';
import type { TableDefinition } from '../../src/engine/table-definition.js';
import { bindExpressions } from '../../src/expressions/request-expressions.js';
import type { Item } from '../../src/model/attribute-value.js';
import { itemSizeBytes } from '../../src/model/item-size.js';
import { NAMESPACE, S, keySchemaOf, put, withEngine } from './engine-fixture.js';

/**
 * The read units of a Query or Scan page: DynamoDB adds up the sizes of the entries the
 * page read, filtered out or not, and rounds the sum up to 4 KB once for the page; an
 * eventually consistent read costs half.
 */

const ITEMS = 10;
const PAD = 'x'.repeat(988);

/** Item i of partition p, of 1,001 bytes. */
function itemOf(i: number): Item {
  return { pk: S('p'), sk: S(`s${i}`), filler: S(PAD) };
}

const QUERY_P: KeySelection = { kind: 'query', condition: { partition: [{ type: 'S', value: 'p' }], sortEquals: [] }, forward: true };
const SCAN: KeySelection = { kind: 'scan' };

async function withItems(body: (engine: Engine, table: TableDefinition) => Promise<void>): Promise<void> {
  await withEngine(async ({ engine }) => {
    const table = await engine.createTable(NAMESPACE, {
      name: 'pages',
      keySchema: keySchemaOf('pk', 'sk'),
      attributeDefinitions: [
        { name: 'pk', type: 'S' },
        { name: 'sk', type: 'S' },
      ],
      billingMode: 'PAY_PER_REQUEST',
      globalIndexes: [{ name: 'bySk', keySchema: keySchemaOf('sk'), projection: { type: 'KEYS_ONLY' } }],
    });
    for (let i = 0; i < ITEMS; i++) await put(engine, table, itemOf(i));
    await body(engine, table);
  });
}

async function unitsOf(engine: Engine, plan: ReadPlan): Promise<number> {
  return (await engine.read(plan)).consumedReadUnits;
}

describe('read units of a Query or Scan page', () => {
  it('rounds the summed size of the items read up to 4 KB once, not item by item', async () => {
    assert.equal(itemSizeBytes(itemOf(0)), 1001);
    await withItems(async (engine, table) => {
      // 10 × 1,001 bytes = 10,010 bytes: three 4 KB units, where rounding each item would make ten.
      for (const keys of [SCAN, QUERY_P]) {
        assert.equal(await unitsOf(engine, { table, keys, consistentRead: true }), 3, keys.kind);
        assert.equal(await unitsOf(engine, { table, keys, consistentRead: false }), 1.5, keys.kind);
      }
    });
  });

  it('charges the items a filter leaves out, and only the items a Limit lets the page read', async () => {
    await withItems(async (engine, table) => {
      const filter = bindExpressions({ FilterExpression: 'filler = :none', ExpressionAttributeValues: { ':none': { S: 'none' } } }, [
        'FilterExpression',
      ]).filter!;
      const filtered = await engine.read({ table, keys: SCAN, filter, consistentRead: true });
      assert.equal(filtered.items.length, 0);
      assert.equal(filtered.consumedReadUnits, 3);
      // Five items, 5,005 bytes: two units.
      assert.equal(await unitsOf(engine, { table, keys: QUERY_P, limit: 5, consistentRead: true }), 2);
    });
  });

  it('prices an index page by the size of the entries it holds, not of the items', async () => {
    await withItems(async (engine, table) => {
      const index = findIndex(table, 'bySk');
      // A KEYS_ONLY entry holds pk and sk alone: ten entries fit in one unit.
      assert.equal(await unitsOf(engine, { table, index, keys: SCAN, consistentRead: false }), 0.5);
    });
  });
});
