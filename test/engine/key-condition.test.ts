import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  keyConditionFromExpression,
  keyConditionFromLeaves,
  keyConditionFromLegacy,
  keyConditionHolds,
  type KeyCondition,
} from '../../src/engine/key-condition.js';
import type { ReadTarget } from '../../src/engine/read-target.js';
import type { ExpectedAttributeValue } from '../../src/expressions/legacy.js';
import { bindExpressions } from '../../src/expressions/request-expressions.js';
import type { AttributeValue, Item } from '../../src/model/attribute-value.js';
import { DynamoDBError } from '../../src/model/errors.js';
import { MULTI, NAMED, NUMBERED } from '../support/read-targets.js';

/**
 * The key-condition checker below HTTP: every message it gives, for both syntaxes, and
 * the KeyCondition it builds. Expressions go through the real parser and binder, so
 * each case is a KeyConditionExpression a client could send.
 */

const VALUES: Readonly<Record<string, AttributeValue>> = {
  ':s': { S: 'x' },
  ':t': { S: 'y' },
  ':n': { N: '1' },
  ':m': { N: '5' },
  ':b': { B: 'AQ==' },
  ':type': { S: 'N' },
};

/** The key condition of a KeyConditionExpression, its placeholders bound from VALUES. */
function fromExpression(target: ReadTarget, expression: string): KeyCondition {
  const used = new Set(expression.match(/:[a-z]+/g) ?? []);
  const values = Object.fromEntries(Object.entries(VALUES).filter(([placeholder]) => used.has(placeholder)));
  const bound = bindExpressions({ KeyConditionExpression: expression, ...(used.size === 0 ? {} : { ExpressionAttributeValues: values }) }, [
    'KeyConditionExpression',
  ]);
  return keyConditionFromExpression(target, bound.keyCondition!);
}

function fromLegacy(target: ReadTarget, keyConditions: Record<string, ExpectedAttributeValue>): KeyCondition {
  return keyConditionFromLegacy(target, keyConditions);
}

function refuses(run: () => unknown, message: string): void {
  assert.throws(run, (error: unknown) => {
    assert.ok(error instanceof DynamoDBError, `expected a DynamoDBError, got ${String(error)}`);
    assert.equal(error.type, 'ValidationException');
    assert.equal(error.message, message);
    return true;
  });
}

const eq = (operator: string, ...values: AttributeValue[]): ExpectedAttributeValue => ({ ComparisonOperator: operator, AttributeValueList: values });

const MISSED = 'Query condition missed key schema element';
const NOT_SUPPORTED = 'Query key condition not supported';
const TYPE_MISMATCH = 'One or more parameter values were invalid: Condition parameter type does not match schema type';

describe('key conditions from KeyConditionExpression', () => {
  it('builds the partition value and the sort condition, flipping a condition written value first', () => {
    assert.deepEqual(fromExpression(NUMBERED, 'pk = :s'), { partition: [{ type: 'S', value: 'x' }], sortEquals: [] });
    assert.deepEqual(fromExpression(NUMBERED, 'pk = :s AND sk BETWEEN :n AND :m'), {
      partition: [{ type: 'S', value: 'x' }],
      sortEquals: [],
      sort: { kind: 'between', lower: { N: '1' }, upper: { N: '5' } },
    });
    assert.deepEqual(fromExpression(NUMBERED, ':s = pk AND :n < sk').sort, { kind: 'compare', operator: '>', value: { N: '1' } });
    assert.deepEqual(fromExpression(NUMBERED, 'pk = :s AND :n >= sk').sort, { kind: 'compare', operator: '<=', value: { N: '1' } });
    assert.deepEqual(fromExpression(NAMED, 'pk = :s AND begins_with(sk, :t)').sort, { kind: 'beginsWith', prefix: { S: 'y' } });
  });

  it('refuses operators that select no key range', () => {
    const cases: Array<[string, string]> = [
      ['pk = :s AND sk <> :n', '<>'],
      ['pk = :s OR sk > :n', 'OR'],
      ['pk = :s AND NOT sk = :n', 'NOT'],
      ['pk = :s AND sk IN (:n, :m)', 'IN'],
      ['pk = :s AND contains(sk, :n)', 'contains'],
      ['pk = :s AND attribute_type(sk, :type)', 'attribute_type'],
      ['pk = :s AND attribute_exists(sk)', 'attribute_exists'],
      ['pk = :s AND attribute_not_exists(sk)', 'attribute_not_exists'],
    ];
    for (const [expression, operator] of cases)
      refuses(() => fromExpression(NUMBERED, expression), `Invalid operator used in KeyConditionExpression: ${operator}`);
  });

  it('refuses operands that are not one top-level key attribute against one value', () => {
    refuses(() => fromExpression(NUMBERED, 'pk = :s AND size(sk) > :n'), 'KeyConditionExpressions cannot contain nested operations');
    refuses(() => fromExpression(NUMBERED, 'pk = size(pk)'), 'KeyConditionExpressions cannot contain nested operations');
    refuses(
      () => fromExpression(NUMBERED, 'pk = :s AND sk.x > :n'),
      "Key attributes must be scalars; list random access '[]' and map lookup '.' are not allowed: Key: sk",
    );
    refuses(
      () => fromExpression(NUMBERED, 'pk = :s AND sk[0] > :n'),
      "Key attributes must be scalars; list random access '[]' and map lookup '.' are not allowed: Key: sk",
    );
    refuses(
      () => fromExpression(NUMBERED, 'pk = :s AND sk = pk'),
      'Invalid condition in KeyConditionExpression: Multiple attribute names used in one condition',
    );
    refuses(() => fromExpression(NUMBERED, 'pk = sk'), 'Invalid condition in KeyConditionExpression: Multiple attribute names used in one condition');
    refuses(
      () => fromExpression(NUMBERED, 'pk = :s AND sk BETWEEN :n AND pk'),
      'Invalid condition in KeyConditionExpression: Multiple attribute names used in one condition',
    );
    for (const expression of ['pk = :s AND :n = :m', 'pk = :s AND :n BETWEEN :n AND :m', 'pk = :s AND begins_with(:s, :t)']) {
      refuses(() => fromExpression(NAMED, expression), 'Invalid condition in KeyConditionExpression: No attribute name used in condition');
    }
  });

  it('allows one condition per key attribute, and only on key attributes', () => {
    refuses(() => fromExpression(NUMBERED, 'pk = :s AND pk = :s'), 'KeyConditionExpressions must only contain one condition per key');
    refuses(() => fromExpression(NUMBERED, 'pk = :s AND sk > :n AND sk < :m'), 'KeyConditionExpressions must only contain one condition per key');
    refuses(() => fromExpression(NUMBERED, 'sk > :n'), `${MISSED}: pk`);
    refuses(() => fromExpression(NUMBERED, 'pk = :s AND v = :s'), MISSED);
    refuses(() => fromExpression(NUMBERED, 'pk = :s AND sk = :n AND v = :s'), MISSED);
  });

  it('needs = on the partition key and values of the schema types', () => {
    for (const operator of ['<', '<=', '>', '>=']) refuses(() => fromExpression(NUMBERED, `pk ${operator} :s`), NOT_SUPPORTED);
    refuses(() => fromExpression(NUMBERED, 'pk BETWEEN :s AND :t'), NOT_SUPPORTED);
    refuses(() => fromExpression(NUMBERED, 'begins_with(pk, :s)'), NOT_SUPPORTED);
    refuses(() => fromExpression(NUMBERED, 'pk = :n'), TYPE_MISMATCH);
    refuses(() => fromExpression(NUMBERED, 'pk = :s AND sk = :s'), TYPE_MISMATCH);
    refuses(() => fromExpression(NUMBERED, 'pk = :s AND sk BETWEEN :s AND :t'), TYPE_MISMATCH);
    refuses(() => fromExpression(NAMED, 'pk = :s AND begins_with(sk, :b)'), TYPE_MISMATCH);
  });

  it('refuses an empty BETWEEN and begins_with on a number', () => {
    // The binder refuses an empty BETWEEN of an expression first, with the bounds in its
    // message, and the legacy check does for KeyConditions: this message is for leaves
    // of other origins (PartiQL).
    refuses(
      () =>
        keyConditionFromLeaves(NUMBERED, [
          { attribute: 'pk', condition: { kind: 'compare', operator: '=', value: { S: 'x' } } },
          { attribute: 'sk', condition: { kind: 'between', lower: { N: '5' }, upper: { N: '1' } } },
        ]),
      'Invalid KeyConditionExpression: The BETWEEN operator requires upper bound to be greater than or equal to lower bound',
    );
    assert.ok(fromExpression(NUMBERED, 'pk = :s AND sk BETWEEN :n AND :n').sort !== undefined);
    refuses(
      () => fromExpression(NUMBERED, 'pk = :s AND begins_with(sk, :n)'),
      'Invalid KeyConditionExpression: Incorrect operand type for operator or function; operator or function: begins_with, operand type: N',
    );
  });
});

describe('key conditions on multi-attribute GSI keys', () => {
  it('needs every partition attribute, each with =', () => {
    refuses(() => fromExpression(MULTI, 'a = :s'), `${MISSED}: b`);
    refuses(() => fromExpression(MULTI, 'b = :n AND c = :s'), `${MISSED}: a`);
    refuses(() => fromExpression(MULTI, 'a = :s AND b > :n'), NOT_SUPPORTED);
    refuses(() => fromExpression(MULTI, 'a = :s AND b = :s'), TYPE_MISMATCH);
    assert.deepEqual(fromExpression(MULTI, 'b = :n AND a = :s'), {
      partition: [
        { type: 'S', value: 'x' },
        { type: 'N', value: '1' },
      ],
      sortEquals: [],
    });
  });

  it('takes sort attributes left to right without gaps', () => {
    refuses(() => fromExpression(MULTI, 'a = :s AND b = :n AND d = :n'), MISSED);
    refuses(() => fromExpression(MULTI, 'a = :s AND b = :n AND e = :s'), MISSED);
    refuses(() => fromExpression(MULTI, 'a = :s AND b = :n AND c = :s AND e = :t'), MISSED);
  });

  it('needs = on every sort attribute used but the last, which takes any sort condition', () => {
    refuses(() => fromExpression(MULTI, 'a = :s AND b = :n AND c > :s AND d = :n'), NOT_SUPPORTED);
    refuses(() => fromExpression(MULTI, 'a = :s AND b = :n AND begins_with(c, :s) AND d = :n'), NOT_SUPPORTED);
    refuses(() => fromExpression(MULTI, 'a = :s AND b = :n AND c = :n AND d = :n'), TYPE_MISMATCH);
    refuses(() => fromExpression(MULTI, 'a = :s AND b = :n AND c = :s AND d = :s'), TYPE_MISMATCH);
    refuses(
      () => fromExpression(MULTI, 'a = :s AND b = :n AND c = :s AND begins_with(d, :n)'),
      'Invalid KeyConditionExpression: Incorrect operand type for operator or function; operator or function: begins_with, operand type: N',
    );
    assert.deepEqual(fromExpression(MULTI, 'a = :s AND b = :n AND c = :s AND d BETWEEN :n AND :m'), {
      partition: [
        { type: 'S', value: 'x' },
        { type: 'N', value: '1' },
      ],
      sortEquals: [{ type: 'S', value: 'x' }],
      sort: { kind: 'between', lower: { N: '1' }, upper: { N: '5' } },
    });
    assert.deepEqual(fromExpression(MULTI, 'a = :s AND b = :n AND c = :s AND d = :m AND begins_with(e, :t)'), {
      partition: [
        { type: 'S', value: 'x' },
        { type: 'N', value: '1' },
      ],
      sortEquals: [
        { type: 'S', value: 'x' },
        { type: 'N', value: '5' },
      ],
      sort: { kind: 'beginsWith', prefix: { S: 'y' } },
    });
  });
});

describe('key conditions from the legacy KeyConditions', () => {
  it('builds the same key condition as the expression', () => {
    assert.deepEqual(
      fromLegacy(NUMBERED, { pk: eq('EQ', { S: 'x' }), sk: eq('BETWEEN', { N: '1' }, { N: '5' }) }),
      fromExpression(NUMBERED, 'pk = :s AND sk BETWEEN :n AND :m'),
    );
    for (const [operator, symbol] of [
      ['LT', '<'],
      ['LE', '<='],
      ['GT', '>'],
      ['GE', '>='],
      ['EQ', '='],
    ] as const) {
      assert.deepEqual(
        fromLegacy(NUMBERED, { pk: eq('EQ', { S: 'x' }), sk: eq(operator, { N: '1' }) }),
        fromExpression(NUMBERED, `pk = :s AND sk ${symbol} :n`),
      );
    }
    assert.deepEqual(
      fromLegacy(NAMED, { pk: eq('EQ', { S: 'x' }), sk: eq('BEGINS_WITH', { S: 'y' }) }),
      fromExpression(NAMED, 'pk = :s AND begins_with(sk, :t)'),
    );
  });

  it('checks each entry as a legacy condition first', () => {
    refuses(
      () => fromLegacy(NUMBERED, { pk: eq('EQ') }),
      'One or more parameter values were invalid: Invalid number of argument(s) for the EQ ComparisonOperator',
    );
    refuses(() => fromLegacy(NUMBERED, { pk: eq('FOO', { S: 'x' }) }), 'One or more parameter values were invalid: Unsupported ComparisonOperator: FOO');
    refuses(
      () => fromLegacy(NUMBERED, { pk: eq('EQ', { S: 'x' }), sk: eq('BEGINS_WITH', { N: '1' }) }),
      'One or more parameter values were invalid: ComparisonOperator BEGINS_WITH is not valid for N AttributeValue type',
    );
    refuses(
      () => fromLegacy(NUMBERED, { pk: eq('EQ', { S: 'x' }), sk: eq('BETWEEN', { N: '5' }, { N: '1' }) }),
      'The BETWEEN condition was provided a range where the lower bound is greater than the upper bound',
    );
  });

  it('refuses operators that select no key range', () => {
    for (const [operator, values] of [
      ['NE', [{ N: '1' }]],
      ['IN', [{ N: '1' }]],
      ['CONTAINS', [{ N: '1' }]],
      ['NOT_CONTAINS', [{ N: '1' }]],
      ['NULL', []],
      ['NOT_NULL', []],
    ] as const) {
      refuses(
        () => fromLegacy(NUMBERED, { pk: eq('EQ', { S: 'x' }), sk: eq(operator, ...values) }),
        'Attempted conditional constraint is not an indexable operation',
      );
    }
  });

  it('checks the entries against the key schema', () => {
    refuses(() => fromLegacy(NUMBERED, { sk: eq('GT', { N: '1' }) }), `${MISSED}: pk`);
    refuses(() => fromLegacy(NUMBERED, { pk: eq('EQ', { S: 'x' }), v: eq('EQ', { S: 'x' }) }), MISSED);
    refuses(() => fromLegacy(NUMBERED, { pk: eq('GT', { S: 'x' }) }), NOT_SUPPORTED);
    refuses(() => fromLegacy(NUMBERED, { pk: eq('EQ', { N: '1' }) }), TYPE_MISMATCH);
    refuses(() => fromLegacy(MULTI, { a: eq('EQ', { S: 'x' }), b: eq('EQ', { N: '1' }), d: eq('EQ', { N: '1' }) }), MISSED);
    refuses(
      () => fromLegacy(NUMBERED, { pk: eq('EQ', { S: 'x' }), sk: eq('BEGINS_WITH', { S: '1' }) }),
      'Invalid KeyConditionExpression: Incorrect operand type for operator or function; operator or function: begins_with, operand type: N',
    );
  });
});

describe('keyConditionHolds', () => {
  const key = (pk: string, sk: string): Item => ({ pk: { S: pk }, sk: { N: sk } });

  it('holds for keys the condition selects, and only those', () => {
    const condition = fromExpression(NUMBERED, 'pk = :s AND sk BETWEEN :n AND :m');
    assert.equal(keyConditionHolds(NUMBERED, condition, key('x', '1')), true);
    assert.equal(keyConditionHolds(NUMBERED, condition, key('x', '5')), true);
    assert.equal(keyConditionHolds(NUMBERED, condition, key('x', '5.5')), false);
    assert.equal(keyConditionHolds(NUMBERED, condition, key('x', '0.99')), false);
    assert.equal(keyConditionHolds(NUMBERED, condition, key('y', '3')), false);
    const operators: Array<[string, string, boolean]> = [
      ['<', '0', true],
      ['<', '1', false],
      ['<=', '1', true],
      ['>', '1', false],
      ['>', '1.5', true],
      ['>=', '1', true],
      ['=', '1', true],
      ['=', '1.0', true],
      ['=', '2', false],
    ];
    for (const [operator, sk, holds] of operators) {
      assert.equal(keyConditionHolds(NUMBERED, fromExpression(NUMBERED, `pk = :s AND sk ${operator} :n`), key('x', sk)), holds, `${sk} ${operator} 1`);
    }
    const prefixed = fromExpression(NAMED, 'pk = :s AND begins_with(sk, :t)');
    assert.equal(keyConditionHolds(NAMED, prefixed, { pk: { S: 'x' }, sk: { S: 'yes' } }), true);
    assert.equal(keyConditionHolds(NAMED, prefixed, { pk: { S: 'x' }, sk: { S: 'xy' } }), false);
  });

  it('checks every partition attribute and each sort attribute matched with =', () => {
    const condition = fromExpression(MULTI, 'a = :s AND b = :n AND c = :s AND d > :n');
    const entry = (b: string, c: string, d: string): Item => ({ a: { S: 'x' }, b: { N: b }, c: { S: c }, d: { N: d }, e: { S: 'z' } });
    assert.equal(keyConditionHolds(MULTI, condition, entry('1', 'x', '2')), true);
    assert.equal(keyConditionHolds(MULTI, condition, entry('2', 'x', '2')), false);
    assert.equal(keyConditionHolds(MULTI, condition, entry('1', 'y', '2')), false);
    assert.equal(keyConditionHolds(MULTI, condition, entry('1', 'x', '1')), false);
  });
});
