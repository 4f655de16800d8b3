import { createTableBody, differentialSuite, freshTableName, step, type DifferentialCase, type KeyDeclaration, type Step } from './harness.js';

/** Table operations: CreateTable, DescribeTable, ListTables, UpdateTable, DeleteTable. */

const HASH_ONLY: KeyDeclaration = { hash: ['pk', 'S'] };
const COMPOSITE: KeyDeclaration = { hash: ['pk', 'S'], range: ['sk', 'N'] };
const PROVISIONED = { BillingMode: 'PROVISIONED', ProvisionedThroughput: { ReadCapacityUnits: 5, WriteCapacityUnits: 5 } };

/** A CreateTable step for a fresh table, and that table's name. */
function freshTable(key: KeyDeclaration = HASH_ONLY, extra?: Record<string, unknown>): { name: string; create: ReturnType<typeof step> } {
  const name = freshTableName('tables');
  return { name, create: step('CreateTable', createTableBody(name, key, extra)) };
}

/** A CreateTable request with a valid name and these key parts, for schema errors. */
function createWith(body: Record<string, unknown>): ReturnType<typeof step> {
  return step('CreateTable', { TableName: freshTableName('tables'), BillingMode: 'PAY_PER_REQUEST', ...body });
}

const pk = { AttributeName: 'pk', AttributeType: 'S' };
const sk = { AttributeName: 'sk', AttributeType: 'N' };
const hashPk = { AttributeName: 'pk', KeyType: 'HASH' };
const rangeSk = { AttributeName: 'sk', KeyType: 'RANGE' };

const SERIALIZATION_NOT_500 =
  'DynamoDB Local coerces or fails with 500 on JSON of the wrong type; AWS deserializes strictly and answers 400 SerializationException';

function createAndDescribe(): DifferentialCase {
  const table = freshTable();
  return { name: 'CreateTable on demand, then DescribeTable', steps: [table.create, step('DescribeTable', { TableName: table.name })] };
}

function tableNameCases(): DifferentialCase[] {
  const arnTable = freshTable();
  return [
    { name: 'table name of 2 characters', steps: [step('CreateTable', createTableBody('ab', HASH_ONLY))] },
    { name: 'table name of 3 characters', steps: [step('CreateTable', createTableBody('abc', HASH_ONLY))] },
    { name: 'table name of 256 characters', steps: [step('CreateTable', createTableBody('n'.repeat(256), HASH_ONLY))] },
    {
      name: 'table name of 255 characters',
      steps: [step('CreateTable', createTableBody('m'.repeat(255), HASH_ONLY)), step('DescribeTable', { TableName: 'm'.repeat(255) })],
    },
    { name: 'table name with a space and "!"', steps: [step('CreateTable', createTableBody('bad name!', HASH_ONLY))] },
    { name: 'table name with dots, dashes and underscores', steps: [step('CreateTable', createTableBody('ok_name.with-dots', HASH_ONLY))] },
    { name: 'table name missing', steps: [step('CreateTable', { KeySchema: [hashPk], AttributeDefinitions: [pk], BillingMode: 'PAY_PER_REQUEST' })] },
    { name: 'DescribeTable with an empty table name', steps: [step('DescribeTable', { TableName: '' })] },
    { name: 'DescribeTable with a table name of 1025 characters', steps: [step('DescribeTable', { TableName: 'x'.repeat(1025) })] },
    {
      name: 'DescribeTable by table ARN',
      steps: [arnTable.create, step('DescribeTable', { TableName: `arn:aws:dynamodb:us-east-1:000000000000:table/${arnTable.name}` })],
    },
    { name: 'DescribeTable with a malformed ARN', steps: [step('DescribeTable', { TableName: 'arn:aws:dynamodb:us-east-1:000000000000:table/a b' })] },
    {
      name: 'DescribeTable with a number as table name',
      steps: [step('DescribeTable', { TableName: 5 }, { awsDiffers: SERIALIZATION_NOT_500, aws: { status: 400, type: 'SerializationException' } })],
    },
  ];
}

function keySchemaCases(): DifferentialCase[] {
  return [
    { name: 'KeySchema missing', steps: [createWith({ AttributeDefinitions: [pk] })] },
    { name: 'AttributeDefinitions missing', steps: [createWith({ KeySchema: [hashPk] })] },
    { name: 'KeySchema and AttributeDefinitions missing', steps: [createWith({})] },
    { name: 'KeySchema empty', steps: [createWith({ KeySchema: [], AttributeDefinitions: [pk] })] },
    { name: 'KeySchema without a HASH element', steps: [createWith({ KeySchema: [{ AttributeName: 'sk', KeyType: 'RANGE' }], AttributeDefinitions: [sk] })] },
    {
      name: 'KeySchema with two HASH elements',
      steps: [createWith({ KeySchema: [hashPk, { AttributeName: 'sk', KeyType: 'HASH' }], AttributeDefinitions: [pk, sk] })],
    },
    { name: 'KeySchema with RANGE before HASH', steps: [createWith({ KeySchema: [rangeSk, hashPk], AttributeDefinitions: [pk, sk] })] },
    {
      name: 'KeySchema with two RANGE elements',
      steps: [createWith({ KeySchema: [rangeSk, { AttributeName: 'pk', KeyType: 'RANGE' }], AttributeDefinitions: [pk, sk] })],
    },
    {
      name: 'HASH and RANGE on the same attribute',
      steps: [createWith({ KeySchema: [hashPk, { AttributeName: 'pk', KeyType: 'RANGE' }], AttributeDefinitions: [pk] })],
    },
    {
      name: 'KeySchema with three elements',
      steps: [
        createWith({
          KeySchema: [hashPk, rangeSk, { AttributeName: 'x', KeyType: 'RANGE' }],
          AttributeDefinitions: [pk, sk, { AttributeName: 'x', AttributeType: 'S' }],
        }),
      ],
    },
    { name: 'KeyType not HASH or RANGE', steps: [createWith({ KeySchema: [{ AttributeName: 'pk', KeyType: 'PRIMARY' }], AttributeDefinitions: [pk] })] },
    {
      name: 'key AttributeName empty',
      steps: [createWith({ KeySchema: [{ AttributeName: '', KeyType: 'HASH' }], AttributeDefinitions: [{ AttributeName: '', AttributeType: 'S' }] })],
    },
    {
      name: 'key AttributeName of 256 characters',
      steps: [
        createWith({
          KeySchema: [{ AttributeName: 'a'.repeat(256), KeyType: 'HASH' }],
          AttributeDefinitions: [{ AttributeName: 'a'.repeat(256), AttributeType: 'S' }],
        }),
      ],
    },
    { name: 'KeySchema element without KeyType', steps: [createWith({ KeySchema: [{ AttributeName: 'pk' }], AttributeDefinitions: [pk] })] },
    { name: 'composite key, provisioned', steps: [step('CreateTable', createTableBody(freshTableName('tables'), COMPOSITE, PROVISIONED))] },
  ];
}

function attributeDefinitionCases(): DifferentialCase[] {
  return [
    { name: 'attribute defined but not used in the key', steps: [createWith({ KeySchema: [hashPk], AttributeDefinitions: [pk, sk] })] },
    { name: 'hash key attribute not defined', steps: [createWith({ KeySchema: [hashPk], AttributeDefinitions: [sk] })] },
    { name: 'range key attribute not defined', steps: [createWith({ KeySchema: [hashPk, rangeSk], AttributeDefinitions: [pk] })] },
    { name: 'attribute defined twice', steps: [createWith({ KeySchema: [hashPk], AttributeDefinitions: [pk, pk] })] },
    {
      name: 'attribute defined twice with different types',
      steps: [createWith({ KeySchema: [hashPk], AttributeDefinitions: [pk, { AttributeName: 'pk', AttributeType: 'N' }] })],
    },
    { name: 'AttributeType BOOL', steps: [createWith({ KeySchema: [hashPk], AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'BOOL' }] })] },
    { name: 'AttributeType missing', steps: [createWith({ KeySchema: [hashPk], AttributeDefinitions: [{ AttributeName: 'pk' }] })] },
    { name: 'AttributeDefinitions empty', steps: [createWith({ KeySchema: [hashPk], AttributeDefinitions: [] })] },
    { name: 'binary hash key', steps: [step('CreateTable', createTableBody(freshTableName('tables'), { hash: ['b', 'B'] }))] },
  ];
}

function billingCases(): DifferentialCase[] {
  const body = (extra: Record<string, unknown>): Record<string, unknown> => createTableBody(freshTableName('tables'), HASH_ONLY, extra);
  return [
    { name: 'BillingMode not an allowed value', steps: [step('CreateTable', body({ BillingMode: 'FREE' }))] },
    { name: 'default (provisioned) billing without ProvisionedThroughput', steps: [step('CreateTable', body({}))] },
    { name: 'PROVISIONED without ProvisionedThroughput', steps: [step('CreateTable', body({ BillingMode: 'PROVISIONED' }))] },
    {
      name: 'default billing with ProvisionedThroughput',
      steps: [step('CreateTable', body({ ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 2 } }))],
    },
    {
      name: 'PAY_PER_REQUEST with ProvisionedThroughput',
      steps: [
        step('CreateTable', body({ BillingMode: 'PAY_PER_REQUEST', ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 1 } }), {
          awsDiffers: 'DynamoDB Local accepts ProvisionedThroughput on an on-demand table; AWS rejects it',
          aws: {
            status: 400,
            type: 'ValidationException',
            message:
              'One or more parameter values were invalid: Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST',
          },
        }),
      ],
    },
    { name: 'ReadCapacityUnits 0', steps: [step('CreateTable', body({ ProvisionedThroughput: { ReadCapacityUnits: 0, WriteCapacityUnits: 1 } }))] },
    { name: 'both capacity units 0', steps: [step('CreateTable', body({ ProvisionedThroughput: { ReadCapacityUnits: 0, WriteCapacityUnits: 0 } }))] },
    { name: 'negative WriteCapacityUnits', steps: [step('CreateTable', body({ ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: -1 } }))] },
    { name: 'ProvisionedThroughput without WriteCapacityUnits', steps: [step('CreateTable', body({ ProvisionedThroughput: { ReadCapacityUnits: 1 } }))] },
    {
      name: 'ReadCapacityUnits as a string',
      steps: [
        step('CreateTable', body({ ProvisionedThroughput: { ReadCapacityUnits: 'one', WriteCapacityUnits: 1 } }), {
          awsDiffers: SERIALIZATION_NOT_500,
          aws: { status: 400, type: 'SerializationException' },
        }),
      ],
    },
    { name: 'DeletionProtectionEnabled at creation', steps: [step('CreateTable', body({ BillingMode: 'PAY_PER_REQUEST', DeletionProtectionEnabled: true }))] },
  ];
}

function existenceCases(): DifferentialCase[] {
  const existing = freshTable();
  return [
    { name: 'CreateTable of a table that exists', steps: [existing.create, step('CreateTable', createTableBody(existing.name, HASH_ONLY))] },
    { name: 'DescribeTable of a missing table', steps: [step('DescribeTable', { TableName: freshTableName('missing') })] },
    { name: 'DeleteTable of a missing table', steps: [step('DeleteTable', { TableName: freshTableName('missing') })] },
    { name: 'UpdateTable of a missing table', steps: [step('UpdateTable', { TableName: freshTableName('missing'), BillingMode: 'PAY_PER_REQUEST' })] },
  ];
}

/** Names under a prefix that sorts after every other table name of this file. */
function listTablesCases(): DifferentialCase[] {
  const names = ['zz-list-a', 'zz-list-b', 'zz-list-c'];
  return [
    {
      name: 'ListTables pages with Limit and ExclusiveStartTableName',
      steps: [
        ...names.map((name) => step('CreateTable', createTableBody(name, HASH_ONLY))),
        step('ListTables', { ExclusiveStartTableName: 'zz-list-', Limit: 2 }),
        step('ListTables', { ExclusiveStartTableName: 'zz-list-b', Limit: 2 }),
        step('ListTables', { ExclusiveStartTableName: 'zz-list-b', Limit: 1 }),
        step('ListTables', { ExclusiveStartTableName: 'zz-list-c' }),
      ],
    },
    { name: 'ListTables Limit 0', steps: [step('ListTables', { Limit: 0 })] },
    { name: 'ListTables Limit 101', steps: [step('ListTables', { Limit: 101 })] },
    { name: 'ListTables ExclusiveStartTableName too short', steps: [step('ListTables', { ExclusiveStartTableName: 'a' })] },
    { name: 'ListTables ExclusiveStartTableName with a bad character', steps: [step('ListTables', { ExclusiveStartTableName: 'abc$' })] },
  ];
}

function updateTableCases(): DifferentialCase[] {
  const provisioned = freshTable(HASH_ONLY, PROVISIONED);
  const onDemand = freshTable();
  const unchanged = freshTable(HASH_ONLY, PROVISIONED);
  const raised = freshTable(HASH_ONLY, PROVISIONED);
  const empty = freshTable();
  const noThroughput = freshTable();
  const capacityOnOnDemand = freshTable();
  return [
    {
      name: 'UpdateTable from PROVISIONED to PAY_PER_REQUEST and back',
      steps: [
        provisioned.create,
        step('UpdateTable', { TableName: provisioned.name, BillingMode: 'PAY_PER_REQUEST' }),
        step('UpdateTable', {
          TableName: provisioned.name,
          BillingMode: 'PROVISIONED',
          ProvisionedThroughput: { ReadCapacityUnits: 3, WriteCapacityUnits: 4 },
        }),
        step('DescribeTable', { TableName: provisioned.name }),
      ],
    },
    {
      name: 'UpdateTable to PAY_PER_REQUEST when already on demand',
      steps: [onDemand.create, step('UpdateTable', { TableName: onDemand.name, BillingMode: 'PAY_PER_REQUEST' })],
    },
    {
      name: 'UpdateTable with the current throughput',
      steps: [unchanged.create, step('UpdateTable', { TableName: unchanged.name, ProvisionedThroughput: { ReadCapacityUnits: 5, WriteCapacityUnits: 5 } })],
    },
    {
      name: 'UpdateTable raising throughput',
      steps: [raised.create, step('UpdateTable', { TableName: raised.name, ProvisionedThroughput: { ReadCapacityUnits: 10, WriteCapacityUnits: 5 } })],
    },
    { name: 'UpdateTable with nothing to update', steps: [empty.create, step('UpdateTable', { TableName: empty.name })] },
    {
      name: 'UpdateTable to PROVISIONED without throughput',
      steps: [noThroughput.create, step('UpdateTable', { TableName: noThroughput.name, BillingMode: 'PROVISIONED' })],
    },
    {
      name: 'UpdateTable throughput of an on-demand table',
      steps: [
        capacityOnOnDemand.create,
        step('UpdateTable', { TableName: capacityOnOnDemand.name, ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 1 } }),
      ],
    },
    {
      name: 'UpdateTable with throughput 0',
      steps: [step('UpdateTable', { TableName: freshTableName('missing'), ProvisionedThroughput: { ReadCapacityUnits: 0, WriteCapacityUnits: 1 } })],
    },
  ];
}

function deleteTableCases(): DifferentialCase[] {
  const plain = freshTable();
  const protectedTable = freshTable(HASH_ONLY, { BillingMode: 'PAY_PER_REQUEST', DeletionProtectionEnabled: true });
  return [
    {
      name: 'DeleteTable, then DescribeTable',
      steps: [plain.create, step('DeleteTable', { TableName: plain.name }), step('DescribeTable', { TableName: plain.name })],
    },
    {
      name: 'DeleteTable with deletion protection, then without',
      steps: [
        protectedTable.create,
        step('DeleteTable', { TableName: protectedTable.name }),
        step('UpdateTable', { TableName: protectedTable.name, DeletionProtectionEnabled: false }),
        step('DeleteTable', { TableName: protectedTable.name }),
      ],
    },
    { name: 'DeleteTable with an invalid name', steps: [step('DeleteTable', { TableName: 'a!' })] },
  ];
}

/**
 * AWS checks every request against the DynamoDB API model before anything else and
 * reports violations of its constraints (required members, lengths, enums, ranges) as
 * "N validation errors detected: Value ... at 'path' failed to satisfy constraint: ...".
 * DynamoDB Local skips that step and answers with checks of its own.
 */
const MODEL_VALIDATION = 'AWS validates against the API model first (Coral\'s "validation errors detected" message); DynamoDB Local does not';
const MISSING_TABLE =
  'AWS names the table it did not find ("Requested resource not found: Table: x not found"); DynamoDB Local says "Cannot do operations on a non-existent table"';

const DELETING = 'AWS describes a table it is deleting as DELETING; DynamoDB Local still says ACTIVE';

/** Where a step of a case (the last one unless `at` says which) meets a known DynamoDB Local deviation from AWS. */
type Deviation = Pick<Step, 'awsDiffers' | 'aws'> & { at?: number };

const DEVIATIONS: Readonly<Record<string, Deviation | readonly Deviation[]>> = {
  'table name missing': { awsDiffers: MODEL_VALIDATION },
  'DescribeTable with an empty table name': { awsDiffers: MODEL_VALIDATION },
  'DescribeTable with a table name of 1025 characters': { awsDiffers: MODEL_VALIDATION },
  'DescribeTable by table ARN': { awsDiffers: 'AWS accepts a table ARN wherever a TableName goes; this DynamoDB Local predates that', aws: { status: 200 } },
  'KeySchema empty': { awsDiffers: MODEL_VALIDATION },
  'KeyType not HASH or RANGE': { awsDiffers: MODEL_VALIDATION },
  'key AttributeName empty': { awsDiffers: MODEL_VALIDATION },
  'key AttributeName of 256 characters': { awsDiffers: MODEL_VALIDATION },
  'KeySchema element without KeyType': { awsDiffers: MODEL_VALIDATION },
  'attribute defined but not used in the key': {
    awsDiffers:
      'AWS says "One or more parameter values were invalid: Number of attributes in KeySchema does not exactly match number of attributes defined in AttributeDefinitions"',
  },
  'AttributeType BOOL': { awsDiffers: MODEL_VALIDATION },
  'AttributeType missing': { awsDiffers: MODEL_VALIDATION },
  'BillingMode not an allowed value': { awsDiffers: `${MODEL_VALIDATION}; DynamoDB Local fails with 500`, aws: { status: 400, type: 'ValidationException' } },
  'PROVISIONED without ProvisionedThroughput': {
    awsDiffers:
      'AWS words a missing throughput differently when PROVISIONED is named (amazon-kinesis-client issue 1357); DynamoDB Local gives its default-mode message',
    aws: {
      status: 400,
      type: 'ValidationException',
      message: 'One or more parameter values were invalid: ReadCapacityUnits and WriteCapacityUnits must both be specified when BillingMode is PROVISIONED',
    },
  },
  'ReadCapacityUnits 0': { awsDiffers: MODEL_VALIDATION },
  'both capacity units 0': { awsDiffers: MODEL_VALIDATION },
  'negative WriteCapacityUnits': { awsDiffers: MODEL_VALIDATION },
  'ProvisionedThroughput without WriteCapacityUnits': { awsDiffers: MODEL_VALIDATION },
  'CreateTable of a table that exists': { awsDiffers: 'AWS says "Table already exists: <name>"; DynamoDB Local "Cannot create preexisting table"' },
  'DescribeTable of a missing table': { awsDiffers: MISSING_TABLE },
  'DeleteTable of a missing table': { awsDiffers: MISSING_TABLE },
  'UpdateTable of a missing table': { awsDiffers: MISSING_TABLE },
  'ListTables Limit 0': { awsDiffers: MODEL_VALIDATION },
  'ListTables Limit 101': { awsDiffers: MODEL_VALIDATION },
  'ListTables ExclusiveStartTableName too short': { awsDiffers: MODEL_VALIDATION },
  'ListTables ExclusiveStartTableName with a bad character': { awsDiffers: MODEL_VALIDATION },
  'UpdateTable with nothing to update': {
    awsDiffers:
      'AWS lists what UpdateTable needs ("At least one of ProvisionedThroughput, BillingMode, ... is required"); DynamoDB Local says "Nothing to update"',
  },
  'UpdateTable throughput of an on-demand table': {
    awsDiffers: 'AWS refuses ProvisionedThroughput for a PAY_PER_REQUEST table; DynamoDB Local accepts and ignores it',
    aws: { status: 400, type: 'ValidationException' },
  },
  'UpdateTable with throughput 0': {
    awsDiffers: `${MODEL_VALIDATION}, so the bad throughput is reported before the missing table`,
    aws: { status: 400, type: 'ValidationException' },
  },
  'UpdateTable with the current throughput': {
    awsDiffers: 'AWS explains "The provisioned throughput for the table will not change. The requested value equals the current value. ..." with the numbers',
  },
  'DeleteTable, then DescribeTable': [
    { awsDiffers: DELETING, aws: { status: 200 }, at: 1 },
    { awsDiffers: MISSING_TABLE, at: 2 },
  ],
  'DeleteTable with deletion protection, then without': { awsDiffers: DELETING, aws: { status: 200 } },
};

function withDeviations(cases: readonly DifferentialCase[]): DifferentialCase[] {
  return cases.map((testCase) => {
    const listed = DEVIATIONS[testCase.name];
    if (listed === undefined) return testCase;
    const deviations: readonly Deviation[] = Array.isArray(listed) ? listed : [listed];
    const last = testCase.steps.length - 1;
    return {
      ...testCase,
      steps: testCase.steps.map((step, index) => {
        const found = deviations.find((deviation) => (deviation.at ?? last) === index);
        if (found === undefined) return step;
        const { at: _at, ...difference } = found;
        return { ...step, ...difference };
      }),
    };
  });
}

differentialSuite(
  'differential: table operations',
  withDeviations([
    createAndDescribe(),
    ...tableNameCases(),
    ...keySchemaCases(),
    ...attributeDefinitionCases(),
    ...billingCases(),
    ...existenceCases(),
    ...listTablesCases(),
    ...updateTableCases(),
    ...deleteTableCases(),
  ]),
);
