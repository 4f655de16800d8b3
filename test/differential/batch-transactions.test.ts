import { createTableBody, differentialSuite, freshTableName, type DifferentialCase, type Step } from './harness.js';

/**
 * BatchGetItem, BatchWriteItem, TransactGetItems and TransactWriteItems against DynamoDB
 * Local: requests across tables, projections, the per-request limits (100 keys, 25
 * writes, 100 actions), duplicate items, keys that do not fit the schema, missing
 * tables, cancellation reasons in request order, all-or-nothing application,
 * idempotency tokens, and consumed capacity.
 *
 * Evidence for AWS's own answers, where DynamoDB Local's differ, comes from the API
 * reference and developer guide and from answers captured against AWS in public issue
 * threads and in the paritysuite/dynamodb-conformance suite (tests/tier3/error-messages,
 * pinned against several AWS regions); each deviation below names its source.
 */
type Json = Record<string, unknown>;

const plain = freshTableName('batch-plain');
const composite = freshTableName('batch-composite');
const indexed = freshTableName('batch-indexed');
/** A table no case creates. */
const MISSING_TABLE = 'batch-missing-table';

const key = (pk: string): Json => ({ pk: { S: pk } });
const compositeKey = (pk: string, sk: number | string): Json => ({ pk: { S: pk }, sk: { N: String(sk) } });

const step = (operation: Step['operation'], body: Json, deviation: Partial<Step> = {}): Step => ({ operation, body, ...deviation });
const getItem = (table: string, itemKey: Json): Step => step('GetItem', { TableName: table, Key: itemKey, ConsistentRead: true });
const scan = (table: string): Step => step('Scan', { TableName: table }, { unorderedItems: true });
const batchGet = (requestItems: Json, extra: Json = {}, deviation: Partial<Step> = {}): Step =>
  step('BatchGetItem', { RequestItems: requestItems, ...extra }, { unorderedResponses: true, ...deviation });
const batchWrite = (requestItems: Json, extra: Json = {}, deviation: Partial<Step> = {}): Step =>
  step('BatchWriteItem', { RequestItems: requestItems, ...extra }, { unorderedResponses: true, ...deviation });
const transactGet = (actions: readonly Json[], extra: Json = {}, deviation: Partial<Step> = {}): Step =>
  step('TransactGetItems', { TransactItems: actions, ...extra }, { unorderedResponses: true, ...deviation });
const transactWrite = (actions: readonly Json[], extra: Json = {}, deviation: Partial<Step> = {}): Step =>
  step('TransactWriteItems', { TransactItems: actions, ...extra }, { unorderedResponses: true, ...deviation });

const putRequest = (item: Json): Json => ({ PutRequest: { Item: item } });
const deleteRequest = (itemKey: Json): Json => ({ DeleteRequest: { Key: itemKey } });
const get = (table: string, itemKey: Json, extra: Json = {}): Json => ({ Get: { TableName: table, Key: itemKey, ...extra } });
const put = (table: string, item: Json, extra: Json = {}): Json => ({ Put: { TableName: table, Item: item, ...extra } });
const remove = (table: string, itemKey: Json, extra: Json = {}): Json => ({ Delete: { TableName: table, Key: itemKey, ...extra } });
const check = (table: string, itemKey: Json, condition: string, extra: Json = {}): Json => ({
  ConditionCheck: { TableName: table, Key: itemKey, ConditionExpression: condition, ...extra },
});
const update = (table: string, itemKey: Json, expression: string, values: Json | undefined, extra: Json = {}): Json => ({
  Update: { TableName: table, Key: itemKey, UpdateExpression: expression, ...(values === undefined ? {} : { ExpressionAttributeValues: values }), ...extra },
});
const one: Json = { ':one': { N: '1' } };

const single = (name: string, ...steps: Step[]): DifferentialCase => ({ name, steps });

// ---------------------------------------------------------------------------------
// Where DynamoDB Local is known to answer differently from AWS.

/** A TransactionCanceledException's message: one reason code per action, in request order. */
const cancelledWith = (reasonCodes: readonly string[]): string =>
  `Transaction cancelled, please refer cancellation reasons for specific reasons [${reasonCodes.join(', ')}]`;

/**
 * paritysuite/dynamodb-conformance pins "Requested resource not found" for a missing
 * table in all four operations (tier3 error-messages batchGetItem, batchWriteItem,
 * transactGetItems, transactWriteItems); so do AWS answers quoted in boto/boto#3281
 * (BatchWriteItem) and pynamodb/PynamoDB#809 (TransactWriteItems). "Cannot do operations
 * on a non-existent table" is DynamoDB Local's own text (localstack#3236, which runs it).
 */
const TABLE_NOT_FOUND: Partial<Step> = { awsDiffers: 'AWS says "Requested resource not found" for a missing table' };
/**
 * AWS checks list lengths and enums against its API model first and answers with
 * "1 validation error detected: Value ... at '<member path>' failed to satisfy constraint: ..."
 * (pinned in paritysuite's tier3 error-messages for empty and over-long RequestItems,
 * Keys and TransactItems; the same shape is quoted from AWS in aws/aws-sdk-java-v2#3561).
 * DynamoDB Local words these checks its own way.
 */
const MODEL_VALIDATION: Partial<Step> = { awsDiffers: 'AWS answers with its API model\'s "1 validation error detected: ..." message' };
/**
 * AWS rejects a batch key or item key that does not fit the key schema (a key attribute
 * missing or of the wrong type) with "The provided key element does not match the schema"
 * (paritysuite PR #46 and #60, captured in four regions; nubo-db/dynoxide#39 for a
 * PutRequest item without its key). DynamoDB Local says "The number of conditions on
 * the keys is invalid", "One of the required keys was not given a value" or
 * "One or more parameter values were invalid: Type mismatch for key".
 */
const BATCH_KEY_SCHEMA: Partial<Step> = { awsDiffers: 'AWS says "The provided key element does not match the schema"' };
/**
 * In a transaction, AWS checks each action's key against the schema while the
 * transaction runs: a wrong-typed or missing key attribute cancels it with a
 * ValidationError reason (paritysuite PR #60 for Update, Delete and ConditionCheck
 * keys, with the reason "The provided key element does not match the schema"; tier3
 * transactWriteItems for Put, with "Type mismatch for key pk expected: S actual: N";
 * floci-io/floci#3674, checked against eu-west-2, for a missing key attribute).
 */
const TRANSACT_KEY_SCHEMA_MESSAGE: Partial<Step> = { awsDiffers: 'AWS cancels with a ValidationError reason worded differently' };
const TRANSACT_KEY_SCHEMA_CANCELS: Partial<Step> = {
  awsDiffers: 'AWS cancels the transaction with a ValidationError reason; DynamoDB Local rejects the request',
  aws: { status: 400, type: 'TransactionCanceledException', message: cancelledWith(['ValidationError']) },
};
/**
 * An update that fails on the stored item (an operand of the wrong type, an attribute
 * that does not exist, an item grown past 400 KB) cancels an AWS transaction with a
 * ValidationError reason carrying the UpdateItem message: AWS's knowledge-center article
 * "Why is my TransactWriteItems API call failing" lists those messages under
 * ValidationError, and aws/aws-sdk-net#1292 quotes AWS's answer, reasons
 * [None, ValidationError "The provided expression refers to an attribute that does not
 * exist in the item"]. DynamoDB Local answers a plain ValidationException instead.
 */
const updateFailsOnItem = (...reasonCodes: readonly string[]): Partial<Step> => ({
  awsDiffers: 'AWS cancels the transaction with a ValidationError reason; DynamoDB Local answers ValidationException',
  aws: { status: 400, type: 'TransactionCanceledException', message: cancelledWith(reasonCodes) },
});

// ---------------------------------------------------------------------------------
// The tables and their first items.

const storedPlain: Json[] = [
  { ...key('p1'), n: { N: '1' }, s: { S: 'text' }, 'a-b': { S: 'dashed' } },
  { ...key('p2'), n: { N: '2' }, tags: { SS: ['x', 'y'] } },
];
const storedComposite: Json[] = [
  { ...compositeKey('c', 1), l: { L: [{ S: 'zero' }, { N: '1' }] }, m: { M: { inner: { S: 'deep' } } } },
  { ...compositeKey('c', 2), v: { BOOL: true } },
];

const cases: DifferentialCase[] = [
  single(
    'create the tables and their items',
    step('CreateTable', createTableBody(plain, { hash: ['pk', 'S'] })),
    step('CreateTable', createTableBody(composite, { hash: ['pk', 'S'], range: ['sk', 'N'] })),
    step('CreateTable', {
      ...createTableBody(indexed, { hash: ['pk', 'S'], range: ['sk', 'S'] }),
      AttributeDefinitions: ['pk', 'sk', 'g'].map((name) => ({ AttributeName: name, AttributeType: 'S' })).concat([{ AttributeName: 'l', AttributeType: 'N' }]),
      LocalSecondaryIndexes: [
        {
          IndexName: 'byL',
          KeySchema: [
            { AttributeName: 'pk', KeyType: 'HASH' },
            { AttributeName: 'l', KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        },
      ],
      GlobalSecondaryIndexes: [{ IndexName: 'byG', KeySchema: [{ AttributeName: 'g', KeyType: 'HASH' }], Projection: { ProjectionType: 'KEYS_ONLY' } }],
    }),
    ...storedPlain.map((item) => step('PutItem', { TableName: plain, Item: item })),
    ...storedComposite.map((item) => step('PutItem', { TableName: composite, Item: item })),
  ),
];

// ---------------------------------------------------------------------------------
// BatchGetItem

const manyKeys = (count: number, prefix: string): Json[] => Array.from({ length: count }, (_, index) => key(`${prefix}${index}`));

cases.push(
  single(
    'BatchGetItem across two tables, one key absent',
    batchGet({ [plain]: { Keys: [key('p1'), key('p2'), key('absent')] }, [composite]: { Keys: [compositeKey('c', 1)] } }),
  ),
  single(
    'BatchGetItem with ProjectionExpression and ExpressionAttributeNames',
    batchGet({
      [plain]: { Keys: [key('p1'), key('p2')], ProjectionExpression: '#dashed, n', ExpressionAttributeNames: { '#dashed': 'a-b' } },
      [composite]: { Keys: [compositeKey('c', 1)], ProjectionExpression: 'l[1], m.inner, sk' },
    }),
  ),
  single('BatchGetItem with AttributesToGet', batchGet({ [plain]: { Keys: [key('p1')], AttributesToGet: ['n', 'absent'] } })),
  single(
    'BatchGetItem with ConsistentRead per table and ReturnConsumedCapacity TOTAL',
    batchGet(
      { [plain]: { Keys: [key('p1')], ConsistentRead: true }, [composite]: { Keys: [compositeKey('c', 1)], ConsistentRead: false } },
      { ReturnConsumedCapacity: 'TOTAL' },
    ),
  ),
  single(
    'BatchGetItem with ReturnConsumedCapacity INDEXES',
    batchGet({ [plain]: { Keys: [key('p1')], ConsistentRead: true }, [composite]: { Keys: [compositeKey('c', 2)] } }, { ReturnConsumedCapacity: 'INDEXES' }),
  ),
  single('BatchGetItem of absent items only', batchGet({ [plain]: { Keys: [key('absent1'), key('absent2')] } })),
  single('BatchGetItem of the same key in two tables', batchGet({ [plain]: { Keys: [key('c')] }, [composite]: { Keys: [compositeKey('c', 2)] } })),
  single('BatchGetItem from a missing table', batchGet({ [MISSING_TABLE]: { Keys: [key('a')] } }, {}, TABLE_NOT_FOUND)),
  single(
    'BatchGetItem from a missing table and an existing one',
    batchGet({ [plain]: { Keys: [key('p1')] }, [MISSING_TABLE]: { Keys: [key('a')] } }, {}, TABLE_NOT_FOUND),
  ),
  single('BatchGetItem with empty RequestItems', batchGet({}, {}, MODEL_VALIDATION)),
  single('BatchGetItem with an empty Keys list', batchGet({ [plain]: { Keys: [] } }, {}, MODEL_VALIDATION)),
  single('BatchGetItem of 100 keys', batchGet({ [plain]: { Keys: [key('p1'), ...manyKeys(99, 'k')] } })),
  // AWS checks the 100-key limit on each table's Keys in its API model (paritysuite tier3
  // batchGetItem: "Value at 'RequestItems.<table>.member.Keys' ... less than or equal to 100").
  single('BatchGetItem of 101 keys in one table', batchGet({ [plain]: { Keys: manyKeys(101, 'k') } }, {}, MODEL_VALIDATION)),
  // Across tables no single list is too long, so the limit on the whole request answers.
  single(
    'BatchGetItem of 101 keys across two tables',
    batchGet({ [plain]: { Keys: manyKeys(60, 'k') }, [composite]: { Keys: Array.from({ length: 41 }, (_, index) => compositeKey('k', index)) } }),
  ),
  single('BatchGetItem with a duplicate key', batchGet({ [plain]: { Keys: [key('p1'), key('p2'), key('p1')] } })),
  single('BatchGetItem with a key missing its sort key', batchGet({ [composite]: { Keys: [key('c')] } }, {}, BATCH_KEY_SCHEMA)),
  single('BatchGetItem with a key of the wrong type', batchGet({ [plain]: { Keys: [{ pk: { N: '1' } }] } }, {}, BATCH_KEY_SCHEMA)),
  single('BatchGetItem with an extra key attribute', batchGet({ [plain]: { Keys: [{ ...key('p1'), n: { N: '1' } }] } }, {}, BATCH_KEY_SCHEMA)),
  single('BatchGetItem with an empty string key', batchGet({ [plain]: { Keys: [key('')] } })),
  single(
    'BatchGetItem mixing AttributesToGet and ProjectionExpression',
    batchGet({ [plain]: { Keys: [key('p1')], AttributesToGet: ['n'], ProjectionExpression: 'n' } }),
  ),
  single(
    'BatchGetItem with ProjectionExpression on one table and AttributesToGet on another',
    batchGet({ [plain]: { Keys: [key('p1')], ProjectionExpression: 'n' }, [composite]: { Keys: [compositeKey('c', 1)], AttributesToGet: ['l'] } }),
  ),
  single(
    'BatchGetItem with unused ExpressionAttributeNames',
    batchGet({ [plain]: { Keys: [key('p1')], ProjectionExpression: 'n', ExpressionAttributeNames: { '#unused': 'u' } } }),
  ),
  single('BatchGetItem with ExpressionAttributeNames but no expression', batchGet({ [plain]: { Keys: [key('p1')], ExpressionAttributeNames: { '#n': 'n' } } })),
  single('BatchGetItem with overlapping projection paths', batchGet({ [plain]: { Keys: [key('p1')], ProjectionExpression: 'n, n' } })),
  single('BatchGetItem with a projection syntax error', batchGet({ [plain]: { Keys: [key('p1')], ProjectionExpression: 'n,,' } })),
  // DynamoDB Local fails this enum check with "Cannot have null key for GetItem, DeleteItem, or UpdateItem".
  single(
    'BatchGetItem with an unknown ReturnConsumedCapacity',
    batchGet({ [plain]: { Keys: [key('p1')] } }, { ReturnConsumedCapacity: 'SOME' }, MODEL_VALIDATION),
  ),
);

// ---------------------------------------------------------------------------------
// BatchWriteItem

const manyPuts = (count: number, prefix: string): Json[] => Array.from({ length: count }, (_, index) => putRequest(key(`${prefix}${index}`)));
/** An item of exactly `sizeBytes`: name and value lengths of pk "big" and attribute v count. */
const itemOfSize = (sizeBytes: number): Json => ({ ...key('big'), v: { S: 'x'.repeat(sizeBytes - 'pk'.length - 'big'.length - 'v'.length) } });
const ITEM_SIZE_MAX_BYTES = 400 * 1024;

const writes = freshTableName('batch-writes');
cases.push(
  single(
    'BatchWriteItem puts and deletes across two tables',
    batchWrite({
      [plain]: [putRequest({ ...key('w1'), v: { S: 'new' } }), putRequest({ ...key('p2'), replaced: { BOOL: true } }), deleteRequest(key('p1'))],
      [composite]: [putRequest({ ...compositeKey('w', 1), v: { NULL: true } }), deleteRequest(compositeKey('c', 2)), deleteRequest(compositeKey('never', 0))],
    }),
    scan(plain),
    scan(composite),
  ),
  single(
    'BatchWriteItem of 25 requests',
    step('CreateTable', createTableBody(writes, { hash: ['pk', 'S'] })),
    batchWrite({ [writes]: manyPuts(25, 'n') }),
    step('Scan', { TableName: writes, Select: 'COUNT' }),
  ),
  // paritysuite tier3 batchWriteItem: AWS checks 25 per table in its API model.
  single(
    'BatchWriteItem of 26 requests in one table',
    batchWrite({ [writes]: manyPuts(26, 'm') }, {}, MODEL_VALIDATION),
    step('Scan', { TableName: writes, Select: 'COUNT' }),
  ),
  single('BatchWriteItem of 26 requests across two tables', batchWrite({ [writes]: manyPuts(20, 'm'), [plain]: manyPuts(6, 'm') })),
  single(
    'BatchWriteItem putting one item twice',
    batchWrite({ [plain]: [putRequest(key('d')), putRequest({ ...key('d'), v: { N: '1' } })] }),
    getItem(plain, key('d')),
  ),
  single('BatchWriteItem putting and deleting one item', batchWrite({ [plain]: [putRequest(key('d')), deleteRequest(key('d'))] })),
  single(
    'BatchWriteItem deleting one item twice, its number key written two ways',
    batchWrite({ [composite]: [deleteRequest(compositeKey('c', 1)), deleteRequest(compositeKey('c', '1.0'))] }),
  ),
  single('BatchWriteItem of one item in two tables', batchWrite({ [plain]: [putRequest(key('same'))], [writes]: [putRequest(key('same'))] })),
  // DynamoDB Local answers both with "Supplied AttributeValue has more than one datatypes set, ...".
  single('BatchWriteItem request with both PutRequest and DeleteRequest', batchWrite({ [plain]: [{ ...putRequest(key('e')), ...deleteRequest(key('e')) }] })),
  single('BatchWriteItem request with neither PutRequest nor DeleteRequest', batchWrite({ [plain]: [{}] })),
  single('BatchWriteItem item without its sort key', batchWrite({ [composite]: [putRequest(key('c'))] }, {}, BATCH_KEY_SCHEMA)),
  single('BatchWriteItem item without its hash key', batchWrite({ [composite]: [putRequest({ sk: { N: '1' } })] }, {}, BATCH_KEY_SCHEMA)),
  single('BatchWriteItem item with a key of the wrong type', batchWrite({ [composite]: [putRequest({ ...key('c'), sk: { S: '1' } })] }, {}, BATCH_KEY_SCHEMA)),
  single('BatchWriteItem delete key without its sort key', batchWrite({ [composite]: [deleteRequest(key('c'))] }, {}, BATCH_KEY_SCHEMA)),
  single('BatchWriteItem item with an empty string key', batchWrite({ [plain]: [putRequest(key(''))] })),
  single(
    'BatchWriteItem item with an LSI key of the wrong type',
    batchWrite(
      { [indexed]: [putRequest({ ...key('i'), sk: { S: 's' }, l: { S: 'not a number' } })] },
      {},
      { awsDiffers: 'AWS names the key, the types and the index of a mistyped index key' },
    ),
  ),
  single(
    'BatchWriteItem item of 400 KB',
    batchWrite({ [plain]: [putRequest(itemOfSize(ITEM_SIZE_MAX_BYTES))] }),
    step('GetItem', { TableName: plain, Key: key('big'), ProjectionExpression: 'pk' }),
  ),
  single(
    'BatchWriteItem item over 400 KB',
    batchWrite({ [plain]: [putRequest(key('small')), putRequest({ ...itemOfSize(ITEM_SIZE_MAX_BYTES + 1), ...key('big2') })] }),
    getItem(plain, key('small')),
  ),
  single('BatchWriteItem into a missing table', batchWrite({ [MISSING_TABLE]: [putRequest(key('a'))] }, {}, TABLE_NOT_FOUND)),
  single(
    'BatchWriteItem into a missing table and an existing one writes nothing',
    batchWrite({ [plain]: [putRequest(key('mt'))], [MISSING_TABLE]: [putRequest(key('a'))] }, {}, TABLE_NOT_FOUND),
    getItem(plain, key('mt')),
  ),
  single('BatchWriteItem with an empty list for a table', batchWrite({ [plain]: [] }, {}, MODEL_VALIDATION)),
  single('BatchWriteItem with empty RequestItems', batchWrite({}, {}, MODEL_VALIDATION)),
  single(
    'BatchWriteItem with ReturnConsumedCapacity TOTAL',
    // A new item, a replaced item, an item of 1.5 KB (two units) and a delete of a stored item.
    batchWrite(
      {
        [plain]: [putRequest(key('cap1')), putRequest({ ...key('p2'), v: { S: 'x'.repeat(1500) } }), deleteRequest(key('w1'))],
        [composite]: [putRequest(compositeKey('cap', 1))],
      },
      { ReturnConsumedCapacity: 'TOTAL' },
    ),
  ),
  single(
    'BatchWriteItem with ReturnConsumedCapacity INDEXES',
    batchWrite(
      { [plain]: [putRequest(key('cap2'))], [indexed]: [putRequest({ ...key('i'), sk: { S: 's1' }, l: { N: '1' }, g: { S: 'g' } })] },
      { ReturnConsumedCapacity: 'INDEXES' },
    ),
  ),
  single(
    'BatchWriteItem with ReturnItemCollectionMetrics on a table with an LSI',
    batchWrite(
      {
        [indexed]: [putRequest({ ...key('i'), sk: { S: 's2' }, l: { N: '2' } }), deleteRequest({ ...key('j'), sk: { S: 's' } })],
        [plain]: [putRequest(key('icm'))],
      },
      { ReturnItemCollectionMetrics: 'SIZE' },
      {
        // The API reference (ItemCollectionMetrics) returns the metrics when asked for them
        // on a table with local secondary indexes; DynamoDB Local never returns them.
        awsDiffers: 'AWS returns ItemCollectionMetrics for the table with an LSI; DynamoDB Local leaves them out',
        aws: { status: 200 },
      },
    ),
  ),
  single(
    'BatchWriteItem with an unknown ReturnItemCollectionMetrics',
    batchWrite(
      { [plain]: [putRequest(key('icm'))] },
      { ReturnItemCollectionMetrics: 'ALL' },
      {
        // The API reference allows SIZE | NONE; AWS's model rejects anything else.
        awsDiffers: 'DynamoDB Local accepts any ReturnItemCollectionMetrics; AWS allows only SIZE and NONE',
        aws: { status: 400, type: 'ValidationException' },
      },
    ),
  ),
  single(
    'BatchWriteItem with an unknown ReturnConsumedCapacity',
    batchWrite({ [plain]: [putRequest(key('icm'))] }, { ReturnConsumedCapacity: 'SOME' }, MODEL_VALIDATION),
  ),
);

// ---------------------------------------------------------------------------------
// TransactWriteItems

const ledger = freshTableName('batch-ledger');
const failing = [
  put(plain, key('tx-new')),
  update(
    plain,
    key('acct'),
    'SET n = n + :one',
    { ...one, ':zero': { N: '0' } },
    { ConditionExpression: 'n = :zero', ReturnValuesOnConditionCheckFailure: 'ALL_OLD' },
  ),
  check(composite, compositeKey('acct', 1), 'attribute_exists(pk)'),
  remove(plain, key('acct-2'), { ConditionExpression: 'attribute_exists(pk)' }),
];
const tokenUpdate = (amount: string): Json => update(ledger, key('counter'), 'ADD c :amount', { ':amount': { N: amount } });

cases.push(
  single(
    'TransactWriteItems Put, Update, Delete and ConditionCheck across two tables',
    step('PutItem', { TableName: plain, Item: { ...key('acct'), n: { N: '5' }, s: { S: 'text' } } }),
    step('PutItem', { TableName: plain, Item: key('acct-2') }),
    step('PutItem', { TableName: composite, Item: { ...compositeKey('acct', 9), v: { S: 'gone soon' } } }),
    transactWrite([
      put(composite, { ...compositeKey('acct', 2), v: { S: 'new' } }),
      update(plain, key('acct'), 'SET n = n + :one, added = :one', one),
      remove(composite, compositeKey('acct', 9)),
      check(composite, compositeKey('acct', 1), 'attribute_not_exists(pk)'),
    ]),
    getItem(composite, compositeKey('acct', 2)),
    getItem(plain, key('acct')),
    getItem(composite, compositeKey('acct', 9)),
  ),
  single(
    'TransactWriteItems cancelled by failing conditions applies nothing',
    transactWrite(failing),
    getItem(plain, key('tx-new')),
    getItem(plain, key('acct')),
    getItem(plain, key('acct-2')),
  ),
  single(
    'TransactWriteItems cancelled, reasons without ALL_OLD',
    transactWrite([check(plain, key('acct'), 'n = :zero', { ExpressionAttributeValues: { ':zero': { N: '0' } } }), put(plain, key('tx-new'))]),
  ),
  single(
    'TransactWriteItems cancelled, ALL_OLD on a ConditionCheck and on an absent item',
    transactWrite([
      check(plain, key('acct'), 'attribute_not_exists(pk)', { ReturnValuesOnConditionCheckFailure: 'ALL_OLD' }),
      remove(plain, key('absent'), { ConditionExpression: 'attribute_exists(pk)', ReturnValuesOnConditionCheckFailure: 'ALL_OLD' }),
      put(plain, { ...key('acct-2'), v: { N: '1' } }, { ConditionExpression: 'attribute_not_exists(pk)', ReturnValuesOnConditionCheckFailure: 'NONE' }),
    ]),
  ),
  single(
    'TransactWriteItems with two actions on one item',
    transactWrite([put(plain, key('twice')), remove(plain, key('twice'))]),
    getItem(plain, key('twice')),
  ),
  single(
    'TransactWriteItems with a ConditionCheck and an Update of one item',
    transactWrite([check(plain, key('acct'), 'attribute_exists(pk)'), update(plain, key('acct'), 'SET q = :one', one)]),
  ),
  single(
    'TransactWriteItems of one key in two tables',
    transactWrite([put(plain, key('shared')), check(writes, key('shared'), 'attribute_not_exists(pk)')]),
    getItem(plain, key('shared')),
  ),
  single('TransactWriteItems action with no operation', transactWrite([{}])),
  single('TransactWriteItems action with two operations', transactWrite([{ ...put(plain, key('two-ops')), ...remove(plain, key('acct')) }])),
  single(
    'TransactWriteItems of 100 actions',
    transactWrite(Array.from({ length: 100 }, (_, index) => put(writes, key(`t${index}`)))),
    step('Scan', { TableName: writes, Select: 'COUNT' }),
  ),
  single(
    'TransactWriteItems of 101 actions',
    transactWrite(
      Array.from({ length: 101 }, (_, index) => put(writes, key(`u${index}`))),
      {},
      MODEL_VALIDATION,
    ),
  ),
  single('TransactWriteItems with empty TransactItems', transactWrite([], {}, MODEL_VALIDATION)),
  single(
    'TransactWriteItems on a missing table applies nothing',
    transactWrite([put(plain, key('mt2')), put(MISSING_TABLE, key('a'))], {}, TABLE_NOT_FOUND),
    getItem(plain, key('mt2')),
  ),
  single('TransactWriteItems with an UpdateExpression syntax error', transactWrite([update(plain, key('acct'), 'SET = :one', one)])),
  single('TransactWriteItems with a ConditionExpression syntax error', transactWrite([put(plain, key('acct'), { ConditionExpression: 'a = = b' })])),
  single(
    'TransactWriteItems with an unused ExpressionAttributeValues',
    transactWrite([update(plain, key('acct'), 'SET q = :one', { ...one, ':two': { N: '2' } })]),
  ),
  single('TransactWriteItems with an undefined ExpressionAttributeValue', transactWrite([update(plain, key('acct'), 'SET q = :nope', undefined)])),
  single(
    'TransactWriteItems with an unused ExpressionAttributeNames',
    transactWrite([update(plain, key('acct'), 'SET q = :one', one, { ExpressionAttributeNames: { '#x': 'x' } })]),
  ),
  // One action only: with more, DynamoDB Local lists this ValidationError as the sole reason.
  single('TransactWriteItems Update of a key attribute', transactWrite([update(plain, key('acct'), 'SET pk = :new', { ':new': { S: 'other' } })])),
  single(
    'TransactWriteItems ADD to a string attribute applies nothing',
    transactWrite([put(composite, compositeKey('acct', 3)), update(plain, key('acct'), 'ADD s :one', one)], {}, updateFailsOnItem('None', 'ValidationError')),
    getItem(composite, compositeKey('acct', 3)),
  ),
  single(
    'TransactWriteItems SET a = a + :n on a string',
    transactWrite([update(plain, key('acct'), 'SET s = s + :one', one)], {}, updateFailsOnItem('ValidationError')),
  ),
  single(
    'TransactWriteItems arithmetic on a missing attribute',
    transactWrite(
      [put(composite, compositeKey('acct', 3)), update(plain, key('acct'), 'SET z = nothere + :one', one)],
      {},
      updateFailsOnItem('None', 'ValidationError'),
    ),
  ),
  single(
    'TransactWriteItems Update growing an item past 400 KB',
    transactWrite(
      [update(plain, key('acct'), 'SET big1 = :half, big2 = :half', { ':half': { S: 'x'.repeat(ITEM_SIZE_MAX_BYTES / 2) } })],
      {},
      updateFailsOnItem('ValidationError'),
    ),
  ),
  single(
    'TransactWriteItems Update without UpdateExpression',
    transactWrite(
      [{ Update: { TableName: plain, Key: key('acct') } }],
      {},
      {
        // UpdateExpression is required in the Update structure; aws/aws-sdk-java-v2#3561 quotes
        // AWS: "Value null at 'transactItems.1.member.update.updateExpression' failed to satisfy constraint: Member must not be null".
        awsDiffers: 'DynamoDB Local accepts an Update without UpdateExpression; AWS requires it',
        aws: { status: 400, type: 'ValidationException' },
      },
    ),
  ),
  single(
    'TransactWriteItems ConditionCheck without ConditionExpression',
    transactWrite([{ ConditionCheck: { TableName: plain, Key: key('acct') } }], {}, MODEL_VALIDATION),
  ),
  single(
    'TransactWriteItems with an unknown ReturnValuesOnConditionCheckFailure',
    transactWrite(
      [put(plain, key('acct'), { ReturnValuesOnConditionCheckFailure: 'ALL_NEW' })],
      {},
      {
        // The API reference allows ALL_OLD | NONE; DynamoDB Local fails with 500 InternalFailure.
        awsDiffers: 'DynamoDB Local fails with 500; AWS rejects a value outside ALL_OLD and NONE',
        aws: { status: 400, type: 'ValidationException' },
      },
    ),
  ),
  single('TransactWriteItems Put with a key of the wrong type', transactWrite([put(plain, { pk: { N: '5' } })], {}, TRANSACT_KEY_SCHEMA_MESSAGE)),
  single(
    'TransactWriteItems Update with a key of the wrong type',
    transactWrite([update(plain, { pk: { N: '5' } }, 'SET a = :one', one)], {}, TRANSACT_KEY_SCHEMA_MESSAGE),
  ),
  single(
    'TransactWriteItems ConditionCheck with a key of the wrong type',
    transactWrite([check(plain, { pk: { N: '5' } }, 'attribute_exists(pk)')], {}, TRANSACT_KEY_SCHEMA_MESSAGE),
  ),
  single('TransactWriteItems Put of an item without its sort key', transactWrite([put(composite, key('acct'))], {}, TRANSACT_KEY_SCHEMA_CANCELS)),
  single('TransactWriteItems Delete with a key without its sort key', transactWrite([remove(composite, key('acct'))], {}, TRANSACT_KEY_SCHEMA_CANCELS)),
  single('TransactWriteItems ConditionCheck with an empty string key', transactWrite([check(plain, key(''), 'attribute_exists(pk)')])),
  single(
    'TransactWriteItems ClientRequestToken replayed with the same parameters applies once',
    step('CreateTable', createTableBody(ledger, { hash: ['pk', 'S'] })),
    transactWrite([tokenUpdate('1')], { ClientRequestToken: 'token-same' }),
    transactWrite([tokenUpdate('1')], { ClientRequestToken: 'token-same' }),
    getItem(ledger, key('counter')),
    // The API reference: a replay reports the read capacity spent reading the item back.
    transactWrite([tokenUpdate('1')], { ClientRequestToken: 'token-same', ReturnConsumedCapacity: 'TOTAL' }),
    getItem(ledger, key('counter')),
  ),
  single(
    'TransactWriteItems ClientRequestToken reused with other parameters',
    transactWrite(
      [tokenUpdate('2')],
      { ClientRequestToken: 'token-same' },
      {
        // DynamoDB Local answers with an empty message and no AWS text for this error could
        // be found; Strata says what went wrong, so only status and type are compared.
        messageKey: () => '',
      },
    ),
    getItem(ledger, key('counter')),
  ),
  single('TransactWriteItems ClientRequestToken of 36 characters', transactWrite([tokenUpdate('1')], { ClientRequestToken: 'x'.repeat(36) })),
  single(
    'TransactWriteItems ClientRequestToken of 37 characters',
    transactWrite([tokenUpdate('1')], { ClientRequestToken: 'x'.repeat(37) }, MODEL_VALIDATION),
    getItem(ledger, key('counter')),
  ),
  single(
    'TransactWriteItems with ReturnConsumedCapacity TOTAL',
    transactWrite(
      [put(plain, key('cap3')), put(composite, compositeKey('cap', 3))],
      { ReturnConsumedCapacity: 'TOTAL' },
      {
        // The developer guide ("DynamoDB read and write operations"): a transactional write
        // of an item up to 1 KB takes two write units; DynamoDB Local reports four.
        awsDiffers: 'DynamoDB Local reports twice the documented two write units per transactional write',
        aws: { status: 200 },
      },
    ),
  ),
  single(
    'TransactWriteItems with ReturnItemCollectionMetrics on a table with an LSI',
    transactWrite(
      [put(indexed, { ...key('i'), sk: { S: 's3' }, l: { N: '3' } })],
      { ReturnItemCollectionMetrics: 'SIZE' },
      {
        awsDiffers: 'AWS returns ItemCollectionMetrics for the table with an LSI; DynamoDB Local leaves them out',
        aws: { status: 200 },
      },
    ),
  ),
);

// ---------------------------------------------------------------------------------
// TransactGetItems

cases.push(
  single(
    'TransactGetItems across two tables, one item absent',
    step('PutItem', { TableName: composite, Item: storedComposite[0]! }),
    transactGet([get(plain, key('acct')), get(composite, compositeKey('c', 1)), get(plain, key('absent'))]),
  ),
  single(
    'TransactGetItems with projections',
    transactGet([
      get(plain, key('acct'), { ProjectionExpression: '#n, s', ExpressionAttributeNames: { '#n': 'n' } }),
      get(composite, compositeKey('c', 1), { ProjectionExpression: 'l[1], m.inner' }),
    ]),
  ),
  single(
    'TransactGetItems with a projection matching no attribute',
    transactGet(
      [get(plain, key('acct'), { ProjectionExpression: 'nothing' })],
      {},
      {
        // nubo-db/dynoxide#39, from a suite run against AWS: AWS leaves Item out of that
        // response; DynamoDB Local answers an empty Item.
        awsDiffers: 'AWS omits Item when the projection matches nothing; DynamoDB Local returns an empty Item',
        aws: { status: 200 },
      },
    ),
  ),
  single('TransactGetItems of an absent item only', transactGet([get(plain, key('absent'))])),
  single('TransactGetItems from a missing table', transactGet([get(plain, key('acct')), get(MISSING_TABLE, key('a'))], {}, TABLE_NOT_FOUND)),
  single('TransactGetItems of one item twice', transactGet([get(plain, key('acct')), get(plain, key('acct'))])),
  single('TransactGetItems of 100 items', transactGet(Array.from({ length: 100 }, (_, index) => get(writes, key(`t${index}`))))),
  single(
    'TransactGetItems of 101 items',
    transactGet(
      Array.from({ length: 101 }, (_, index) => get(writes, key(`t${index}`))),
      {},
      MODEL_VALIDATION,
    ),
  ),
  single('TransactGetItems with empty TransactItems', transactGet([], {}, MODEL_VALIDATION)),
  single('TransactGetItems item with no Get', transactGet([{}], {}, MODEL_VALIDATION)),
  single(
    'TransactGetItems with a key missing its sort key',
    transactGet(
      [get(composite, key('c'))],
      {},
      {
        // paritysuite tier3 transactGetItems: AWS reports a bad key as a cancellation with
        // reasons [ValidationError]; DynamoDB Local cancels with no reasons and its own message.
        awsDiffers: 'AWS cancels with the reasons [ValidationError]',
        aws: { status: 400, type: 'TransactionCanceledException', message: cancelledWith(['ValidationError']) },
      },
    ),
  ),
  single(
    'TransactGetItems with unused ExpressionAttributeNames',
    transactGet([get(plain, key('acct'), { ProjectionExpression: 'n', ExpressionAttributeNames: { '#u': 'u' } })]),
  ),
  single('TransactGetItems with a projection syntax error', transactGet([get(plain, key('acct'), { ProjectionExpression: 'n..s' })])),
  single('TransactGetItems with an empty string key', transactGet([get(plain, key(''))])),
  // The developer guide: a transactional read of an item up to 4 KB takes two read units.
  single(
    'TransactGetItems with ReturnConsumedCapacity TOTAL',
    transactGet([get(plain, key('acct')), get(composite, compositeKey('c', 1)), get(plain, key('absent'))], { ReturnConsumedCapacity: 'TOTAL' }),
  ),
  single(
    'TransactGetItems with ReturnConsumedCapacity INDEXES',
    transactGet(
      [get(plain, key('acct'))],
      { ReturnConsumedCapacity: 'INDEXES' },
      {
        // AWS names the kind of units in the table's share of a transaction too
        // (https://github.com/ExtendDB/extenddb/issues/77); test/integration/consumed-capacity.test.ts checks it.
        awsDiffers: "AWS gives the table's share ReadCapacityUnits as well; DynamoDB Local only CapacityUnits",
        aws: { status: 200 },
      },
    ),
  ),
);

differentialSuite('differential: batch and transaction operations', cases);
