import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Engine } from '../../src/engine/engine.js';
import { findIndex } from '../../src/engine/indexes.js';
import { CLIENT_WRITES } from '../../src/engine/mutation.js';
import { keyFromKeyParameter, keyOfItem } from '../../src/engine/primary-key.js';
import type { TableDefinition } from '../../src/engine/table-definition.js';
import type { TableSpec } from '../../src/engine/table-spec.js';
import type { AttributeValue, Item } from '../../src/model/attribute-value.js';
import { DynamoDBError } from '../../src/model/errors.js';
import { N, NAMESPACE, S, hashKeyTable, keySchemaOf, put, remove, setAndRemove, update, waitUntilIndexActive, withEngine } from './engine-fixture.js';

/**
 * Index key values under the rules of key values: a write whose GSI or LSI key value is
 * of the wrong type, empty, or longer than 2048 bytes (partition) or 1024 bytes (sort)
 * is refused; a backfill leaves such items out of the new index, and they can still be
 * deleted or corrected.
 */

const SHELVES: TableSpec = {
  name: 'shelves',
  keySchema: keySchemaOf('shelf', 'title'),
  attributeDefinitions: [
    { name: 'shelf', type: 'S' },
    { name: 'title', type: 'S' },
    { name: 'author', type: 'S' },
    { name: 'blurb', type: 'S' },
    { name: 'code', type: 'B' },
    { name: 'note', type: 'S' },
  ],
  billingMode: 'PAY_PER_REQUEST',
  globalIndexes: [
    { name: 'byAuthor', keySchema: keySchemaOf('author', 'blurb'), projection: { type: 'ALL' } },
    { name: 'byCode', keySchema: keySchemaOf('code'), projection: { type: 'KEYS_ONLY' } },
  ],
  localIndexes: [{ name: 'shelfByNote', keySchema: keySchemaOf('shelf', 'note'), projection: { type: 'KEYS_ONLY' } }],
};

const BOOK = { shelf: S('s'), title: S('t') };
const B = (bytes: number): AttributeValue => ({ B: Buffer.alloc(bytes, 7).toString('base64') });

function sizeLimitMessage(attribute: string, actualBytes: number, maxBytes: number, indexName: string): string {
  return `One or more parameter values were invalid: Size limit exceeded for Index Key ${attribute} Actual Size: ${actualBytes} bytes Max Size: ${maxBytes} bytes IndexName: ${indexName}`;
}

async function refusal(write: Promise<unknown>): Promise<DynamoDBError> {
  const error = await write.then(
    () => assert.fail('the write should have been refused'),
    (failure: unknown) => failure,
  );
  assert.ok(error instanceof DynamoDBError);
  return error;
}

async function assertRefused(write: Promise<unknown>, message: string): Promise<void> {
  const error = await refusal(write);
  assert.equal(error.type, 'ValidationException');
  assert.equal(error.message, message);
}

async function withShelves(body: (engine: Engine, table: TableDefinition) => Promise<void>): Promise<void> {
  await withEngine(async ({ engine }) => body(engine, await engine.createTable(NAMESPACE, SHELVES)));
}

/** The table key attribute `id` of every entry of an index, sorted. */
async function idsInIndex(engine: Engine, tableName: string, indexName: string): Promise<string[]> {
  const table = await engine.requireTable(NAMESPACE, tableName);
  const page = await engine.read({ table, index: findIndex(table, indexName), keys: { kind: 'scan' }, consistentRead: false });
  return page.items.map((stored) => (stored.item.id as { S: string }).S).sort();
}

describe('index key values', () => {
  it('refuses a GSI partition key value over 2048 bytes and a sort key value over 1024, counting UTF-8 bytes', async () => {
    await withShelves(async (engine, table) => {
      await put(engine, table, { ...BOOK, author: S('a'.repeat(2048)), blurb: S('b'.repeat(1024)) });
      await assertRefused(put(engine, table, { ...BOOK, author: S('a'.repeat(2049)) }), sizeLimitMessage('author', 2049, 2048, 'byAuthor'));
      await assertRefused(put(engine, table, { ...BOOK, author: S('é'.repeat(1025)) }), sizeLimitMessage('author', 2050, 2048, 'byAuthor'));
      await assertRefused(put(engine, table, { ...BOOK, author: S('a'), blurb: S('b'.repeat(1025)) }), sizeLimitMessage('blurb', 1025, 1024, 'byAuthor'));
      // Checked even where the item would be left out of the index for lacking the partition key.
      await assertRefused(put(engine, table, { ...BOOK, blurb: S('b'.repeat(1025)) }), sizeLimitMessage('blurb', 1025, 1024, 'byAuthor'));
      assert.deepEqual((await engine.getItem(keyOfItem(table, BOOK)))?.item.author, S('a'.repeat(2048)));
    });
  });

  it('measures a binary index key by its bytes, not its base64 text', async () => {
    await withShelves(async (engine, table) => {
      await put(engine, table, { ...BOOK, code: B(2048) });
      await assertRefused(put(engine, table, { ...BOOK, code: B(2049) }), sizeLimitMessage('code', 2049, 2048, 'byCode'));
    });
  });

  it('refuses an LSI sort key value over 1024 bytes', async () => {
    await withShelves(async (engine, table) => {
      await put(engine, table, { ...BOOK, note: S('n'.repeat(1024)) });
      await assertRefused(put(engine, table, { ...BOOK, note: S('n'.repeat(1025)) }), sizeLimitMessage('note', 1025, 1024, 'shelfByNote'));
    });
  });

  it('refuses an update, a batch and a transaction that would write such a value, and writes none of them', async () => {
    await withShelves(async (engine, table) => {
      await put(engine, table, { ...BOOK, author: S('a') });
      const tooLong = sizeLimitMessage('author', 2049, 2048, 'byAuthor');
      await assertRefused(update(engine, table, BOOK, setAndRemove({ author: S('a'.repeat(2049)) })), tooLong);

      const other = { shelf: S('s'), title: S('other') };
      const batch = [
        CLIENT_WRITES.put(table, keyOfItem(table, other), other),
        CLIENT_WRITES.put(table, keyOfItem(table, BOOK), { ...BOOK, author: S('a'.repeat(2049)) }),
      ];
      await assertRefused(engine.writeItems(batch), tooLong);
      assert.equal(await engine.getItem(keyOfItem(table, other)), undefined);

      const cancelled = await refusal(
        engine.transactWriteItems(
          NAMESPACE,
          batch.map((mutation) => ({ mutation })),
        ),
      );
      assert.equal(cancelled.type, 'TransactionCanceledException');
      assert.deepEqual(cancelled.extraFields.CancellationReasons, [{ Code: 'None' }, { Code: 'ValidationError', Message: tooLong }]);
      assert.equal(await engine.getItem(keyOfItem(table, other)), undefined);
      assert.deepEqual((await engine.getItem(keyOfItem(table, BOOK)))?.item, { ...BOOK, author: S('a') });
    });
  });

  it('leaves out of a backfilled GSI the items whose key values break its rules, and lets them be corrected or deleted', async () => {
    await withEngine(async ({ engine }) => {
      const table = await engine.createTable(NAMESPACE, hashKeyTable('people'));
      const people: Record<string, AttributeValue> = {
        fine: S('red'),
        long: S('x'.repeat(2049)),
        mistyped: N(7),
        empty: S(''),
        atLimit: S('y'.repeat(2048)),
      };
      for (const [id, team] of Object.entries(people)) await put(engine, table, { id: S(id), team });
      await put(engine, table, { id: S('teamless') });
      await engine.updateTable(NAMESPACE, 'people', {
        attributeDefinitions: [{ name: 'team', type: 'S' }],
        globalIndexUpdates: [{ kind: 'create', index: { name: 'byTeam', keySchema: keySchemaOf('team'), projection: {} } }],
      });
      const active = await waitUntilIndexActive(engine, 'people', 'byTeam');
      assert.deepEqual(await idsInIndex(engine, 'people', 'byTeam'), ['atLimit', 'fine']);
      assert.deepEqual(await engine.check(), []);

      // A write that leaves the violation in place is refused; one that corrects it, or a delete, is not.
      const key = (id: string): Item => ({ id: S(id) });
      await assertRefused(update(engine, active, key('long'), setAndRemove({ note: S('n') })), sizeLimitMessage('team', 2049, 2048, 'byTeam'));
      await update(engine, active, key('mistyped'), setAndRemove({ team: S('blue') }));
      await update(engine, active, key('empty'), setAndRemove({}, ['team']));
      await remove(engine, active, key('long'));
      assert.equal(await engine.getItem(keyFromKeyParameter(active, key('long'))), undefined);
      assert.deepEqual(await idsInIndex(engine, 'people', 'byTeam'), ['atLimit', 'fine', 'mistyped']);
      assert.deepEqual(await engine.check(), []);
    });
  });
});
