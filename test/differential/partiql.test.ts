import { createTableBody, differentialSuite, freshTableName, step, type DifferentialCase, type Step } from './harness.js';

/**
 * PartiQL compared with DynamoDB Local, whose PartiQL front end is AWS's own: SELECT
 * planning (queries, scans, indexes, ORDER BY, paging), every literal type, the
 * writes and their failures, batches and transactions, and the errors of each.
 *
 * Where Strata follows AWS's recorded answers instead of Local's, a step says so and
 * gives AWS's outcome; the sources are pinned answers of AWS in
 * nubo-db/dynamodb-conformance (tests/tier2/partiql, tests/tier3/error-messages).
 * A syntax error's detail after "Statement wasn't well formed, can't be processed:"
 * is each parser's own (DynamoDB Local repeats the statement; AWS names the token,
 * e.g. "Unexpected keyword"), so only that head is compared.
 */
type Json = Record<string, unknown>;

const ORDERS = freshTableName('pq-orders');
const ITEMS = freshTableName('pq-items');
const INDEX = 'by-status';

const execute = (Statement: string, extra: Json = {}): Step => step('ExecuteStatement', { Statement, ...extra });
const getOf = (table: string, Key: Json): Step => step('GetItem', { TableName: table, Key, ConsistentRead: true });

const notWellFormed = (message: string): string => message.replace(/^(Statement wasn't well formed, can't be processed:).*$/s, '$1');

const order = (customer: string, number: number): Json => ({
  pk: { S: customer },
  sk: { N: String(number) },
  status: { S: number % 2 === 0 ? 'open' : 'shipped' },
  total: { N: String(number * 10) },
  address: { M: { city: { S: number < 2 ? 'Oslo' : 'Lima' }, lines: { L: [{ S: `street ${number}` }, { N: String(number) }] } } },
  tags: { SS: number % 2 === 0 ? ['a', 'b'] : ['c'] },
  ...(number === 3 ? { gift: { BOOL: true }, note: { NULL: true } } : {}),
});

const SETUP: DifferentialCase = {
  name: 'creates the tables and their items',
  steps: [
    step(
      'CreateTable',
      createTableBody(
        ORDERS,
        { hash: ['pk', 'S'], range: ['sk', 'N'] },
        {
          BillingMode: 'PAY_PER_REQUEST',
          AttributeDefinitions: [
            { AttributeName: 'pk', AttributeType: 'S' },
            { AttributeName: 'sk', AttributeType: 'N' },
            { AttributeName: 'status', AttributeType: 'S' },
          ],
          GlobalSecondaryIndexes: [{ IndexName: INDEX, KeySchema: [{ AttributeName: 'status', KeyType: 'HASH' }], Projection: { ProjectionType: 'ALL' } }],
        },
      ),
    ),
    step('CreateTable', createTableBody(ITEMS, { hash: ['id', 'S'] })),
    ...['c1', 'c2', 'c3'].flatMap((customer) => [0, 1, 2, 3, 4].map((number) => step('PutItem', { TableName: ORDERS, Item: order(customer, number) }))),
    step('PutItem', {
      TableName: ITEMS,
      Item: { id: { S: 'i1' }, n: { N: '5' }, s: { S: 'hello' }, ss: { SS: ['x', 'y'] }, ns: { NS: ['1', '2'] }, l: { L: [{ N: '1' }] } },
    }),
  ],
};

/** SELECTs that read in key order (one partition, or several in the order named). */
const ORDERED_SELECTS = [
  `SELECT * FROM "${ORDERS}" WHERE pk = 'c1'`,
  `SELECT sk FROM "${ORDERS}" WHERE pk = 'c1' AND sk > 2`,
  `SELECT sk FROM "${ORDERS}" WHERE pk = 'c1' AND sk >= 2`,
  `SELECT sk FROM "${ORDERS}" WHERE pk = 'c1' AND sk < 2`,
  `SELECT sk FROM "${ORDERS}" WHERE pk = 'c1' AND sk <= 2`,
  `SELECT sk FROM "${ORDERS}" WHERE pk = 'c1' AND sk = 2`,
  `SELECT sk FROM "${ORDERS}" WHERE pk = 'c1' AND sk <> 2`,
  `SELECT sk FROM "${ORDERS}" WHERE pk = 'c1' AND sk != 2`,
  `SELECT sk FROM "${ORDERS}" WHERE pk = 'c1' AND sk BETWEEN 1 AND 3`,
  `SELECT sk FROM "${ORDERS}" WHERE pk = 'c1' AND sk > 1 AND sk < 4`,
  `SELECT sk FROM "${ORDERS}" WHERE pk = 'c1' AND sk IN [1, 3, 9]`,
  `SELECT sk FROM "${ORDERS}" WHERE pk = 'c1' AND (sk = 1 OR sk = 4)`,
  `SELECT sk FROM "${ORDERS}" WHERE pk = 'c1' AND NOT sk = 1`,
  `SELECT sk FROM "${ORDERS}" WHERE pk = 'c1' AND NOT (sk > 1 AND sk < 4)`,
  `SELECT sk FROM "${ORDERS}" WHERE pk = 'c1' ORDER BY sk ASC`,
  `SELECT sk FROM "${ORDERS}" WHERE pk = 'c1' ORDER BY pk`,
  `SELECT pk, sk FROM "${ORDERS}" WHERE pk IN ['c2', 'c1']`,
  `SELECT pk, sk FROM "${ORDERS}" WHERE pk IN ('c2', 'c1')`,
  `SELECT pk, sk FROM "${ORDERS}" WHERE pk IN ['c2', 'c1'] ORDER BY sk DESC`,
  `SELECT pk, sk FROM "${ORDERS}" WHERE pk IN ['c1', 'nobody']`,
  `SELECT pk, sk FROM "${ORDERS}" WHERE pk = 'c1' AND pk = 'c2'`,
  `SELECT sk, total FROM "${ORDERS}" WHERE pk = 'c1' AND total > 15`,
  `SELECT sk FROM "${ORDERS}" WHERE pk = 'c1' AND status = 'open'`,
  `SELECT sk FROM "${ORDERS}" WHERE pk = 'c1' AND status <> 'open'`,
  `SELECT sk FROM "${ORDERS}" WHERE pk = 'c1' AND begins_with(status, 'sh')`,
  `SELECT sk FROM "${ORDERS}" WHERE pk = 'c1' AND contains(tags, 'a')`,
  `SELECT sk FROM "${ORDERS}" WHERE pk = 'c1' AND contains(address.lines[0], '3')`,
  `SELECT sk FROM "${ORDERS}" WHERE pk = 'c1' AND size(tags) = 2`,
  `SELECT sk FROM "${ORDERS}" WHERE pk = 'c1' AND size(address.lines) > 1`,
  `SELECT sk FROM "${ORDERS}" WHERE pk = 'c1' AND attribute_type(total, 'N')`,
  `SELECT sk FROM "${ORDERS}" WHERE pk = 'c1' AND attribute_type(total, 'S')`,
  `SELECT sk FROM "${ORDERS}" WHERE pk = 'c1' AND attribute_exists(gift)`,
  `SELECT sk FROM "${ORDERS}" WHERE pk = 'c1' AND attribute_not_exists(gift)`,
  `SELECT sk FROM "${ORDERS}" WHERE pk = 'c1' AND gift IS MISSING`,
  `SELECT sk FROM "${ORDERS}" WHERE pk = 'c1' AND gift IS NOT MISSING`,
  `SELECT sk FROM "${ORDERS}" WHERE pk = 'c1' AND note IS NULL`,
  `SELECT sk FROM "${ORDERS}" WHERE pk = 'c1' AND note IS NOT NULL`,
  `SELECT sk FROM "${ORDERS}" WHERE pk = 'c1' AND missing_attribute IS NULL`,
  `SELECT sk FROM "${ORDERS}" WHERE pk = 'c1' AND gift = true`,
  `SELECT sk FROM "${ORDERS}" WHERE pk = 'c1' AND address.city = 'Oslo'`,
  `SELECT sk FROM "${ORDERS}" WHERE pk = 'c1' AND address."city" = 'Lima'`,
  `SELECT sk FROM "${ORDERS}" WHERE pk = 'c1' AND address['city'] = 'Lima'`,
  `SELECT sk FROM "${ORDERS}" WHERE pk = 'c1' AND address.lines[1] >= 3`,
  `SELECT sk FROM "${ORDERS}" WHERE pk = 'c1' AND total = 20.0`,
  `SELECT sk FROM "${ORDERS}" WHERE pk = 'c1' AND total = 2e1`,
  `SELECT sk FROM "${ORDERS}" WHERE pk = 'c1' AND total BETWEEN 10 AND 30`,
  `SELECT sk FROM "${ORDERS}" WHERE pk = 'c1' AND total IN [0, 40]`,
  `SELECT sk FROM "${ORDERS}" WHERE pk = 'c1' AND (status = 'open' OR gift = true)`,
  `SELECT sk FROM "${ORDERS}" WHERE pk = 'c1' AND total = 'x'`,
  `select sk from "${ORDERS}" where pk = 'c1' and sk = 1`,
  `SeLeCt sk FrOm "${ORDERS}" WhErE pk = 'c1' AnD sk = 1`,
  `SELECT sk FROM "${ORDERS}" WHERE "pk" = 'c1' AND "sk" = 1`,
  `SELECT sk FROM "${ORDERS}" WHERE PK = 'c1'`,
  `SELECT sk FROM "${ORDERS}" WHERE pk = "c1"`,
  `SELECT sk FROM "${ORDERS}" WHERE pk = 'c1' -- a comment`,
  `SELECT sk FROM "${ORDERS}" WHERE pk = 'c1';`,
  `SELECT address.city, address.lines[1], tags FROM "${ORDERS}" WHERE pk = 'c1' AND sk = 1`,
  `SELECT "address"."city" FROM "${ORDERS}" WHERE pk = 'c1' AND sk = 1`,
  `SELECT absent_attr FROM "${ORDERS}" WHERE pk = 'c1' AND sk = 1`,
  `SELECT "size" FROM "${ORDERS}" WHERE pk = 'c1' AND sk = 1`,
  `SELECT * FROM "${ORDERS}" WHERE pk = 'c1' AND sk = 3`,
  `SELECT * FROM "${ORDERS}" WHERE pk = 'c1' AND sk = 99`,
  `SELECT * FROM "${ORDERS}" WHERE pk = 'c1' AND sk = 3 AND gift = false`,
  `SELECT * FROM "${ITEMS}" WHERE id = 'i1'`,
  `SELECT ss, ns, l[0] FROM "${ITEMS}" WHERE id = 'i1'`,
  `SELECT id FROM "${ITEMS}" WHERE id = 'i1' AND contains(ss, 'x') AND contains(ns, 2)`,
  `SELECT id FROM "${ITEMS}" WHERE id = 'i1' AND s > 'h' AND s < 'i'`,
  `SELECT id FROM "${ITEMS}" WHERE id = 'i1' AND size(s) = 5`,
];

/** SELECTs that scan, or read several partitions of an index: compared as sets. */
const UNORDERED_SELECTS = [
  `SELECT * FROM "${ORDERS}"`,
  `SELECT pk, sk FROM "${ORDERS}" WHERE sk = 1`,
  `SELECT pk, sk FROM "${ORDERS}" WHERE total > 30`,
  `SELECT pk, sk FROM "${ORDERS}" WHERE pk = 'c1' OR sk = 0`,
  `SELECT pk, sk FROM "${ORDERS}" WHERE pk > 'c1'`,
  `SELECT pk, sk FROM "${ORDERS}" WHERE begins_with(pk, 'c')  AND sk = 4`,
  `SELECT pk, sk FROM "${ORDERS}" WHERE NOT pk = 'c1' AND sk = 2`,
  `SELECT pk, sk FROM "${ORDERS}" WHERE (pk = 'c1' AND sk = 1) OR (pk = 'c2' AND sk = 0)`,
  `SELECT pk, sk FROM "${ORDERS}" WHERE pk IN ['c2', 'c1'] AND sk > 2`,
  `SELECT pk, sk FROM "${ORDERS}" WHERE address.city = 'Oslo'`,
  `SELECT pk, sk FROM "${ORDERS}" WHERE gift IS NOT MISSING`,
  `SELECT pk, sk FROM "${ORDERS}" WHERE status IN ['open']`,
  `SELECT pk, sk FROM "${ORDERS}"."${INDEX}" WHERE status = 'open'`,
  `SELECT pk, sk FROM "${ORDERS}"."${INDEX}" WHERE status = 'shipped' AND total >= 30`,
  `SELECT pk, sk FROM "${ORDERS}"."${INDEX}" WHERE status IN ['open', 'shipped'] AND sk = 1`,
  `SELECT pk, sk FROM "${ORDERS}"."${INDEX}"`,
  `SELECT id FROM "${ITEMS}" WHERE n = 5`,
  `SELECT pk, sk FROM "${ORDERS}" WHERE pk = 'c3' OR pk = 'c1'`,
  `SELECT sk FROM "${ORDERS}"."${INDEX}" WHERE status = 'shipped' AND pk = 'c2'`,
];

/** Statements DynamoDB refuses before reading anything. */
const REFUSED = [
  `SELECT * FROM "${ORDERS}" ORDER BY sk`,
  `SELECT * FROM "${ORDERS}" WHERE total > 1 ORDER BY sk`,
  `SELECT * FROM "${ORDERS}" WHERE pk = 'c1' ORDER BY total`,
  `SELECT * FROM "${ORDERS}"."${INDEX}" WHERE status = 'open' ORDER BY sk`,
  `SELECT * FROM "${ORDERS}" WHERE pk = 1`,
  `SELECT * FROM "${ORDERS}" WHERE pk = 'c1' AND sk > 'x'`,
  `SELECT * FROM "${ORDERS}" WHERE pk = 'c1' AND sk = 'x'`,
  `SELECT * FROM "${ORDERS}" GROUP BY pk`,
  `SELECT DISTINCT pk FROM "${ORDERS}"`,
  `SELECT pk AS p FROM "${ORDERS}"`,
  `SELECT * FROM "${ORDERS}" o JOIN "${ITEMS}" i ON o.pk = i.id`,
  `SELECT * FROM (SELECT * FROM "${ORDERS}")`,
  `SELECT * FROM "${ORDERS}" WHERE pk IN (SELECT id FROM "${ITEMS}")`,
  `SELECT * FROM "${ORDERS}" WHERE pk IN []`,
  `SELECT * FROM "${ORDERS}" WHERE pk LIKE 'c%'`,
  `SELECT * FROM "${ORDERS}" WHERE pk = 'c1' AND sk = 1 AND address.lines[0] = address.lines[0]`,
  `SELECT tags, tags FROM "${ORDERS}" WHERE pk = 'c1'`,
  `SELECT address, address.city FROM "${ORDERS}" WHERE pk = 'c1'`,
  `SELECT address.city, other.city FROM "${ORDERS}" WHERE pk = 'c1'`,
  `SELECT * FROM "${ORDERS}" WHERE pk = 'c1' AND begins_with(total, 1)`,
  `SELECT * FROM "${ORDERS}" WHERE pk = 'c1' AND attribute_type(total, 'Q')`,
  `SELECT * FROM "${ORDERS}" WHERE pk = 'c1' AND total BETWEEN 30 AND 10`,
  `SELECT * FROM "${ORDERS}" WHERE pk = 'c1' AND size(total) = 1`,
  `SELECT * FROM "${ORDERS}" WHERE pk = 'c1' AND nope(total)`,
  `CREATE TABLE foo`,
  `EXISTS(SELECT * FROM "${ORDERS}" WHERE pk = 'c1' AND sk = 1)`,
  `SELECT * FROM "ab"`,
  `SELECT * FROM "${ORDERS}"."ix"`,
  `SELECT * FROM "${ORDERS}"."nope-index"`,
  `INSERT INTO "${ITEMS}" VALUE {'id': 'r1'} RETURNING ALL OLD *`,
  `INSERT INTO "${ITEMS}" VALUES ({'id': 'r1'})`,
  `INSERT INTO "${ITEMS}" VALUE ['r1']`,
  `INSERT INTO "${ITEMS}" VALUE {'n': 1}`,
  `INSERT INTO "${ITEMS}" VALUE {'id': 1}`,
  `INSERT INTO "${ITEMS}" VALUE {'id': ''}`,
  `INSERT INTO "${ITEMS}" VALUE {'id': 'r1', 'id': 'r2'}`,
  `INSERT INTO "${ITEMS}" VALUE {'id': 'r1', 'x': MISSING}`,
  `INSERT INTO "${ITEMS}" VALUE {'id': 'r1', 'x': <<>>}`,
  `INSERT INTO "${ITEMS}" VALUE {'id': 'r1', 'x': <<'a', 'a'>>}`,
  `INSERT INTO "${ITEMS}" VALUE {'id': 'r1', 'x': <<'a', 1>>}`,
  `INSERT INTO "${ITEMS}" VALUE {'id': 'r1', 'x': 123456789012345678901234567890123456789}`,
  `INSERT INTO "${ITEMS}" VALUE {'id': 'r1', 'x': 1e126}`,
  `UPDATE "${ITEMS}" SET n = 1`,
  `UPDATE "${ITEMS}" SET n = 1 WHERE n = 5`,
  `UPDATE "${ITEMS}" SET n = 1 WHERE id = 'i1' OR id = 'i2'`,
  `UPDATE "${ITEMS}" SET id = 'other' WHERE id = 'i1'`,
  `UPDATE "${ITEMS}" SET n = 1, n = 2 WHERE id = 'i1'`,
  `UPDATE "${ITEMS}" SET ss = set_add(n, <<'z'>>) WHERE id = 'i1'`,
  `DELETE FROM "${ITEMS}"`,
  `DELETE FROM "${ITEMS}" WHERE n = 5`,
  `DELETE FROM "${ITEMS}" WHERE id = 'i1' RETURNING ALL NEW *`,
  `DELETE FROM "${ITEMS}" WHERE id = 'i1' RETURNING MODIFIED OLD *`,
];

/** Refusals that are syntax errors: only the head of the message is compared. */
const MALFORMED = [
  `UPDATE "${ITEMS}" SET n = 1 WHERE id = 'i1' RETURNING MODIFIED`,
  `UPDATE "${ITEMS}" REMOVE ss, ns WHERE id = 'i1'`,
  '   ',
  'SELECT',
  'SELEC * FROM x',
  `SELECT * FROM "${ORDERS}" WHERE`,
  `SELECT * FROM "${ORDERS}" WHERE pk =`,
  `SELECT * FROM "${ORDERS}" WHERE pk == 'c1'`,
  `SELECT * FROM "${ORDERS}" WHERE pk = 'c1`,
  `SELECT size FROM "${ORDERS}" WHERE pk = 'c1'`,
  `SELECT value FROM "${ORDERS}" WHERE pk = 'c1'`,
  `WITH x AS (SELECT 1) SELECT * FROM x`,
  `DELETE FROM`,
  `UPDATE "${ITEMS}" WHERE id = 'i1'`,
  `INSERT INTO "${ITEMS}" {'id': 'r1'}`,
];

const AWS_UNKNOWN_TABLE = {
  awsDiffers: 'AWS answers an unknown table in its usual words (nubo-db/dynamodb-conformance, tier3 partiql, against AWS)',
  aws: { status: 400, type: 'ResourceNotFoundException', message: 'Requested resource not found' },
};

const single = (name: string, stepOrSteps: Step | Step[]): DifferentialCase => ({ name, steps: Array.isArray(stepOrSteps) ? stepOrSteps : [stepOrSteps] });

const WRITES: DifferentialCase[] = [
  single('INSERT of every literal type, read back', [
    execute(
      `INSERT INTO "${ITEMS}" VALUE {'id': 'w1', 's': 'it''s', 'n': -12.50, 'big': 12345678901234567890123456789012345678, 't': TRUE, 'f': false, 'z': NULL, 'm': {'a': {'b': [1, 'x', <<'s'>>]}}, 'l': [], 'e': {}, 'ss': <<'b', 'a'>>, 'ns': <<3, 1.5>>, 'empty': ''}`,
    ),
    getOf(ITEMS, { id: { S: 'w1' } }),
  ]),
  single('INSERT with parameters of every type', [
    execute(`INSERT INTO "${ITEMS}" VALUE {'id': ?, 'b': ?, 'bs': ?, 'm': ?, 'l': ?, 'n': ?}`, {
      Parameters: [{ S: 'w2' }, { B: 'AAE=' }, { BS: ['AA==', 'AQ=='] }, { M: { x: { N: '1' } } }, { L: [{ BOOL: true }] }, { N: '7' }],
    }),
    getOf(ITEMS, { id: { S: 'w2' } }),
  ]),
  single('INSERT of an existing key is a duplicate', [
    execute(`INSERT INTO "${ITEMS}" VALUE {'id': 'w3'}`),
    step(
      'ExecuteStatement',
      { Statement: `INSERT INTO "${ITEMS}" VALUE {'id': 'w3', 'n': 1}` },
      {
        awsDiffers:
          'AWS names the error DuplicateItemException (the API reference lists it; AWS CLI and SDK transcripts quote it); DynamoDB Local says DuplicateItem',
        aws: { status: 400, type: 'DuplicateItemException', message: 'Duplicate primary key exists in table' },
      },
    ),
    getOf(ITEMS, { id: { S: 'w3' } }),
  ]),
  single('INSERT after DELETE succeeds', [
    execute(`INSERT INTO "${ITEMS}" VALUE {'id': 'w4'}`),
    execute(`DELETE FROM "${ITEMS}" WHERE id = 'w4'`),
    execute(`INSERT INTO "${ITEMS}" VALUE {'id': 'w4', 'again': true}`),
    getOf(ITEMS, { id: { S: 'w4' } }),
  ]),
  single('INSERT into a table with a sort key needs both keys', [
    execute(`INSERT INTO "${ORDERS}" VALUE {'pk': 'w5'}`),
    execute(`INSERT INTO "${ORDERS}" VALUE {'pk': 'w5', 'sk': 1, 'status': 'open'}`),
    getOf(ORDERS, { pk: { S: 'w5' }, sk: { N: '1' } }),
  ]),
  single('UPDATE of an absent item fails its condition and creates nothing', [
    execute(`UPDATE "${ITEMS}" SET n = 1 WHERE id = 'w6'`),
    getOf(ITEMS, { id: { S: 'w6' } }),
  ]),
  ...[
    ['SET n = n + 1', 'ALL NEW'],
    ['SET n = n - 2, s = s', 'ALL NEW'],
    ['SET n = 1 + 2', 'MODIFIED NEW'],
    ['SET l = list_append(l, [2, 3])', 'MODIFIED NEW'],
    ['SET l = list_append([0], l)', 'MODIFIED OLD'],
    ["SET ss = set_add(ss, <<'z'>>)", 'MODIFIED NEW'],
    ["SET ss = set_delete(ss, <<'x'>>)", 'MODIFIED OLD'],
    ['SET ns = set_add(ns, <<9>>)', 'ALL NEW'],
    ["SET fresh = set_add(fresh, <<'q'>>)", 'MODIFIED NEW'],
    ['SET c = if_not_exists(c, 5)', 'MODIFIED NEW'],
    ['SET n = if_not_exists(n, 5)', 'MODIFIED NEW'],
    ["SET m = {'a': {'b': 1}}", 'MODIFIED NEW'],
    ['SET m.a.b = 2', 'MODIFIED NEW'],
    ['SET l[0] = 9', 'MODIFIED NEW'],
    ['SET l[5] = 9', 'ALL NEW'],
    ['REMOVE s', 'ALL OLD'],
    ['REMOVE l[0]', 'MODIFIED OLD'],
    ['REMOVE absent_attr', 'MODIFIED OLD'],
    ['SET a = 1 SET b = 2 REMOVE s', 'ALL NEW'],
    ['SET a = 1 REMOVE s SET b = 2', 'MODIFIED NEW'],
    ['SET "reserved" = \'ok\', "with space" = 1', 'ALL NEW'],
    ["SET n = n + 'x'", 'ALL NEW'],
    ['SET z = missing_attribute + 1', 'ALL NEW'],
    ['SET m.gone.deeper = 1', 'ALL NEW'],
    ['SET n = 5', ''],
  ].map(([action, returning], at): DifferentialCase =>
    single(`UPDATE ${action}${returning === '' ? '' : ` RETURNING ${returning} *`}`, [
      step('PutItem', {
        TableName: ITEMS,
        Item: {
          id: { S: `u${at}` },
          n: { N: '5' },
          s: { S: 'x' },
          l: { L: [{ N: '1' }] },
          ss: { SS: ['x', 'y'] },
          ns: { NS: ['1'] },
          m: { M: { a: { M: { b: { N: '0' } } } } },
        },
      }),
      execute(`UPDATE "${ITEMS}" ${action} WHERE id = 'u${at}'${returning === '' ? '' : ` RETURNING ${returning} *`}`),
      getOf(ITEMS, { id: { S: `u${at}` } }),
    ]),
  ),
  ...[
    ['n = 5', true],
    ['n = 6', false],
    ["n > 1 AND s = 'x'", true],
    ['attribute_exists(s)', true],
    ['attribute_not_exists(s)', false],
    ['s IS MISSING', false],
    ['n IN [1, 5]', true],
    ["begins_with(s, 'y')", false],
  ].flatMap(([condition, holds], at): DifferentialCase[] => [
    single(`UPDATE whose condition ${condition} ${holds === true ? 'holds' : 'fails'}`, [
      step('PutItem', { TableName: ITEMS, Item: { id: { S: `cu${at}` }, n: { N: '5' }, s: { S: 'x' } } }),
      execute(`UPDATE "${ITEMS}" SET done = true WHERE id = 'cu${at}' AND ${condition}`, { ReturnValuesOnConditionCheckFailure: 'ALL_OLD' }),
      getOf(ITEMS, { id: { S: `cu${at}` } }),
    ]),
    single(`DELETE whose condition ${condition} ${holds === true ? 'holds' : 'fails'}`, [
      step('PutItem', { TableName: ITEMS, Item: { id: { S: `cd${at}` }, n: { N: '5' }, s: { S: 'x' } } }),
      execute(`DELETE FROM "${ITEMS}" WHERE ${condition} AND id = 'cd${at}'`),
      getOf(ITEMS, { id: { S: `cd${at}` } }),
    ]),
  ]),
  single('DELETE of an absent item succeeds', execute(`DELETE FROM "${ITEMS}" WHERE id = 'never'`)),
  single('DELETE RETURNING ALL OLD *', [
    step('PutItem', { TableName: ITEMS, Item: { id: { S: 'd1' }, v: { N: '1' } } }),
    execute(`DELETE FROM "${ITEMS}" WHERE id = 'd1' RETURNING ALL OLD *`),
    getOf(ITEMS, { id: { S: 'd1' } }),
  ]),
  single('UPDATE and DELETE with a sort key', [
    step('PutItem', { TableName: ORDERS, Item: { pk: { S: 'w7' }, sk: { N: '1' }, status: { S: 'open' } } }),
    execute(`UPDATE "${ORDERS}" SET status = 'shipped' WHERE pk = 'w7' AND sk = 1 RETURNING ALL NEW *`),
    execute(`SELECT * FROM "${ORDERS}"."${INDEX}" WHERE status = 'shipped' AND pk = 'w7'`),
    execute(`DELETE FROM "${ORDERS}" WHERE sk = 1 AND pk = 'w7'`),
    execute(`SELECT * FROM "${ORDERS}"."${INDEX}" WHERE status = 'shipped' AND pk = 'w7'`),
  ]),
  single('UPDATE with parameters in SET and WHERE', [
    step('PutItem', { TableName: ITEMS, Item: { id: { S: 'p1' }, n: { N: '1' } } }),
    execute(`UPDATE "${ITEMS}" SET n = n + ?, tag = ? WHERE id = ? AND n < ? RETURNING ALL NEW *`, {
      Parameters: [{ N: '2' }, { SS: ['q'] }, { S: 'p1' }, { N: '10' }],
    }),
  ]),
];

const PARAMETERS: DifferentialCase[] = [
  single('a SELECT with parameters', execute(`SELECT sk FROM "${ORDERS}" WHERE pk = ? AND sk > ?`, { Parameters: [{ S: 'c2' }, { N: '2' }] })),
  single('a parameter of the wrong key type', execute(`SELECT sk FROM "${ORDERS}" WHERE pk = ?`, { Parameters: [{ N: '2' }] })),
  single('too few parameters', execute(`SELECT sk FROM "${ORDERS}" WHERE pk = ? AND sk = ?`, { Parameters: [{ S: 'c2' }] })),
  single('no parameters for a ?', execute(`SELECT sk FROM "${ORDERS}" WHERE pk = ?`)),
  single('an invalid parameter', execute(`SELECT sk FROM "${ORDERS}" WHERE pk = ?`, { Parameters: [{ X: 'c2' }] })),
  single('a ? inside a string is text', execute(`SELECT sk FROM "${ORDERS}" WHERE pk = '?'`)),
];

const PAGING: DifferentialCase[] = [
  single('a page of a partition stops at Limit', execute(`SELECT sk FROM "${ORDERS}" WHERE pk = 'c1'`, { Limit: 2 })),
  single('a page that reads the whole partition has no token', execute(`SELECT sk FROM "${ORDERS}" WHERE pk = 'c1'`, { Limit: 5 })),
  single('Limit counts items read, not items matched', execute(`SELECT sk FROM "${ORDERS}" WHERE pk = 'c1' AND total > 25`, { Limit: 3 })),
  single('a garbage NextToken', execute(`SELECT sk FROM "${ORDERS}" WHERE pk = 'c1'`, { NextToken: 'garbage' })),
  single('ConsistentRead on a table', execute(`SELECT sk FROM "${ORDERS}" WHERE pk = 'c1' AND sk = 1`, { ConsistentRead: true })),
];

const batch = (Statements: Json[], extra: Json = {}): Step => step('BatchExecuteStatement', { Statements, ...extra });
const transaction = (TransactStatements: Json[], extra: Json = {}): Step => step('ExecuteTransaction', { TransactStatements, ...extra });
const st = (Statement: string, extra: Json = {}): Json => ({ Statement, ...extra });

const BATCHES: DifferentialCase[] = [
  single(
    'a batch of reads, one absent',
    batch([
      st(`SELECT * FROM "${ITEMS}" WHERE id = 'i1'`),
      st(`SELECT * FROM "${ITEMS}" WHERE id = 'none'`),
      st(`SELECT sk, total FROM "${ORDERS}" WHERE pk = 'c1' AND sk = 1`),
    ]),
  ),
  single(
    'a batch read with parameters',
    batch([st(`SELECT n FROM "${ITEMS}" WHERE id = ?`, { Parameters: [{ S: 'i1' }] }), st(`SELECT n FROM "${ITEMS}" WHERE id = ?`)]),
  ),
  single('a batch of writes, each alone', [
    step('PutItem', { TableName: ITEMS, Item: { id: { S: 'b3' }, v: { N: '1' } } }),
    batch([
      st(`INSERT INTO "${ITEMS}" VALUE {'id': 'b1'}`),
      st(`INSERT INTO "${ITEMS}" VALUE {'id': 'i1'}`),
      st(`UPDATE "${ITEMS}" SET v = 2 WHERE id = 'absent'`),
      st(`UPDATE "${ITEMS}" SET v = 9 WHERE id = 'b3' RETURNING ALL NEW *`),
      st(`DELETE FROM "${ITEMS}" WHERE id = 'b1-other'`),
    ]),
    getOf(ITEMS, { id: { S: 'b1' } }),
    getOf(ITEMS, { id: { S: 'b3' } }),
  ]),
  single('a batch mixing reads and writes', batch([st(`SELECT * FROM "${ITEMS}" WHERE id = 'i1'`), st(`INSERT INTO "${ITEMS}" VALUE {'id': 'b4'}`)])),
  single('a batch naming one item twice', batch([st(`UPDATE "${ITEMS}" SET v = 1 WHERE id = 'b5'`), st(`DELETE FROM "${ITEMS}" WHERE id = 'b5'`)])),
  single('a batch with EXISTS', batch([st(`EXISTS(SELECT * FROM "${ITEMS}" WHERE id = 'i1' AND n = 5)`)])),
];

const TRANSACTIONS: DifferentialCase[] = [
  single('a write transaction with a check commits', [
    transaction([
      st(`INSERT INTO "${ITEMS}" VALUE {'id': 't1'}`),
      st(`UPDATE "${ITEMS}" SET seen = true WHERE id = 'i1'`),
      st(`EXISTS(SELECT * FROM "${ORDERS}" WHERE pk = 'c1' AND sk = 1 AND total = 10)`),
    ]),
    getOf(ITEMS, { id: { S: 't1' } }),
    getOf(ITEMS, { id: { S: 'i1' } }),
  ]),
  single('a failing transaction changes nothing', [
    transaction([
      st(`INSERT INTO "${ITEMS}" VALUE {'id': 't2'}`),
      st(`UPDATE "${ITEMS}" SET v = 5 WHERE id = 'absent'`),
      st(`EXISTS(SELECT * FROM "${ORDERS}" WHERE pk = 'c1' AND sk = 1 AND total = 11)`),
    ]),
    getOf(ITEMS, { id: { S: 't2' } }),
  ]),
  single(
    'a read transaction',
    transaction([
      st(`SELECT * FROM "${ITEMS}" WHERE id = 'i1'`),
      st(`SELECT sk FROM "${ORDERS}" WHERE pk = 'c1' AND sk = 2`),
      st(`SELECT * FROM "${ITEMS}" WHERE id = 'none'`),
    ]),
  ),
  single('a transaction mixing reads and writes', transaction([st(`SELECT * FROM "${ITEMS}" WHERE id = 'i1'`), st(`DELETE FROM "${ITEMS}" WHERE id = 't1'`)])),
  single('a transaction SELECT without the whole key', transaction([st(`SELECT * FROM "${ORDERS}" WHERE pk = 'c1'`)])),
  single('a transaction with RETURNING', transaction([st(`DELETE FROM "${ITEMS}" WHERE id = 't1' RETURNING ALL OLD *`)])),
  single('an EXISTS without a condition', transaction([st(`EXISTS(SELECT * FROM "${ITEMS}" WHERE id = 'i1')`)])),
  single('a transaction naming one item twice', transaction([st(`DELETE FROM "${ITEMS}" WHERE id = 't1'`), st(`UPDATE "${ITEMS}" SET a = 1 WHERE id = 't1'`)])),
  single('a transaction with a syntax error', { ...transaction([st('DELETE FROM')]), messageKey: notWellFormed }),
  single('a repeated ClientRequestToken', [
    transaction([st(`INSERT INTO "${ITEMS}" VALUE {'id': 't3'}`)], { ClientRequestToken: 'token-1' }),
    transaction([st(`INSERT INTO "${ITEMS}" VALUE {'id': 't3'}`)], { ClientRequestToken: 'token-1' }),
    getOf(ITEMS, { id: { S: 't3' } }),
  ]),
];

/** Where Strata answers as AWS does and DynamoDB Local does not. */
const AWS_ANSWERS: DifferentialCase[] = [
  single('an unknown table', step('ExecuteStatement', { Statement: 'SELECT * FROM "nope-table"' }, AWS_UNKNOWN_TABLE)),
  ...[
    `SELECT sk FROM "${ORDERS}" WHERE pk = 'c1' ORDER BY sk DESC`,
    `SELECT sk FROM "${ORDERS}" WHERE pk = 'c1' ORDER BY pk, sk DESC`,
    `SELECT sk FROM "${ORDERS}" WHERE pk = 'c1' AND sk > 1 ORDER BY sk DESC`,
  ].map((statement) =>
    single(
      statement,
      step(
        'ExecuteStatement',
        { Statement: statement },
        {
          awsDiffers:
            'DynamoDB Local fails with an InternalFailure (500) on ORDER BY DESC of a table with a GSI; AWS documents it (developer guide, PartiQL SELECT)',
          aws: { status: 200 },
        },
      ),
    ),
  ),
  single(
    'ConsistentRead on a GSI',
    step(
      'ExecuteStatement',
      { Statement: `SELECT sk FROM "${ORDERS}"."${INDEX}" WHERE status = 'open'`, ConsistentRead: true },
      {
        awsDiffers: "AWS's PartiQL words (nubo-db/dynamodb-conformance, partiqlIndexQualifier, against AWS)",
        aws: { status: 400, type: 'ValidationException', message: 'Strongly consistent read is not supported on Global Secondary Indexes' },
      },
    ),
  ),
  single(
    'a batch with an unknown table',
    step(
      'BatchExecuteStatement',
      { Statements: [{ Statement: `DELETE FROM "nope-table" WHERE id = 'x'` }] },
      { awsDiffers: 'AWS answers an unknown table in its usual words, as for ExecuteStatement', aws: { status: 200 } },
    ),
  ),
  single(
    'an empty statement',
    step(
      'ExecuteStatement',
      { Statement: '' },
      {
        awsDiffers: "AWS's request validation refuses a Statement shorter than 1 character (API reference: Statement, length 1 to 8192)",
        aws: {
          status: 400,
          type: 'ValidationException',
          message: "1 validation error detected: Value '' at 'statement' failed to satisfy constraint: Member must have length greater than or equal to 1",
        },
      },
    ),
  ),
  single(
    'a batch SELECT without the whole key',
    step(
      'BatchExecuteStatement',
      { Statements: [{ Statement: `SELECT * FROM "${ORDERS}" WHERE pk = 'c1'` }] },
      {
        awsDiffers: "AWS's message names BatchExecuteStatement (nubo-db/dynamodb-conformance, tier2 batchExecuteStatement, against AWS)",
        aws: { status: 200 },
      },
    ),
  ),
  single(
    'an empty batch',
    step(
      'BatchExecuteStatement',
      { Statements: [] },
      {
        awsDiffers: "AWS's request validation refuses an empty list before the statements are read",
        aws: {
          status: 400,
          type: 'ValidationException',
          message: "1 validation error detected: Value '[]' at 'statements' failed to satisfy constraint: Member must have length greater than or equal to 1",
        },
      },
    ),
  ),
  single(
    'too many parameters',
    step(
      'ExecuteStatement',
      { Statement: `SELECT sk FROM "${ORDERS}" WHERE pk = ?`, Parameters: [{ S: 'c1' }, { N: '1' }] },
      {
        awsDiffers: 'DynamoDB Local ignores extra parameters; Strata refuses every mismatch in count, with AWS’s message for too few',
        aws: { status: 400, type: 'ValidationException', message: "Number of parameters in request and statement don't match." },
      },
    ),
  ),
  single(
    'a duplicate INSERT in a transaction',
    step(
      'ExecuteTransaction',
      { TransactStatements: [{ Statement: `INSERT INTO "${ITEMS}" VALUE {'id': 'i1'}` }] },
      {
        awsDiffers: 'Strata gives the DuplicateItem code of BatchStatementError to a duplicate INSERT; DynamoDB Local gives ValidationError',
        aws: {
          status: 400,
          type: 'TransactionCanceledException',
          message: 'Transaction cancelled, please refer cancellation reasons for specific reasons [DuplicateItem]',
        },
      },
    ),
  ),
];

const readCases = (statements: readonly string[], unorderedItems: boolean): DifferentialCase[] =>
  statements.map((statement) => single(statement, { ...execute(statement), ...(unorderedItems ? { unorderedItems } : {}) }));

differentialSuite('differential: PartiQL', [
  SETUP,
  ...readCases(ORDERED_SELECTS, false),
  ...readCases(UNORDERED_SELECTS, true),
  ...REFUSED.map((statement) => single(`refuses ${statement}`, execute(statement))),
  ...MALFORMED.map((statement) => single(`refuses malformed ${JSON.stringify(statement)}`, { ...execute(statement), messageKey: notWellFormed })),
  ...PARAMETERS,
  ...PAGING,
  ...WRITES,
  ...BATCHES,
  ...TRANSACTIONS,
  ...AWS_ANSWERS,
]);
