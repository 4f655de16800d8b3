import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Engine } from '../../src/engine/engine.js';
import { CLIENT_WRITES } from '../../src/engine/mutation.js';
import { keyFromKeyParameter, keyOfItem } from '../../src/engine/primary-key.js';
import type { TableDefinition } from '../../src/engine/table-definition.js';
import type { Item } from '../../src/model/attribute-value.js';
import { DynamoDBError } from '../../src/model/errors.js';
import { N, NAMESPACE, S, addNumber, attributeEquals, attributeExists, hashKeyTable, put, remove, setAndRemove, update, withEngine } from './engine-fixture.js';

/** writeItem and writeItems: each mutation kind, under conditions, decided in the write's own transaction. */

async function current(engine: Engine, table: TableDefinition, id: string): Promise<Item | undefined> {
  return (await engine.getItem(keyFromKeyParameter(table, { id: S(id) })))?.item;
}

async function withTable(body: (engine: Engine, table: TableDefinition) => Promise<void>): Promise<void> {
  await withEngine(async ({ engine }) => body(engine, await engine.createTable(NAMESPACE, hashKeyTable('things'))));
}

async function conditionFailure(write: Promise<unknown>): Promise<DynamoDBError> {
  const error = await write.then(
    () => assert.fail('the write should have failed its condition'),
    (failure: unknown) => failure,
  );
  assert.ok(error instanceof DynamoDBError);
  assert.equal(error.type, 'ConditionalCheckFailedException');
  assert.equal(error.message, 'The conditional request failed');
  return error;
}

describe('item mutations', () => {
  it('puts an item, replacing the one there, and returns both', async () => {
    await withTable(async (engine, table) => {
      const first = await put(engine, table, { id: S('a'), n: N(1) });
      assert.equal(first.previous, undefined);
      assert.deepEqual(first.next?.item, { id: S('a'), n: N(1) });
      const second = await put(engine, table, { id: S('a'), m: S('x') });
      assert.deepEqual(second.previous?.item, { id: S('a'), n: N(1) });
      assert.deepEqual(await current(engine, table, 'a'), { id: S('a'), m: S('x') });
    });
  });

  it('puts only when the condition holds, and an absent item has no attributes', async () => {
    await withTable(async (engine, table) => {
      await put(engine, table, { id: S('a'), n: N(1) }, { condition: attributeExists('id', false) });
      await conditionFailure(put(engine, table, { id: S('a'), n: N(2) }, { condition: attributeExists('id', false) }));
      await conditionFailure(put(engine, table, { id: S('b'), n: N(2) }, { condition: attributeExists('id') }));
      await put(engine, table, { id: S('a'), n: N(3) }, { condition: attributeEquals('n', N(1)) });
      assert.deepEqual(await current(engine, table, 'a'), { id: S('a'), n: N(3) });
      assert.equal(await current(engine, table, 'b'), undefined);
    });
  });

  it('carries the current item in a failed condition only when asked to', async () => {
    await withTable(async (engine, table) => {
      await put(engine, table, { id: S('a'), n: N(1) });
      const bare = await conditionFailure(remove(engine, table, { id: S('a') }, { condition: attributeEquals('n', N(2)) }));
      assert.deepEqual(bare.extraFields, {});
      const withItem = await conditionFailure(
        remove(engine, table, { id: S('a') }, { condition: attributeEquals('n', N(2)), returnItemOnConditionFailure: true }),
      );
      assert.deepEqual(withItem.extraFields, { Item: { id: S('a'), n: N(1) } });
      // No item to return when the item is absent.
      const absent = await conditionFailure(
        update(engine, table, { id: S('z') }, addNumber('n', 1), { condition: attributeExists('id'), returnItemOnConditionFailure: true }),
      );
      assert.deepEqual(absent.extraFields, {});
      assert.deepEqual(await current(engine, table, 'a'), { id: S('a'), n: N(1) });
    });
  });

  it('deletes an item, and deleting an absent one changes nothing', async () => {
    await withTable(async (engine, table) => {
      await put(engine, table, { id: S('a') });
      const deleted = await remove(engine, table, { id: S('a') }, { condition: attributeExists('id') });
      assert.deepEqual(deleted.previous?.item, { id: S('a') });
      assert.equal(deleted.next, undefined);
      assert.equal(await current(engine, table, 'a'), undefined);
      const again = await remove(engine, table, { id: S('a') });
      assert.equal(again.previous, undefined);
      assert.equal(again.next, undefined);
    });
  });

  it('updates an item, and creates an absent one from its key', async () => {
    await withTable(async (engine, table) => {
      const created = await update(engine, table, { id: S('new') }, setAndRemove({ colour: S('red') }));
      assert.equal(created.previous, undefined);
      assert.deepEqual(created.next?.item, { id: S('new'), colour: S('red') });
      await update(engine, table, { id: S('new') }, addNumber('count', 2));
      await update(engine, table, { id: S('new') }, setAndRemove({}, ['colour']), { condition: attributeEquals('count', N(2)) });
      assert.deepEqual(await current(engine, table, 'new'), { id: S('new'), count: N(2) });
      await conditionFailure(update(engine, table, { id: S('new') }, addNumber('count', 1), { condition: attributeEquals('count', N(5)) }));
      assert.deepEqual(await current(engine, table, 'new'), { id: S('new'), count: N(2) });
    });
  });

  it('leaves an absent item absent when the update only takes attributes away', async () => {
    await withTable(async (engine, table) => {
      const takeAway = { set: [], remove: [['colour']], add: [], delete: [{ path: ['tags'], value: { SS: ['a'] } }] };
      const outcome = await update(engine, table, { id: S('none') }, takeAway, { condition: attributeExists('id', false) });
      assert.equal(outcome.previous, undefined);
      assert.equal(outcome.next, undefined);
      assert.equal(await current(engine, table, 'none'), undefined);
      // An update with no actions at all still creates the item from its key.
      const empty = await update(engine, table, { id: S('bare') }, setAndRemove({}));
      assert.deepEqual(empty.next?.item, { id: S('bare') });
      // On an item that exists, the same update removes what it names.
      await put(engine, table, { id: S('some'), colour: S('red'), tags: { SS: ['a'] } });
      const removed = await update(engine, table, { id: S('some') }, takeAway);
      assert.deepEqual(removed.next?.item, { id: S('some') });
      assert.deepEqual(await current(engine, table, 'some'), { id: S('some') });
    });
  });

  it('refuses an update that changes a key attribute before any read', async () => {
    await withTable(async (_engine, table) => {
      const key = keyFromKeyParameter(table, { id: S('a') });
      assert.throws(() => CLIENT_WRITES.update(table, key, { id: S('a') }, setAndRemove({ id: S('b') })), { name: 'ValidationException' });
    });
  });

  it('leaves the item unchanged on a failed condition with skipOnConditionFailure', async () => {
    await withTable(async (engine, table) => {
      await put(engine, table, { id: S('a'), n: N(1) });
      const skipped = await remove(engine, table, { id: S('a') }, { condition: attributeEquals('n', N(2)), skipOnConditionFailure: true });
      assert.deepEqual(skipped.previous?.item, { id: S('a'), n: N(1) });
      assert.deepEqual(skipped.next?.item, { id: S('a'), n: N(1) });
      assert.deepEqual(await current(engine, table, 'a'), { id: S('a'), n: N(1) });
    });
  });

  it('checks a condition without writing (ConditionCheck)', async () => {
    await withTable(async (engine, table) => {
      await put(engine, table, { id: S('a'), n: N(1) });
      const key = keyFromKeyParameter(table, { id: S('a') });
      const checked = await engine.writeItem(CLIENT_WRITES.conditionCheck(table, key, { condition: attributeEquals('n', N(1)) }));
      assert.deepEqual(checked.next?.item, { id: S('a'), n: N(1) });
      await conditionFailure(engine.writeItem(CLIENT_WRITES.conditionCheck(table, key, { condition: attributeEquals('n', N(2)) })));
    });
  });

  it('refuses a write to a table deleted after its definition was read', async () => {
    await withTable(async (engine, table) => {
      await engine.deleteTable(NAMESPACE, table.name);
      await assert.rejects(put(engine, table, { id: S('a') }), { name: 'ResourceNotFoundException' });
    });
  });

  it('commits writeItems together, with outcomes in order, several to one item included', async () => {
    await withTable(async (engine, table) => {
      const other = await engine.createTable(NAMESPACE, hashKeyTable('others'));
      await put(engine, table, { id: S('old') });
      const items: Item[] = [{ id: S('x'), n: N(1) }, { id: S('y') }];
      const outcomes = await engine.writeItems([
        ...items.map((item) => CLIENT_WRITES.put(table, keyOfItem(table, item), item)),
        CLIENT_WRITES.delete(table, keyFromKeyParameter(table, { id: S('old') })),
        CLIENT_WRITES.put(other, keyOfItem(other, { id: S('x') }), { id: S('x'), in: S('others') }),
        CLIENT_WRITES.update(table, keyFromKeyParameter(table, { id: S('x') }), { id: S('x') }, addNumber('n', 10)),
      ]);
      assert.deepEqual(
        outcomes.map((outcome) => [outcome.previous?.item, outcome.next?.item]),
        [
          [undefined, { id: S('x'), n: N(1) }],
          [undefined, { id: S('y') }],
          [{ id: S('old') }, undefined],
          [undefined, { id: S('x'), in: S('others') }],
          [
            { id: S('x'), n: N(1) },
            { id: S('x'), n: N(11) },
          ],
        ],
      );
      assert.deepEqual(await current(engine, table, 'x'), { id: S('x'), n: N(11) });
      assert.equal(await current(engine, table, 'old'), undefined);
    });
  });

  it('commits none of writeItems when one of them fails', async () => {
    await withTable(async (engine, table) => {
      await assert.rejects(
        engine.writeItems([
          CLIENT_WRITES.put(table, keyOfItem(table, { id: S('p') }), { id: S('p') }),
          CLIENT_WRITES.delete(table, keyFromKeyParameter(table, { id: S('q') }), { condition: attributeExists('id') }),
        ]),
        { name: 'ConditionalCheckFailedException' },
      );
      assert.equal(await current(engine, table, 'p'), undefined);
    });
  });
});
