import { differentialSuite, freshTableName, missedPartitionKey, type DifferentialCase, type Step } from './harness.js';

/**
 * Secondary indexes against DynamoDB Local: index definitions in CreateTable and their
 * rules, DescribeTable, writes that keep LSIs and GSIs (sparse ones included) in step,
 * and Query and Scan by IndexName with projections, Select and paging.
 */
type Json = Record<string, unknown>;

const DEFINITIONS = [
  { AttributeName: 'pk', AttributeType: 'S' },
  { AttributeName: 'sk', AttributeType: 'S' },
  { AttributeName: 'g', AttributeType: 'S' },
  { AttributeName: 'h', AttributeType: 'N' },
];
const KEY = [
  { AttributeName: 'pk', KeyType: 'HASH' },
  { AttributeName: 'sk', KeyType: 'RANGE' },
];

const gsi = (name: string, hash: string, range: string | undefined, projection: Json): Json => ({
  IndexName: name,
  KeySchema: [{ AttributeName: hash, KeyType: 'HASH' }, ...(range === undefined ? [] : [{ AttributeName: range, KeyType: 'RANGE' }])],
  Projection: projection,
});

const table = freshTableName('indexes');
const createIndexed: Step = {
  operation: 'CreateTable',
  body: {
    TableName: table,
    BillingMode: 'PAY_PER_REQUEST',
    KeySchema: KEY,
    AttributeDefinitions: DEFINITIONS,
    LocalSecondaryIndexes: [gsi('byH', 'pk', 'h', { ProjectionType: 'KEYS_ONLY' }), gsi('byHAll', 'pk', 'h', { ProjectionType: 'ALL' })],
    GlobalSecondaryIndexes: [
      gsi('byG', 'g', 'h', { ProjectionType: 'ALL' }),
      gsi('byGKeys', 'g', undefined, { ProjectionType: 'KEYS_ONLY' }),
      gsi('byGInclude', 'g', 'sk', { ProjectionType: 'INCLUDE', NonKeyAttributes: ['note'] }),
    ],
  },
};

const items: Json[] = [];
for (let index = 0; index < 12; index++) {
  const item: Json = { pk: { S: `p${index % 2}` }, sk: { S: `s${String(index).padStart(2, '0')}` }, note: { S: `n${index}` }, other: { N: String(index) } };
  if (index % 3 !== 0) item.g = { S: `g${index % 3}` };
  if (index % 4 !== 0) item.h = { N: String(100 - index) };
  items.push(item);
}

function create(extra: Json, name = 'index rule'): DifferentialCase {
  return {
    name: `${name}: ${JSON.stringify(extra).slice(0, 120)}`,
    steps: [
      {
        operation: 'CreateTable',
        body: { TableName: freshTableName('index-rules'), BillingMode: 'PAY_PER_REQUEST', KeySchema: KEY, AttributeDefinitions: DEFINITIONS, ...extra },
      },
    ],
  };
}

function query(body: Json, deviation: Partial<Step> = {}): DifferentialCase {
  return { name: `Query ${JSON.stringify(body).slice(0, 140)}`, steps: [{ operation: 'Query', body: { TableName: table, ...body }, ...deviation }] };
}

function scan(body: Json, deviation: Partial<Step> = {}): DifferentialCase {
  return {
    name: `Scan ${JSON.stringify(body).slice(0, 140)}`,
    steps: [{ operation: 'Scan', body: { TableName: table, ...body }, unorderedItems: true, ...deviation }],
  };
}

const byG = (value: string): Json => ({ KeyConditionExpression: 'g = :g', ExpressionAttributeValues: { ':g': { S: value } } });

const cases: DifferentialCase[] = [
  {
    name: 'create the indexed table and its items',
    steps: [createIndexed, ...items.map((item): Step => ({ operation: 'PutItem', body: { TableName: table, Item: item } }))],
  },
  {
    name: 'describe the indexes',
    steps: [
      {
        operation: 'DescribeTable',
        body: { TableName: table },
        // AWS refreshes index sizes about every six hours and documents them as approximate;
        // DynamoDB Local adds a per-entry overhead that Strata does not count.
        awsDiffers: 'IndexSizeBytes is approximate in AWS, and DynamoDB Local counts a per-entry overhead',
        aws: { status: 200 },
      },
    ],
  },
  query({ IndexName: 'byG', ...byG('g1') }),
  query({ IndexName: 'byG', ...byG('g2'), ScanIndexForward: false }),
  query({ IndexName: 'byG', KeyConditionExpression: 'g = :g AND h > :h', ExpressionAttributeValues: { ':g': { S: 'g1' }, ':h': { N: '95' } } }),
  query({ IndexName: 'byG', ...byG('g1'), Limit: 2 }),
  query({ IndexName: 'byG', ...byG('g1'), Limit: 2, ExclusiveStartKey: { g: { S: 'g1' }, h: { N: '99' }, pk: { S: 'p1' }, sk: { S: 's01' } } }),
  query({ IndexName: 'byG', ...byG('g1'), ExclusiveStartKey: { pk: { S: 'p1' }, sk: { S: 's01' } } }),
  // byGKeys has no sort key: items of one index partition come in no defined order.
  query({ IndexName: 'byGKeys', ...byG('g2') }, { unorderedItems: true }),
  query({ IndexName: 'byGKeys', ...byG('g2'), Select: 'ALL_ATTRIBUTES' }),
  query({ IndexName: 'byGKeys', ...byG('g2'), Select: 'ALL_PROJECTED_ATTRIBUTES' }, { unorderedItems: true }),
  query({ IndexName: 'byGKeys', ...byG('g2'), ProjectionExpression: 'pk, note' }),
  query({ IndexName: 'byGInclude', ...byG('g1') }),
  query({ IndexName: 'byGInclude', ...byG('g1'), Select: 'COUNT' }),
  query({ IndexName: 'byG', ...byG('g1'), ConsistentRead: true }, { awsDiffers: 'AWS says "Consistent reads are not supported on global secondary indexes"' }),
  query({ IndexName: 'byG', ...byG('g1'), FilterExpression: 'other > :o', ExpressionAttributeValues: { ':g': { S: 'g1' }, ':o': { N: '4' } } }),
  query({ IndexName: 'byH', KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': { S: 'p1' } } }),
  query({
    IndexName: 'byH',
    KeyConditionExpression: 'pk = :p AND h < :h',
    ExpressionAttributeValues: { ':p': { S: 'p0' }, ':h': { N: '97' } },
    ScanIndexForward: false,
  }),
  query({ IndexName: 'byH', KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': { S: 'p1' } }, Select: 'ALL_ATTRIBUTES' }),
  query({ IndexName: 'byH', KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': { S: 'p1' } }, ConsistentRead: true }),
  query({ IndexName: 'byHAll', KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': { S: 'p0' } } }),
  // byH projects keys only: what a response asks for beyond that is fetched from the table; a filter may not name it.
  query({ IndexName: 'byH', KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': { S: 'p1' } }, ProjectionExpression: 'sk, note' }),
  query({
    IndexName: 'byH',
    KeyConditionExpression: 'pk = :p',
    ExpressionAttributeValues: { ':p': { S: 'p1' }, ':o': { N: '4' } },
    FilterExpression: '#o > :o',
    ExpressionAttributeNames: { '#o': 'other' },
  }),
  query({
    IndexName: 'byH',
    KeyConditionExpression: 'pk = :p',
    ExpressionAttributeValues: { ':p': { S: 'p0' }, ':o': { N: '4' } },
    FilterExpression: '#o > :o',
    ExpressionAttributeNames: { '#o': 'other' },
    Limit: 3,
  }),
  query({
    IndexName: 'byH',
    KeyConditionExpression: 'pk = :p',
    ExpressionAttributeValues: { ':p': { S: 'p1' }, ':o': { N: '4' } },
    FilterExpression: '#o > :o',
    ExpressionAttributeNames: { '#o': 'other' },
    ProjectionExpression: 'note',
  }),
  scan({ IndexName: 'byH', ProjectionExpression: 'pk, sk, #o', ExpressionAttributeNames: { '#o': 'other' } }),
  query({
    IndexName: 'byGKeys',
    ...byG('g1'),
    FilterExpression: '#o > :o',
    ExpressionAttributeNames: { '#o': 'other' },
    ExpressionAttributeValues: { ':g': { S: 'g1' }, ':o': { N: '4' } },
  }),
  query({ IndexName: 'byGInclude', ...byG('g1'), FilterExpression: 'note <> :n', ExpressionAttributeValues: { ':g': { S: 'g1' }, ':n': { S: 'n1' } } }),
  // DynamoDB Local evaluates this filter on the base items; on AWS a GSI is kept apart
  // from its table and cannot read it, so the filter sees only what the index holds.
  scan(
    { IndexName: 'byGKeys', FilterExpression: '#o < :o', ExpressionAttributeNames: { '#o': 'other' }, ExpressionAttributeValues: { ':o': { N: '6' } } },
    { awsDiffers: 'a GSI cannot read its base table for a filter', aws: { status: 200 } },
  ),
  scan({ IndexName: 'byH', FilterExpression: '#o < :o', ExpressionAttributeNames: { '#o': 'other' }, ExpressionAttributeValues: { ':o': { N: '6' } } }),
  query({ IndexName: 'byH', KeyConditionExpression: 'g = :g', ExpressionAttributeValues: { ':g': { S: 'g1' } } }, missedPartitionKey('pk')),
  query({ IndexName: 'missing', ...byG('g1') }),
  scan({ IndexName: 'byG' }),
  scan({ IndexName: 'byGKeys', Select: 'COUNT' }),
  scan({ IndexName: 'byH', Segment: 0, TotalSegments: 1 }),
  {
    name: 'index entries follow updates and deletes',
    steps: [
      {
        operation: 'UpdateItem',
        body: {
          TableName: table,
          Key: { pk: { S: 'p1' }, sk: { S: 's01' } },
          UpdateExpression: 'SET g = :g, h = :h',
          ExpressionAttributeValues: { ':g': { S: 'g9' }, ':h': { N: '1' } },
        },
      },
      { operation: 'UpdateItem', body: { TableName: table, Key: { pk: { S: 'p0' }, sk: { S: 's02' } }, UpdateExpression: 'REMOVE g' } },
      { operation: 'DeleteItem', body: { TableName: table, Key: { pk: { S: 'p1' }, sk: { S: 's05' } } } },
      { operation: 'Query', body: { TableName: table, IndexName: 'byG', ...byG('g9') } },
      { operation: 'Query', body: { TableName: table, IndexName: 'byG', ...byG('g2') } },
      { operation: 'Query', body: { TableName: table, IndexName: 'byGKeys', ...byG('g2') }, unorderedItems: true },
      { operation: 'Query', body: { TableName: table, IndexName: 'byH', KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': { S: 'p1' } } } },
    ],
  },
  {
    name: 'index key attributes of the wrong type or empty',
    steps: [
      {
        operation: 'PutItem',
        body: { TableName: table, Item: { pk: { S: 'x' }, sk: { S: 'y' }, g: { N: '1' } } },
        awsDiffers: 'AWS names the key, the types and the index: "Type mismatch for Index Key g Expected: S Actual: N IndexName: byG"',
      },
      { operation: 'PutItem', body: { TableName: table, Item: { pk: { S: 'x' }, sk: { S: 'y' }, g: { S: '' } } } },
      {
        operation: 'PutItem',
        body: { TableName: table, Item: { pk: { S: 'x' }, sk: { S: 'y' }, h: { S: 'not a number' } } },
        awsDiffers: 'AWS names the key, the types and the index of a mistyped index key',
      },
    ],
  },
  create({ GlobalSecondaryIndexes: [gsi('byZ', 'zz', undefined, { ProjectionType: 'ALL' })] }),
  {
    name: 'unused definitions',
    steps: [
      {
        operation: 'CreateTable',
        body: { TableName: freshTableName('index-rules'), BillingMode: 'PAY_PER_REQUEST', KeySchema: KEY, AttributeDefinitions: DEFINITIONS },
        awsDiffers: 'AWS says "Number of attributes in KeySchema does not exactly match number of attributes defined in AttributeDefinitions"',
      },
    ],
  },
  create({
    LocalSecondaryIndexes: [gsi('byH', 'g', 'h', { ProjectionType: 'ALL' })],
    GlobalSecondaryIndexes: [gsi('byG', 'g', undefined, { ProjectionType: 'ALL' })],
  }),
  create({
    LocalSecondaryIndexes: [gsi('byH', 'pk', undefined, { ProjectionType: 'ALL' })],
    GlobalSecondaryIndexes: [gsi('byG', 'g', 'h', { ProjectionType: 'ALL' })],
  }),
  create({ GlobalSecondaryIndexes: [gsi('byG', 'g', undefined, { ProjectionType: 'ALL' }), gsi('byG', 'h', undefined, { ProjectionType: 'ALL' })] }),
  create({ GlobalSecondaryIndexes: [gsi('byG', 'g', 'h', { ProjectionType: 'INCLUDE' })] }),
  create({ GlobalSecondaryIndexes: [gsi('byG', 'g', 'h', { ProjectionType: 'ALL', NonKeyAttributes: ['x'] })] }),
  create({ GlobalSecondaryIndexes: [] }),
  create({
    GlobalSecondaryIndexes: [gsi('byG', 'g', 'h', { ProjectionType: 'ALL' })],
    LocalSecondaryIndexes: [gsi('byG', 'pk', 'h', { ProjectionType: 'ALL' })],
  }),
];

/** GSIs keyed on g that together project `count` × 20 distinct non-key attributes. */
const projectingIndexes = (count: number, first = 0): Json[] =>
  Array.from({ length: count }, (_, index) =>
    gsi(`wide${first + index}`, 'g', undefined, {
      ProjectionType: 'INCLUDE',
      NonKeyAttributes: Array.from({ length: 20 }, (_, n) => `a${(first + index) * 20 + n}`),
    }),
  );
const createProjecting = (tableName: string, indexes: Json[]): Step['body'] => ({
  TableName: tableName,
  BillingMode: 'PAY_PER_REQUEST',
  KeySchema: [KEY[0]],
  AttributeDefinitions: [DEFINITIONS[0], DEFINITIONS[2]],
  GlobalSecondaryIndexes: indexes,
});
// DynamoDB Local still enforces the old limit of 20 projected attributes per table
// ("No more than 20 attributes per table can be projected into Local Secondary
// Indices"); AWS's limit is 100, counting an attribute projected into two indexes twice.
const OLD_PROJECTION_LIMIT = 'DynamoDB Local enforces the old limit of 20 projected attributes per table; AWS allows 100';
const overLimit = { awsDiffers: OLD_PROJECTION_LIMIT, aws: { status: 400, type: 'ValidationException' } };
const wide = freshTableName('index-projections');
cases.push(
  {
    name: '100 projected attributes',
    steps: [{ operation: 'CreateTable', body: createProjecting(wide, projectingIndexes(5)), awsDiffers: OLD_PROJECTION_LIMIT, aws: { status: 200 } }],
  },
  {
    name: '120 projected attributes',
    steps: [{ operation: 'CreateTable', body: createProjecting(freshTableName('index-rules'), projectingIndexes(6)), ...overLimit }],
  },
  {
    name: 'an attribute projected into two indexes counts twice',
    steps: [
      {
        operation: 'CreateTable',
        body: createProjecting(freshTableName('index-rules'), [
          ...projectingIndexes(5),
          gsi('again', 'g', undefined, { ProjectionType: 'INCLUDE', NonKeyAttributes: ['a0'] }),
        ]),
        ...overLimit,
      },
    ],
  },
  {
    name: 'a GSI added to a table whose indexes already project 100 attributes',
    steps: [
      {
        operation: 'UpdateTable',
        body: { TableName: wide, AttributeDefinitions: [DEFINITIONS[2]], GlobalSecondaryIndexUpdates: [{ Create: projectingIndexes(1, 5)[0] }] },
        ...overLimit,
      },
    ],
  },
);

const live = freshTableName('index-updates');
const createByG = (definitions: Json[] | undefined): Json => ({
  TableName: live,
  ...(definitions === undefined ? {} : { AttributeDefinitions: definitions }),
  GlobalSecondaryIndexUpdates: [{ Create: gsi('byG', 'g', undefined, { ProjectionType: 'ALL' }) }],
});

cases.push({
  name: 'GlobalSecondaryIndexUpdates on a live table',
  steps: [
    { operation: 'CreateTable', body: { TableName: live, BillingMode: 'PAY_PER_REQUEST', KeySchema: [KEY[0]], AttributeDefinitions: [DEFINITIONS[0]] } },
    { operation: 'PutItem', body: { TableName: live, Item: { pk: { S: 'a' }, g: { S: 'x' } } } },
    { operation: 'UpdateTable', body: createByG(undefined) },
    { operation: 'UpdateTable', body: { TableName: live, GlobalSecondaryIndexUpdates: [{}] } },
    {
      operation: 'UpdateTable',
      body: {
        TableName: live,
        AttributeDefinitions: [DEFINITIONS[2], DEFINITIONS[3]],
        GlobalSecondaryIndexUpdates: [
          { Create: gsi('byG', 'g', undefined, { ProjectionType: 'ALL' }) },
          { Create: gsi('byH', 'h', undefined, { ProjectionType: 'ALL' }) },
        ],
      },
    },
    { operation: 'UpdateTable', body: { TableName: live, GlobalSecondaryIndexUpdates: [{ Delete: { IndexName: 'missing' } }] } },
    {
      operation: 'UpdateTable',
      body: createByG([DEFINITIONS[2]!]),
      awsDiffers: 'AWS answers CREATING (Backfilling) for a GSI added to a table with items; DynamoDB Local makes it ACTIVE at once',
      aws: { status: 200 },
    },
  ],
});

differentialSuite('differential: secondary indexes', cases);
