import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KeyCondition, SortKeyCondition } from '../../src/engine/key-condition.js';
import type { KeyPart } from '../../src/engine/keyspace.js';
import type { ReadTarget } from '../../src/engine/read-target.js';
import type { AttributeValue } from '../../src/model/attribute-value.js';
import { PARTIQL_PARTITIONS_MAX } from '../../src/model/limits.js';
import { partitionQueries } from '../../src/partiql/select-plan.js';
import { N, refuses, S, whereCondition } from './partiql-fixture.js';
import { MULTI, NAMED, NUMBERED } from '../support/read-targets.js';

/** A table keyed by id (N) alone. */
const HASH_ONLY: ReadTarget = { tableId: 1, indexId: 0, partitionKeys: [{ name: 'id', type: 'N' }], sortKeys: [] };
function plan(target: ReadTarget, where: string, parameters: readonly AttributeValue[] = []): KeyCondition[] | undefined {
  return partitionQueries(target, whereCondition(where, parameters));
}

const part = (value: AttributeValue): KeyPart => {
  const [type, text] = Object.entries(value)[0] as ['S' | 'N' | 'B', string];
  return { type, value: text };
};

/** The query of one partition, by its partition values, narrowed by `sort` when given. */
function query(partition: readonly AttributeValue[], sort?: SortKeyCondition): KeyCondition {
  return { partition: partition.map(part), sortEquals: [], ...(sort === undefined ? {} : { sort }) };
}

const TYPE_MISMATCH = (name: string): string => `Key attribute's data type should match its data type in table's schema: Key ${name}`;

describe('PartiQL SELECT partitions', () => {
  it('scans without a WHERE', () => {
    assert.equal(partitionQueries(NUMBERED, undefined), undefined);
  });

  it('reads one partition for an equality on the partition key, written either way round', () => {
    assert.deepEqual(plan(NUMBERED, "pk = 'a'"), [query([S('a')])]);
    assert.deepEqual(plan(NUMBERED, "'a' = pk"), [query([S('a')])]);
    assert.deepEqual(plan(HASH_ONLY, 'id = ?', [N(7)]), [query([N(7)])]);
  });

  it('reads one partition per IN candidate, in the order written, each once', () => {
    assert.deepEqual(plan(NUMBERED, "pk IN ['b', 'a', 'b']"), [query([S('b')]), query([S('a')])]);
    assert.deepEqual(plan(HASH_ONLY, 'id IN [2, 1.0, 1]'), [query([N(2)]), query([N(1)])]);
  });

  it('reads the partitions of an OR of key equalities, in the order written', () => {
    assert.deepEqual(plan(NUMBERED, "pk = 'x' OR pk = 'y' OR pk IN ['z', 'x']"), [query([S('x')]), query([S('y')]), query([S('z')])]);
  });

  it('reads the partition of a key equality ANDed with other conditions, which the filter applies', () => {
    assert.deepEqual(plan(HASH_ONLY, 'other = 1 AND id = 3 AND NOT x = 2'), [query([N(3)])]);
    assert.deepEqual(plan(HASH_ONLY, '(id = 1 OR id = 2) AND other > 0'), [query([N(1)]), query([N(2)])]);
  });

  it('reads the partitions both sides of an AND allow', () => {
    assert.deepEqual(plan(HASH_ONLY, 'id IN [1, 2, 3] AND id IN [3, 2, 4]'), [query([N(2)]), query([N(3)])]);
    assert.deepEqual(plan(HASH_ONLY, 'id = 1 AND id = 1.00'), [query([N(1)])]);
  });

  it('reads no partition at all when ANDed key equalities conflict', () => {
    assert.deepEqual(plan(HASH_ONLY, 'id = 1 AND id = 2'), []);
    assert.deepEqual(plan(NUMBERED, "pk = 'a' AND pk IN ['b', 'c']"), []);
  });

  it('scans when an OR has a term that leaves the partition key free', () => {
    assert.equal(plan(NUMBERED, "pk = 'a' OR other = 1"), undefined);
    assert.equal(plan(NUMBERED, "other = 1 OR pk = 'a'"), undefined);
    assert.equal(plan(NUMBERED, "pk = 'a' OR sk = 1"), undefined);
  });

  it('scans when nothing fixes the partition key with = or IN', () => {
    for (const where of [
      "pk <> 'a'",
      "pk > 'a'",
      "NOT pk = 'a'",
      "NOT pk <> 'a'",
      "begins_with(pk, 'a')",
      'pk = other',
      "pk.x = 'a'",
      'pk IN [other]',
      'sk = 1',
      "pk BETWEEN 'a' AND 'b'",
    ]) {
      assert.equal(plan(NUMBERED, where), undefined, where);
    }
  });

  it('reads a multi-attribute partition only when every one of its attributes is fixed', () => {
    assert.deepEqual(plan(MULTI, "a = 'x' AND b = 1"), [query([S('x'), N(1)])]);
    assert.deepEqual(plan(MULTI, "a IN ['x', 'y'] AND b = 1"), [query([S('x'), N(1)]), query([S('y'), N(1)])]);
    assert.deepEqual(plan(MULTI, "(a = 'x' AND b = 1) OR (b = 2 AND a = 'y')"), [query([S('x'), N(1)]), query([S('y'), N(2)])]);
    assert.equal(plan(MULTI, "a = 'x'"), undefined);
    assert.equal(plan(MULTI, "(a = 'x' AND b = 1) OR a = 'y'"), undefined);
  });

  it('leaves a multi-attribute sort key to the filter', () => {
    assert.deepEqual(plan(MULTI, "a = 'x' AND b = 1 AND c = 'q' AND d > 3"), [query([S('x'), N(1)])]);
  });

  it("refuses a partition key value not of the key's type, in an equality or among IN candidates", () => {
    refuses(() => plan(NUMBERED, 'pk = 1'), TYPE_MISMATCH('pk'));
    refuses(() => plan(NUMBERED, "pk IN ['a', 2]"), TYPE_MISMATCH('pk'));
    refuses(() => plan(HASH_ONLY, 'id = ?', [S('1')]), TYPE_MISMATCH('id'));
    refuses(() => plan(MULTI, "a = 'x' AND b = 'y'"), TYPE_MISMATCH('b'));
  });

  it(`reads up to ${PARTIQL_PARTITIONS_MAX} partitions and refuses more`, () => {
    const values = (count: number): string => Array.from({ length: count }, (_, at) => String(at)).join(', ');
    assert.equal(plan(HASH_ONLY, `id IN [${values(PARTIQL_PARTITIONS_MAX)}]`)?.length, PARTIQL_PARTITIONS_MAX);
    refuses(() => plan(HASH_ONLY, `id IN [${values(PARTIQL_PARTITIONS_MAX + 1)}]`), 'Too many decomposed read operations for a given query.');
    const ors = Array.from({ length: PARTIQL_PARTITIONS_MAX + 1 }, (_, at) => `id = ${at}`).join(' OR ');
    refuses(() => plan(HASH_ONLY, ors), 'Too many decomposed read operations for a given query.');
  });

  it('refuses more than the most partitions when ANDed INs multiply out', () => {
    const eight = (prefix: string): string => Array.from({ length: 8 }, (_, at) => `${prefix}${at}`).join(', ');
    refuses(
      () =>
        plan(
          MULTI,
          `a IN [${eight("'x")
            .split(', ')
            .map((value) => `${value}'`)
            .join(', ')}] AND b IN [${eight('')}]`,
        ),
      'Too many decomposed read operations for a given query.',
    );
  });
});

describe('PartiQL SELECT sort key ranges', () => {
  it('narrows each partition to a sort key equality, written either way round', () => {
    assert.deepEqual(plan(NUMBERED, "pk = 'a' AND sk = 3"), [query([S('a')], { kind: 'compare', operator: '=', value: N(3) })]);
    assert.deepEqual(plan(NUMBERED, "3 = sk AND pk IN ['a', 'b']"), [
      query([S('a')], { kind: 'compare', operator: '=', value: N(3) }),
      query([S('b')], { kind: 'compare', operator: '=', value: N(3) }),
    ]);
  });

  it('prefers an equality to bounds and a prefix', () => {
    assert.deepEqual(plan(NAMED, "pk = 'a' AND sk > 'b' AND begins_with(sk, 'c') AND sk = 'd'"), [
      query([S('a')], { kind: 'compare', operator: '=', value: S('d') }),
    ]);
  });

  it("keeps a single bound's own operator, so a Limit counts what a Query would read", () => {
    assert.deepEqual(plan(NUMBERED, "pk = 'a' AND sk > 5"), [query([S('a')], { kind: 'compare', operator: '>', value: N(5) })]);
    assert.deepEqual(plan(NUMBERED, "pk = 'a' AND sk >= 5"), [query([S('a')], { kind: 'compare', operator: '>=', value: N(5) })]);
    assert.deepEqual(plan(NUMBERED, "pk = 'a' AND sk < 5"), [query([S('a')], { kind: 'compare', operator: '<', value: N(5) })]);
    assert.deepEqual(plan(NUMBERED, "pk = 'a' AND 5 < sk"), [query([S('a')], { kind: 'compare', operator: '>', value: N(5) })]);
    assert.deepEqual(plan(NUMBERED, "pk = 'a' AND 5 >= sk"), [query([S('a')], { kind: 'compare', operator: '<=', value: N(5) })]);
  });

  it('combines a lower and an upper bound into BETWEEN', () => {
    assert.deepEqual(plan(NUMBERED, "pk = 'a' AND sk > 1 AND sk <= 9"), [query([S('a')], { kind: 'between', lower: N(1), upper: N(9) })]);
    assert.deepEqual(plan(NUMBERED, "pk = 'a' AND sk BETWEEN 1 AND 9"), [query([S('a')], { kind: 'between', lower: N(1), upper: N(9) })]);
  });

  it('keeps the tightest of several bounds, comparing numbers as numbers', () => {
    assert.deepEqual(plan(NUMBERED, "pk = 'a' AND sk >= 2 AND sk > 10 AND sk BETWEEN 1 AND 100 AND sk < 50 AND sk <= 90"), [
      query([S('a')], { kind: 'between', lower: N(10), upper: N(50) }),
    ]);
    assert.deepEqual(plan(NUMBERED, "pk = 'a' AND sk > 9 AND sk > 10"), [query([S('a')], { kind: 'compare', operator: '>', value: N(10) })]);
    assert.deepEqual(plan(NUMBERED, "pk = 'a' AND sk < 9 AND sk < 10"), [query([S('a')], { kind: 'compare', operator: '<', value: N(9) })]);
    assert.deepEqual(plan(NUMBERED, "pk = 'a' AND sk >= 10 AND sk > 10"), [query([S('a')], { kind: 'compare', operator: '>', value: N(10) })]);
  });

  it('keeps only the lower bound when the bounds cross, so the range stays valid', () => {
    assert.deepEqual(plan(NUMBERED, "pk = 'a' AND sk > 9 AND sk < 3"), [query([S('a')], { kind: 'compare', operator: '>=', value: N(9) })]);
    assert.deepEqual(plan(NUMBERED, "pk = 'a' AND sk BETWEEN 1 AND 3 AND sk >= 9"), [query([S('a')], { kind: 'compare', operator: '>=', value: N(9) })]);
  });

  it('narrows a string sort key to a prefix, when there are no bounds', () => {
    assert.deepEqual(plan(NAMED, "pk = 'a' AND begins_with(sk, 'pre')"), [query([S('a')], { kind: 'beginsWith', prefix: S('pre') })]);
    assert.deepEqual(plan(NAMED, "pk = 'a' AND begins_with(sk, 'pre') AND sk < 'q'"), [query([S('a')], { kind: 'compare', operator: '<', value: S('q') })]);
  });

  it('does not narrow by <>, an OR, a NOT, a path, a nested path or a condition on another attribute', () => {
    for (const extra of ['sk <> 1', '(sk = 1 OR sk = 2)', 'NOT sk = 1', 'sk = other', 'sk IN [1, 2]', 'other = 1', 'sk BETWEEN 1 AND other']) {
      assert.deepEqual(plan(NUMBERED, `pk = 'a' AND ${extra}`), [query([S('a')])], extra);
    }
    assert.deepEqual(plan(NUMBERED, "(pk = 'a' AND sk = 1) OR (pk = 'b' AND sk = 2)"), [query([S('a')]), query([S('b')])]);
  });

  it('does not take <> as a key condition, so does not check its value against the sort key type', () => {
    assert.deepEqual(plan(NUMBERED, "pk = 'a' AND sk <> 'x'"), [query([S('a')])]);
    assert.deepEqual(plan(NUMBERED, "pk = 'a' AND 'x' <> sk"), [query([S('a')])]);
  });

  it("refuses a sort key value not of the key's type", () => {
    refuses(() => plan(NUMBERED, "pk = 'a' AND sk = 'x'"), TYPE_MISMATCH('sk'));
    refuses(() => plan(NUMBERED, "pk = 'a' AND sk > 'x'"), TYPE_MISMATCH('sk'));
    refuses(() => plan(NUMBERED, "pk = 'a' AND sk BETWEEN 'x' AND 'y'"), TYPE_MISMATCH('sk'));
    refuses(() => plan(NAMED, "pk = 'a' AND sk < 1"), TYPE_MISMATCH('sk'));
  });

  it('does not check sort key values when the statement scans', () => {
    assert.equal(plan(NUMBERED, "sk = 'x'"), undefined);
  });
});
