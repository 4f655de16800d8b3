import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { evaluateCondition } from '../../src/expressions/evaluate.js';
import { projectItem } from '../../src/expressions/projection.js';
import { bindExpressions } from '../../src/expressions/request-expressions.js';
import type { AttributeValue, Item } from '../../src/model/attribute-value.js';

const ITEM: Item = {
  pk: { S: 'key' },
  n: { N: '5' },
  s: { S: 'héllo' },
  b: { B: Buffer.from([0, 1, 2]).toString('base64') },
  t: { BOOL: true },
  nul: { NULL: true },
  l: { L: [{ N: '1' }, { S: 'x' }, { M: { q: { N: '2' } } }] },
  m: { M: { b: { N: '2' }, c: { SS: ['x', 'y'] } } },
  ss: { SS: ['a', 'b'] },
  ns: { NS: ['1', '2'] },
};

const VALUES: Record<string, AttributeValue> = {
  ':one': { N: '1' },
  ':five': { N: '5.0' },
  ':six': { N: '6' },
  ':x': { S: 'x' },
  ':he': { S: 'hé' },
  ':a': { S: 'a' },
  ':ba': { SS: ['b', 'a'] },
  ':S': { S: 'S' },
  ':t': { BOOL: true },
  ':bin': { B: Buffer.from([0]).toString('base64') },
};

function holds(expression: string, names?: Record<string, string>): boolean {
  const used = Object.fromEntries(Object.entries(VALUES).filter(([ref]) => new RegExp(`${ref}(?![A-Za-z0-9_])`).test(expression)));
  const bound = bindExpressions(
    { ConditionExpression: expression, ExpressionAttributeValues: Object.keys(used).length > 0 ? used : undefined, ExpressionAttributeNames: names },
    ['ConditionExpression'],
  );
  return evaluateCondition(bound.condition!, ITEM);
}

function rejection(parameters: Parameters<typeof bindExpressions>[0]): string {
  try {
    bindExpressions(parameters, ['ConditionExpression']);
  } catch (error) {
    return (error as Error).message;
  }
  assert.fail('expected a validation error');
}

describe('condition evaluation', () => {
  it('compares numbers by value, strings by bytes, and never across types', () => {
    assert.equal(holds('n = :five'), true);
    assert.equal(holds('n < :six'), true);
    assert.equal(holds('n >= :six'), false);
    assert.equal(holds('n <> :x'), true);
    assert.equal(holds('s > :he'), true);
    assert.equal(holds('n < :x'), false);
    assert.equal(holds('t = :t'), true);
  });

  it('treats missing attributes as unequal to everything', () => {
    assert.equal(holds('absent = :x'), false);
    assert.equal(holds('absent <> :x'), true);
    assert.equal(holds('absent < :x'), false);
    assert.equal(holds('NOT absent = :x'), true);
  });

  it('compares sets regardless of order, and documents deeply', () => {
    assert.equal(holds('ss = :ba'), true);
    assert.equal(holds('m.c = :x'), false);
    assert.equal(holds('l[2].q = :one'), false);
    assert.equal(holds('m.b > :one'), true);
  });

  it('evaluates BETWEEN and IN', () => {
    assert.equal(holds('n BETWEEN :one AND :six'), true);
    assert.equal(holds('n BETWEEN :six AND :six'), false);
    assert.equal(holds('n IN (:one, :five)'), true);
    assert.equal(holds('s IN (:x, :a)'), false);
  });

  it('evaluates every function', () => {
    assert.equal(holds('attribute_exists(l[2].q)'), true);
    assert.equal(holds('attribute_not_exists(l[3])'), true);
    assert.equal(holds('attribute_type(s, :S)'), true);
    assert.equal(holds('attribute_type(n, :S)'), false);
    assert.equal(holds('begins_with(s, :he)'), true);
    assert.equal(holds('begins_with(b, :bin)'), true);
    assert.equal(holds('contains(s, :x)'), false);
    assert.equal(holds('contains(ss, :a)'), true);
    assert.equal(holds('contains(l, :x)'), true);
    assert.equal(holds('contains(m.c, :x)'), true);
    assert.equal(holds('size(s) = :five'), true);
    assert.equal(holds('size(b) > :one'), true);
    assert.equal(holds('size(l) < :six'), true);
    assert.equal(holds('size(n) = :one'), false);
  });

  it('combines with AND, OR, NOT and parentheses', () => {
    assert.equal(holds('n = :one OR s = :x AND t = :t'), false);
    assert.equal(holds('(n = :five OR s = :x) AND t = :t'), true);
    assert.equal(holds('NOT (n = :five)'), false);
  });

  it('substitutes expression attribute names', () => {
    assert.equal(holds('#n = :five AND #m.#b > :one', { '#n': 'n', '#m': 'm', '#b': 'b' }), true);
  });
});

describe('condition validation messages', () => {
  it('rejects reserved words, undefined and unused placeholders', () => {
    assert.equal(
      rejection({ ConditionExpression: 'name = :x', ExpressionAttributeValues: { ':x': { S: 'x' } } }),
      'Invalid ConditionExpression: Attribute name is a reserved keyword; reserved keyword: name',
    );
    assert.equal(
      rejection({ ConditionExpression: '#n = :x', ExpressionAttributeValues: { ':x': { S: 'x' } } }),
      'Invalid ConditionExpression: An expression attribute name used in the document path is not defined; attribute name: #n',
    );
    assert.equal(
      rejection({ ConditionExpression: 'a = :y', ExpressionAttributeValues: { ':x': { S: 'x' } } }),
      'Invalid ConditionExpression: An expression attribute value used in expression is not defined; attribute value: :y',
    );
    assert.equal(
      rejection({ ConditionExpression: 'a = :x', ExpressionAttributeValues: { ':x': { S: 'x' }, ':w': { S: 'w' } } }),
      'Value provided in ExpressionAttributeValues unused in expressions: keys: {:w}',
    );
    assert.equal(
      rejection({ ConditionExpression: 'a = :x', ExpressionAttributeValues: { ':x': { S: 'x' } }, ExpressionAttributeNames: { '#a': 'a', '#b': 'b' } }),
      'Value provided in ExpressionAttributeNames unused in expressions: keys: {#a, #b}',
    );
    assert.equal(
      rejection({ ExpressionAttributeValues: { ':x': { S: 'x' } } }),
      'ExpressionAttributeValues can only be specified when using expressions: ConditionExpression is null',
    );
    assert.equal(rejection({ ConditionExpression: 'a = :x', ExpressionAttributeValues: {} }), 'ExpressionAttributeValues must not be empty');
    assert.equal(
      rejection({ ConditionExpression: 'a = :x', ExpressionAttributeValues: { x: { S: 'x' } } }),
      'ExpressionAttributeValues contains invalid key: Syntax error; key: "x"',
    );
    assert.equal(
      rejection({ ConditionExpression: 'a = :x', ExpressionAttributeValues: { ':x': { SS: [] } } }),
      'ExpressionAttributeValues contains invalid value: One or more parameter values were invalid: An string set  may not be empty for key :x',
    );
  });

  it('checks functions: names, arity, paths and operand types', () => {
    const values = { ':x': { S: 'x' }, ':n': { N: '1' } };
    const check = (expression: string): string =>
      rejection({
        ConditionExpression: expression,
        ExpressionAttributeValues: Object.fromEntries(Object.entries(values).filter(([ref]) => expression.includes(ref))),
      });
    assert.equal(check('foo(a) AND a = :x'), 'Invalid ConditionExpression: Invalid function name; function: foo');
    assert.equal(
      check('begins_with(a) OR a = :x'),
      'Invalid ConditionExpression: Incorrect number of operands for operator or function; operator or function: begins_with, number of operands: 1',
    );
    assert.equal(
      check('begins_with(a, :n)'),
      'Invalid ConditionExpression: Incorrect operand type for operator or function; operator or function: begins_with, operand type: N',
    );
    assert.equal(
      check('attribute_exists(:x)'),
      'Invalid ConditionExpression: Operator or function requires a document path; operator or function: attribute_exists',
    );
    assert.equal(check('size(a) OR a = :x'), 'Invalid ConditionExpression: The function is not allowed to be used this way in an expression; function: size');
    assert.equal(check('if_not_exists(a, :x)'), 'Invalid ConditionExpression: The function is not allowed in a condition expression; function: if_not_exists');
    assert.equal(
      check('attribute_type(a, :x)'),
      'Invalid ConditionExpression: Invalid attribute type name found; type: x, valid types: {N,BS,L,B,NULL,M,S,SS,NS,BOOL}',
    );
    assert.equal(
      check('a < :n AND a.b = a.b'),
      'Invalid ConditionExpression: The first operand must be distinct from the remaining operands for this operator or function; operator: =, first operand: [a, b]',
    );
    assert.equal(
      check('a[0] IN (a[0], :x)'),
      'Invalid ConditionExpression: The first operand must be distinct from the remaining operands for this operator or function; operator: IN, first operand: [a, [0]]',
    );
    for (const [expression, operator] of [
      ['begins_with(a, a) OR a = :x', 'begins_with'],
      ['contains(a, a) OR a = :x', 'contains'],
      ['attribute_type(a, a) OR a = :x', 'attribute_type'],
    ]) {
      assert.equal(
        check(expression!),
        `Invalid ConditionExpression: The first operand must be distinct from the remaining operands for this operator or function; operator: ${operator}, first operand: [a]`,
      );
    }
    assert.equal(
      check('a BETWEEN :x AND :n'),
      'Invalid ConditionExpression: The BETWEEN operator requires same data type for lower and upper bounds; lower bound operand: AttributeValue: {S:x}, upper bound operand: AttributeValue: {N:1}',
    );
  });

  it('limits placeholder lengths and rejects empty names', () => {
    const longName = `#${'a'.repeat(255)}`;
    assert.equal(
      rejection({ ConditionExpression: `attribute_exists(${longName})`, ExpressionAttributeNames: { [longName]: 'a' } }),
      'ExpressionAttributeNames contains invalid key: The expression attribute map contains a key that is too long; size of key: 256',
    );
    assert.equal(
      rejection({ ConditionExpression: 'attribute_exists(#a)', ExpressionAttributeNames: { '#a': '' } }),
      'ExpressionAttributeNames contains invalid value: Empty attribute name for key #a',
    );
    const longValue = `:${'v'.repeat(255)}`;
    assert.equal(
      rejection({ ConditionExpression: `a = ${longValue}`, ExpressionAttributeValues: { [longValue]: { S: 'x' } } }),
      'ExpressionAttributeValues contains invalid key: The expression attribute map contains a key that is too long;',
    );
  });

  it('limits nesting depth and expression size', () => {
    const deep = Array.from({ length: 33 }, (_, index) => `p${index}`).join('.');
    assert.equal(
      rejection({ ConditionExpression: `attribute_exists(${deep})` }),
      'Invalid ConditionExpression: The document path has too many nesting levels; nesting levels: 33',
    );
    const long = Array.from({ length: 700 }, () => 'attribute_exists(a)').join(' OR ');
    assert.match(
      rejection({ ConditionExpression: long }),
      /^Invalid ConditionExpression: Expression size has exceeded the maximum allowed size; expression size: \d+$/,
    );
  });
});

describe('projection', () => {
  it('keeps projected paths, closing up list elements', () => {
    const bound = bindExpressions({ ProjectionExpression: 'n, l[2].q, l[0], l[9], m.c, absent' }, []);
    assert.deepEqual(projectItem(ITEM, bound.projection!), {
      n: { N: '5' },
      l: { L: [{ N: '1' }, { M: { q: { N: '2' } } }] },
      m: { M: { c: { SS: ['x', 'y'] } } },
    });
  });

  it('rejects overlapping and conflicting paths', () => {
    assert.throws(() => bindExpressions({ ProjectionExpression: 'm, m.b' }, []), {
      message:
        'Invalid ProjectionExpression: Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [m], path two: [m, b]',
    });
    assert.throws(() => bindExpressions({ ProjectionExpression: 'l[0], l.x' }, []), {
      message:
        'Invalid ProjectionExpression: Two document paths conflict with each other; must remove or rewrite one of these paths; path one: [l, [0]], path two: [l, x]',
    });
  });
});
