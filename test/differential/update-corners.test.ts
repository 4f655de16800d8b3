import { createTableBody, differentialSuite, freshTableName, type DifferentialCase, type Step } from './harness.js';

/**
 * UpdateItem in its corners against DynamoDB Local: updates that only take attributes
 * away, UPDATED_OLD and UPDATED_NEW, list indexes past the end and shifted by removals,
 * DELETE and REMOVE on paths that hold nothing. Where DynamoDB Local is known to answer
 * otherwise than AWS, the step says what AWS answers and where that is reported.
 */
type Json = Record<string, unknown>;

const table = freshTableName('update-corners');

const DOCUMENT: Json = {
  a: { M: { b: { S: 'keep' }, c: { L: [{ S: 'c0' }, { S: 'c1' }, { S: 'c2' }] } } },
  l: { L: [{ N: '1' }, { N: '2' }, { N: '3' }] },
  sets: { L: [{ SS: ['a'] }, { SS: ['b'] }, { SS: ['c', 'd'] }] },
  maps: { L: [{ M: { x: { N: '0' } } }, { M: { x: { N: '1' } } }, { M: { x: { N: '2' } } }] },
  tags: { SS: ['p', 'q'] },
  word: { S: 'plain' },
};

const key = (name: string): Json => ({ pk: { S: name } });
const put = (name: string): Step => ({ operation: 'PutItem', body: { TableName: table, Item: { ...key(name), ...DOCUMENT } } });
const get = (name: string): Step => ({ operation: 'GetItem', body: { TableName: table, Key: key(name) } });

function update(name: string, expression: string, extra: Json = {}, deviation: Partial<Step> = {}): Step {
  return { operation: 'UpdateItem', body: { TableName: table, Key: key(name), UpdateExpression: expression, ...extra }, ...deviation };
}

/**
 * DynamoDB Local creates the item for an update that only takes attributes away; AWS
 * does not: "DELETE - Nothing happens; there is no attribute to delete" (API reference,
 * AttributeValueUpdate), scylladb/scylladb#5862 (AttributeUpdates DELETE) and
 * aws/aws-sdk-java-v2#2761 (an UpdateExpression of REMOVE actions only).
 */
const NOT_CREATED: Partial<Step> = {
  awsDiffers: 'AWS leaves the absent item absent and returns no Attributes; DynamoDB Local creates it from its key',
  aws: { status: 200 },
};

/** A put only if the item is absent: AWS succeeds where the update created nothing, DynamoDB Local fails. */
const putIfAbsent = (name: string): Step => ({
  operation: 'PutItem',
  body: { TableName: table, Item: key(name), ConditionExpression: 'attribute_not_exists(pk)' },
  awsDiffers: 'AWS has no item here, so the put conditioned on its absence succeeds; DynamoDB Local created one',
  aws: { status: 200 },
});

/**
 * DynamoDB Local answers UPDATED_OLD and UPDATED_NEW of a nested path with the whole
 * top-level attribute; AWS returns only the parts at the updated paths, several under
 * one parent together (paritysuite/dynamodb-conformance tests/tier1/updateItem, run
 * against eu-west-2; ExtendDB/extenddb#98, checked against DynamoDB). The exact
 * answers are checked in test/integration/update-corners.test.ts.
 */
const FRAGMENT: Partial<Step> = {
  awsDiffers: 'AWS returns only the updated parts of a nested attribute; DynamoDB Local the whole attribute',
  aws: { status: 200 },
};

const one = { ExpressionAttributeValues: { ':one': { N: '1' } } };
const setOf = (...members: string[]): Json => ({ ExpressionAttributeValues: { ':s': { SS: members } } });

const cases: DifferentialCase[] = [
  { name: 'create the table', steps: [{ operation: 'CreateTable', body: createTableBody(table, { hash: ['pk', 'S'] }) }] },
  {
    name: 'REMOVE only, on an absent item',
    steps: [update('absent-remove', 'REMOVE a, b', { ReturnValues: 'ALL_NEW', ReturnConsumedCapacity: 'TOTAL' }, NOT_CREATED), putIfAbsent('absent-remove')],
  },
  {
    name: 'DELETE only, on an absent item',
    steps: [update('absent-delete', 'DELETE tags :s', { ...setOf('p'), ReturnValues: 'ALL_NEW' }, NOT_CREATED), putIfAbsent('absent-delete')],
  },
  {
    name: 'AttributeUpdates DELETE only, on an absent item',
    steps: [
      {
        operation: 'UpdateItem',
        body: { TableName: table, Key: key('absent-legacy'), AttributeUpdates: { a: { Action: 'DELETE' } }, ReturnValues: 'ALL_NEW' },
        ...NOT_CREATED,
      },
      putIfAbsent('absent-legacy'),
    ],
  },
  {
    name: 'TransactWriteItems Update with REMOVE only, on an absent item',
    steps: [
      {
        operation: 'TransactWriteItems',
        body: { TransactItems: [{ Update: { TableName: table, Key: key('absent-transact'), UpdateExpression: 'REMOVE a' } }] },
      },
      putIfAbsent('absent-transact'),
    ],
  },
  {
    name: 'REMOVE only, on an absent item, still checks its paths',
    steps: [update('absent-bad-path', 'REMOVE a.b'), update('absent-bad-path', 'DELETE a[0] :s', setOf('p')), get('absent-bad-path')],
  },
  {
    name: 'an update with a value, or with no actions, creates an absent item',
    steps: [
      update('absent-mixed', 'REMOVE a SET b = :one', { ...one, ReturnValues: 'ALL_NEW' }),
      { operation: 'UpdateItem', body: { TableName: table, Key: key('absent-empty'), ReturnValues: 'ALL_NEW' } },
      get('absent-empty'),
    ],
  },
  {
    name: 'UPDATED_OLD and UPDATED_NEW of nested paths',
    steps: [
      put('nested'),
      update('nested', 'SET a.c[1] = :one', { ...one, ReturnValues: 'UPDATED_NEW' }, FRAGMENT),
      update('nested', 'SET a.d = :one, a.c[0] = :one', { ...one, ReturnValues: 'UPDATED_OLD' }, FRAGMENT),
      update('nested', 'REMOVE a.b', { ReturnValues: 'UPDATED_OLD' }, FRAGMENT),
      update('nested', 'REMOVE l[0]', { ReturnValues: 'UPDATED_NEW' }, FRAGMENT),
      get('nested'),
    ],
  },
  {
    name: 'UPDATED_OLD and UPDATED_NEW of whole attributes, sets and appends',
    steps: [
      put('top'),
      update('top', 'ADD tags :s', { ...setOf('r'), ReturnValues: 'UPDATED_NEW' }),
      update('top', 'DELETE tags :s', { ...setOf('r'), ReturnValues: 'UPDATED_OLD' }),
      update('top', 'DELETE tags :s', { ...setOf('p', 'q'), ReturnValues: 'UPDATED_NEW' }),
      update('top', 'SET fresh = :one', { ...one, ReturnValues: 'UPDATED_OLD' }),
      update('top', 'REMOVE word', { ReturnValues: 'UPDATED_NEW' }),
      update('top', 'SET l[7] = :one', { ...one, ReturnValues: 'UPDATED_NEW' }),
      update('top', 'SET l[8] = :one', { ...one, ReturnValues: 'UPDATED_OLD' }),
      update('top', 'REMOVE absent, a.absent, l[20]', { ReturnValues: 'UPDATED_OLD' }),
      get('top'),
    ],
  },
  {
    name: 'SET past the end of a list appends, several in index order',
    steps: [
      put('append'),
      update('append', 'SET l[11] = :b, l[10] = :a', { ExpressionAttributeValues: { ':a': { S: 'a' }, ':b': { S: 'b' } }, ReturnValues: 'ALL_NEW' }),
      update('append', 'SET l[30] = :b, l[20] = :a, l[1] = :a REMOVE l[0]', { ExpressionAttributeValues: { ':a': { S: 'x' }, ':b': { S: 'y' } } }),
      update('append', 'SET l[40] = :one ADD l[39] :one', one),
      update('append', 'SET maps[3] = :one', one),
      get('append'),
    ],
  },
  {
    name: 'every index means what it meant before the update',
    steps: [
      put('indexes'),
      update('indexes', 'REMOVE l[0] ADD l[2] :one', one),
      update('indexes', 'REMOVE sets[0] DELETE sets[1] :b, sets[2] :c', { ExpressionAttributeValues: { ':b': { SS: ['b'] }, ':c': { SS: ['c'] } } }),
      update('indexes', 'REMOVE maps[0], maps[1].x'),
      update('indexes', 'SET l[5] = :one REMOVE l[2]', one),
      update('indexes', 'REMOVE a.c[1] SET a.c[0] = a.c[1]', { ReturnValues: 'ALL_NEW' }),
      get('indexes'),
    ],
  },
  {
    name: 'DELETE and REMOVE where nothing is',
    steps: [
      put('nothing'),
      update('nothing', 'DELETE absent :s, a.absent :s, l[9] :s', setOf('x')),
      update('nothing', 'REMOVE a.absent, l[9], absent'),
      update('nothing', 'DELETE absent.x :s', setOf('x')),
      update('nothing', 'DELETE word.x :s', setOf('x')),
      update('nothing', 'DELETE l[7].x :s', setOf('x')),
      update('nothing', 'DELETE a[0] :s', setOf('x')),
      update('nothing', 'REMOVE a.b.x'),
      update('nothing', 'REMOVE l[9].x'),
      update('nothing', 'REMOVE word[0]'),
      get('nothing'),
    ],
  },
  {
    name: 'SET and ADD through a value that is not a map or list',
    steps: [
      put('through'),
      update('through', 'SET word.x = :one', one),
      update('through', 'SET l[0].x = :one', one),
      update('through', 'SET a[0] = :one', one),
      update('through', 'SET l[9] = :one, l[3].x = :one', one),
      update('through', 'ADD word.x :one', one),
      update('through', 'ADD absent[0] :one', one),
      get('through'),
    ],
  },
  {
    name: 'key attributes, however they are named',
    steps: [
      put('keys'),
      update('keys', 'REMOVE pk'),
      update('keys', 'SET pk.x = :one', one),
      update('keys', 'DELETE pk :s', setOf('x')),
      { operation: 'UpdateItem', body: { TableName: table, Key: key('keys'), AttributeUpdates: { pk: { Action: 'DELETE' } } } },
      { operation: 'UpdateItem', body: { TableName: table, Key: key('keys'), AttributeUpdates: { pk: { Action: 'ADD', Value: { N: '1' } } } } },
    ],
  },
];

differentialSuite('differential: UpdateItem corners', cases);
