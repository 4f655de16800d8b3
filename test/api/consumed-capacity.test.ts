import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CapacityTally, consumedCapacityField, writeCapacityField } from '../../src/api/consumed-capacity.js';
import { readCapacityUnits, transactionalReadUnits, writeCapacityUnits } from '../../src/engine/capacity.js';
import type { IndexChange, WriteOutcome } from '../../src/engine/items.js';
import type { TableDefinition } from '../../src/engine/table-definition.js';
import { StoredItem } from '../../src/model/stored-item.js';
import { NAMESPACE, S, put, setAndRemove, update, withEngine } from '../engine/engine-fixture.js';

/** Capacity units by DynamoDB's rules: 4 KB reads, 1 KB writes, index writes, transactions at double. */

const KB = 1024;

/** An item whose DynamoDB size is `sizeBytes`, whatever it holds. */
function sized(sizeBytes: number): StoredItem {
  return StoredItem.fromItem({ id: S('x') }, sizeBytes);
}

function outcome(previousBytes: number | undefined, nextBytes: number | undefined, indexChanges?: IndexChange[]): WriteOutcome {
  return {
    previous: previousBytes === undefined ? undefined : sized(previousBytes),
    next: nextBytes === undefined ? undefined : sized(nextBytes),
    ...(indexChanges === undefined ? {} : { indexChanges }),
  };
}

/** A table definition as far as the tally reads it: its name and its indexes' ids and kinds. */
const TABLE = {
  name: 'orders',
  indexes: [
    { id: 1, name: 'byDate', kind: 'LSI' },
    { id: 2, name: 'byCustomer', kind: 'GSI' },
    { id: 3, name: 'byStatus', kind: 'GSI' },
  ],
} as unknown as TableDefinition;

describe('consumed capacity', () => {
  it('reads in 4 KB units, half for eventually consistent reads, one unit at least', () => {
    assert.equal(readCapacityUnits(0, true), 1);
    assert.equal(readCapacityUnits(1, true), 1);
    assert.equal(readCapacityUnits(4 * KB, true), 1);
    assert.equal(readCapacityUnits(4 * KB + 1, true), 2);
    assert.equal(readCapacityUnits(10 * KB, true), 3);
    assert.equal(readCapacityUnits(0, false), 0.5);
    assert.equal(readCapacityUnits(4 * KB + 1, false), 1);
    assert.equal(readCapacityUnits(10 * KB, false), 1.5);
    assert.equal(transactionalReadUnits(4 * KB + 1), 4);
  });

  it('writes in 1 KB units of the larger of the old and the new item, one unit at least', () => {
    assert.equal(writeCapacityUnits(outcome(undefined, undefined)), 1);
    assert.equal(writeCapacityUnits(outcome(undefined, KB)), 1);
    assert.equal(writeCapacityUnits(outcome(undefined, KB + 1)), 2);
    assert.equal(writeCapacityUnits(outcome(5 * KB, 100)), 5);
    assert.equal(writeCapacityUnits(outcome(100, 3 * KB + 1)), 4);
    assert.equal(writeCapacityUnits(outcome(2.5 * KB, undefined)), 3);
  });

  it('charges each changed index entry, a moved entry as two writes, in TOTAL and INDEXES', () => {
    const tally = new CapacityTally();
    tally.addWrite(
      TABLE,
      outcome(2 * KB, 3 * KB, [
        { indexId: 1, oldSizeBytes: 2 * KB, newSizeBytes: 3 * KB, moved: false },
        { indexId: 2, oldSizeBytes: 2 * KB, newSizeBytes: 3 * KB, moved: true },
        { indexId: 3, oldSizeBytes: undefined, newSizeBytes: 10, moved: false },
      ]),
    );
    // Table 3; byDate 3; byCustomer 2 + 3; byStatus 1.
    assert.deepEqual(tally.field('TOTAL', 'orders'), { ConsumedCapacity: { TableName: 'orders', CapacityUnits: 12 } });
    assert.deepEqual(tally.field('INDEXES', 'orders'), {
      ConsumedCapacity: {
        TableName: 'orders',
        CapacityUnits: 12,
        Table: { CapacityUnits: 3 },
        LocalSecondaryIndexes: { byDate: { CapacityUnits: 3 } },
        GlobalSecondaryIndexes: { byCustomer: { CapacityUnits: 5 }, byStatus: { CapacityUnits: 1 } },
      },
    });
    assert.deepEqual(tally.field('NONE', 'orders'), {});
    assert.deepEqual(tally.field(undefined, 'orders'), {});
  });

  it('doubles transactional writes and names the kind of units in every share, one entry per table', () => {
    const tally = new CapacityTally('WriteCapacityUnits');
    tally.addWrite(TABLE, outcome(undefined, KB + 1, [{ indexId: 3, oldSizeBytes: undefined, newSizeBytes: 10, moved: false }]), true);
    tally.addWrite(TABLE, outcome(undefined, 10), true);
    tally.addTable('audit', 2);
    assert.deepEqual(tally.listField('TOTAL'), {
      ConsumedCapacity: [
        { TableName: 'orders', CapacityUnits: 8, WriteCapacityUnits: 8 },
        { TableName: 'audit', CapacityUnits: 2, WriteCapacityUnits: 2 },
      ],
    });
    assert.deepEqual(tally.listField('INDEXES'), {
      ConsumedCapacity: [
        {
          TableName: 'orders',
          CapacityUnits: 8,
          WriteCapacityUnits: 8,
          Table: { CapacityUnits: 6, WriteCapacityUnits: 6 },
          GlobalSecondaryIndexes: { byStatus: { CapacityUnits: 2, WriteCapacityUnits: 2 } },
        },
        { TableName: 'audit', CapacityUnits: 2, WriteCapacityUnits: 2, Table: { CapacityUnits: 2, WriteCapacityUnits: 2 } },
      ],
    });
  });

  it('shapes the member of a single read and a single write', () => {
    assert.deepEqual(consumedCapacityField('TOTAL', 'orders', 0.5), { ConsumedCapacity: { TableName: 'orders', CapacityUnits: 0.5 } });
    // A table without indexes still reports its share under INDEXES.
    assert.deepEqual(consumedCapacityField('INDEXES', 'orders', 1), {
      ConsumedCapacity: { TableName: 'orders', CapacityUnits: 1, Table: { CapacityUnits: 1 } },
    });
    assert.deepEqual(writeCapacityField('TOTAL', TABLE, outcome(undefined, 2 * KB)), { ConsumedCapacity: { TableName: 'orders', CapacityUnits: 2 } });
    assert.deepEqual(writeCapacityField('NONE', TABLE, outcome(undefined, 2 * KB)), {});
  });

  it("charges a read of an index to the index, the table's share being zero", () => {
    const [byDate, byCustomer] = TABLE.indexes!;
    assert.deepEqual(consumedCapacityField('TOTAL', 'orders', 1.5, byCustomer), { ConsumedCapacity: { TableName: 'orders', CapacityUnits: 1.5 } });
    assert.deepEqual(consumedCapacityField('INDEXES', 'orders', 1.5, byCustomer), {
      ConsumedCapacity: {
        TableName: 'orders',
        CapacityUnits: 1.5,
        Table: { CapacityUnits: 0 },
        GlobalSecondaryIndexes: { byCustomer: { CapacityUnits: 1.5 } },
      },
    });
    assert.deepEqual(consumedCapacityField('INDEXES', 'orders', 2, byDate), {
      ConsumedCapacity: { TableName: 'orders', CapacityUnits: 2, Table: { CapacityUnits: 0 }, LocalSecondaryIndexes: { byDate: { CapacityUnits: 2 } } },
    });
  });

  it('names the kind of read units in every share of a transactional read', () => {
    const tally = new CapacityTally('ReadCapacityUnits');
    tally.addTable('orders', transactionalReadUnits(100));
    tally.addTable('orders', transactionalReadUnits(0));
    assert.deepEqual(tally.listField('INDEXES'), {
      ConsumedCapacity: [{ TableName: 'orders', CapacityUnits: 4, ReadCapacityUnits: 4, Table: { CapacityUnits: 4, ReadCapacityUnits: 4 } }],
    });
  });

  it('prices a write that moves a GSI entry, as the engine reports it, at two index writes', async () => {
    await withEngine(async ({ engine }) => {
      const table = await engine.createTable(NAMESPACE, {
        name: 'people',
        keySchema: [{ attributeName: 'id', keyType: 'HASH' }],
        attributeDefinitions: [
          { name: 'id', type: 'S' },
          { name: 'team', type: 'S' },
        ],
        billingMode: 'PAY_PER_REQUEST',
        globalIndexes: [{ name: 'byTeam', keySchema: [{ attributeName: 'team', keyType: 'HASH' }], projection: { type: 'ALL' } }],
      });
      await put(engine, table, { id: S('p'), team: S('red') });
      const moved = await update(engine, table, { id: S('p') }, setAndRemove({ team: S('blue') }));
      assert.deepEqual(
        moved.indexChanges?.map((change) => change.moved),
        [true],
      );
      const untouched = await update(engine, table, { id: S('p') }, setAndRemove({ note: S('n') }));
      assert.deepEqual(
        untouched.indexChanges?.map((change) => change.moved),
        [false],
      );
      const field = (written: WriteOutcome) => writeCapacityField('INDEXES', table, written);
      assert.deepEqual(field(moved), {
        ConsumedCapacity: { TableName: 'people', CapacityUnits: 3, Table: { CapacityUnits: 1 }, GlobalSecondaryIndexes: { byTeam: { CapacityUnits: 2 } } },
      });
      assert.deepEqual(field(untouched), {
        ConsumedCapacity: { TableName: 'people', CapacityUnits: 2, Table: { CapacityUnits: 1 }, GlobalSecondaryIndexes: { byTeam: { CapacityUnits: 1 } } },
      });
    });
  });
});
