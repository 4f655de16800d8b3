import { createTableBody, differentialSuite, freshTableName, type DifferentialCase, type Step } from './harness.js';

/**
 * Hand-picked expression cases, each with one thing to get right, compared with
 * DynamoDB Local in full (messages included): the grammar's syntax errors, every
 * function and comparator, placeholders, updates one action kind at a time, return
 * values, and the legacy parameters. The generated corpus (expressions.test.ts)
 * covers combinations.
 */
type Json = Record<string, unknown>;

const table = freshTableName('expression-cases');

const VALUES: Record<string, Json> = {
  ':five': { N: '5' },
  ':six': { N: '6' },
  ':one': { N: '1' },
  ':two': { N: '2.5' },
  ':N': { N: '5.0' },
  ':hel': { S: 'hel' },
  ':x': { S: 'x' },
  ':a': { S: 'a' },
  ':S': { S: 'S' },
  ':s': { S: 'str' },
  ':l': { L: [{ N: '9' }] },
  ':m': { M: { x: { N: '1' } } },
  ':ssab': { SS: ['b', 'a'] },
  ':ss': { SS: ['a', 'b'] },
  ':ssa': { SS: ['a'] },
  ':ns': { NS: ['1', '2'] },
  ':bs': { BS: ['AA=='] },
  ':bin': { B: 'AA==' },
  ':t': { BOOL: true },
  ':nul': { NULL: true },
  ':big': { N: '99999999999999999999999999999999999999' },
  ':huge': { N: '9.9999999999999999999999999999999999999E+125' },
  ':tiny': { N: '1E-130' },
};

/** The placeholders an expression mentions, with their values. */
function valuesFor(expression: string): Json | undefined {
  const refs = expression.match(/:[A-Za-z0-9_]+/g) ?? [];
  const used = Object.fromEntries(refs.filter((ref) => VALUES[ref] !== undefined).map((ref) => [ref, VALUES[ref]]));
  return Object.keys(used).length === 0 ? undefined : used;
}

function withExpressionValues(body: Json, expression: string): Json {
  const values = valuesFor(expression);
  return values === undefined ? body : { ...body, ExpressionAttributeValues: values };
}

const ITEM: Json = {
  pk: { S: 'item' },
  n: { N: '5' },
  s: { S: 'hello' },
  l: { L: [{ N: '1' }, { S: 'x' }, { M: { q: { N: '2' } } }] },
  m: { M: { b: { N: '2' }, c: { SS: ['x', 'y'] } } },
  ss: { SS: ['a', 'b'] },
  ns: { NS: ['1', '2'] },
  bin: { B: 'AAEC' },
  t: { BOOL: true },
  nul: { NULL: true },
};

const CONDITIONS = [
  'n = :five', 'n <> :five', 'n < :six', 'n > :six', 'n BETWEEN :one AND :six', 'n IN (:one, :five)', 's = :x', 'absent = :x', 'absent <> :x',
  'begins_with(s, :hel)', 'contains(s, :hel)', 'contains(ss, :a)', 'contains(l, :one)', 'contains(ns, :one)', 'size(s) = :five', 'size(l) > :one',
  'size(m) = :one', 'size(n) = :one', 'size(absent) = :one', 'attribute_exists(l[2].q)', 'attribute_not_exists(l[5])', 'attribute_type(t, :S)',
  'attribute_type(s, :S)', 'ss = :ssab', 'n = :N', 'NOT n = :five', 'n = :five AND s = :x OR s = :hel', 'n = :five AND (s = :x OR s = :hel)',
  '(n) = :five', 'begins_with(bin, :bin)', 't = :t', 'n < :x', 's < :x', 'l = :l', 'm.c = :ssab', 'contains(m.c, :x)', 'n BETWEEN :six AND :one',
  ':five = n', ':five BETWEEN :one AND :six', 'n IN (n, :one)', 'nul = :t', 'size(ss) = :one', 'size(bin) = :one', 'size(:nul) = :one', 'size(:l) = :one',
  'contains(:x, :x)', 'begins_with(:x, :hel)', 'attribute_type(:x, :S)', 'n < :nul', 'nul = :nul',
  // Syntax and validation errors.
  'a = :x AND', 'a = = :x', 'a =', '= :x', 'a IN ()', 'a BETWEEN :x', 'foo(a)', 'size(a)', 'attribute_exists(a, b)', 'begins_with(a)', 'a.b[x] = :x',
  'a[-1] = :x', 'a = :x :five', 'NOT', '(a = :x', 'a = :x)', 'a <> :x AND b', 'a == :x', 'a != :x', 'a < > :x', 'name = :x', '#undefined = :x',
  'a = :undefined', 'if_not_exists(a, :x)', 'list_append(a, :l)', 'attribute_exists(:x)', 'ATTRIBUTE_EXISTS(a)', 'a = a', 'a.b = a.b', 'l[0] = l[0]',
  'n IN (n)', 'begins_with(n, :five)', 'attribute_type(n, :x)', 'attribute_type(n, :five)', 'n BETWEEN :x AND :five', 'attribute_exists(a) = :x',
  'n < :t', '', '  ', 'l[01] = :x', '_a = :x', 'a-b = :x',
];

const UPDATES = [
  'SET a = :one', 'SET a = a + :two', 'SET a = a - :one, b = :s', 'SET c = :l', 'SET c = list_append(c, :l)', 'SET c = list_append(:l, c)',
  'SET c[5] = :s', 'SET c[0] = :one', 'REMOVE c[0]', 'SET d = :m', 'SET d.y = :s', 'SET d.z.w = :s', 'SET e = if_not_exists(e, :one)',
  'SET e = if_not_exists(e, :two)', 'ADD f :one', 'ADD f :two', 'ADD g :ss', 'ADD g :ssa', 'DELETE g :ssa', 'DELETE g :ss', 'ADD h :ns',
  'REMOVE b, d.y', 'SET a = :big', 'SET a = a + :one', 'SET a = :huge', 'SET a = a + :huge', 'SET a = :tiny', 'SET a = a - :tiny', 'ADD b :one',
  'SET b = b + :one', 'SET q = absent + :one', 'SET a = :s + :one', 'ADD a :ss', 'DELETE a :ss', 'SET c = list_append(c, :s)', 'REMOVE absent, c[9]',
  'SET pk = :s', 'ADD pk :one', 'SET a = :one, a = :two', 'SET a = :one REMOVE a', 'SET d.x = :one REMOVE d', 'SET c[0] = :one, c.x = :one',
  'SET a = :one SET b = :one', 'REMOVE a ADD b :one DELETE g :ss SET x = :s', 'ADD d.x :one', 'DELETE d.n :ss', 'SET x = size(c)',
  'SET x = attribute_exists(c)', 'SET x = foo(c)', 'SET x = :one + :one + :one', 'ADD b c', 'SET x = (:one)', 'SET x = :one,',
  'set lower = :one', 'SET a.b.c = :one', 'SET c[1].z = :one', 'SET i = :bs ADD i :bs', 'DELETE i :ss', 'ADD j :s', 'DELETE j :one',
  'REMOVE absent.x', 'SET absent.x = :one', 'SET s.x = :one', 'REMOVE s.x', 'SET x = :bin + :one', 'SET x = list_append(:one, :bin)',
  'REMOVE m, m', 'SET m = :s REMOVE m.a', 'REMOVE m.a SET m = :s',
];

const PROJECTIONS = [
  'n', 'n, s', 'l[1]', 'l[2].q', 'm.b, m.c', 'l[0], l[2], l[7]', 'absent', 'm.absent.x', 'l[0].x', 'n,s,l,m,ss,ns,bin,t,nul', 'a, name', 'n ,  s',
  '(n)', 'n.', '', '  ', 'size(n)', 'l[01]', 'l[1', 'a,, b', 'a.set', 'm, m.b', 'l[0], l.x',
];

function step(operation: Step['operation'], body: Json): Step {
  return { operation, body };
}

const cases: DifferentialCase[] = [
  { name: 'create the table and its item', steps: [step('CreateTable', createTableBody(table, { hash: ['pk', 'S'] })), step('PutItem', { TableName: table, Item: ITEM })] },
  ...CONDITIONS.map((expression) => ({
    name: `condition ${JSON.stringify(expression)}`,
    steps: [step('PutItem', withExpressionValues({ TableName: table, Item: ITEM, ConditionExpression: expression, ReturnValuesOnConditionCheckFailure: 'ALL_OLD' }, expression))],
  })),
  // Updates run in sequence on one item, each starting from what the one before left.
  ...UPDATES.map((expression) => ({
    name: `update ${JSON.stringify(expression)}`,
    steps: [step('UpdateItem', withExpressionValues({ TableName: table, Key: { pk: { S: 'updated' } }, UpdateExpression: expression, ReturnValues: 'ALL_NEW' }, expression))],
  })),
  ...['UPDATED_OLD', 'UPDATED_NEW', 'ALL_OLD', 'NONE'].map((returnValues) => ({
    name: `ReturnValues ${returnValues}`,
    steps: [
      step('UpdateItem', {
        TableName: table,
        Key: { pk: { S: 'returns' } },
        UpdateExpression: 'SET a = :one, d = :m, c = :l',
        ExpressionAttributeValues: { ':one': VALUES[':one'], ':m': VALUES[':m'], ':l': VALUES[':l'] },
      }),
      step('UpdateItem', {
        TableName: table,
        Key: { pk: { S: 'returns' } },
        UpdateExpression: 'SET a = :two, d.x = :two REMOVE c[0]',
        ExpressionAttributeValues: { ':two': VALUES[':two'] },
        ReturnValues: returnValues,
      }),
    ],
  })),
  ...PROJECTIONS.map((expression) => ({
    name: `projection ${JSON.stringify(expression)}`,
    steps: [step('GetItem', { TableName: table, Key: { pk: { S: 'item' } }, ProjectionExpression: expression })],
  })),
  {
    name: 'placeholders: unused, undefined, malformed, empty',
    steps: [
      step('DeleteItem', { TableName: table, Key: { pk: { S: 'none' } }, ConditionExpression: 'a = :v', ExpressionAttributeValues: { ':v': { S: 'x' }, ':w': { N: '1' } } }),
      step('DeleteItem', { TableName: table, Key: { pk: { S: 'none' } }, ConditionExpression: '#a = :v', ExpressionAttributeValues: { ':v': { S: 'x' } }, ExpressionAttributeNames: { '#a': 'a', '#b': 'b' } }),
      step('DeleteItem', { TableName: table, Key: { pk: { S: 'none' } }, ConditionExpression: 'a = :v', ExpressionAttributeValues: { ':v': { SS: ['a', 'a'] } } }),
      step('DeleteItem', { TableName: table, Key: { pk: { S: 'none' } }, ConditionExpression: 'a = :v', ExpressionAttributeValues: { v: { S: 'x' } } }),
      step('DeleteItem', { TableName: table, Key: { pk: { S: 'none' } }, ConditionExpression: 'a = :v', ExpressionAttributeValues: {} }),
      step('DeleteItem', { TableName: table, Key: { pk: { S: 'none' } }, ConditionExpression: 'a = :v', ExpressionAttributeNames: {}, ExpressionAttributeValues: { ':v': { S: 'x' } } }),
      step('DeleteItem', { TableName: table, Key: { pk: { S: 'none' } }, ConditionExpression: 'attribute_exists(#a)', ExpressionAttributeNames: { '#a': '' } }),
      step('PutItem', { TableName: table, Item: { pk: { S: 'none' } }, ExpressionAttributeValues: { ':a': { S: 'a' } } }),
      step('UpdateItem', { TableName: table, Key: { pk: { S: 'none' } }, ExpressionAttributeValues: { ':a': { S: 'a' } } }),
      step('GetItem', { TableName: table, Key: { pk: { S: 'none' } }, ExpressionAttributeNames: { '#a': 'a' } }),
    ],
  },
  {
    name: 'legacy Expected and AttributeUpdates',
    steps: [
      step('UpdateItem', { TableName: table, Key: { pk: { S: 'legacy' } }, AttributeUpdates: { l: { Value: { L: [{ N: '1' }] } }, n: { Value: { N: '1' }, Action: 'ADD' }, s: { Value: { SS: ['a', 'b'] } } }, ReturnValues: 'ALL_NEW' }),
      step('UpdateItem', { TableName: table, Key: { pk: { S: 'legacy' } }, AttributeUpdates: { l: { Value: { L: [{ N: '2' }] }, Action: 'ADD' }, s: { Value: { SS: ['a'] }, Action: 'DELETE' } }, ReturnValues: 'ALL_NEW' }),
      step('UpdateItem', { TableName: table, Key: { pk: { S: 'legacy' } }, AttributeUpdates: { n: { Action: 'ADD' } } }),
      step('UpdateItem', { TableName: table, Key: { pk: { S: 'legacy' } }, AttributeUpdates: { n: { Value: { S: 'x' }, Action: 'ADD' } } }),
      step('UpdateItem', { TableName: table, Key: { pk: { S: 'legacy' } }, AttributeUpdates: { n: { Value: { S: 'x' }, Action: 'DELETE' } } }),
      step('UpdateItem', { TableName: table, Key: { pk: { S: 'legacy' } }, AttributeUpdates: { n: { Value: { N: '1' } } }, ConditionExpression: 'attribute_exists(n)' }),
      step('UpdateItem', { TableName: table, Key: { pk: { S: 'legacy' } }, AttributeUpdates: { z: { Value: { N: '1' } } }, Expected: { n: { ComparisonOperator: 'GT', AttributeValueList: [{ N: '5' }] }, s: { ComparisonOperator: 'NOT_NULL' } }, ConditionalOperator: 'OR' }),
      step('UpdateItem', { TableName: table, Key: { pk: { S: 'legacy' } }, AttributeUpdates: { z: { Value: { N: '1' } } }, Expected: { n: { ComparisonOperator: 'GT', AttributeValueList: [{ N: '5' }] }, s: { ComparisonOperator: 'NOT_NULL' } }, ConditionalOperator: 'AND' }),
      step('UpdateItem', { TableName: table, Key: { pk: { S: 'legacy' } }, AttributeUpdates: { z: { Value: { N: '1' } } }, ConditionalOperator: 'AND' }),
      step('UpdateItem', { TableName: table, Key: { pk: { S: 'legacy' } }, AttributeUpdates: { z: { Value: { N: '1' } } }, Expected: { n: { ComparisonOperator: 'EQ' } } }),
      step('UpdateItem', { TableName: table, Key: { pk: { S: 'legacy' } }, AttributeUpdates: { z: { Value: { N: '1' } } }, Expected: { n: { ComparisonOperator: 'EQ', Exists: true, Value: { N: '1' } } } }),
      step('UpdateItem', { TableName: table, Key: { pk: { S: 'legacy' } }, AttributeUpdates: { z: { Value: { N: '1' } } }, Expected: { s: { ComparisonOperator: 'CONTAINS', AttributeValueList: [{ SS: ['a'] }] } } }),
      step('UpdateItem', { TableName: table, Key: { pk: { S: 'legacy' } }, AttributeUpdates: { z: { Value: { N: '1' } } }, Expected: { s: { ComparisonOperator: 'IN', AttributeValueList: [{ S: 'a' }, { N: '1' }] } } }),
      step('UpdateItem', { TableName: table, Key: { pk: { S: 'legacy' } }, AttributeUpdates: { z: { Value: { N: '1' } } }, Expected: { n: { ComparisonOperator: 'BETWEEN', AttributeValueList: [{ N: '5' }, { N: '1' }] } } }),
      step('UpdateItem', { TableName: table, Key: { pk: { S: 'legacy' } }, AttributeUpdates: { z: { Value: { N: '1' } } }, Expected: { n: {} } }),
      step('UpdateItem', { TableName: table, Key: { pk: { S: 'legacy' } }, UpdateExpression: 'SET n = :a', ExpressionAttributeValues: { ':a': { N: '1' } }, Expected: { n: { Value: { N: '1' } } } }),
      step('PutItem', { TableName: table, Item: { pk: { S: 'legacy2' } }, Expected: { pk: { Exists: false } } }),
      step('PutItem', { TableName: table, Item: { pk: { S: 'legacy2' } }, Expected: { pk: { Exists: false } } }),
      step('DeleteItem', { TableName: table, Key: { pk: { S: 'legacy' } }, Expected: { n: { Value: { N: '99' } } }, ReturnValues: 'ALL_OLD' }),
      step('GetItem', { TableName: table, Key: { pk: { S: 'legacy' } }, AttributesToGet: ['n', 's', 'absent'] }),
      step('GetItem', { TableName: table, Key: { pk: { S: 'legacy' } }, AttributesToGet: ['n'], ProjectionExpression: 'n' }),
    ],
  },
];

differentialSuite('differential: expression cases', cases);
