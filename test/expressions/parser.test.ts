import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseCondition, parseProjection, parseUpdate } from '../../src/expressions/parser.js';
import { tokenize } from '../../src/expressions/lexer.js';

function syntaxError(parse: () => unknown): string {
  try {
    parse();
  } catch (error) {
    return (error as Error).message;
  }
  assert.fail('expected a syntax error');
}

const condition = (text: string): unknown => parseCondition(text, 'ConditionExpression');

describe('expression lexer', () => {
  it('separates names, placeholders, indexes, comparators and keywords in any case', () => {
    const tokens = tokenize('a.#b[10] <>:v and NOT Between').map((token) => `${token.kind}:${token.text}`);
    assert.deepEqual(tokens, [
      'identifier:a',
      'punct:.',
      'nameRef:#b',
      'punct:[',
      'integer:10',
      'punct:]',
      'punct:<>',
      'valueRef::v',
      'keyword:and',
      'keyword:NOT',
      'keyword:Between',
      'eof:<EOF>',
    ]);
  });

  it('lexes list indexes without leading zeros and unknown characters one at a time', () => {
    assert.deepEqual(
      tokenize('01').map((token) => token.text),
      ['0', '1', '<EOF>'],
    );
    assert.deepEqual(
      tokenize('_é').map((token) => token.kind),
      ['unknown', 'unknown', 'eof'],
    );
  });
});

describe('condition grammar', () => {
  it('parses comparisons, BETWEEN, IN and functions', () => {
    assert.deepEqual(condition('a = :v'), {
      kind: 'compare',
      operator: '=',
      left: { kind: 'path', elements: [{ kind: 'name', name: 'a' }], start: 0 },
      right: { kind: 'valueRef', ref: ':v' },
    });
    assert.equal((condition('a BETWEEN :x AND :y') as { kind: string }).kind, 'between');
    assert.equal((condition('a IN (:x, :y, b)') as { candidates: unknown[] }).candidates.length, 3);
    assert.equal((condition('begins_with(a, :p)') as { kind: string }).kind, 'call');
    assert.equal((condition('size(a) > :n') as { left: { kind: string } }).left.kind, 'function');
  });

  it('binds NOT tighter than AND, and AND tighter than OR', () => {
    const tree = condition('NOT a = :v AND b = :v OR c = :v') as { kind: string; left: { kind: string; left: { kind: string } } };
    assert.equal(tree.kind, 'or');
    assert.equal(tree.left.kind, 'and');
    assert.equal(tree.left.left.kind, 'not');
  });

  it('groups conditions and operands in parentheses', () => {
    assert.equal((condition('a = :v AND (b = :v OR c = :v)') as { right: { kind: string } }).right.kind, 'or');
    assert.equal((condition('(a) = :v') as { kind: string }).kind, 'compare');
    assert.equal((condition('(size(a)) < :v') as { kind: string }).kind, 'compare');
    assert.equal((condition('size((a)) < :v AND a IN ((:v), :v)') as { kind: string }).kind, 'and');
  });

  it('refuses a group holding only another group, once the outer one closes', () => {
    const redundant = 'Invalid ConditionExpression: The expression has redundant parentheses;';
    for (const text of ['((a = :v))', '((a)) = :v', 'a < ((:v))', 'NOT ((a = :v))', '((size(a))) < :v', 'a BETWEEN ((:v)) AND :v', '((a = :v)) AND b <']) {
      assert.equal(
        syntaxError(() => condition(text)),
        redundant,
        text,
      );
    }
    // A syntax error inside the outer group comes first.
    assert.match(
      syntaxError(() => condition('((a <))')),
      /Syntax error; token: "\)"/,
    );
  });

  it('parses nested document paths with names and indexes', () => {
    const tree = condition('a.#b[2][0].c = :v') as { left: { elements: unknown[] } };
    assert.deepEqual(tree.left.elements, [
      { kind: 'name', name: 'a' },
      { kind: 'nameRef', ref: '#b' },
      { kind: 'index', index: 2 },
      { kind: 'index', index: 0 },
      { kind: 'name', name: 'c' },
    ]);
  });

  it('reports the offending token and its neighbours, as DynamoDB does', () => {
    assert.equal(
      syntaxError(() => condition('a = :v AND')),
      'Invalid ConditionExpression: Syntax error; token: "<EOF>", near: "AND"',
    );
    assert.equal(
      syntaxError(() => condition('a IN ()')),
      'Invalid ConditionExpression: Syntax error; token: ")", near: "()"',
    );
    assert.equal(
      syntaxError(() => condition('a[-1] = :v')),
      'Invalid ConditionExpression: Syntax error; token: "-", near: "[-1"',
    );
    assert.equal(
      syntaxError(() => condition('a = :v OR (b = :w AND c)')),
      'Invalid ConditionExpression: Syntax error; token: ")", near: "c)"',
    );
    assert.equal(
      syntaxError(() => condition('NOT a')),
      'Invalid ConditionExpression: Syntax error; token: "<EOF>", near: "a"',
    );
    assert.equal(
      syntaxError(() => condition('a == :v')),
      'Invalid ConditionExpression: Syntax error; token: "=", near: "== :v"',
    );
    assert.equal(
      syntaxError(() => condition('attribute_exists(add)')),
      'Invalid ConditionExpression: Syntax error; token: "add", near: "(add)"',
    );
    assert.equal(
      syntaxError(() => condition('')),
      'Invalid ConditionExpression: The expression can not be empty;',
    );
    assert.equal(
      syntaxError(() => condition('  ')),
      'Invalid ConditionExpression: Syntax error; token: "<EOF>", near: "  "',
    );
  });
});

describe('projection grammar', () => {
  it('parses a comma-separated list of paths', () => {
    assert.equal(parseProjection('a, b.c, d[1]').paths.length, 3);
  });

  it('rejects keywords and stray commas', () => {
    assert.equal(
      syntaxError(() => parseProjection('a,, b')),
      'Invalid ProjectionExpression: Syntax error; token: ",", near: ",, b"',
    );
    assert.equal(
      syntaxError(() => parseProjection('a.set')),
      'Invalid ProjectionExpression: Syntax error; token: "set", near: ".set"',
    );
    assert.equal(
      syntaxError(() => parseProjection('l[01]')),
      'Invalid ProjectionExpression: Syntax error; token: "1", near: "01]"',
    );
  });
});

describe('update grammar', () => {
  it('parses every clause, in any order, with several actions each', () => {
    const update = parseUpdate('REMOVE x, y[1] ADD n :one DELETE s :set SET a = :v, b = b + :one, c = list_append(c, :l), d = if_not_exists(d, :z)');
    assert.equal(update.set.length, 4);
    assert.equal(update.remove.length, 2);
    assert.equal(update.add.length, 1);
    assert.equal(update.delete.length, 1);
    assert.equal(update.set[1]!.value.kind, 'arithmetic');
  });

  it('reads a SET value in parentheses, a sum included, but adds nothing to a sum in parentheses', () => {
    assert.equal(parseUpdate('SET a = (:x + :y)').set[0]!.value.kind, 'arithmetic');
    assert.equal(parseUpdate('SET a = (if_not_exists(b, :x)) + :y').set[0]!.value.kind, 'arithmetic');
    assert.equal(
      syntaxError(() => parseUpdate('SET a = (:x + :y) + :z')),
      'Invalid UpdateExpression: Syntax error; token: "+", near: ") + :z"',
    );
    assert.match(
      syntaxError(() => parseUpdate('SET a = :x + (:y + :z)')),
      /Syntax error; token: "\+", near: ":y \+ :z"/,
    );
    assert.equal(
      syntaxError(() => parseUpdate('SET a = ((b))')),
      'Invalid UpdateExpression: The expression has redundant parentheses;',
    );
    assert.equal(
      syntaxError(() => parseUpdate('SET a = ((:x + :y))')),
      'Invalid UpdateExpression: The expression has redundant parentheses;',
    );
  });

  it('allows each clause once and requires values where the grammar does', () => {
    assert.equal(
      syntaxError(() => parseUpdate('SET a = :v SET b = :v')),
      'Invalid UpdateExpression: The "SET" section can only be used once in an update expression;',
    );
    assert.match(
      syntaxError(() => parseUpdate('SET a = :v,')),
      /Syntax error; token: "<EOF>"/,
    );
    assert.match(
      syntaxError(() => parseUpdate('ADD a')),
      /Syntax error; token: "<EOF>"/,
    );
    assert.match(
      syntaxError(() => parseUpdate('SET a = :x + :y + :z')),
      /Syntax error; token: "\+"/,
    );
    assert.match(
      syntaxError(() => parseUpdate('REMOVE')),
      /Syntax error; token: "<EOF>"/,
    );
  });
});
