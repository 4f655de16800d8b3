import { createTableBody, differentialSuite, freshTableName, step, type AwsOutcome, type DifferentialCase, type Step } from './harness.js';

/**
 * More PartiQL against DynamoDB Local: paging a statement on with each server's own
 * NextToken, parameters of every type, reserved words and case, the refusals of each
 * statement kind, and BatchExecuteStatement and ExecuteTransaction at their limits and
 * in their per-statement errors. Table contents are read back after writes.
 *
 * Where Strata follows AWS instead of DynamoDB Local, the step says why and gives
 * AWS's outcome; sources are those of /work/partiql-facts.md: AWS's API model
 * (botocore service-2.json) and the answers pinned against AWS in
 * nubo-db/dynamodb-conformance (tests/tier2/partiql, tests/tier3/error-messages).
 */
type Json = Record<string, unknown>;

const PAGED = freshTableName('pqc-paged');
const KV = freshTableName('pqc-kv');
const BIN = freshTableName('pqc-bin');
const FLAGS = 'by-flag';

const execute = (Statement: string, extra: Json = {}, options: Partial<Step> = {}): Step => ({
  ...step('ExecuteStatement', { Statement, ...extra }),
  ...options,
});
/** The same statement again, from where the previous answer of each server stopped. */
const pageOn = (Statement: string, extra: Json = {}): Step => execute(Statement, extra, { withPreviousNextToken: true });
const getOf = (table: string, Key: Json): Step => step('GetItem', { TableName: table, Key, ConsistentRead: true });
const scanOf = (table: string): Step => ({ ...step('Scan', { TableName: table, ConsistentRead: true }), unorderedItems: true });
const st = (Statement: string, extra: Json = {}): Json => ({ Statement, ...extra });
const batch = (Statements: Json[], extra: Json = {}, options: Partial<Step> = {}): Step => ({
  ...step('BatchExecuteStatement', { Statements, ...extra }),
  ...options,
});
const transaction = (TransactStatements: Json[], extra: Json = {}, options: Partial<Step> = {}): Step => ({
  ...step('ExecuteTransaction', { TransactStatements, ...extra }),
  ...options,
});
const single = (name: string, ...steps: Step[]): DifferentialCase => ({ name, steps });
const kvKey = (id: string): Json => ({ id: { S: id } });

// ---------------------------------------------------------------------------------
// Where DynamoDB Local is known to answer differently from AWS.

const UNKNOWN_TABLE = 'Requested resource not found';
/** nubo-db/dynamodb-conformance, tier3 partiql: AWS answers an unknown table in its usual words. */
const AWS_UNKNOWN_TABLE: Partial<Step> = {
  awsDiffers: 'AWS says "Requested resource not found" for an unknown table (nubo-db/dynamodb-conformance, tier3 partiql)',
  aws: { status: 400, type: 'ResourceNotFoundException', message: UNKNOWN_TABLE },
};
/** AWS checks list lengths against its API model (botocore: Statements 1..25, TransactStatements 1..100, Parameters min 1). */
const modelValidation = (message?: string): Partial<Step> => ({
  awsDiffers: 'AWS\'s API model refuses the list\'s length with its standard "1 validation error detected: ..." message',
  aws: { status: 400, type: 'ValidationException', ...(message === undefined ? {} : { message }) },
});
/** DynamoDB Local never reports ConsumedCapacity for PartiQL; AWS does when asked (API reference, ExecuteStatement output). */
const withCapacity = (body: unknown): Partial<Step> => ({
  awsDiffers: 'AWS reports ConsumedCapacity for PartiQL operations (API reference); DynamoDB Local never does',
  aws: { status: 200, body },
});
/**
 * MODIFIED OLD/NEW of a nested path: DynamoDB Local answers with the whole top-level
 * attribute, as its UpdateItem does for UPDATED_OLD/UPDATED_NEW; AWS returns only the
 * parts at the updated paths (test/differential/update-corners.test.ts gives the
 * sources: paritysuite/dynamodb-conformance tier1 updateItem, ExtendDB/extenddb#98).
 */
const NESTED_FRAGMENT: Partial<Step> = {
  awsDiffers: 'AWS returns only the updated parts of a nested attribute; DynamoDB Local the whole attribute',
  aws: { status: 200 },
};
/** A batch whose answer on AWS is `body` (HTTP 200), where DynamoDB Local words a member's error its own way. */
const awsBatchBody = (reason: string, body: unknown): Partial<Step> => ({ awsDiffers: reason, aws: { status: 200, body } });
const BATCH_KEY_MESSAGE = 'Select statements within BatchExecuteStatement must specify the primary key in the where clause.';
const batchKeyError = { Error: { Code: 'ValidationError', Message: BATCH_KEY_MESSAGE } };
const BATCH_KEY_REASON =
  'AWS names BatchExecuteStatement when a batch SELECT does not pin the whole key (nubo-db/dynamodb-conformance, tier2 batchExecuteStatement); DynamoDB Local says "Only single item select is supported"';
const PARAMETER_COUNT = "Number of parameters in request and statement don't match.";
const EXTRA_PARAMETERS: AwsOutcome = { status: 400, type: 'ValidationException', message: PARAMETER_COUNT };
const EXTRA_PARAMETERS_REASON = 'Strata refuses any mismatch in the number of parameters, as AWS refuses too few; DynamoDB Local ignores extra ones';
/**
 * DynamoDB Local refuses a batch that names one item twice ("Provided list of item keys
 * contains duplicates") yet applies its writes; AWS validates the batch before it runs
 * any statement, as BatchWriteItem does, so nothing is written.
 */
const untouchedAfterRefusedBatch = (body: unknown): Partial<Step> => ({
  awsDiffers: 'DynamoDB Local applies the writes of a batch it refuses for naming one item twice; AWS refuses the batch before running it',
  aws: { status: 200, body },
});
const cancelledWith = (codes: readonly string[]): string =>
  `Transaction cancelled, please refer cancellation reasons for specific reasons [${codes.join(', ')}]`;

// ---------------------------------------------------------------------------------
// The tables.

const pagedItem = (pk: string, sk: number): Json => ({
  pk: { S: pk },
  sk: { N: String(sk) },
  flag: { S: sk % 2 === 0 ? 'even' : 'odd' },
  v: { N: String(sk * 10) },
});

const SETUP = single(
  'creates the tables and their items',
  step(
    'CreateTable',
    createTableBody(
      PAGED,
      { hash: ['pk', 'S'], range: ['sk', 'N'] },
      {
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [
          { AttributeName: 'pk', AttributeType: 'S' },
          { AttributeName: 'sk', AttributeType: 'N' },
          { AttributeName: 'flag', AttributeType: 'S' },
        ],
        GlobalSecondaryIndexes: [{ IndexName: FLAGS, KeySchema: [{ AttributeName: 'flag', KeyType: 'HASH' }], Projection: { ProjectionType: 'ALL' } }],
      },
    ),
  ),
  step('CreateTable', createTableBody(KV, { hash: ['id', 'S'] })),
  step('CreateTable', createTableBody(BIN, { hash: ['id', 'B'] })),
  ...['a', 'b'].flatMap((pk) => [0, 1, 2, 3, 4, 5].map((sk) => step('PutItem', { TableName: PAGED, Item: pagedItem(pk, sk) }))),
  step('PutItem', {
    TableName: KV,
    Item: { id: { S: 'k1' }, n: { N: '1' }, l: { L: [{ N: '1' }, { L: [{ S: 'x' }] }] }, m: { M: { a: { M: { b: { S: 'deep' } } } } } },
  }),
  step('PutItem', { TableName: KV, Item: { id: { S: 'k2' }, n: { N: '2' } } }),
);

// ---------------------------------------------------------------------------------
// Paging: each step goes on from where the same server's previous answer stopped.

const partition = `SELECT sk FROM "${PAGED}" WHERE pk = 'a'`;
const bothPartitions = `SELECT pk, sk FROM "${PAGED}" WHERE pk IN ['a', 'b']`;
const filtered = `SELECT sk FROM "${PAGED}" WHERE pk = 'a' AND v > 25`;
const PAGING: DifferentialCase[] = [
  single(
    'pages through a partition two items at a time',
    execute(partition, { Limit: 2 }),
    pageOn(partition, { Limit: 2 }),
    pageOn(partition, { Limit: 2 }),
    pageOn(partition, { Limit: 2 }),
  ),
  single('pages through a partition, the last page short', execute(partition, { Limit: 4 }), pageOn(partition, { Limit: 4 })),
  single(
    'pages across the partitions of an IN list',
    execute(bothPartitions, { Limit: 4 }),
    pageOn(bothPartitions, { Limit: 4 }),
    pageOn(bothPartitions, { Limit: 4 }),
    pageOn(bothPartitions, { Limit: 4 }),
  ),
  single(
    'pages of a filter, the first empty with a token',
    execute(filtered, { Limit: 2 }),
    pageOn(filtered, { Limit: 2 }),
    pageOn(filtered, { Limit: 2 }),
    pageOn(filtered, { Limit: 2 }),
  ),
  single(
    'pages with parameters',
    execute(`SELECT sk FROM "${PAGED}" WHERE pk = ? AND sk > ?`, { Limit: 2, Parameters: [{ S: 'b' }, { N: '1' }] }),
    pageOn(`SELECT sk FROM "${PAGED}" WHERE pk = ? AND sk > ?`, { Limit: 2, Parameters: [{ S: 'b' }, { N: '1' }] }),
  ),
  single(
    'pages with a projection of a key range',
    execute(`SELECT v FROM "${PAGED}" WHERE pk = 'b' AND sk BETWEEN 1 AND 4`, { Limit: 3 }),
    pageOn(`SELECT v FROM "${PAGED}" WHERE pk = 'b' AND sk BETWEEN 1 AND 4`, { Limit: 3 }),
  ),
  single('a Limit beyond the partition gives no token', execute(partition, { Limit: 100 })),
  single('an index read with a Limit beyond its items', {
    ...execute(`SELECT pk, sk FROM "${PAGED}"."${FLAGS}" WHERE flag = 'odd'`, { Limit: 50 }),
    unorderedItems: true,
  }),
  single('a scan with a Limit beyond the table', { ...execute(`SELECT pk, sk FROM "${PAGED}"`, { Limit: 50 }), unorderedItems: true }),
  single('a Limit of 0', execute(partition, { Limit: 0 })),
  single('a negative Limit', execute(partition, { Limit: -1 })),
  single('a Limit on a keyed read of one item', execute(`SELECT * FROM "${PAGED}" WHERE pk = 'a' AND sk = 3`, { Limit: 1 })),
  single(
    'the NextToken of another statement',
    execute(`SELECT sk FROM "${PAGED}" WHERE pk = 'b'`, { Limit: 2 }),
    execute(
      partition,
      { Limit: 2 },
      {
        withPreviousNextToken: true,
        awsDiffers:
          "AWS refuses a NextToken of another statement (DynamoDB Local's own message list: 'NextToken does not match request'); DynamoDB Local reads on",
        aws: { status: 400, type: 'ValidationException', message: 'NextToken does not match request' },
      },
    ),
  ),
  single(
    'a NextToken that is not a token',
    execute(
      partition,
      { NextToken: 'not-a-token' },
      {
        awsDiffers:
          "DynamoDB Local fails with an InternalFailure (500) on a NextToken it cannot decode; 'Invalid NextToken' is in its own PartiQL message list",
        aws: { status: 400, type: 'ValidationException', message: 'Invalid NextToken' },
      },
    ),
  ),
  single(
    'a Limit on a keyed read of one item, paged on',
    execute(`SELECT * FROM "${PAGED}" WHERE pk = 'b' AND sk = 2`, { Limit: 1 }),
    pageOn(`SELECT * FROM "${PAGED}" WHERE pk = 'b' AND sk = 2`, { Limit: 1 }),
  ),
];

// ---------------------------------------------------------------------------------
// Parameters of every type, in keys, values and conditions.

const PARAMETERS: DifferentialCase[] = [
  single(
    'a binary key as a parameter, written and read',
    execute(`INSERT INTO "${BIN}" VALUE {'id': ?, 'bs': ?}`, { Parameters: [{ B: 'AAE=' }, { BS: ['AQ==', 'Ag=='] }] }),
    execute(`SELECT * FROM "${BIN}" WHERE id = ?`, { Parameters: [{ B: 'AAE=' }] }),
    getOf(BIN, { id: { B: 'AAE=' } }),
  ),
  single('a string for a binary key', execute(`SELECT * FROM "${BIN}" WHERE id = 'AAE='`)),
  single('a NULL parameter for a key', execute(`SELECT * FROM "${KV}" WHERE id = ?`, { Parameters: [{ NULL: true }] })),
  single('a BOOL parameter for a key', execute(`SELECT * FROM "${KV}" WHERE id = ?`, { Parameters: [{ BOOL: true }] })),
  single('a string set parameter for a key', execute(`SELECT * FROM "${KV}" WHERE id = ?`, { Parameters: [{ SS: ['k1'] }] })),
  single(
    'parameters of every scalar and set type, read back',
    execute(`INSERT INTO "${KV}" VALUE {'id': ?, 'b': ?, 'f': ?, 'z': ?, 'ns': ?, 'ss': ?, 'n': ?}`, {
      Parameters: [{ S: 'pp1' }, { BOOL: false }, { BOOL: true }, { NULL: true }, { NS: ['3', '1.50'] }, { SS: ['x'] }, { N: '-0.0100' }],
    }),
    getOf(KV, kvKey('pp1')),
  ),
  single(
    'parameters inside a map and a list',
    execute(`INSERT INTO "${KV}" VALUE {'id': 'pp2', 'm': {'inner': ?, 'l': [?, 1]}}`, { Parameters: [{ M: { deep: { B: 'AAE=' } } }, { S: 'first' }] }),
    getOf(KV, kvKey('pp2')),
  ),
  single('a parameter in an IN list', execute(`SELECT id FROM "${KV}" WHERE id IN [?, 'k2']`, { Parameters: [{ S: 'k1' }] })),
  single('a parameter compared with a non-key', execute(`SELECT id FROM "${KV}" WHERE id = 'k1' AND n = ?`, { Parameters: [{ N: '1.0' }] })),
  single('a parameter for begins_with', execute(`SELECT id FROM "${KV}" WHERE id = 'k1' AND begins_with(id, ?)`, { Parameters: [{ S: 'k' }] })),
  single('a parameter for attribute_type', execute(`SELECT id FROM "${KV}" WHERE id = 'k1' AND attribute_type(id, ?)`, { Parameters: [{ S: 'S' }] })),
  single(
    'a parameter in UPDATE SET of a list element',
    step('PutItem', { TableName: KV, Item: { id: { S: 'pp3' }, l: { L: [{ N: '1' }, { N: '2' }] } } }),
    execute(`UPDATE "${KV}" SET l[1] = ? WHERE id = 'pp3' RETURNING MODIFIED NEW *`, { Parameters: [{ M: { x: { NULL: true } } }] }, NESTED_FRAGMENT),
    getOf(KV, kvKey('pp3')),
  ),
  single(
    'a parameter in DELETE',
    step('PutItem', { TableName: KV, Item: { id: { S: 'pp4' } } }),
    execute(`DELETE FROM "${KV}" WHERE id = ? RETURNING ALL OLD *`, { Parameters: [{ S: 'pp4' }] }),
    getOf(KV, kvKey('pp4')),
  ),
  single(
    'an empty Parameters list',
    execute(
      `SELECT * FROM "${KV}" WHERE id = 'k1'`,
      { Parameters: [] },
      modelValidation(
        "1 validation error detected: Value '[]' at 'parameters' failed to satisfy constraint: Member must have length greater than or equal to 1",
      ),
    ),
  ),
  single(
    'a parameter the statement does not use',
    execute(`SELECT * FROM "${KV}" WHERE id = 'k1'`, { Parameters: [{ S: 'a' }] }, { awsDiffers: EXTRA_PARAMETERS_REASON, aws: EXTRA_PARAMETERS }),
  ),
  single('a parameter inside a list literal of a condition', execute(`SELECT * FROM "${KV}" WHERE id = 'k1' AND l = [?]`, { Parameters: [{ S: 'a' }] })),
  single(
    'a parameter inside a map literal of SET',
    execute(`UPDATE "${KV}" SET m = {'a': ?} WHERE id = 'k1'`, { Parameters: [{ S: 'a' }] }),
    getOf(KV, kvKey('k1')),
  ),
  single(
    'a parameter two maps deep in an INSERT',
    execute(`INSERT INTO "${KV}" VALUE {'id': 'pp5', 'm': {'a': {'b': ?}}}`, { Parameters: [{ S: 'a' }] }),
    getOf(KV, kvKey('pp5')),
  ),
  single('a parameter inside a list of an INSERT', execute(`INSERT INTO "${KV}" VALUE {'id': 'pp6', 'l': [1, ?]}`, { Parameters: [{ S: 'a' }] })),
  single('a named parameter is not a parameter', execute(`SELECT * FROM "${KV}" WHERE id = :id`, { Parameters: [{ S: 'k1' }] })),
];

// ---------------------------------------------------------------------------------
// Refusals and conditions, compared in full.

const COMPARED_STATEMENTS = [
  `SELECT * FROM "${PAGED}" LIMIT 1`,
  `SELECT * FROM "${PAGED}" WHERE pk = 'a' LIMIT 1`,
  `SELECT * FROM "${PAGED}" WHERE pk = 'a' HAVING sk = 1`,
  `SELECT * FROM "${PAGED}" WHERE pk = 'a' GROUP BY sk`,
  `SELECT * FROM "${PAGED}" WHERE pk = 'a' OFFSET 1`,
  `SELECT * FROM "${PAGED}" OFFSET 1`,
  `SELECT * FROM "${KV}" WHERE id = MISSING`,
  `SELECT COUNT(*) FROM "${PAGED}"`,
  `SELECT sk + 1 FROM "${PAGED}" WHERE pk = 'a'`,
  `SELECT 'x' FROM "${PAGED}" WHERE pk = 'a'`,
  `SELECT * FROM "${PAGED}", "${KV}"`,
  `SELECT * FROM "${PAGED}" p`,
  `SELECT * FROM "${PAGED}" AS p`,
  `SELECT p.sk FROM "${PAGED}" AS p WHERE p.pk = 'a'`,
  `SELECT * FROM "${PAGED}" WHERE pk = 'a' AND sk NOT BETWEEN 1 AND 3`,
  `SELECT sk FROM "${PAGED}" WHERE pk = 'a' AND sk NOT IN [1, 3]`,
  `SELECT sk FROM "${PAGED}" WHERE pk = 'a' AND NOT contains(flag, 'dd')`,
  `SELECT l[1][0], m.a.b FROM "${KV}" WHERE id = 'k1'`,
  `SELECT l[0], l[1] FROM "${KV}" WHERE id = 'k1'`,
  `SELECT m.a.b, l[1][0], "x y" FROM "${KV}" WHERE id = 'k1'`,
  `SELECT l[1][0], l[1] FROM "${KV}" WHERE id = 'k1'`,
  `SELECT * FROM "${KV}" WHERE id = 'k1' AND l[1][0] = 'x'`,
  `SELECT * FROM "${KV}" WHERE id = 'k1' AND m.a.b = 'deep' AND size(l) = 2`,
  `SELECT * FROM "${KV}" WHERE id = 'k1' AND "value" = 1`,
  `SELECT * FROM "${KV}" WHERE id = 'k1' AND "select" = 1`,
  `SELECT * FROM "${KV}" WHERE id = 'k1' AND "user" = 1`,
  `SELECT * FROM "${KV}" WHERE id = 'k1' AND "order" = 1`,
  `SELECT * FROM "${KV}" WHERE id = 'k1' AND name = 1`,
  `SELECT * FROM "${KV}" WHERE id = 'k1' AND status = 1`,
  `SELECT * FROM "${KV}" WHERE id = 'k1' AND type = 1`,
  `SELECT * FROM "${KV}" WHERE ID = 'k1'`,
  `SELECT * FROM "${KV}" WHERE id = 'k1' AND N = 1`,
  `SELECT * FROM "${KV}" WHERE id = 'k1' AND TRUE`,
  `SELECT * FROM "${KV}" WHERE id = 'k1' AND n = TRUE`,
  `SELECT * FROM "${KV}" WHERE id = 'k1' AND n = null`,
  `SELECT * FROM "${KV}" WHERE id = 'k1' AND n = MISSING`,
  `SELECT * FROM "${KV}" WHERE id = 'k1' AND n < m`,
  `SELECT * FROM "${KV}" WHERE id = 'k1' AND 1 = 1`,
  `SELECT * FROM "${KV}" WHERE 'k1' = id`,
  `SELECT * FROM "${KV}" WHERE id = 'k1' AND n + 1 = 2`,
  `SELECT * FROM "${KV}" WHERE id = 'k1' AND size(l) BETWEEN 1 AND 2`,
  `SELECT * FROM "${KV}" WHERE id = 'k1' AND attribute_exists("n")`,
  `SELECT * FROM "${KV}" WHERE id = 'k1' AND ATTRIBUTE_EXISTS(n)`,
  `SELECT * FROM "${KV}" WHERE id = 'k1' AND Begins_With(id, 'k')`,
  `SELECT * FROM "${KV}" WHERE id = 'k1' AND begins_with(id)`,
  `SELECT * FROM "${KV}" WHERE id = 'k1' AND contains(id, 'k', 'x')`,
  `SELECT * FROM "${KV}" WHERE id = 'k1' AND attribute_type(id, 'X')`,
  `SELECT * FROM "${KV}" WHERE id = 'k1' AND attribute_type(id, 1)`,
  `SELECT * FROM "${KV}" WHERE id = 'k1' AND attribute_type(m, 'M') AND attribute_type(l, 'L')`,
  `SELECT * FROM "${KV}" WHERE id = 'k1' AND n IN [1, 2, 3]`,
  `SELECT * FROM "${KV}" WHERE id = 'k1' OR id = 'k2' OR id = 'k3'`,
  `SELECT * FROM "${KV}" WHERE id = 'k1' ORDER BY id`,
  `UPDATE "${PAGED}"."${FLAGS}" SET a = 1 WHERE pk = 'a' AND sk = 1`,
  `DELETE FROM "${PAGED}"."${FLAGS}" WHERE pk = 'a' AND sk = 1`,
  `INSERT INTO "${PAGED}"."${FLAGS}" VALUE {'pk': 'a', 'sk': 1}`,
  `INSERT INTO "${KV}" VALUE {'id': 'r1', 'n': 1e-131}`,
  `INSERT INTO "${KV}" VALUE {'id': 'r1', 'x': <<1, 1>>}`,
  `INSERT INTO "${KV}" VALUE {'id': 'r1', 'x': <<[1]>>}`,
  `INSERT INTO "${KV}" VALUE {'id': 'r1', 'm': {1: 'x'}}`,
  `INSERT INTO "${KV}" VALUE {'id': 'r1'}, {'id': 'r2'}`,
  `INSERT INTO "${KV}" VALUE {'id': ?}`,
  `UPDATE "${KV}" ADD n 1 WHERE id = 'k1'`,
  `UPDATE "${KV}" SET n = n * 2 WHERE id = 'k1'`,
  `UPDATE "${KV}" SET n = 1 WHERE id = 'k1' RETURNING ALL NEW *, ALL OLD *`,
  `UPDATE "${KV}" SET ss = set_add(ss) WHERE id = 'k1'`,
  `UPDATE "${KV}" SET ss = set_add(ss, 'x') WHERE id = 'k1'`,
  `UPDATE "${KV}" SET n = 1 WHERE id = 'k1' AND n IS MISSING`,
  `UPDATE "${KV}" SET n = 1 WHERE id IN ['k1']`,
  `DELETE FROM "${KV}" WHERE id = 'k9' AND id = 'k8'`,
  `DELETE FROM "${KV}" WHERE id > 'k1'`,
  `SELECT * FROM "${KV}" WHERE id = 'k1' UNION SELECT * FROM "${KV}" WHERE id = 'k2'`,
  `SELECT * FROM "${KV}" WHERE id = 'k1' INTERSECT SELECT * FROM "${KV}"`,
  `SELECT * FROM "${KV}" WHERE id = 'k1' EXCEPT SELECT * FROM "${KV}"`,
];

/** Bare words PartiQL keeps for itself: a syntax error, where the double-quoted name reads the attribute. */
const RESERVED_WORDS = ['value', 'date', 'count', 'user', 'key', 'order', 'timestamp', 'select', 'from', 'null', 'table'];

const REFUSALS: DifferentialCase[] = [
  ...COMPARED_STATEMENTS.map((statement) => single(statement, execute(statement))),
  ...RESERVED_WORDS.map((word) => single(`the bare reserved word ${word}`, execute(`SELECT * FROM "${KV}" WHERE id = 'k1' AND ${word} = 1`))),
  single('an unknown table in another case', execute(`SELECT * FROM "${KV.toUpperCase()}" WHERE id = 'k1'`, {}, AWS_UNKNOWN_TABLE)),
  single('INSERT into an unknown table', execute(`INSERT INTO "nope-table" VALUE {'id': 'x'}`, {}, AWS_UNKNOWN_TABLE)),
  single('UPDATE of an unknown table', execute(`UPDATE "nope-table" SET a = 1 WHERE id = 'x'`, {}, AWS_UNKNOWN_TABLE)),
  single('DELETE from an unknown table', execute(`DELETE FROM "nope-table" WHERE id = 'x'`, {}, AWS_UNKNOWN_TABLE)),
  single(
    'no Statement at all',
    step(
      'ExecuteStatement',
      {},
      {
        awsDiffers: "AWS's API model requires Statement (botocore service-2.json); DynamoDB Local fails with an InternalFailure (500)",
        aws: {
          status: 400,
          type: 'ValidationException',
          message: "1 validation error detected: Value null at 'statement' failed to satisfy constraint: Member must not be null",
        },
      },
    ),
  ),
  single(
    'ConsumedCapacity of a keyed SELECT',
    execute(
      `SELECT * FROM "${KV}" WHERE id = 'k2'`,
      { ReturnConsumedCapacity: 'TOTAL' },
      withCapacity({ Items: [{ id: { S: 'k2' }, n: { N: '2' } }], ConsumedCapacity: { TableName: KV, CapacityUnits: 0.5 } }),
    ),
  ),
  single(
    'ConsumedCapacity of an INSERT',
    execute(
      `INSERT INTO "${KV}" VALUE {'id': 'cc1'}`,
      { ReturnConsumedCapacity: 'TOTAL' },
      withCapacity({ Items: [], ConsumedCapacity: { TableName: KV, CapacityUnits: 1 } }),
    ),
    getOf(KV, kvKey('cc1')),
  ),
  single('ConsumedCapacity NONE is left out', execute(`SELECT * FROM "${KV}" WHERE id = 'k2'`, { ReturnConsumedCapacity: 'NONE' })),
];

// ---------------------------------------------------------------------------------
// Writes, read back.

const WRITES: DifferentialCase[] = [
  single(
    'INSERT of strings with quotes, unicode and escapes',
    execute(`INSERT INTO "${KV}" VALUE {'id': 'w1', 'q': '''quoted''', 'u': 'zürich ✓', 'bs': 'back\\slash', 'nl': 'a\nb', 'dq': 'say "hi"'}`),
    getOf(KV, kvKey('w1')),
  ),
  single(
    'INSERT of numbers in every form',
    execute(
      `INSERT INTO "${KV}" VALUE {'id': 'w2', 'a': 0, 'b': -0.5, 'c': 1.2300, 'd': 1e3, 'e': 1.5E-3, 'f': 99999999999999999999999999999999999999, 'g': -0.00000000000000000000000000000000000001, 'h': 1E+2}`,
    ),
    getOf(KV, kvKey('w2')),
  ),
  single(
    'INSERT of nested collections',
    execute(`INSERT INTO "${KV}" VALUE {'id': 'w3', 'm': {'l': [{'deep': [[]]}, <<1, 2>>], 'e': {}}, 'b': [true, FALSE, null, NULL]}`),
    getOf(KV, kvKey('w3')),
  ),
  single('INSERT with keywords in lower case', execute(`insert into "${KV}" value {'id': 'w4', 'x': true}`), getOf(KV, kvKey('w4'))),
  single('INSERT with an unquoted table name', execute(`INSERT INTO ${KV.replace(/-/g, '')} VALUE {'id': 'w5'}`, {}, AWS_UNKNOWN_TABLE)),
  single('INSERT with the attribute names in double quotes', execute(`INSERT INTO "${KV}" VALUE {"id": 'w6'}`)),
  single(
    'UPDATE of a nested map path and list element together',
    step('PutItem', { TableName: KV, Item: { id: { S: 'w7' }, m: { M: { a: { M: { b: { N: '1' } } } } }, l: { L: [{ N: '1' }, { L: [{ N: '2' }] }] } } }),
    execute(`UPDATE "${KV}" SET m.a.b = m.a.b + 1, l[1][0] = 'x', m.a.c = list_append([0], l[1]) WHERE id = 'w7' RETURNING ALL NEW *`),
    getOf(KV, kvKey('w7')),
  ),
  single(
    'UPDATE with if_not_exists on a nested path',
    step('PutItem', { TableName: KV, Item: { id: { S: 'w8' }, m: { M: {} } } }),
    execute(`UPDATE "${KV}" SET m.count = if_not_exists(m.count, 0) + 1 WHERE id = 'w8' RETURNING MODIFIED NEW *`),
    execute(`UPDATE "${KV}" SET m.count = if_not_exists(m.count, 0) + 1 WHERE id = 'w8' RETURNING MODIFIED OLD *`),
    getOf(KV, kvKey('w8')),
  ),
  single(
    'UPDATE with set_add and set_delete of number sets',
    step('PutItem', { TableName: KV, Item: { id: { S: 'w9' }, ns: { NS: ['1', '2'] } } }),
    execute(`UPDATE "${KV}" SET ns = set_add(ns, <<3, 4>>) WHERE id = 'w9'`),
    execute(`UPDATE "${KV}" SET ns = SET_DELETE(ns, <<1, 2, 3, 4>>) WHERE id = 'w9' RETURNING ALL NEW *`),
    getOf(KV, kvKey('w9')),
  ),
  single(
    'UPDATE REMOVE of several paths',
    step('PutItem', { TableName: KV, Item: { id: { S: 'w10' }, a: { N: '1' }, b: { N: '2' }, m: { M: { x: { N: '3' }, y: { N: '4' } } } } }),
    execute(`UPDATE "${KV}" REMOVE a REMOVE m.x SET c = b WHERE id = 'w10' RETURNING MODIFIED OLD *`, {}, NESTED_FRAGMENT),
    getOf(KV, kvKey('w10')),
  ),
  single(
    'UPDATE RETURNING MODIFIED NEW of a REMOVE only',
    step('PutItem', { TableName: KV, Item: { id: { S: 'w11' }, a: { N: '1' } } }),
    execute(`UPDATE "${KV}" REMOVE a WHERE id = 'w11' RETURNING MODIFIED NEW *`),
    getOf(KV, kvKey('w11')),
  ),
  single(
    'UPDATE whose condition is on a nested path',
    step('PutItem', { TableName: KV, Item: { id: { S: 'w12' }, m: { M: { v: { N: '1' } } } } }),
    execute(`UPDATE "${KV}" SET done = 1 WHERE id = 'w12' AND m.v = 2`, { ReturnValuesOnConditionCheckFailure: 'ALL_OLD' }),
    execute(`UPDATE "${KV}" SET done = 1 WHERE id = 'w12' AND m.v = 1 AND attribute_not_exists(done)`),
    getOf(KV, kvKey('w12')),
  ),
  single(
    'DELETE with ReturnValuesOnConditionCheckFailure on a failed condition',
    step('PutItem', { TableName: KV, Item: { id: { S: 'w13' }, n: { N: '1' } } }),
    execute(`DELETE FROM "${KV}" WHERE id = 'w13' AND n = 2`, { ReturnValuesOnConditionCheckFailure: 'ALL_OLD' }),
    getOf(KV, kvKey('w13')),
  ),
  single('DELETE of an absent item whose condition would fail', execute(`DELETE FROM "${KV}" WHERE id = 'w14' AND n = 2`), getOf(KV, kvKey('w14'))),
  single(
    'UPDATE that changes an index key moves the item in the index',
    step('PutItem', { TableName: PAGED, Item: pagedItem('w15', 1) }),
    execute(`UPDATE "${PAGED}" SET flag = 'moved' WHERE pk = 'w15' AND sk = 1`),
    execute(`SELECT pk, sk, flag FROM "${PAGED}"."${FLAGS}" WHERE flag = 'moved'`),
    execute(`UPDATE "${PAGED}" REMOVE flag WHERE pk = 'w15' AND sk = 1`),
    execute(`SELECT pk, sk FROM "${PAGED}"."${FLAGS}" WHERE flag = 'moved'`),
  ),
];

// ---------------------------------------------------------------------------------
// BatchExecuteStatement.

const BATCHES: DifferentialCase[] = [
  single(
    'a batch of 25 writes, then 25 reads of them',
    batch(Array.from({ length: 25 }, (_, at) => st(`INSERT INTO "${KV}" VALUE {'id': 'bw${at}', 'at': ${at}}`))),
    batch(Array.from({ length: 25 }, (_, at) => st(`SELECT at FROM "${KV}" WHERE id = 'bw${at}'`))),
    batch(Array.from({ length: 25 }, (_, at) => st(`DELETE FROM "${KV}" WHERE id = 'bw${at}'`))),
    getOf(KV, kvKey('bw0')),
    getOf(KV, kvKey('bw24')),
  ),
  single(
    'a batch of 26 reads',
    batch(
      Array.from({ length: 26 }, (_, at) => st(`SELECT * FROM "${KV}" WHERE id = 'x${at}'`)),
      {},
      modelValidation(),
    ),
  ),
  single(
    'a batch of 26 writes',
    batch(
      Array.from({ length: 26 }, (_, at) => st(`INSERT INTO "${KV}" VALUE {'id': 'b26-${at}'}`)),
      {},
      modelValidation(),
    ),
    getOf(KV, kvKey('b26-0')),
  ),
  single(
    'a batch whose first statement is malformed, then a write',
    batch([st('SELEC x'), st(`INSERT INTO "${KV}" VALUE {'id': 'bm1'}`)]),
    getOf(KV, kvKey('bm1')),
  ),
  single(
    'a batch of a write, a malformed statement and a read',
    batch([st(`INSERT INTO "${KV}" VALUE {'id': 'bm2'}`), st('SELEC x'), st(`SELECT * FROM "${KV}" WHERE id = 'k1'`)]),
    getOf(KV, kvKey('bm2')),
  ),
  single('a batch reading one item twice', batch([st(`SELECT * FROM "${KV}" WHERE id = 'k1'`), st(`SELECT n FROM "${KV}" WHERE id = 'k1'`)])),
  single('a batch inserting one item twice', batch([st(`INSERT INTO "${KV}" VALUE {'id': 'bd1'}`), st(`INSERT INTO "${KV}" VALUE {'id': 'bd1'}`)]), {
    ...getOf(KV, kvKey('bd1')),
    ...untouchedAfterRefusedBatch({}),
  }),
  single(
    'a batch updating one item twice',
    step('PutItem', { TableName: KV, Item: { id: { S: 'bd2' } } }),
    batch([st(`UPDATE "${KV}" SET a = 1 WHERE id = 'bd2'`), st(`UPDATE "${KV}" SET b = 1 WHERE id = 'bd2'`)]),
    { ...getOf(KV, kvKey('bd2')), ...untouchedAfterRefusedBatch({ Item: { id: { S: 'bd2' } } }) },
  ),
  single('a batch of one item in two tables', batch([st(`DELETE FROM "${KV}" WHERE id = 'a'`), st(`DELETE FROM "${PAGED}" WHERE pk = 'a' AND sk = 99`)])),
  single(
    'a batch of per-statement write errors',
    batch([
      st(`INSERT INTO "${PAGED}" VALUE {'pk': 'a'}`),
      st(`INSERT INTO "${KV}" VALUE {'id': 1}`),
      st(`UPDATE "${KV}" SET a = 1 WHERE id = 'k1' AND n = 5`),
      st(`UPDATE "${KV}" SET a = 1 WHERE id = 'k1' AND n = 5`, { ReturnValuesOnConditionCheckFailure: 'ALL_OLD' }),
      st(`INSERT INTO "${KV}" VALUE {'id': 'k1'}`),
      st(`INSERT INTO "${KV}" VALUE {'id': 'bp1'}`),
    ]),
    getOf(KV, kvKey('bp1')),
    getOf(KV, kvKey('k1')),
  ),
  single(
    'a batch of per-statement read errors',
    batch([
      st(`SELECT * FROM "${PAGED}" WHERE pk = 'a' AND sk = 'x'`),
      st(`SELECT * FROM "${KV}" WHERE id = ?`, { Parameters: [{ N: '1' }] }),
      st(`SELECT * FROM "${KV}" WHERE id = ?`),
      st(`SELECT * FROM "${KV}" WHERE id = 'k2'`),
    ]),
  ),
  single(
    'a batch with RETURNING',
    step('PutItem', { TableName: KV, Item: { id: { S: 'br1' }, a: { N: '1' } } }),
    step('PutItem', { TableName: KV, Item: { id: { S: 'br2' }, a: { N: '1' } } }),
    step('PutItem', { TableName: KV, Item: { id: { S: 'br3' }, a: { N: '1' } } }),
    batch([
      st(`DELETE FROM "${KV}" WHERE id = 'br1' RETURNING ALL OLD *`),
      st(`UPDATE "${KV}" SET q = 1 WHERE id = 'br2' RETURNING MODIFIED OLD *`),
      st(`UPDATE "${KV}" SET a = a + 1 WHERE id = 'br3' RETURNING MODIFIED NEW *`),
      st(`UPDATE "${KV}" SET a = 5 WHERE id = 'br-absent' RETURNING ALL NEW *`),
    ]),
    getOf(KV, kvKey('br1')),
    getOf(KV, kvKey('br2')),
    getOf(KV, kvKey('br3')),
  ),
  single('a batch read with ConsistentRead', batch([st(`SELECT * FROM "${KV}" WHERE id = 'k2'`, { ConsistentRead: true })])),
  single(
    'a batch read of an absent item',
    batch([st(`SELECT * FROM "${KV}" WHERE id = 'absent'`), st(`SELECT * FROM "${BIN}" WHERE id = ?`, { Parameters: [{ B: 'AAE=' }] })]),
  ),
  single('a batch UPDATE of an absent item', batch([st(`UPDATE "${KV}" SET a = 1 WHERE id = 'absent'`)]), getOf(KV, kvKey('absent'))),
  single('a batch of statements on an index', batch([st(`DELETE FROM "${PAGED}"."${FLAGS}" WHERE pk = 'a' AND sk = 1`)])),
  single(
    'a batch SELECT of an index',
    batch([st(`SELECT * FROM "${PAGED}"."${FLAGS}" WHERE flag = 'odd'`)], {}, awsBatchBody(BATCH_KEY_REASON, { Responses: [batchKeyError] })),
  ),
  single(
    'a batch SELECT with an extra condition',
    batch([st(`SELECT * FROM "${KV}" WHERE id = 'k1' AND n = 1`)], {}, awsBatchBody(BATCH_KEY_REASON, { Responses: [batchKeyError] })),
  ),
  single(
    'a batch SELECT of an IN list',
    batch([st(`SELECT * FROM "${PAGED}" WHERE pk IN ['a', 'b'] AND sk = 1`)], {}, awsBatchBody(BATCH_KEY_REASON, { Responses: [batchKeyError] })),
  ),
  single(
    'a batch SELECT of two keys by OR',
    batch(
      [st(`SELECT * FROM "${PAGED}" WHERE pk = 'a' AND sk = 1 OR pk = 'b' AND sk = 1`)],
      {},
      awsBatchBody(BATCH_KEY_REASON, { Responses: [batchKeyError] }),
    ),
  ),
  single(
    'a batch read of an unknown table',
    batch(
      [st(`SELECT * FROM "nope-table" WHERE id = 'x'`), st(`SELECT * FROM "${KV}" WHERE id = 'k2'`)],
      {},
      awsBatchBody('AWS says "Requested resource not found" for an unknown table (nubo-db/dynamodb-conformance, tier3 partiql)', {
        Responses: [{ Error: { Code: 'ResourceNotFound', Message: UNKNOWN_TABLE } }, { TableName: KV, Item: { id: { S: 'k2' }, n: { N: '2' } } }],
      }),
    ),
  ),
  single(
    'a batch statement with a parameter too many',
    batch(
      [st(`SELECT * FROM "${KV}" WHERE id = ?`, { Parameters: [{ S: 'k2' }, { S: 'x' }] })],
      {},
      awsBatchBody(EXTRA_PARAMETERS_REASON, { Responses: [{ Error: { Code: 'ValidationError', Message: PARAMETER_COUNT } }] }),
    ),
  ),
  single(
    'a batch with an empty statement',
    batch(
      [st('')],
      {},
      modelValidation(
        "1 validation error detected: Value '' at 'statements.1.member.statement' failed to satisfy constraint: Member must have length greater than or equal to 1",
      ),
    ),
  ),
  single(
    'a batch read reporting ConsumedCapacity',
    batch(
      [st(`SELECT * FROM "${KV}" WHERE id = 'k2'`)],
      { ReturnConsumedCapacity: 'TOTAL' },
      withCapacity({ Responses: [{ TableName: KV, Item: { id: { S: 'k2' }, n: { N: '2' } } }], ConsumedCapacity: [{ TableName: KV, CapacityUnits: 0.5 }] }),
    ),
  ),
  single('a batch with a CREATE TABLE', batch([st('CREATE TABLE x')])),
  single(
    'a batch with a UNION',
    batch([st(`SELECT * FROM "${KV}" WHERE id = 'k1' UNION SELECT * FROM "${KV}" WHERE id = 'k2'`), st(`SELECT * FROM "${KV}" WHERE id = 'k2'`)]),
  ),
  single(
    'a batch with EXISTS among writes',
    batch([st(`EXISTS(SELECT * FROM "${KV}" WHERE id = 'k1' AND n = 1)`), st(`INSERT INTO "${KV}" VALUE {'id': 'bx1'}`)]),
    getOf(KV, kvKey('bx1')),
  ),
  single('a batch with a syntax error only', batch([st(`SELECT * FROM "${KV}" WHERE`)])),
];

// ---------------------------------------------------------------------------------
// ExecuteTransaction.

const TRANSACTIONS: DifferentialCase[] = [
  single('a transaction read of an index', transaction([st(`SELECT * FROM "${PAGED}"."${FLAGS}" WHERE flag = 'odd'`)])),
  single(
    'a transaction read and an EXISTS',
    transaction([st(`SELECT * FROM "${KV}" WHERE id = 'k1'`), st(`EXISTS(SELECT * FROM "${KV}" WHERE id = 'k1' AND n = 1)`)]),
  ),
  single(
    'an EXISTS that holds lets the writes commit',
    step('PutItem', { TableName: KV, Item: { id: { S: 'te1' }, n: { N: '1' } } }),
    transaction([
      st(`EXISTS(SELECT * FROM "${KV}" WHERE id = 'k1' AND attribute_exists(id))`),
      st(`UPDATE "${KV}" SET t = 1 WHERE id = 'te1'`),
      st(`INSERT INTO "${KV}" VALUE {'id': 'te2'}`),
    ]),
    getOf(KV, kvKey('te1')),
    getOf(KV, kvKey('te2')),
  ),
  single(
    'an EXISTS of an absent item cancels',
    step('PutItem', { TableName: KV, Item: { id: { S: 'te3' }, n: { N: '1' } } }),
    transaction([st(`EXISTS(SELECT * FROM "${KV}" WHERE id = 'nope' AND attribute_exists(id))`), st(`UPDATE "${KV}" SET t = 1 WHERE id = 'te3'`)]),
    getOf(KV, kvKey('te3')),
  ),
  single(
    'an EXISTS with a failing condition cancels',
    transaction([st(`DELETE FROM "${KV}" WHERE id = 'k2'`), st(`EXISTS(SELECT * FROM "${KV}" WHERE id = 'k1' AND n > 5)`)]),
    getOf(KV, kvKey('k2')),
  ),
  single(
    'a transaction with a duplicate INSERT, an update and a failed DELETE',
    step('PutItem', { TableName: KV, Item: { id: { S: 'te4' }, t: { N: '1' } } }),
    transaction(
      [st(`INSERT INTO "${KV}" VALUE {'id': 'k1'}`), st(`UPDATE "${KV}" SET t = 2 WHERE id = 'te4'`), st(`DELETE FROM "${KV}" WHERE id = 'te4x' AND t = 9`)],
      {},
      {
        awsDiffers: 'Strata gives a duplicate INSERT the DuplicateItem reason of BatchStatementError; DynamoDB Local gives ValidationError',
        aws: { status: 400, type: 'TransactionCanceledException', message: cancelledWith(['DuplicateItem', 'None', 'ConditionalCheckFailed']) },
      },
    ),
    getOf(KV, kvKey('te4')),
  ),
  single(
    'a transaction UPDATE of an absent item cancels',
    transaction([st(`INSERT INTO "${KV}" VALUE {'id': 'te5'}`), st(`UPDATE "${KV}" SET t = 2 WHERE id = 'te5-absent'`)]),
    getOf(KV, kvKey('te5')),
  ),
  single(
    'a transaction DELETE whose condition fails cancels',
    step('PutItem', { TableName: KV, Item: { id: { S: 'te6' }, t: { N: '1' } } }),
    transaction([st(`DELETE FROM "${KV}" WHERE id = 'te6' AND t = 2`), st(`INSERT INTO "${KV}" VALUE {'id': 'te6b'}`)]),
    getOf(KV, kvKey('te6')),
    getOf(KV, kvKey('te6b')),
  ),
  single(
    'a read transaction with projections and an absent item',
    transaction([
      st(`SELECT n FROM "${KV}" WHERE id = 'k1'`),
      st(`SELECT absent FROM "${KV}" WHERE id = 'k2'`),
      st(`SELECT * FROM "${KV}" WHERE id = 'none'`),
      st(`SELECT v FROM "${PAGED}" WHERE pk = 'b' AND sk = 5`),
    ]),
  ),
  single('a read transaction with parameters', transaction([st(`SELECT * FROM "${KV}" WHERE id = ?`, { Parameters: [{ S: 'k2' }] })])),
  single('a read transaction reading one item twice', transaction([st(`SELECT * FROM "${KV}" WHERE id = 'k2'`), st(`SELECT n FROM "${KV}" WHERE id = 'k2'`)])),
  single('a transaction UPDATE RETURNING', transaction([st(`UPDATE "${KV}" SET t = 3 WHERE id = 'k2' RETURNING ALL NEW *`)]), getOf(KV, kvKey('k2'))),
  single(
    'a transaction DELETE RETURNING in second place',
    transaction([st(`INSERT INTO "${KV}" VALUE {'id': 'te7'}`), st(`DELETE FROM "${KV}" WHERE id = 'k2' RETURNING ALL OLD *`)]),
    getOf(KV, kvKey('te7')),
  ),
  single(
    'a transaction with a malformed first statement',
    transaction([st('SELEC x'), st(`INSERT INTO "${KV}" VALUE {'id': 'te8'}`)]),
    getOf(KV, kvKey('te8')),
  ),
  single(
    'a transaction with a malformed later statement',
    transaction([st(`INSERT INTO "${KV}" VALUE {'id': 'te9'}`), st('SELEC x')]),
    getOf(KV, kvKey('te9')),
  ),
  single('a transaction on an unknown table', transaction([st(`INSERT INTO "nope-table" VALUE {'id': 'x'}`)])),
  single('a transaction with a CREATE TABLE', transaction([st('CREATE TABLE x')])),
  single('a transaction with a UNION', transaction([st(`SELECT * FROM "${KV}" WHERE id = 'k1' UNION SELECT * FROM "${KV}" WHERE id = 'k2'`)])),
  single('a transaction read of an unknown index', transaction([st(`SELECT * FROM "${PAGED}"."no-such-index" WHERE pk = 'a' AND sk = 1`)])),
  single(
    'a transaction UPDATE of an index',
    transaction([st(`INSERT INTO "${KV}" VALUE {'id': 'te17'}`), st(`UPDATE "${PAGED}"."${FLAGS}" SET a = 1 WHERE pk = 'a' AND sk = 1`)]),
  ),
  single('a transaction read of a key of the wrong type', transaction([st(`SELECT * FROM "${KV}" WHERE id = 'k1'`), st(`SELECT * FROM "${KV}" WHERE id = 1`)])),
  single(
    'a transaction write of a key of the wrong type changes nothing',
    transaction([
      st(`INSERT INTO "${KV}" VALUE {'id': 'te18'}`),
      st(`INSERT INTO "${KV}" VALUE {'id': 1}`),
      st(`DELETE FROM "${PAGED}" WHERE pk = 'a' AND sk = 'x'`),
    ]),
    getOf(KV, kvKey('te18')),
  ),
  single('a transaction with a duplicate key in a tuple', transaction([st(`INSERT INTO "${KV}" VALUE {'id': 'x', 'id': 'y'}`)])),
  single(
    'a transaction statement missing a parameter',
    transaction([st(`INSERT INTO "${KV}" VALUE {'id': 'te10'}`), st(`UPDATE "${KV}" SET a = 1 WHERE id = ?`)]),
    getOf(KV, kvKey('te10')),
  ),
  single('a transaction read missing a parameter', transaction([st(`SELECT * FROM "${KV}" WHERE id = ?`)])),
  single(
    'a transaction statement with a parameter too many',
    transaction(
      [st(`SELECT * FROM "${KV}" WHERE id = ?`, { Parameters: [{ S: 'k1' }, { S: 'x' }] })],
      {},
      {
        awsDiffers: EXTRA_PARAMETERS_REASON,
        aws: { ...EXTRA_PARAMETERS, message: `Validation failed in TransactStatements[0]: ${PARAMETER_COUNT}` },
      },
    ),
  ),
  single(
    'a transaction UPDATE adding to an absent attribute',
    step('PutItem', { TableName: KV, Item: { id: { S: 'te11' } } }),
    transaction(
      [st(`UPDATE "${KV}" SET a = a + 1 WHERE id = 'te11'`)],
      {},
      {
        awsDiffers:
          'AWS cancels a transaction whose update fails on the stored item with a ValidationError reason (aws/aws-sdk-net#1292; the AWS knowledge-center article on TransactWriteItems failures); DynamoDB Local answers ValidationException',
        aws: { status: 400, type: 'TransactionCanceledException', message: cancelledWith(['ValidationError']) },
      },
    ),
    getOf(KV, kvKey('te11')),
  ),
  single(
    'a transaction with ReturnValuesOnConditionCheckFailure',
    step('PutItem', { TableName: KV, Item: { id: { S: 'te12' }, t: { N: '1' } } }),
    transaction(
      [st(`UPDATE "${KV}" SET t = 3 WHERE id = 'te12' AND t = 99`, { ReturnValuesOnConditionCheckFailure: 'ALL_OLD' })],
      {},
      {
        awsDiffers:
          "The API reference's ParameterizedStatement documents ReturnValuesOnConditionCheckFailure as returning the failed item, as TransactWriteItems does in its cancellation reasons; DynamoDB Local ignores it",
        aws: { status: 400, type: 'TransactionCanceledException', message: cancelledWith(['ConditionalCheckFailed']) },
      },
    ),
  ),
  single(
    'an empty transaction',
    transaction(
      [],
      {},
      modelValidation(
        "1 validation error detected: Value '[]' at 'transactStatements' failed to satisfy constraint: Member must have length greater than or equal to 1",
      ),
    ),
  ),
  single(
    'a transaction of 101 reads',
    transaction(
      Array.from({ length: 101 }, (_, at) => st(`SELECT * FROM "${KV}" WHERE id = 'x${at}'`)),
      {},
      modelValidation(),
    ),
  ),
  single('a transaction of 100 reads', transaction(Array.from({ length: 100 }, (_, at) => st(`SELECT id FROM "${KV}" WHERE id = 'k${at}'`)))),
  single('a read transaction with a ClientRequestToken', transaction([st(`SELECT * FROM "${KV}" WHERE id = 'k1'`)], { ClientRequestToken: 'read-token' })),
  single(
    'a ClientRequestToken reused for other statements',
    transaction([st(`INSERT INTO "${KV}" VALUE {'id': 'te13'}`)], { ClientRequestToken: 'token-other' }),
    transaction([st(`INSERT INTO "${KV}" VALUE {'id': 'te14'}`)], { ClientRequestToken: 'token-other' }),
    getOf(KV, kvKey('te14')),
  ),
  single(
    'a write transaction reporting ConsumedCapacity',
    transaction(
      [st(`INSERT INTO "${KV}" VALUE {'id': 'te15'}`)],
      { ReturnConsumedCapacity: 'TOTAL' },
      withCapacity({ Responses: [], ConsumedCapacity: [{ TableName: KV, CapacityUnits: 2, WriteCapacityUnits: 2 }] }),
    ),
    getOf(KV, kvKey('te15')),
  ),
  single(
    'a write transaction across tables, read back',
    transaction([
      st(`INSERT INTO "${KV}" VALUE {'id': 'te16'}`),
      st(`UPDATE "${PAGED}" SET v = 1 WHERE pk = 'a' AND sk = 0`),
      st(`DELETE FROM "${PAGED}" WHERE pk = 'b' AND sk = 0`),
    ]),
    getOf(KV, kvKey('te16')),
    getOf(PAGED, { pk: { S: 'a' }, sk: { N: '0' } }),
    getOf(PAGED, { pk: { S: 'b' }, sk: { N: '0' } }),
  ),
  single('the tables after the writes', scanOf(PAGED), scanOf(BIN)),
];

differentialSuite('differential: PartiQL corners', [SETUP, ...PAGING, ...PARAMETERS, ...REFUSALS, ...WRITES, ...BATCHES, ...TRANSACTIONS]);
