import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AttributeValue } from '../../src/model/attribute-value.js';
import type { Update } from '../../src/expressions/resolved.js';
import { parseStatement } from '../../src/partiql/parser.js';
import { StatementTranslator } from '../../src/partiql/translate.js';
import { N, refuses, S, selectOf, whereCondition } from './partiql-fixture.js';

/**
 * PartiQL's WHERE, SET/REMOVE and projections, translated into resolved conditions,
 * updates and projections through the expression resolver.
 */

function updateOf(text: string, parameters: readonly AttributeValue[] = []): Update {
  const { statement } = parseStatement(text);
  assert.ok(statement.kind === 'update');
  return new StatementTranslator(text, parameters).update(statement.actions);
}

const path = (...elements: (string | number)[]): { kind: 'path'; path: (string | number)[] } => ({ kind: 'path', path: elements });
const literal = (value: AttributeValue): { kind: 'literal'; value: AttributeValue } => ({ kind: 'literal', value });

describe('PartiQL conditions', () => {
  it('translates comparisons with paths and values, in either order', () => {
    assert.deepEqual(whereCondition("a = 'x'"), { kind: 'compare', operator: '=', left: path('a'), right: literal(S('x')) });
    assert.deepEqual(whereCondition('1 < b.c[2]'), { kind: 'compare', operator: '<', left: literal(N(1)), right: path('b', 'c', 2) });
    assert.deepEqual(whereCondition('a <> b'), { kind: 'compare', operator: '<>', left: path('a'), right: path('b') });
  });

  it('binds parameters by their place', () => {
    assert.deepEqual(whereCondition('a = ? AND b = ?', [S('p'), N(2)]), {
      kind: 'and',
      left: { kind: 'compare', operator: '=', left: path('a'), right: literal(S('p')) },
      right: { kind: 'compare', operator: '=', left: path('b'), right: literal(N(2)) },
    });
  });

  it('translates names that are reserved words, written quoted, as the names they are', () => {
    assert.deepEqual(whereCondition('"size" = 1 OR "a.b" = 2'), {
      kind: 'or',
      left: { kind: 'compare', operator: '=', left: path('size'), right: literal(N(1)) },
      right: { kind: 'compare', operator: '=', left: path('a.b'), right: literal(N(2)) },
    });
  });

  it('translates NOT, BETWEEN, IN over a list or a bag, and functions', () => {
    assert.deepEqual(whereCondition('NOT a BETWEEN 1 AND 5'), {
      kind: 'not',
      operand: { kind: 'between', operand: path('a'), lower: literal(N(1)), upper: literal(N(5)) },
    });
    assert.deepEqual(whereCondition("a IN ['x', ?]", [S('y')]), { kind: 'in', operand: path('a'), candidates: [literal(S('x')), literal(S('y'))] });
    assert.deepEqual(whereCondition('a IN <<1, 2>>'), { kind: 'in', operand: path('a'), candidates: [literal(N(1)), literal(N(2))] });
    assert.deepEqual(whereCondition("begins_with(a, 'p')"), { kind: 'beginsWith', operand: path('a'), prefix: literal(S('p')) });
    assert.deepEqual(whereCondition('size(a) > 2'), { kind: 'compare', operator: '>', left: { kind: 'size', operand: path('a') }, right: literal(N(2)) });
    assert.deepEqual(whereCondition('attribute_exists(a)'), { kind: 'exists', path: ['a'], exists: true });
  });

  it('translates IS MISSING to attribute existence and IS NULL to the NULL type', () => {
    assert.deepEqual(whereCondition('a IS MISSING'), { kind: 'exists', path: ['a'], exists: false });
    assert.deepEqual(whereCondition('a IS NOT MISSING'), { kind: 'exists', path: ['a'], exists: true });
    assert.deepEqual(whereCondition('a IS NULL'), { kind: 'attributeType', operand: path('a'), type: 'NULL' });
    assert.deepEqual(whereCondition('a IS NOT NULL'), { kind: 'not', operand: { kind: 'attributeType', operand: path('a'), type: 'NULL' } });
  });

  it('refuses IS on anything but a path, at the operand', () => {
    refuses(() => whereCondition('1 IS NULL'), 'IS NULL requires an attribute path at 1:25:1');
    refuses(() => whereCondition("'x' IS MISSING"), 'IS MISSING requires an attribute path at 1:25:3');
  });

  const IN_SHAPE = 'IN operator must have a left hand argument of type Variable Reference and right hand argument of type Seq with at least one member';

  it('refuses IN without a path on its left or a non-empty list or bag on its right', () => {
    refuses(() => whereCondition('a IN []'), IN_SHAPE);
    refuses(() => whereCondition('1 IN [1]'), IN_SHAPE);
    refuses(() => whereCondition('a IN ?', [{ L: [S('x')] }]), IN_SHAPE);
    refuses(() => whereCondition("a IN 'x'"), IN_SHAPE);
  });

  it('refuses a function that is no condition, and an operand that is no condition, where they stand', () => {
    refuses(() => whereCondition('foo(a)'), 'Unrecognized function: foo');
    refuses(() => whereCondition('size(a)'), 'Unrecognized function: size');
    refuses(() => whereCondition('a'), 'Unsupported condition at 1:25:1');
    refuses(() => whereCondition('TRUE'), 'Unsupported condition at 1:25:4');
  });

  it('refuses MISSING and a nested condition as operands', () => {
    refuses(() => whereCondition('a = MISSING'), 'MISSING must be compared using IS operator');
    refuses(() => whereCondition('a = (b = 1)'), 'Unsupported expression at 1:30:5');
  });

  it("gives the resolver's messages without their expression kind", () => {
    refuses(
      () => whereCondition('contains(a)'),
      'Incorrect number of operands for operator or function; operator or function: contains, number of operands: 1',
    );
    refuses(() => whereCondition('begins_with(a, 1)'), 'Incorrect operand type for operator or function; operator or function: begins_with, operand type: N');
  });
});

describe('PartiQL updates', () => {
  it('translates SET and REMOVE, with arithmetic and functions', () => {
    assert.deepEqual(updateOf("UPDATE t SET a = 1, b.c = a + ? REMOVE d[0] SET e = list_append(e, [1]) WHERE pk = 'k'", [N(3)]), {
      set: [
        { path: ['a'], value: literal(N(1)) },
        { path: ['b', 'c'], value: { kind: 'arithmetic', operator: '+', left: path('a'), right: literal(N(3)) } },
        { path: ['e'], value: { kind: 'listAppend', left: path('e'), right: literal({ L: [N(1)] }) } },
      ],
      remove: [['d', 0]],
      add: [],
      delete: [],
    });
  });

  it('translates set_add and set_delete on the path assigned into ADD and DELETE', () => {
    assert.deepEqual(updateOf("UPDATE t SET s = set_add(s, <<'x'>>) SET n = SET_DELETE(n, <<1, 2>>)"), {
      set: [],
      remove: [],
      add: [{ path: ['s'], value: { SS: ['x'] } }],
      delete: [{ path: ['n'], value: { NS: ['1', '2'] } }],
    });
  });

  it('refuses set_add and set_delete with the wrong arguments', () => {
    refuses(() => updateOf("UPDATE t SET s = set_add(s, <<'x'>>, <<'y'>>)"), 'SET_ADD must have exactly two arguments at 1:18:7');
    refuses(() => updateOf("UPDATE t SET s = set_delete(other, <<'x'>>)"), 'The first argument to SET_DELETE must equal the assignment value');
    refuses(() => updateOf("UPDATE t SET s = set_add('s', <<'x'>>)"), 'The first argument to SET_ADD must equal the assignment value');
    refuses(() => updateOf('UPDATE t SET s = set_add(s, other)'), 'The second argument to SET_ADD must be a value at 1:29:5');
  });

  it('refuses what the update resolver refuses, in its words without the expression kind', () => {
    refuses(
      () => updateOf('UPDATE t SET a = 1 SET a = 2'),
      'Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [a], path two: [a]',
    );
  });

  it('refuses a condition or MISSING as a value to SET', () => {
    refuses(() => updateOf('UPDATE t SET a = b = 1'), 'Unsupported expression at 1:18:5');
    refuses(() => updateOf('UPDATE t SET a = MISSING'), 'Unsupported data type: MISSING under key root at 1:18:7');
  });
});

describe('PartiQL projections', () => {
  it('translates projected paths, quoted names included', () => {
    const text = 'SELECT a, b.c[1], "size" FROM t';
    assert.deepEqual(new StatementTranslator(text, []).projection(selectOf(text).projection!), [['a'], ['b', 'c', 1], ['size']]);
  });

  it('gives one name the same placeholder throughout a statement', () => {
    const text = 'UPDATE t SET a = a + 1 WHERE a > 0';
    const { statement } = parseStatement(text);
    assert.ok(statement.kind === 'update');
    const translator = new StatementTranslator(text, []);
    assert.deepEqual(translator.update(statement.actions).set, [
      { path: ['a'], value: { kind: 'arithmetic', operator: '+', left: path('a'), right: literal(N(1)) } },
    ]);
    assert.deepEqual(translator.condition(statement.where!), { kind: 'compare', operator: '>', left: path('a'), right: literal(N(0)) });
  });
});
