import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { indexEntryKey } from '../../src/engine/indexes.js';
import type { KeyCondition, SortKeyCondition } from '../../src/engine/key-condition.js';
import { queryRange, rangeAfter, rangeContains, scanRange, type KeyRange } from '../../src/engine/key-ranges.js';
import { indexRange } from '../../src/engine/keyspace.js';
import { keyOfItem } from '../../src/engine/primary-key.js';
import { readTarget } from '../../src/engine/read-target.js';
import type { IndexDefinition, TableDefinition } from '../../src/engine/table-definition.js';
import type { AttributeValue, Item, KeyAttributeType } from '../../src/model/attribute-value.js';

/**
 * Key-range planning below HTTP, on the real key encoding: a Query's range holds
 * exactly the encoded keys whose values satisfy its key condition, as an oracle
 * independent of the encoder decides (UTF-8 bytes for S, bytes for B, decimal.js for
 * N), and the segments of a parallel scan are disjoint and cover the table.
 */

function tableDefinition(sortType: KeyAttributeType, indexes: readonly IndexDefinition[] = []): TableDefinition {
  return {
    id: 7,
    uuid: 'table',
    namespace: 'ns',
    name: 'ranges',
    partitionKey: { name: 'pk', type: 'S' },
    sortKey: { name: 'sk', type: sortType },
    attributeDefinitions: [],
    billingMode: 'PAY_PER_REQUEST',
    provisionedThroughput: { readCapacityUnits: 0, writeCapacityUnits: 0, decreasesToday: 0 },
    deletionProtectionEnabled: false,
    createdEpochMs: 0,
    indexes,
  };
}

/** A GSI whose sort key (s1 of `type`, then s2 N) is followed in each entry's key by more key bytes. */
function multiAttributeIndex(type: KeyAttributeType): IndexDefinition {
  return {
    name: 'byG',
    kind: 'GSI',
    id: 1,
    partitionKeys: [{ name: 'g', type: 'S' }],
    sortKeys: [
      { name: 's1', type },
      { name: 's2', type: 'N' },
    ],
    projection: { type: 'KEYS_ONLY' },
  };
}

// Small domains, so that generated values often coincide and one value is often
// another's prefix: that is where range bounds go wrong.
const VALUES: Record<KeyAttributeType, fc.Arbitrary<AttributeValue>> = {
  S: fc.string({ unit: fc.constantFrom('\u0000', '\u0001', 'a', 'b', '\u00ff', '😀'), minLength: 1, maxLength: 3 }).map((text) => ({ S: text })),
  B: fc.uint8Array({ minLength: 1, maxLength: 3 }).map((bytes) => ({ B: Buffer.from(bytes.map((byte) => [0, 1, 0x7f, 0xff][byte % 4]!)).toString('base64') })),
  N: fc
    .tuple(fc.integer({ min: -3, max: 3 }), fc.constantFrom('', '.0', '.5', 'e1', 'e-1', '00e-2'))
    .map(([whole, tail]) => ({ N: whole === 0 && tail === '00e-2' ? '0' : `${whole}${tail}` })),
};
/** Condition values may be empty strings and binaries too (begins_with with an empty prefix). */
const CONDITION_VALUES: Record<KeyAttributeType, fc.Arbitrary<AttributeValue>> = {
  ...VALUES,
  S: fc.oneof(VALUES.S, fc.constant({ S: '' })),
  B: fc.oneof(VALUES.B, fc.constant({ B: '' })),
};

function sortConditions(type: KeyAttributeType): fc.Arbitrary<SortKeyCondition> {
  const value = CONDITION_VALUES[type];
  const kinds: Array<fc.Arbitrary<SortKeyCondition>> = [
    fc.record({
      kind: fc.constant('compare' as const),
      operator: fc.constantFrom('=' as const, '<' as const, '<=' as const, '>' as const, '>=' as const),
      value,
    }),
    fc.record({ kind: fc.constant('between' as const), lower: value, upper: value }),
  ];
  if (type !== 'N') kinds.push(fc.record({ kind: fc.constant('beginsWith' as const), prefix: value }));
  return fc.oneof(...kinds);
}

/** The bytes DynamoDB orders S and B values by. */
function bytesOf(value: AttributeValue): Buffer {
  if ('S' in value) return Buffer.from(value.S, 'utf8');
  if ('B' in value) return Buffer.from(value.B, 'base64');
  throw new Error('not a string or binary');
}

/** DynamoDB's order of two values of one key type, by the oracle. */
function order(a: AttributeValue, b: AttributeValue): number {
  if ('N' in a && 'N' in b) return new Decimal(a.N).cmp(new Decimal(b.N));
  return Math.sign(Buffer.compare(bytesOf(a), bytesOf(b)));
}

function satisfies(value: AttributeValue, condition: SortKeyCondition): boolean {
  switch (condition.kind) {
    case 'between':
      return order(value, condition.lower) >= 0 && order(value, condition.upper) <= 0;
    case 'beginsWith': {
      const prefix = bytesOf(condition.prefix);
      return bytesOf(value).subarray(0, prefix.length).equals(prefix);
    }
    case 'compare': {
      const comparison = order(value, condition.value);
      return { '=': comparison === 0, '<': comparison < 0, '<=': comparison <= 0, '>': comparison > 0, '>=': comparison >= 0 }[condition.operator];
    }
  }
}

const PARTITIONS = fc.constantFrom('p', 'q', 'p\u0000', 'pp');
const TYPES: readonly KeyAttributeType[] = ['S', 'N', 'B'];

const part = (value: AttributeValue): { type: KeyAttributeType; value: string } =>
  'S' in value ? { type: 'S', value: value.S } : 'N' in value ? { type: 'N', value: value.N } : { type: 'B', value: (value as { B: string }).B };

describe('queryRange', () => {
  for (const type of TYPES) {
    it(`holds exactly the table's keys a sort condition on ${type} selects`, () => {
      const table = tableDefinition(type);
      const target = readTarget(table, undefined);
      fc.assert(
        fc.property(fc.array(fc.tuple(PARTITIONS, VALUES[type]), { maxLength: 12 }), sortConditions(type), (keys, sort) => {
          const condition: KeyCondition = { partition: [{ type: 'S', value: 'p' }], sortEquals: [], sort };
          const range = queryRange(target, condition);
          for (const [pk, sk] of keys) {
            const key = keyOfItem(table, { pk: { S: pk }, sk }).storageKey;
            assert.equal(rangeContains(range, key), pk === 'p' && satisfies(sk, sort), `${pk} ${JSON.stringify(sk)} ${JSON.stringify(sort)}`);
          }
        }),
        { numRuns: 400 },
      );
    });

    it(`holds exactly the index entries a condition on multi-attribute sort keys selects (${type} first)`, () => {
      const index = multiAttributeIndex(type);
      const table = tableDefinition('N', [index]);
      const target = readTarget(table, index);
      const entries = fc.array(fc.record({ g: PARTITIONS, s1: VALUES[type], s2: VALUES.N, sk: VALUES.N }), { maxLength: 12 });
      // Either the condition is on s1, or s1 is matched with = and the condition is on s2.
      const conditions = fc.oneof(
        sortConditions(type).map((sort) => ({ equals: undefined, sort })),
        fc.record({ equals: VALUES[type], sort: sortConditions('N') }),
      );
      fc.assert(
        fc.property(entries, conditions, (items, { equals, sort }) => {
          const condition: KeyCondition = { partition: [{ type: 'S', value: 'p' }], sortEquals: equals === undefined ? [] : [part(equals)], sort };
          const range = queryRange(target, condition);
          for (const { g, s1, s2, sk } of items) {
            const item: Item = { pk: { S: 'k' }, sk, g: { S: g }, s1, s2 };
            const selected = g === 'p' && (equals === undefined ? satisfies(s1, sort) : order(s1, equals) === 0 && satisfies(s2, sort));
            assert.equal(rangeContains(range, indexEntryKey(table, index, item)!), selected, JSON.stringify({ item, equals, sort }));
          }
        }),
        { numRuns: 400 },
      );
    });
  }

  it('holds the whole partition, and only it, without a sort condition', () => {
    const table = tableDefinition('S');
    const range = queryRange(readTarget(table, undefined), { partition: [{ type: 'S', value: 'p' }], sortEquals: [] });
    const key = (pk: string, sk: string): Uint8Array => keyOfItem(table, { pk: { S: pk }, sk: { S: sk } }).storageKey;
    assert.ok(rangeContains(range, key('p', '\u0000')) && rangeContains(range, key('p', '\uffff')));
    assert.ok(!rangeContains(range, key('pp', 'a')) && !rangeContains(range, key('p\u0000', 'a')) && !rangeContains(range, key('q', 'a')));
  });
});

describe('rangeAfter', () => {
  it('keeps the keys after the start key in the direction of the walk', () => {
    const range: KeyRange = { start: Buffer.from([1]), end: Buffer.from([9]) };
    const start = Buffer.from([5]);
    const forward = rangeAfter(range, start, true);
    const backward = rangeAfter(range, start, false);
    for (const key of [[1], [4, 255], [5], [5, 0], [6], [8, 255]].map((bytes) => Buffer.from(bytes))) {
      const after = Buffer.compare(key, start) > 0;
      assert.equal(rangeContains(forward, key), after, `forward ${key.toString('hex')}`);
      assert.equal(rangeContains(backward, key), Buffer.compare(key, start) < 0, `backward ${key.toString('hex')}`);
    }
    assert.deepEqual(rangeAfter(range, Buffer.from([0]), true), range);
    assert.deepEqual(rangeAfter(range, Buffer.from([10]), false), range);
  });
});

describe('scanRange', () => {
  const table = tableDefinition('N');
  const target = readTarget(table, undefined);
  const whole = indexRange(table.id, 0);
  const segment = (index: number, total: number): KeyRange => scanRange(target, { index, total });
  const itemKey = (pk: string, sk: string): Uint8Array => keyOfItem(table, { pk: { S: pk }, sk: { N: sk } }).storageKey;

  it('is the whole table without segments, or with one', () => {
    assert.deepEqual(scanRange(target, undefined), whole);
    assert.deepEqual(segment(0, 1), whole);
  });

  it('cuts the table into contiguous, non-empty segments from its first key to its last', () => {
    // Every item key has a 4-byte hash bucket after the table's prefix: bucket 0 is its first key.
    const firstKey = Buffer.concat([whole.start, Buffer.alloc(4)]);
    for (const total of [2, 3, 7, 64, 1000]) {
      const segments = Array.from({ length: total }, (_, index) => segment(index, total));
      assert.deepEqual(segments[0]!.start, firstKey);
      assert.deepEqual(segments[total - 1]!.end, whole.end);
      for (const [index, range] of segments.entries()) {
        assert.ok(Buffer.compare(range.start, range.end) < 0, `segment ${index} of ${total} is empty`);
        if (index > 0) assert.deepEqual(range.start, segments[index - 1]!.end, `segment ${index} of ${total} does not start where ${index - 1} ends`);
      }
    }
    // The most segments DynamoDB allows: every segment still holds hash buckets.
    const total = 1_000_000;
    for (const index of [0, 1, 499_999, 999_998]) {
      assert.ok(Buffer.compare(segment(index, total).start, segment(index, total).end) < 0);
      assert.deepEqual(segment(index, total).end, segment(index + 1, total).start);
    }
    assert.deepEqual(segment(total - 1, total).end, whole.end);
  });

  it('puts every item in exactly one segment, and no other table’s keys in any', () => {
    const otherTable = { ...table, id: table.id + 1 };
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 8 }), fc.integer({ min: -1000, max: 1000 }), fc.integer({ min: 1, max: 40 }), (pk, sk, total) => {
        const key = itemKey(pk, String(sk));
        const holding = Array.from({ length: total }, (_, index) => index).filter((index) => rangeContains(segment(index, total), key));
        assert.equal(holding.length, 1);
        const foreign = keyOfItem(otherTable, { pk: { S: pk }, sk: { N: String(sk) } }).storageKey;
        assert.ok(Array.from({ length: total }, (_, index) => segment(index, total)).every((range) => !rangeContains(range, foreign)));
      }),
      { numRuns: 300 },
    );
  });
});
