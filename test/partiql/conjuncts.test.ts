import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Condition } from '../../src/expressions/resolved.js';
import { attributeOf, checkKeyValueType, conjunction, conjunctsOf, equalityOf } from '../../src/partiql/conjuncts.js';
import { N, refuses, S, whereCondition } from './partiql-fixture.js';

describe('PartiQL conjuncts', () => {
  it('splits a condition at its top-level ANDs, in order, however they nest', () => {
    const conjuncts = conjunctsOf(whereCondition('a = 1 AND (b = 2 AND c = 3) AND d = 4'));
    assert.deepEqual(
      conjuncts.map((condition) => (condition.kind === 'compare' ? attributeOf(condition.left) : condition.kind)),
      ['a', 'b', 'c', 'd'],
    );
  });

  it('keeps an OR or a NOT whole as one conjunct', () => {
    assert.deepEqual(
      conjunctsOf(whereCondition('a = 1 AND (b = 2 OR c = 3) AND NOT (d = 4 AND e = 5)')).map((condition) => condition.kind),
      ['compare', 'or', 'not'],
    );
  });

  it('has no conjuncts for no condition, and one for a condition without AND', () => {
    assert.deepEqual(conjunctsOf(undefined), []);
    assert.equal(conjunctsOf(whereCondition('a = 1')).length, 1);
  });

  it('joins conditions with AND from the left, and nothing into no condition', () => {
    const [a, b, c] = conjunctsOf(whereCondition('a = 1 AND b = 2 AND c = 3')) as [Condition, Condition, Condition];
    assert.equal(conjunction([]), undefined);
    assert.equal(conjunction([a]), a);
    assert.deepEqual(conjunction([a, b, c]), { kind: 'and', left: { kind: 'and', left: a, right: b }, right: c });
  });

  it('names the top-level attribute of a path operand only', () => {
    assert.equal(attributeOf({ kind: 'path', path: ['a'] }), 'a');
    assert.equal(attributeOf({ kind: 'path', path: ['a', 'b'] }), undefined);
    assert.equal(attributeOf({ kind: 'path', path: ['a', 0] }), undefined);
    assert.equal(attributeOf({ kind: 'literal', value: S('a') }), undefined);
    assert.equal(attributeOf({ kind: 'size', operand: { kind: 'path', path: ['a'] } }), undefined);
  });

  it('finds attribute = value written either way round', () => {
    assert.deepEqual(equalityOf(whereCondition("pk = 'x'")), { attribute: 'pk', value: S('x') });
    assert.deepEqual(equalityOf(whereCondition('5 = pk')), { attribute: 'pk', value: N(5) });
  });

  it('finds no equality in other comparisons, between paths or values only, or on nested paths', () => {
    for (const condition of ["pk <> 'x'", 'pk < 1', 'pk = other', '1 = 1', 'pk.a = 1', 'pk[0] = 1', 'size(pk) = 1', "pk IN ['x']", "NOT pk = 'x'"]) {
      assert.equal(equalityOf(whereCondition(condition)), undefined, condition);
    }
  });

  it("refuses a key value not of its attribute's schema type", () => {
    checkKeyValueType({ name: 'pk', type: 'S' }, S('x'));
    checkKeyValueType({ name: 'n', type: 'N' }, N(1));
    checkKeyValueType({ name: 'b', type: 'B' }, { B: 'AQ==' });
    refuses(() => checkKeyValueType({ name: 'pk', type: 'S' }, N(1)), "Key attribute's data type should match its data type in table's schema: Key pk");
    refuses(() => checkKeyValueType({ name: 'n', type: 'N' }, S('1')), "Key attribute's data type should match its data type in table's schema: Key n");
    refuses(() => checkKeyValueType({ name: 'b', type: 'B' }, { BOOL: true }), "Key attribute's data type should match its data type in table's schema: Key b");
  });
});
