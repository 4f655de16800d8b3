import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ExpressionNode, PathNode, SelectStatement } from '../../src/partiql/ast.js';
import { malformed, parseStatement } from '../../src/partiql/parser.js';
import { messageOf, refuses, selectOf } from './partiql-fixture.js';

/**
 * The PartiQL parser: every statement form, operator precedence, names bare and
 * quoted, and DynamoDB's message for each construct it reads but does not run.
 */

function pathText(path: PathNode): string {
  return path.steps.map((step, at) => (step.kind === 'index' ? `[${step.index}]` : at === 0 ? step.name : `.${step.name}`)).join('');
}

/** An expression tree as a compact prefix form, e.g. (or (= a 1) (not (= b 2))). */
function shape(node: ExpressionNode): string {
  switch (node.kind) {
    case 'path':
      return pathText(node);
    case 'literal': {
      const { literal } = node;
      switch (literal.type) {
        case 'string':
          return `'${literal.value}'`;
        case 'number':
          return literal.text;
        case 'boolean':
          return String(literal.value).toUpperCase();
        case 'null':
          return 'NULL';
        case 'missing':
          return 'MISSING';
      }
      break;
    }
    case 'parameter':
      return `?${node.index}`;
    case 'list':
      return `[${node.elements.map(shape).join(' ')}]`;
    case 'bag':
      return `<<${node.elements.map(shape).join(' ')}>>`;
    case 'tuple':
      return `{${node.entries.map((entry) => `${shape(entry.key)}:${shape(entry.value)}`).join(' ')}}`;
    case 'call':
      return `(${node.name}() ${node.args.map(shape).join(' ')})`;
    case 'arithmetic':
    case 'compare':
      return `(${node.operator} ${shape(node.left)} ${shape(node.right)})`;
    case 'between':
      return `(between ${shape(node.operand)} ${shape(node.lower)} ${shape(node.upper)})`;
    case 'in':
      return `(in ${shape(node.operand)} ${shape(node.candidates)})`;
    case 'is':
      return `(is${node.negated ? '-not' : ''} ${shape(node.operand)} ${node.test})`;
    case 'and':
    case 'or':
      return `(${node.kind} ${shape(node.left)} ${shape(node.right)})`;
    case 'not':
      return `(not ${shape(node.operand)})`;
  }
  return assert.fail('unreachable');
}

function where(condition: string): string {
  const node = selectOf(`SELECT * FROM t WHERE ${condition}`).where;
  assert.ok(node !== undefined);
  return shape(node);
}

const MALFORMED = "Statement wasn't well formed, can't be processed: ";

describe('PartiQL SELECT', () => {
  it('reads SELECT * from a table with no WHERE and no ORDER BY', () => {
    assert.deepEqual(parseStatement('SELECT * FROM tbl'), {
      statement: { kind: 'select', tableName: 'tbl', orderBy: [] },
      parameterCount: 0,
    });
  });

  it('reads keywords in any letter case and a trailing semicolon', () => {
    assert.deepEqual(parseStatement('select * FrOm tbl wHeRe a = 1;').statement, parseStatement('SELECT * FROM tbl WHERE a = 1').statement);
  });

  it('reads projected paths with their spans, map keys and list indexes', () => {
    const select = selectOf(`SELECT a, b.c, d[2]['e f']."g" FROM tbl`);
    assert.deepEqual(
      select.projection?.map((path) => path.steps),
      [
        [{ kind: 'name', name: 'a' }],
        [
          { kind: 'name', name: 'b' },
          { kind: 'name', name: 'c' },
        ],
        [
          { kind: 'name', name: 'd' },
          { kind: 'index', index: 2 },
          { kind: 'name', name: 'e f' },
          { kind: 'name', name: 'g' },
        ],
      ],
    );
    assert.deepEqual(
      select.projection?.map((path) => path.span),
      [
        { start: 7, end: 8 },
        { start: 10, end: 13 },
        { start: 15, end: 30 },
      ],
    );
  });

  it('reads an index after the table name, either name bare or quoted', () => {
    assert.deepEqual(selectOf('SELECT * FROM tbl.idx'), { kind: 'select', tableName: 'tbl', indexName: 'idx', orderBy: [] });
    assert.deepEqual(selectOf('SELECT * FROM "my-table"."my index"'), {
      kind: 'select',
      tableName: 'my-table',
      indexName: 'my index',
      orderBy: [],
    });
  });

  it('reads ORDER BY paths, each ascending unless DESC', () => {
    const select = selectOf('SELECT * FROM t WHERE pk = 1 ORDER BY sk DESC, pk ASC, other');
    assert.deepEqual(
      select.orderBy.map((item) => [pathText(item.path), item.descending]),
      [
        ['sk', true],
        ['pk', false],
        ['other', false],
      ],
    );
    assert.deepEqual(
      selectOf('SELECT * FROM t ORDER BY pk').orderBy.map((item) => pathText(item.path)),
      ['pk'],
    );
  });

  it('wants BY after ORDER', () => {
    refuses(() => parseStatement('SELECT * FROM t ORDER pk'), `${MALFORMED}unexpected 'pk', expected BY at 1:23:2`);
  });

  it('counts the parameters of a statement and numbers them in order', () => {
    const parsed = parseStatement('SELECT * FROM t WHERE a = ? AND b IN [?, ?]');
    assert.equal(parsed.parameterCount, 3);
    assert.equal(shape((parsed.statement as SelectStatement).where!), '(and (= a ?0) (in b [?1 ?2]))');
  });
});

describe('PartiQL expressions and precedence', () => {
  it('binds AND tighter than OR', () => {
    assert.equal(where('a = 1 OR b = 2 AND c = 3'), '(or (= a 1) (and (= b 2) (= c 3)))');
    assert.equal(where('a = 1 AND b = 2 OR c = 3'), '(or (and (= a 1) (= b 2)) (= c 3))');
  });

  it('binds NOT tighter than AND, and NOT NOT nests', () => {
    assert.equal(where('NOT a = 1 AND b = 2'), '(and (not (= a 1)) (= b 2))');
    assert.equal(where('NOT NOT a = 1'), '(not (not (= a 1)))');
  });

  it('binds a comparison tighter than NOT and looser than + and -', () => {
    assert.equal(where('NOT a + 1 = b - 2'), '(not (= (+ a 1) (- b 2)))');
  });

  it('reads chains of OR, AND, + and - from the left', () => {
    assert.equal(where('a = 1 OR b = 2 OR c = 3'), '(or (or (= a 1) (= b 2)) (= c 3))');
    assert.equal(where('a = 1 AND b = 2 AND c = 3'), '(and (and (= a 1) (= b 2)) (= c 3))');
    assert.equal(where('a - 1 + b = 0'), '(= (+ (- a 1) b) 0)');
  });

  it('lets parentheses override precedence', () => {
    assert.equal(where('(a = 1 OR b = 2) AND c = 3'), '(and (or (= a 1) (= b 2)) (= c 3))');
    assert.equal(where('NOT (a = 1 AND b = 2)'), '(not (and (= a 1) (= b 2)))');
  });

  it('reads every comparator, != as <>', () => {
    assert.deepEqual(
      ['=', '<>', '!=', '<', '<=', '>', '>='].map((comparator) => where(`a ${comparator} 1`)),
      ['(= a 1)', '(<> a 1)', '(<> a 1)', '(< a 1)', '(<= a 1)', '(> a 1)', '(>= a 1)'],
    );
  });

  it('reads BETWEEN with its own AND before the AND of a conjunction', () => {
    assert.equal(where('a BETWEEN 1 AND 2 AND b = 3'), '(and (between a 1 2) (= b 3))');
    assert.equal(where('a NOT BETWEEN 1 + 1 AND 9'), '(not (between a (+ 1 1) 9))');
  });

  it('reads IN and NOT IN over lists, bags and parameters', () => {
    assert.equal(where("a IN ['x', 'y']"), "(in a ['x' 'y'])");
    assert.equal(where('a NOT IN <<1, 2>>'), '(not (in a <<1 2>>))');
    assert.equal(where('a IN ?'), '(in a ?0)');
  });

  it('reads IS [NOT] MISSING and IS [NOT] NULL', () => {
    assert.equal(where('a IS MISSING'), '(is a MISSING)');
    assert.equal(where('a IS NOT MISSING'), '(is-not a MISSING)');
    assert.equal(where('a is null'), '(is a NULL)');
    assert.equal(where('a IS NOT NULL'), '(is-not a NULL)');
    refuses(() => parseStatement('SELECT * FROM t WHERE a IS 5'), `${MALFORMED}unexpected '5', expected MISSING or NULL at 1:28:1`);
  });

  it('reads function calls with their names in lower case, including reserved words', () => {
    assert.equal(where("BEGINS_WITH(a, 'x')"), "(begins_with() a 'x')");
    assert.equal(where('size(a) > 2'), '(> (size() a) 2)');
    assert.equal(where('attribute_exists(a)'), '(attribute_exists() a)');
    assert.equal(where('f()'), '(f() )');
  });

  it('reads every literal: strings, numbers, negative numbers, booleans, NULL and MISSING in any case', () => {
    assert.equal(where("a = 'it''s'"), "(= a 'it's')");
    assert.equal(where('a = 1.5e3'), '(= a 1.5e3)');
    assert.equal(where('a = -5'), '(= a -5)');
    assert.equal(where('a = - 5'), '(= a -5)');
    assert.equal(where('a = true OR b = FALSE'), '(or (= a TRUE) (= b FALSE))');
    assert.equal(where('a = Null OR b = missing'), '(or (= a NULL) (= b MISSING))');
  });

  it('reads a minus between two operands as subtraction, not a negative number', () => {
    assert.equal(where('a = 1 -2'), '(= a (- 1 2))');
  });

  it('reads lists, bags and tuples, empty or nested', () => {
    assert.equal(where('a = []'), '(= a [])');
    assert.equal(where('a = <<>>'), '(= a <<>>)');
    assert.equal(where('a = {}'), '(= a {})');
    assert.equal(where("a = {'k': [1, {'n': <<'s'>>}], 'm': ?}"), "(= a {'k':[1 {'n':<<'s'>>}] 'm':?0})");
  });

  it('gives each node the span of its text', () => {
    const text = 'SELECT * FROM t WHERE a = 1 AND NOT b IN [2, 3]';
    const node = selectOf(text).where!;
    assert.equal(node.kind, 'and');
    const slice = (span: { start: number; end: number }): string => text.slice(span.start, span.end);
    assert.equal(slice(node.span), 'a = 1 AND NOT b IN [2, 3]');
    if (node.kind !== 'and') return;
    assert.equal(slice(node.left.span), 'a = 1');
    assert.equal(slice(node.right.span), 'NOT b IN [2, 3]');
    if (node.right.kind !== 'not' || node.right.operand.kind !== 'in') return assert.fail('expected NOT IN');
    // A collection's span is its opening token, where DynamoDB's messages point.
    assert.equal(slice(node.right.operand.candidates.span), '[');
    const negative = selectOf('SELECT * FROM t WHERE a = -  5').where!;
    assert.ok(negative.kind === 'compare');
    assert.deepEqual(negative.right.span, { start: 26, end: 30 });
  });

  it('reads a map key and a list index in a path, and refuses any other subscript', () => {
    assert.equal(where("a['k'][0].b = 1"), '(= a.k[0].b 1)');
    refuses(() => parseStatement('SELECT * FROM t WHERE a[1.5] = 1'), `${MALFORMED}unexpected '1.5', expected a list index or a quoted map key at 1:25:3`);
    refuses(() => parseStatement('SELECT * FROM t WHERE a[b] = 1'), `${MALFORMED}unexpected 'b', expected a list index or a quoted map key at 1:25:1`);
  });
});

describe('PartiQL names', () => {
  it('refuses a reserved word written bare as a table, attribute or path step', () => {
    refuses(() => parseStatement('SELECT * FROM table'), `${MALFORMED}unexpected 'table', expected a name at 1:15:5`);
    refuses(() => parseStatement('SELECT size FROM t'), `${MALFORMED}unexpected 'size', expected a name at 1:8:4`);
    refuses(() => parseStatement('SELECT * FROM t WHERE a.value = 1'), `${MALFORMED}unexpected 'value', expected a name at 1:25:5`);
  });

  it('accepts a reserved word as a name in double quotes, keeping its case', () => {
    assert.deepEqual(selectOf('SELECT "Size", "count".x FROM "Table" WHERE "value" = 1').projection?.map(pathText), ['Size', 'count.x']);
    assert.equal(selectOf('SELECT * FROM "Table"').tableName, 'Table');
    assert.equal(where('"value" = 1'), '(= value 1)');
  });

  it('keeps the case of a bare name', () => {
    assert.equal(selectOf('SELECT MyAttr FROM MyTable').tableName, 'MyTable');
    assert.equal(where('MyAttr = 1'), '(= MyAttr 1)');
  });
});

describe('PartiQL INSERT, UPDATE, DELETE and EXISTS', () => {
  it('reads INSERT INTO ... VALUE with its item', () => {
    const { statement, parameterCount } = parseStatement("INSERT INTO tbl VALUE {'pk': ?, 'n': 1}");
    assert.equal(parameterCount, 1);
    assert.equal(statement.kind, 'insert');
    if (statement.kind !== 'insert') return;
    assert.equal(statement.tableName, 'tbl');
    assert.equal(shape(statement.item), "{'pk':?0 'n':1}");
  });

  it('reads UPDATE with SET and REMOVE clauses in any order, WHERE and RETURNING', () => {
    const { statement } = parseStatement('UPDATE tbl SET a = 1 REMOVE b SET c = c + 1, d = ? REMOVE e.f WHERE pk = 2 RETURNING MODIFIED NEW *');
    assert.equal(statement.kind, 'update');
    if (statement.kind !== 'update') return;
    assert.deepEqual(
      statement.actions.map((action) => (action.kind === 'set' ? `set ${pathText(action.path)}=${shape(action.value)}` : `remove ${pathText(action.path)}`)),
      ['set a=1', 'remove b', 'set c=(+ c 1)', 'set d=?0', 'remove e.f'],
    );
    assert.equal(shape(statement.where!), '(= pk 2)');
    assert.equal(statement.returning, 'UPDATED_NEW');
  });

  it('reads an UPDATE without WHERE or RETURNING, leaving them absent', () => {
    assert.deepEqual(Object.keys(parseStatement('UPDATE tbl REMOVE a').statement).sort(), ['actions', 'kind', 'tableName']);
  });

  it('wants SET or REMOVE in an UPDATE', () => {
    refuses(() => parseStatement('UPDATE t WHERE a = 1'), `${MALFORMED}unexpected 'WHERE', expected SET or REMOVE at 1:10:5`);
  });

  it('reads DELETE FROM with WHERE and RETURNING', () => {
    assert.deepEqual(Object.keys(parseStatement('DELETE FROM tbl').statement).sort(), ['kind', 'tableName']);
    const { statement } = parseStatement('DELETE FROM tbl WHERE pk = 1 RETURNING ALL OLD *');
    assert.equal(statement.kind, 'delete');
    if (statement.kind !== 'delete') return;
    assert.equal(shape(statement.where!), '(= pk 1)');
    assert.equal(statement.returning, 'ALL_OLD');
  });

  it('reads the four RETURNING choices as ReturnValues names them', () => {
    const returning = (clause: string): string | undefined => {
      const { statement } = parseStatement(`UPDATE t SET a = 1 WHERE pk = 1 RETURNING ${clause}`);
      return statement.kind === 'update' ? statement.returning : undefined;
    };
    assert.equal(returning('ALL OLD *'), 'ALL_OLD');
    assert.equal(returning('all new *'), 'ALL_NEW');
    assert.equal(returning('MODIFIED OLD *'), 'UPDATED_OLD');
    assert.equal(returning('MODIFIED NEW *'), 'UPDATED_NEW');
  });

  it('refuses an incomplete RETURNING, saying what it expected', () => {
    refuses(() => parseStatement('DELETE FROM t RETURNING SOME OLD *'), `${MALFORMED}unexpected 'SOME', expected ALL or MODIFIED at 1:25:4`);
    refuses(() => parseStatement('DELETE FROM t RETURNING ALL'), `${MALFORMED}unexpected end of statement, expected OLD or NEW at 1:28:1`);
    refuses(() => parseStatement('DELETE FROM t RETURNING ALL OLD'), `${MALFORMED}unexpected end of statement, expected '*' at 1:32:1`);
  });

  it('reads EXISTS around a SELECT, with or without a space before the parenthesis', () => {
    const { statement } = parseStatement("EXISTS (SELECT * FROM tbl WHERE pk = 'a' AND n > 1)");
    assert.equal(statement.kind, 'exists');
    if (statement.kind !== 'exists') return;
    assert.equal(statement.select.tableName, 'tbl');
    assert.equal(shape(statement.select.where!), "(and (= pk 'a') (> n 1))");
    assert.equal(parseStatement('exists(SELECT * FROM tbl)').statement.kind, 'exists');
  });

  it('wants a SELECT and a closing parenthesis in EXISTS', () => {
    refuses(() => parseStatement('EXISTS (UPDATE t SET a = 1)'), `${MALFORMED}unexpected 'UPDATE', expected SELECT at 1:9:6`);
    refuses(() => parseStatement('EXISTS (SELECT * FROM t WHERE a = 1'), `${MALFORMED}unexpected end of statement, expected ')' at 1:36:1`);
  });
});

describe('PartiQL syntax errors', () => {
  it('names the unexpected token and its line:column:length', () => {
    refuses(() => parseStatement('SELECT * FROM t WHERE a = = 1'), `${MALFORMED}unexpected '=' at 1:27:1`);
    refuses(() => parseStatement('FOO'), `${MALFORMED}unexpected 'FOO' at 1:1:3`);
    refuses(() => parseStatement('SELECT * FROM t WHERE a = 1 @'), `${MALFORMED}unexpected '@' at 1:29:1`);
  });

  it('counts lines and columns in a statement over several lines', () => {
    refuses(() => parseStatement('SELECT *\n  FROM t\n  WHERE a = = 1'), `${MALFORMED}unexpected '=' at 3:13:1`);
    refuses(() => parseStatement('SELECT *\nFROM\n  select'), `${MALFORMED}unexpected 'select', expected a name at 3:3:6`);
  });

  it('places the end of the statement after its last character, a blank statement included', () => {
    refuses(() => parseStatement('SELECT * FROM'), `${MALFORMED}unexpected end of statement, expected a name at 1:14:1`);
    refuses(() => parseStatement(''), `${MALFORMED}unexpected end of statement at 1:1:1`);
    refuses(() => parseStatement('  '), `${MALFORMED}unexpected end of statement at 1:3:1`);
  });

  it('reports an unterminated string from its quote to the end of the statement', () => {
    refuses(() => parseStatement("SELECT * FROM t WHERE a = 'x y"), `${MALFORMED}unexpected ''x y' at 1:27:4`);
  });

  it('says what it expected in a list, a tuple and BETWEEN', () => {
    refuses(() => parseStatement('SELECT * FROM t WHERE a = [1, 2'), `${MALFORMED}unexpected end of statement, expected ']' at 1:32:1`);
    refuses(() => parseStatement('SELECT * FROM t WHERE a = {1 2}'), `${MALFORMED}unexpected '2', expected ':' at 1:30:1`);
    refuses(() => parseStatement('SELECT * FROM t WHERE a BETWEEN 1 2'), `${MALFORMED}unexpected '2', expected AND at 1:35:1`);
    refuses(() => parseStatement('INSERT t VALUE {}'), `${MALFORMED}unexpected 't', expected INTO at 1:8:1`);
  });

  it('builds its messages with malformed()', () => {
    const error = malformed('ab\ncd', { start: 3, end: 5 }, 'why');
    assert.equal(error.message, `${MALFORMED}why at 2:1:2`);
  });
});

describe('PartiQL constructs DynamoDB refuses by name', () => {
  const refusals: readonly (readonly [string, string])[] = [
    ['SELECT DISTINCT a FROM t', 'Unsupported token in expression: DISTINCT'],
    ['SELECT ALL a FROM t', 'Unsupported token in expression: ALL'],
    ['SELECT *, a FROM t', "Other attributes should not be present in the projection when '*' is used."],
    ['SELECT a, * FROM t', "Other attributes should not be present in the projection when '*' is used."],
    ['SELECT * FROM (SELECT * FROM t)', 'Unexpected from source'],
    ['SELECT * FROM t.i.j', 'A path may contain at most 2 components in the FROM clause'],
    ['SELECT * FROM t AS x', 'Aliasing is not supported'],
    ['SELECT * FROM t x', 'Aliasing is not supported'],
    ['SELECT * FROM t "x"', 'Aliasing is not supported'],
    ['SELECT * FROM t AT i', 'Aliasing is not supported'],
    ['SELECT a AS b FROM t', 'Aliasing is not supported'],
    ['SELECT * FROM t, u', 'Only select from a single table or index is supported.'],
    ['SELECT * FROM t JOIN u ON a = b', 'Only select from a single table or index is supported.'],
    ['SELECT * FROM t INNER JOIN u', 'Only select from a single table or index is supported.'],
    ['SELECT * FROM t LEFT JOIN u', 'Only select from a single table or index is supported.'],
    ['SELECT * FROM t RIGHT JOIN u', 'Only select from a single table or index is supported.'],
    ['SELECT * FROM t CROSS JOIN u', 'Only select from a single table or index is supported.'],
    ['SELECT * FROM t FULL OUTER JOIN u', 'Only select from a single table or index is supported.'],
    ['SELECT * FROM t OUTER JOIN u', 'Only select from a single table or index is supported.'],
    ['SELECT * FROM t WHERE a = 1 GROUP BY a', 'Unsupported clause: GROUP BY'],
    ['SELECT * FROM t GROUP BY a', 'Unsupported clause: GROUP BY'],
    // LIMIT and HAVING are refused where their argument stands, as DynamoDB refuses them.
    ['SELECT * FROM t HAVING a = 1', 'Unsupported clause: HAVING at 1:26:1'],
    ['SELECT * FROM t LIMIT 5', 'Unsupported clause: LIMIT at 1:23:1'],
    ['SELECT * FROM t WHERE a = 1 LIMIT 5', 'Unsupported clause: LIMIT at 1:35:1'],
    ['SELECT * FROM t WHERE a = 1 ORDER BY a LIMIT 5', 'Unsupported clause: LIMIT at 1:46:1'],
    // DynamoDB reads a set operation as it reads EXISTS, and refuses it in those words.
    ['SELECT * FROM t UNION SELECT * FROM u', 'EXISTS can only be used in ExecuteTransaction write requests.'],
    ['SELECT * FROM t INTERSECT SELECT * FROM u', 'EXISTS can only be used in ExecuteTransaction write requests.'],
    ['SELECT * FROM t EXCEPT SELECT * FROM u', 'EXISTS can only be used in ExecuteTransaction write requests.'],
    [
      'SELECT * FROM t WHERE a IN (SELECT b FROM u)',
      'IN operator must have a left hand argument of type Variable Reference and right hand argument of type Seq with at least one member',
    ],
    ["SELECT * FROM t WHERE a LIKE 'x%'", 'Unsupported operator in Condition Expression. Operator: like'],
    ["SELECT * FROM t WHERE a NOT LIKE 'x%'", 'Unsupported operator in Condition Expression. Operator: like'],
    ['INSERT INTO t VALUES (1, 2)', 'Unsupported operation: InsertOp'],
    ["INSERT INTO t <<{'pk': 1}>>", 'Unsupported operation: InsertOp'],
    ["INSERT INTO t VALUE {'pk': 1} RETURNING ALL NEW *", 'RETURNING is not supported in INSERT'],
    ['CREATE TABLE t (a INT)', 'Unsupported operation: CreateTable'],
    ['drop table t', 'Unsupported operation: DropTable'],
    ['Alter TABLE t', 'Unsupported operation: AlterTable'],
    ['SELECT * FROM t; SELECT * FROM u', 'Only one operation is allowed in a statement.'],
    ['SELECT * FROM t SELECT * FROM u', 'Only one operation is allowed in a statement.'],
    ['DELETE FROM t WHERE pk = 1 insert INTO t VALUE {}', 'Only one operation is allowed in a statement.'],
    ['UPDATE t SET a = 1 UPDATE t SET a = 2', 'Only one operation is allowed in a statement.'],
  ];
  for (const [statement, message] of refusals) {
    it(`refuses ${statement}`, () => refuses(() => parseStatement(statement), message));
  }

  it('finds OFFSET not well formed, after a WHERE or straight after the table name (not an alias)', () => {
    refuses(() => parseStatement('SELECT * FROM t WHERE a = 1 OFFSET 5'), "Statement wasn't well formed, can't be processed: unexpected 'OFFSET' at 1:29:6");
    refuses(() => parseStatement('SELECT * FROM t OFFSET 5'), "Statement wasn't well formed, can't be processed: unexpected 'OFFSET' at 1:17:6");
  });

  it('refuses a second statement after a semicolon rather than reading it', () => {
    assert.equal(
      messageOf(() => parseStatement('SELECT * FROM t; x')),
      `${MALFORMED}unexpected 'x' at 1:18:1`,
    );
  });
});
