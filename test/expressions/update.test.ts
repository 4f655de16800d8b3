import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bindExpressions } from '../../src/expressions/request-expressions.js';
import { attributeUpdates } from '../../src/expressions/legacy.js';
import type { Update } from '../../src/expressions/resolved.js';
import { applyUpdate, checkUpdate, onlyTakesAway, updatedPaths } from '../../src/expressions/update.js';
import type { AttributeValue, Item } from '../../src/model/attribute-value.js';

const BASE: Item = {
  pk: { S: 'key' },
  n: { N: '5' },
  l: { L: [{ N: '1' }, { N: '2' }, { N: '3' }] },
  m: { M: { a: { N: '1' } } },
  ss: { SS: ['a', 'b'] },
};

function bound(expression: string, values: Record<string, AttributeValue> = {}): Update {
  return bindExpressions({ UpdateExpression: expression, ExpressionAttributeValues: Object.keys(values).length > 0 ? values : undefined }, ['UpdateExpression'])
    .update!;
}

function update(expression: string, values: Record<string, AttributeValue> = {}, base: Item = BASE): Item {
  const parsed = bound(expression, values);
  checkUpdate(parsed, ['pk']);
  return applyUpdate(base, parsed);
}

function failure(expression: string, values: Record<string, AttributeValue> = {}, base: Item = BASE): string {
  try {
    update(expression, values, base);
  } catch (error) {
    return (error as Error).message;
  }
  assert.fail('expected the update to fail');
}

const INVALID_PATH = 'The document path provided in the update expression is invalid for update';
const S = (value: string): AttributeValue => ({ S: value });
const N = (value: string): AttributeValue => ({ N: value });

describe('update expressions', () => {
  it('leaves the current item, and values shared between paths, unchanged', () => {
    const base: Item = structuredClone(BASE);
    const before = structuredClone(base);
    const values = { ':v': { M: { in1: { L: [{ N: '1' }] } } } };
    const next = update('SET d1 = m, t1 = :v, t2 = :v REMOVE l[0] ADD ss :s', { ...values, ':s': { SS: ['c'] } }, base);
    const again = applyUpdate(
      next,
      bindExpressions({ UpdateExpression: 'SET d1.a = :x, t1.in1[0] = :x REMOVE t2.in1[0]', ExpressionAttributeValues: { ':x': { S: 'x' } } }, [
        'UpdateExpression',
      ]).update!,
    );
    assert.deepEqual(base, before);
    assert.deepEqual(next.d1, { M: { a: { N: '1' } } });
    assert.deepEqual(next.t1, { M: { in1: { L: [{ N: '1' }] } } });
    assert.deepEqual(again.d1, { M: { a: { S: 'x' } } });
    assert.deepEqual(again.m, { M: { a: { N: '1' } } });
    assert.deepEqual(again.t1, { M: { in1: { L: [{ S: 'x' }] } } });
    assert.deepEqual(again.t2, { M: { in1: { L: [] } } });
    assert.deepEqual(values[':v'], { M: { in1: { L: [{ N: '1' }] } } });
  });

  it('SETs attributes, nested members and list elements; past the end appends', () => {
    const next = update('SET a = :v, m.b = :v, l[1] = :v, l[10] = :v', { ':v': { S: 'x' } });
    assert.deepEqual(next.a, { S: 'x' });
    assert.deepEqual(next.m, { M: { a: { N: '1' }, b: { S: 'x' } } });
    assert.deepEqual(next.l, { L: [{ N: '1' }, { S: 'x' }, { N: '3' }, { S: 'x' }] });
  });

  it('computes every right-hand side from the item before the update', () => {
    const next = update('SET n = n + :one, previous = n', { ':one': { N: '1' } });
    assert.deepEqual(next.n, { N: '6' });
    assert.deepEqual(next.previous, { N: '5' });
  });

  it('adds and subtracts exactly, with DynamoDB range checks', () => {
    assert.deepEqual(update('SET n = n - :x', { ':x': { N: '0.1' } }).n, { N: '4.9' });
    assert.deepEqual(update('SET n = :a + :b', { ':a': { N: '0.1' }, ':b': { N: '0.2' } }).n, { N: '0.3' });
    assert.equal(
      failure('SET n = :a + :b', { ':a': { N: '9E+125' }, ':b': { N: '9E+125' } }),
      'Number overflow. Attempting to store a number with magnitude larger than supported range',
    );
    assert.equal(failure('SET n = :a + :b', { ':a': { N: '1E+37' }, ':b': { N: '0.1' } }), 'DynamoDB only supports precision up to 38 digits');
  });

  it('supports if_not_exists and list_append', () => {
    assert.deepEqual(update('SET n = if_not_exists(n, :z), z = if_not_exists(z, :z)', { ':z': { N: '0' } }).z, { N: '0' });
    assert.deepEqual(update('SET l = list_append(:head, l)', { ':head': { L: [{ N: '0' }] } }).l, { L: [{ N: '0' }, { N: '1' }, { N: '2' }, { N: '3' }] });
  });

  it('REMOVEs attributes and list elements, closing the gaps', () => {
    const next = update('REMOVE n, l[0], l[2], m.a');
    assert.equal(next.n, undefined);
    assert.deepEqual(next.l, { L: [{ N: '2' }] });
    assert.deepEqual(next.m, { M: {} });
  });

  it('ADDs to numbers and sets, creating them when absent; DELETEs set members', () => {
    const next = update('ADD n :two, ss :c, fresh :two', { ':two': { N: '2' }, ':c': { SS: ['c', 'a'] } });
    assert.deepEqual(next.n, { N: '7' });
    assert.deepEqual(next.fresh, { N: '2' });
    assert.deepEqual(next.ss, { SS: ['a', 'b', 'c'] });
    assert.deepEqual(update('DELETE ss :a', { ':a': { SS: ['a', 'z'] } }).ss, { SS: ['b'] });
    assert.equal(update('DELETE ss :ab', { ':ab': { SS: ['a', 'b'] } }).ss, undefined);
  });

  it('rejects wrong operand types, key attributes and overlapping paths', () => {
    assert.equal(
      failure('SET n = n + :s', { ':s': { S: 'x' } }),
      'Invalid UpdateExpression: Incorrect operand type for operator or function; operator or function: +, operand type: S',
    );
    assert.equal(failure('SET ss = ss + :one', { ':one': { N: '1' } }), 'An operand in the update expression has an incorrect data type');
    assert.equal(
      failure('ADD n :s', { ':s': { S: 'x' } }),
      'Invalid UpdateExpression: Incorrect operand type for operator or function; operator: ADD, operand type: STRING, typeSet: ALLOWED_FOR_ADD_OPERAND',
    );
    assert.equal(
      failure('DELETE ss :n', { ':n': { N: '1' } }),
      'Invalid UpdateExpression: Incorrect operand type for operator or function; operator: DELETE, operand type: NUMBER, typeSet: ALLOWED_FOR_DELETE_OPERAND',
    );
    assert.equal(
      failure('SET pk = :s', { ':s': { S: 'x' } }),
      'One or more parameter values were invalid: Cannot update attribute pk. This attribute is part of the key',
    );
    assert.equal(
      failure('SET m = :s REMOVE m.a', { ':s': { S: 'x' } }),
      'Invalid UpdateExpression: Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [m], path two: [m, a]',
    );
    assert.equal(failure('SET absent.x = :s', { ':s': { S: 'x' } }), 'The document path provided in the update expression is invalid for update');
    assert.equal(failure('SET x = absent'), 'The provided expression refers to an attribute that does not exist in the item');
    assert.equal(failure('SET x = size(n)'), 'Invalid UpdateExpression: The function is not allowed in an update expression; function: size');
  });

  it('reads every index as it was before the update, whatever else changes the list', () => {
    const sets: Item = { pk: S('key'), s: { L: [{ SS: ['a'] }, { SS: ['b'] }, { SS: ['c', 'd'] }] } };
    const maps: Item = { pk: S('key'), m: { L: [{ M: { x: N('0') } }, { M: { x: N('1') } }, { M: { x: N('2') } }] } };
    assert.deepEqual(update('REMOVE l[0] ADD l[2] :one', { ':one': N('1') }).l, { L: [N('2'), N('4')] });
    assert.deepEqual(update('REMOVE s[0] DELETE s[1] :b, s[2] :c', { ':b': { SS: ['b'] }, ':c': { SS: ['c'] } }, sets).s, { L: [{ SS: ['d'] }] });
    assert.deepEqual(update('REMOVE m[0], m[1].x', {}, maps).m, { L: [{ M: {} }, { M: { x: N('2') } }] });
    assert.deepEqual(update('REMOVE l[1], l[2]').l, { L: [N('1')] });
    assert.deepEqual(update('REMOVE l[0] SET l[1] = :v', { ':v': S('x') }).l, { L: [S('x'), N('3')] });
  });

  it('appends SETs past the end in index order, and a REMOVE past the end removes nothing appended', () => {
    const a = { ':a': S('a') };
    const ab = { ':a': S('a'), ':b': S('b') };
    assert.deepEqual(update('SET l[11] = :b, l[10] = :a', ab).l, { L: [N('1'), N('2'), N('3'), S('a'), S('b')] });
    assert.deepEqual(update('SET l[30] = :b, l[20] = :a, l[1] = :a REMOVE l[0]', ab).l, { L: [S('a'), N('3'), S('a'), S('b')] });
    assert.deepEqual(update('SET l[5] = :a REMOVE l[3]', a).l, { L: [N('1'), N('2'), N('3'), S('a')] });
    assert.deepEqual(update('SET l[9] = :a ADD l[8] :one', { ...a, ':one': N('1') }).l, { L: [N('1'), N('2'), N('3'), N('1'), S('a')] });
    assert.deepEqual(update('SET e[0] = :a', a, { pk: S('key'), e: { L: [] } }).e, { L: [S('a')] });
  });

  it('takes away nothing where nothing is, but only under a map or list that could hold it', () => {
    const sets = { ':s': { SS: ['a'] } };
    assert.deepEqual(update('REMOVE absent, m.absent, l[9]'), BASE);
    assert.deepEqual(update('DELETE absent :s, m.absent :s, l[9] :s', sets), BASE);
    for (const expression of ['REMOVE absent.x', 'REMOVE n.x', 'REMOVE m.a.x', 'REMOVE l.x', 'REMOVE m[0]', 'REMOVE l[5].x', 'REMOVE absent[0]']) {
      assert.equal(failure(expression), INVALID_PATH, expression);
    }
    for (const expression of ['DELETE absent.x :s', 'DELETE n.x :s', 'DELETE m[0] :s', 'DELETE l[7].x :s']) {
      assert.equal(failure(expression, sets), INVALID_PATH, expression);
    }
  });

  it('refuses a path through a value that is not a map or list, or through a missing step', () => {
    const one = { ':one': N('1') };
    for (const expression of [
      'SET n.x = :one',
      'SET n[0] = :one',
      'SET m[0] = :one',
      'SET l.x = :one',
      'SET m.absent.x = :one',
      'SET l[9].x = :one',
      'ADD absent.x :one',
    ]) {
      assert.equal(failure(expression, one), INVALID_PATH, expression);
    }
    assert.equal(failure('SET l[9] = :one, l[3].x = :one', one), INVALID_PATH);
  });

  it('names every updated path, and tells an update that only takes attributes away', () => {
    assert.deepEqual(updatedPaths(bound('SET a = :v ADD b :n REMOVE c.d DELETE e :s', { ':v': S('x'), ':n': N('1'), ':s': { SS: ['a'] } })), [
      ['a'],
      ['c', 'd'],
      ['b'],
      ['e'],
    ]);
    assert.equal(onlyTakesAway(bound('REMOVE a, b[1]')), true);
    assert.equal(onlyTakesAway(bound('DELETE s :s REMOVE a', { ':s': { SS: ['a'] } })), true);
    assert.equal(onlyTakesAway(attributeUpdates({ a: { Action: 'DELETE' }, s: { Action: 'DELETE', Value: { SS: ['a'] } } })), true);
    assert.equal(onlyTakesAway(bound('REMOVE a SET b = :v', { ':v': S('x') })), false);
    assert.equal(onlyTakesAway(bound('REMOVE a ADD n :n', { ':n': N('1') })), false);
    assert.equal(onlyTakesAway(attributeUpdates({ a: { Action: 'DELETE' }, b: { Value: S('x') } })), false);
    assert.equal(onlyTakesAway({ set: [], remove: [], add: [], delete: [] }), false);
  });
});
