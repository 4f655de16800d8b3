import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AttributeValue } from '../../src/model/attribute-value.js';
import type { ExpressionNode } from '../../src/partiql/ast.js';
import { parseStatement } from '../../src/partiql/parser.js';
import { StatementValues } from '../../src/partiql/values.js';
import { refuses } from './partiql-fixture.js';

/**
 * PartiQL literals as AttributeValues. Each value is written as an INSERT's item,
 * `INSERT INTO t VALUE <value>`, which puts it at column 21 of the statement.
 */

const PREFIX = 'INSERT INTO t VALUE ';

function itemNode(text: string): ExpressionNode {
  const { statement } = parseStatement(text);
  assert.ok(statement.kind === 'insert');
  return statement.item;
}

function valueOf(value: string, parameters: readonly AttributeValue[] = []): AttributeValue {
  const text = PREFIX + value;
  return new StatementValues(text, parameters).valueOf(itemNode(text));
}

describe('PartiQL scalar values', () => {
  it('makes a string S, keeping an empty string and undoing doubled quotes', () => {
    assert.deepEqual(valueOf("'abc'"), { S: 'abc' });
    assert.deepEqual(valueOf("''"), { S: '' });
    assert.deepEqual(valueOf("'it''s'"), { S: "it's" });
  });

  it('makes a number N in canonical form, negative numbers and exponents included', () => {
    assert.deepEqual(valueOf('42'), { N: '42' });
    assert.deepEqual(valueOf('1.50'), { N: '1.5' });
    assert.deepEqual(valueOf('-0.50'), { N: '-0.5' });
    assert.deepEqual(valueOf('.5'), { N: '0.5' });
    assert.deepEqual(valueOf('1e3'), { N: '1000' });
  });

  it('refuses numbers DynamoDB cannot store, in its words', () => {
    refuses(() => valueOf('123456789012345678901234567890123456789'), 'DynamoDB only supports precision up to 38 digits');
    refuses(() => valueOf('1e400'), 'Number overflow. Attempting to store a number with magnitude larger than supported range');
  });

  it('makes TRUE and FALSE BOOL, and NULL NULL, in any letter case', () => {
    assert.deepEqual(valueOf('TRUE'), { BOOL: true });
    assert.deepEqual(valueOf('false'), { BOOL: false });
    assert.deepEqual(valueOf('Null'), { NULL: true });
  });

  it('makes a parameter whatever value it holds, standing for a whole value only', () => {
    assert.deepEqual(valueOf('?', [{ B: 'AQ==' }]), { B: 'AQ==' });
    refuses(() => valueOf('[?, ?]', [{ S: 'first' }, { N: '2' }]), 'Unsupported data type: Parameter under key root.0 at 1:22:1');
  });

  it('refuses MISSING, a path and an expression as values, naming them where they stand', () => {
    refuses(() => valueOf('MISSING'), 'Unsupported data type: MISSING under key root at 1:21:7');
    refuses(() => valueOf('attr'), 'Unsupported data type: attr under key root at 1:21:4');
    refuses(() => valueOf('[1, a.b]'), 'Unsupported data type: a.b under key root at 1:25:3');
    refuses(() => valueOf('1 + 2'), 'Unsupported data type: 1 + 2 under key root at 1:21:5');
  });

  it('tells values from other nodes', () => {
    const isValue = (value: string): boolean => StatementValues.isValue(itemNode(PREFIX + value));
    for (const value of ["'s'", '1', 'TRUE', 'NULL', '?', '[]', '<<1>>', '{}']) assert.equal(isValue(value), true, value);
    for (const value of ['MISSING', 'a', 'f(1)', '1 + 1', 'a = 1']) assert.equal(isValue(value), false, value);
  });
});

describe('PartiQL lists and tuples', () => {
  it('makes a list L of any values, empty or nested', () => {
    assert.deepEqual(valueOf('[]'), { L: [] });
    assert.deepEqual(valueOf("[1, 'x', TRUE, NULL, [2], {'k': 3}]"), {
      L: [{ N: '1' }, { S: 'x' }, { BOOL: true }, { NULL: true }, { L: [{ N: '2' }] }, { M: { k: { N: '3' } } }],
    });
  });

  it('makes a tuple M, empty or nested, with a parameter as a key when it holds a string', () => {
    assert.deepEqual(valueOf('{}'), { M: {} });
    assert.deepEqual(valueOf("{'a': 1, 'b': {'c': <<'x'>>}}"), { M: { a: { N: '1' }, b: { M: { c: { SS: ['x'] } } } } });
    assert.deepEqual(valueOf('{?: 5}', [{ S: 'k' }]), { M: { k: { N: '5' } } });
    refuses(() => valueOf('{?: ?}', [{ S: 'k' }, { N: '5' }]), 'Unsupported data type: Parameter under key root.k at 1:25:1');
  });

  it("takes a parameter as an INSERT item's attribute, each attribute a root of its own", () => {
    const text = `${PREFIX}{?: ?, 'l': [1, {'b': ?}]}`;
    const values = new StatementValues(text, [{ S: 'k' }, { N: '5' }, { S: 'x' }]);
    refuses(() => values.itemOf(itemNode(text)), 'Unsupported data type: Parameter under key root.1.b at 1:43:1');
    const flat = `${PREFIX}{?: ?}`;
    assert.deepEqual(new StatementValues(flat, [{ S: 'k' }, { N: '5' }]).itemOf(itemNode(flat)), { M: { k: { N: '5' } } });
  });

  it('refuses a tuple key that is not a string, naming its PartiQL type', () => {
    const cases: readonly (readonly [string, string])[] = [
      ['{1: 2}', 'INT at 1:22:1'],
      ['{1.5: 2}', 'DECIMAL at 1:22:3'],
      ['{TRUE: 2}', 'BOOL at 1:22:4'],
      ['{NULL: 2}', 'NULL at 1:22:4'],
      ['{[1]: 2}', 'LIST at 1:22:1'],
      ["{{'a': 1}: 2}", 'STRUCT at 1:22:1'],
      ['{<<1>>: 2}', 'BAG at 1:22:2'],
    ];
    for (const [tuple, described] of cases) {
      refuses(() => valueOf(tuple), `Tuple keys must be of type String. Actual type: ${described.replace(' at', ' under root at')}`);
    }
    refuses(() => valueOf('{?: 2}', [{ N: '1' }]), 'Tuple keys must be of type String. Actual type: DECIMAL under root at 1:22:1');
  });

  it('refuses a tuple key that is not a value, naming it as written', () => {
    refuses(() => valueOf('{a: 2}'), 'Tuple keys must be of type String. Actual type: VariableReference under root at 1:22:1');
    refuses(() => valueOf('{MISSING: 2}'), 'Tuple keys must be of type String. Actual type: MISSING under root at 1:22:7');
  });

  it('refuses a key given twice in one tuple, at the repeated key', () => {
    refuses(() => valueOf("{'a': 1, 'a': 2}"), 'Duplicate keys in tuple. Key: a under root at 1:30:3');
    refuses(() => valueOf("{'x': {'a': 1, ?: 2}}", [{ S: 'a' }]), 'Duplicate keys in tuple. Key: a under root at 1:36:1');
  });

  it('takes keys that only differ in case, and keys named like inherited Object members', () => {
    assert.deepEqual(valueOf("{'a': 1, 'A': 2}"), { M: { a: { N: '1' }, A: { N: '2' } } });
    const inherited = valueOf("{'constructor': 1, 'toString': 2, 'hasOwnProperty': 3}");
    assert.ok('M' in inherited);
    assert.deepEqual(Object.keys(inherited.M), ['constructor', 'toString', 'hasOwnProperty']);
  });

  it("keeps a tuple key named '__proto__' as an own member", () => {
    const value = valueOf("{'pk': 'a', '__proto__': {'x': 1}}");
    assert.ok('M' in value);
    assert.deepEqual(Object.keys(value.M), ['pk', '__proto__']);
    assert.equal(Object.getPrototypeOf(value.M), Object.prototype);
  });

  it("refuses a tuple key '__proto__' given twice", () =>
    refuses(() => valueOf("{'__proto__': 1, '__proto__': 2}"), 'Duplicate keys in tuple. Key: __proto__ under root at 1:38:11'));

  it('refuses MISSING as a tuple member value', () => {
    refuses(() => valueOf("{'a': MISSING}"), 'Unsupported data type: MISSING under key root at 1:27:7');
  });
});

describe('PartiQL bags', () => {
  it('makes a bag of strings SS and a bag of numbers NS', () => {
    assert.deepEqual(valueOf("<<'b', 'a'>>"), { SS: ['b', 'a'] });
    assert.deepEqual(valueOf('<<3, 1, -2.50>>'), { NS: ['3', '1', '-2.5'] });
  });

  it('makes a bag of parameters the set of their type, binaries BS', () => {
    assert.deepEqual(valueOf('<<?, ?>>', [{ B: 'AQ==' }, { B: 'Ag==' }]), { BS: ['AQ==', 'Ag=='] });
    assert.deepEqual(valueOf("<<?, 'y'>>", [{ S: 'x' }]), { SS: ['x', 'y'] });
  });

  it('refuses an empty bag at its place', () => {
    refuses(() => valueOf('<<>>'), 'Empty bags are not supported at 1:21:2');
    refuses(() => valueOf("{'k': <<>>}"), 'Empty bags are not supported at 1:27:2');
  });

  const MIXED = 'Unsupported data type in Bag. DynamoDB only supports either numbers or strings in bags';

  it('refuses a bag mixing types at the first element not of the first one', () => {
    refuses(() => valueOf("<<'a', 1>>"), `${MIXED} at 1:28:1`);
    refuses(() => valueOf("<<1, 2, 'c'>>"), `${MIXED} at 1:29:3`);
    refuses(() => valueOf('<<?, 1>>', [{ S: 'x' }]), `${MIXED} at 1:26:1`);
    refuses(() => valueOf('<<?, ?>>', [{ B: 'AQ==' }, { S: 'x' }]), `${MIXED} at 1:26:1`);
  });

  it('refuses a bag of anything but strings, numbers and binaries at its first element', () => {
    refuses(() => valueOf('<<TRUE>>'), `${MIXED} at 1:23:4`);
    refuses(() => valueOf('<<[1], [2]>>'), `${MIXED} at 1:23:1`);
    refuses(() => valueOf('<<NULL>>'), `${MIXED} at 1:23:4`);
    refuses(() => valueOf('<<a>>'), `${MIXED} at 1:23:1`);
    refuses(() => valueOf('<<?>>', [{ SS: ['x'] }]), `${MIXED} at 1:23:1`);
  });

  it('refuses duplicate members, numbers equal in value included', () => {
    refuses(() => valueOf("<<'a', 'a'>>"), 'Input collection contains duplicates');
    refuses(() => valueOf('<<1, 1>>'), 'Input collection contains duplicates');
    refuses(() => valueOf('<<1, 1.0>>'), 'Input collection contains duplicates');
    refuses(() => valueOf("<<?, 'a'>>", [{ S: 'a' }]), 'Input collection contains duplicates');
  });
});
