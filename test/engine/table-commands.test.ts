import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { keyFromKeyParameter } from '../../src/engine/primary-key.js';
import type { TableDefinition } from '../../src/engine/table-definition.js';
import type { TableSpec } from '../../src/engine/table-spec.js';
import { hashKeyTable, keySchemaOf, N, NAMESPACE, S, put, waitUntilIndexActive, withEngine } from './engine-fixture.js';

/** The table commands below HTTP: ids, counts, UpdateTable's rules, DeleteTable, Time to Live. */

const HOUR_MS = 60 * 60 * 1000;

const WITH_INDEXES: TableSpec = {
  name: 'library',
  keySchema: keySchemaOf('shelf', 'title'),
  attributeDefinitions: [
    { name: 'shelf', type: 'S' },
    { name: 'title', type: 'S' },
    { name: 'author', type: 'S' },
    { name: 'year', type: 'N' },
  ],
  billingMode: 'PAY_PER_REQUEST',
  // Given GSIs first: the LSIs still take the first ids.
  globalIndexes: [
    { name: 'byAuthor', keySchema: [{ attributeName: 'author', keyType: 'HASH' }], projection: { type: 'ALL' } },
    { name: 'byYear', keySchema: [{ attributeName: 'year', keyType: 'HASH' }], projection: { type: 'KEYS_ONLY' } },
  ],
  localIndexes: [
    {
      name: 'shelfByYear',
      keySchema: keySchemaOf('shelf', 'year'),
      projection: { type: 'ALL' },
    },
  ],
};

const PROVISIONED = hashKeyTable('provisioned', { billingMode: 'PROVISIONED', provisionedThroughput: { readCapacityUnits: 10, writeCapacityUnits: 10 } });

function indexIds(table: TableDefinition): Array<[string, number]> {
  return (table.indexes ?? []).map((index) => [index.name, index.id]);
}

describe('table commands', () => {
  describe('createTable', () => {
    it('gives LSIs the first index ids, then GSIs, in order, and the next id after them', async () => {
      await withEngine(async ({ engine }) => {
        const table = await engine.createTable(NAMESPACE, WITH_INDEXES);
        assert.deepEqual(indexIds(table), [
          ['shelfByYear', 1],
          ['byAuthor', 2],
          ['byYear', 3],
        ]);
        assert.equal(table.nextIndexId, 4);
        assert.deepEqual(await engine.requireTable(NAMESPACE, 'library'), table);
      });
    });

    it('starts the table and each index with empty counts', async () => {
      await withEngine(async ({ engine }) => {
        const table = await engine.createTable(NAMESPACE, WITH_INDEXES);
        const usage = await engine.tableUsage(table);
        assert.deepEqual(usage.table, { itemCount: 0, sizeBytes: 0 });
        assert.deepEqual(
          [...usage.indexes],
          [
            [1, { itemCount: 0, sizeBytes: 0 }],
            [2, { itemCount: 0, sizeBytes: 0 }],
            [3, { itemCount: 0, sizeBytes: 0 }],
          ],
        );
        await put(engine, table, { shelf: S('a'), title: S('t'), author: S('x') });
        const after = await engine.tableUsage(table);
        assert.equal(after.table.itemCount, 1);
        assert.deepEqual(
          [...after.indexes].map(([id, stats]) => [id, stats.itemCount]),
          [
            [1, 0],
            [2, 1],
            [3, 0],
          ],
        );
      });
    });

    it('refuses a second table of the same name in a namespace, not in another', async () => {
      await withEngine(async ({ engine }) => {
        await engine.createTable(NAMESPACE, hashKeyTable('twice'));
        await assert.rejects(engine.createTable(NAMESPACE, hashKeyTable('twice')), { name: 'ResourceInUseException', message: 'Table already exists: twice' });
        const elsewhere = await engine.createTable('other', hashKeyTable('twice'));
        assert.equal(elsewhere.namespace, 'other');
      });
    });
  });

  describe('updateTable', () => {
    it('refuses throughput that does not change, and on-demand units', async () => {
      await withEngine(async ({ engine }) => {
        await engine.createTable(NAMESPACE, PROVISIONED);
        await assert.rejects(engine.updateTable(NAMESPACE, 'provisioned', { provisionedThroughput: { readCapacityUnits: 10, writeCapacityUnits: 10 } }), {
          name: 'ValidationException',
          message: /^The provisioned throughput for the table will not change/,
        });
        await assert.rejects(
          engine.updateTable(NAMESPACE, 'provisioned', {
            billingMode: 'PAY_PER_REQUEST',
            provisionedThroughput: { readCapacityUnits: 1, writeCapacityUnits: 1 },
          }),
          { name: 'ValidationException', message: /Neither ReadCapacityUnits nor WriteCapacityUnits can be specified/ },
        );
        const onDemand = await engine.updateTable(NAMESPACE, 'provisioned', { billingMode: 'PAY_PER_REQUEST' });
        assert.equal(onDemand.billingMode, 'PAY_PER_REQUEST');
        assert.equal(onDemand.provisionedThroughput.readCapacityUnits, 0);
      });
    });

    it('allows four decreases at any time of a UTC day, then one an hour, and counts afresh the next day', async () => {
      await withEngine(async ({ engine, clock }) => {
        await engine.createTable(
          NAMESPACE,
          hashKeyTable('quota', { billingMode: 'PROVISIONED', provisionedThroughput: { readCapacityUnits: 100, writeCapacityUnits: 100 } }),
        );
        let units = 100;
        const decrease = () => engine.updateTable(NAMESPACE, 'quota', { provisionedThroughput: { readCapacityUnits: --units, writeCapacityUnits: 100 } });
        for (let i = 1; i <= 4; i++) assert.equal((await decrease()).provisionedThroughput.decreasesToday, i);
        await assert.rejects(decrease(), { name: 'LimitExceededException', message: /Number of decreases today: 4\.$/ });
        // An increase is never limited.
        await engine.updateTable(NAMESPACE, 'quota', { provisionedThroughput: { readCapacityUnits: 200, writeCapacityUnits: 200 } });
        await clock.advance(HOUR_MS - 1);
        await assert.rejects(decrease(), { name: 'LimitExceededException' });
        await clock.advance(1);
        assert.equal((await decrease()).provisionedThroughput.decreasesToday, 5);
        await assert.rejects(decrease(), { name: 'LimitExceededException', message: /Number of decreases today: 5\.$/ });
        // 12:00 + 1 h + 11 h is midnight UTC: a new day.
        await clock.advance(11 * HOUR_MS);
        const nextDay = await decrease();
        assert.equal(nextDay.provisionedThroughput.decreasesToday, 1);
        assert.equal(nextDay.provisionedThroughput.lastDecreaseEpochMs, clock.nowMs());
      });
    });

    it('backfills a GSI created on a table with items, then makes it ACTIVE and counts it', async () => {
      await withEngine(async ({ engine }) => {
        const table = await engine.createTable(NAMESPACE, hashKeyTable('people'));
        for (let i = 0; i < 30; i++) await put(engine, table, { id: S(`p${i}`), ...(i % 3 === 0 ? {} : { team: S(`t${i % 4}`) }) });
        const updated = await engine.updateTable(NAMESPACE, 'people', {
          attributeDefinitions: [{ name: 'team', type: 'S' }],
          globalIndexUpdates: [{ kind: 'create', index: { name: 'byTeam', keySchema: [{ attributeName: 'team', keyType: 'HASH' }], projection: {} } }],
        });
        const created = updated.indexes!.find((index) => index.name === 'byTeam')!;
        assert.equal(created.backfilling, true);
        assert.equal(created.id, 1);
        assert.equal(updated.nextIndexId, 2);
        const active = await waitUntilIndexActive(engine, 'people', 'byTeam');
        assert.equal(active.indexes![0]!.backfilling, undefined);
        const usage = await engine.tableUsage(active);
        assert.equal(usage.indexes.get(1)!.itemCount, 20);
        assert.deepEqual(await engine.check(), []);
      });
    });

    it('deletes an index, and a later one never takes its id', async () => {
      await withEngine(async ({ engine }) => {
        await engine.createTable(NAMESPACE, WITH_INDEXES);
        const without = await engine.updateTable(NAMESPACE, 'library', { globalIndexUpdates: [{ kind: 'delete', name: 'byYear' }] });
        assert.deepEqual(indexIds(without), [
          ['shelfByYear', 1],
          ['byAuthor', 2],
        ]);
        await assert.rejects(engine.updateTable(NAMESPACE, 'library', { globalIndexUpdates: [{ kind: 'delete', name: 'byYear' }] }), {
          name: 'ResourceNotFoundException',
        });
        const again = await engine.updateTable(NAMESPACE, 'library', {
          attributeDefinitions: [{ name: 'year', type: 'N' }],
          globalIndexUpdates: [{ kind: 'create', index: { name: 'byYear', keySchema: [{ attributeName: 'year', keyType: 'HASH' }], projection: {} } }],
        });
        assert.deepEqual(indexIds(again).at(-1), ['byYear', 4]);
      });
    });
  });

  describe('deleteTable', () => {
    it('refuses a table under deletion protection, then deletes it once protection is off', async () => {
      await withEngine(async ({ engine }) => {
        const table = await engine.createTable(NAMESPACE, hashKeyTable('kept', { deletionProtectionEnabled: true }));
        await put(engine, table, { id: S('a'), n: N(1) });
        await assert.rejects(engine.deleteTable(NAMESPACE, 'kept'), { name: 'ValidationException', message: /protected against deletion/ });
        await engine.updateTable(NAMESPACE, 'kept', { deletionProtectionEnabled: false });
        const { table: deleted, usage } = await engine.deleteTable(NAMESPACE, 'kept');
        assert.equal(deleted.id, table.id);
        assert.equal(usage.table.itemCount, 1);
        await assert.rejects(engine.requireTable(NAMESPACE, 'kept'), { name: 'ResourceNotFoundException' });
        assert.deepEqual(await engine.listTableNames(NAMESPACE, undefined, 100), []);
        await assert.rejects(engine.deleteTable(NAMESPACE, 'kept'), {
          name: 'ResourceNotFoundException',
          message: 'Requested resource not found: Table: kept not found',
        });
      });
    });
  });

  describe('updateTimeToLive', () => {
    it('refuses disabling what is off, enabling twice, and another attribute while on', async () => {
      await withEngine(async ({ engine }) => {
        await engine.createTable(NAMESPACE, hashKeyTable('ttl'));
        await assert.rejects(engine.updateTimeToLive(NAMESPACE, 'ttl', { attributeName: 'expires', enabled: false }), {
          message: 'TimeToLive is already disabled',
        });
        await engine.updateTimeToLive(NAMESPACE, 'ttl', { attributeName: 'expires', enabled: true });
        await assert.rejects(engine.updateTimeToLive(NAMESPACE, 'ttl', { attributeName: 'expires', enabled: true }), {
          message: 'TimeToLive is already enabled',
        });
        await assert.rejects(engine.updateTimeToLive(NAMESPACE, 'ttl', { attributeName: 'other', enabled: true }), {
          message: 'TimeToLive is active on a different AttributeName',
        });
        await engine.updateTimeToLive(NAMESPACE, 'ttl', { attributeName: 'expires', enabled: false });
        assert.equal((await engine.requireTable(NAMESPACE, 'ttl')).timeToLive, undefined);
        await assert.rejects(engine.updateTimeToLive(NAMESPACE, 'missing', { attributeName: 'expires', enabled: true }), { name: 'ResourceNotFoundException' });
      });
    });

    it('deletes an expired item on the sweep 5 s later, and keeps one rewritten with a later expiry', async () => {
      await withEngine(async ({ engine, clock }) => {
        const table = await engine.createTable(NAMESPACE, hashKeyTable('ttl'));
        await engine.updateTimeToLive(NAMESPACE, 'ttl', { attributeName: 'expires', enabled: true });
        const nowSeconds = clock.nowMs() / 1000;
        await put(engine, table, { id: S('gone'), expires: N(nowSeconds + 2) });
        await put(engine, table, { id: S('extended'), expires: N(nowSeconds + 2) });
        await put(engine, table, { id: S('extended'), expires: N(nowSeconds + 60) });
        await put(engine, table, { id: S('forever') });
        await clock.advance(5_000);
        const present = async (id: string) => (await engine.getItem(keyFromKeyParameter(table, { id: S(id) }))) !== undefined;
        assert.equal(await present('gone'), false);
        assert.equal(await present('extended'), true);
        assert.equal(await present('forever'), true);
      });
    });
  });
});
