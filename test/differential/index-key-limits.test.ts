import { INDEXED_TABLE_PARTS } from '../support/indexed-table.js';
import { differentialSuite, freshTableName, type DifferentialCase, type Step } from './harness.js';

/**
 * Index key values against DynamoDB Local: a GSI or LSI key value longer than a key
 * value may be (2048 bytes for a partition key, 1024 for a sort key, UTF-8 bytes
 * counted) is refused at every write, a value at the limit is taken; and the read
 * units of a read of an index go to the index, the table's share being zero.
 */
type Json = Record<string, unknown>;

const table = freshTableName('index-key-limits');
const KEY = { pk: { S: 'p' }, sk: { S: 's' } };
const OTHER = { pk: { S: 'p' }, sk: { S: 'other' } };
const TOO_LONG_FOR_PARTITION = { S: 'a'.repeat(2049) };

const create: Step = {
  operation: 'CreateTable',
  body: {
    TableName: table,
    BillingMode: 'PAY_PER_REQUEST',
    KeySchema: [
      { AttributeName: 'pk', KeyType: 'HASH' },
      { AttributeName: 'sk', KeyType: 'RANGE' },
    ],
    ...INDEXED_TABLE_PARTS,
  },
};

/**
 * DynamoDB Local says only "One or more parameter values were invalid: Size limit
 * exceeded"; AWS goes on to name the key, its size, the limit and the index
 * (https://github.com/wellcomecollection/platform/issues/2285).
 */
const NAMES_THE_INDEX_KEY: Partial<Step> = { awsDiffers: 'AWS names the index key, its size, the limit and the index' };

const put = (item: Json, deviation: Partial<Step> = NAMES_THE_INDEX_KEY): Step => ({
  operation: 'PutItem',
  body: { TableName: table, Item: { ...KEY, ...item } },
  ...deviation,
});

const read = (operation: 'Query' | 'Scan', body: Json): Step => ({ operation, body: { TableName: table, ReturnConsumedCapacity: 'INDEXES', ...body } });

const cases: DifferentialCase[] = [
  { name: 'create the table', steps: [create] },
  { name: 'a GSI partition key value over 2048 bytes', steps: [put({ team: TOO_LONG_FOR_PARTITION })] },
  { name: 'a GSI partition key value over 2048 UTF-8 bytes, in 1025 characters', steps: [put({ team: { S: 'é'.repeat(1025) } })] },
  { name: 'a GSI sort key value over 1024 bytes', steps: [put({ team: { S: 't' }, rank: { S: 'b'.repeat(1025) } })] },
  { name: 'a GSI sort key value over 1024 bytes, without the partition key', steps: [put({ rank: { S: 'b'.repeat(1025) } })] },
  { name: 'an LSI sort key value over 1024 bytes', steps: [put({ note: { S: 'c'.repeat(1025) } })] },
  {
    name: 'index key values at the limits, then read through the indexes',
    steps: [
      put({ team: { S: 'a'.repeat(2048) }, rank: { S: 'b'.repeat(1024) }, note: { S: 'c'.repeat(1024) } }, {}),
      read('Query', {
        IndexName: 'byTeam',
        KeyConditionExpression: 'team = :t',
        ExpressionAttributeValues: { ':t': { S: 'a'.repeat(2048) } },
        Select: 'COUNT',
      }),
      read('Query', { IndexName: 'byNote', KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': { S: 'p' } }, Select: 'COUNT' }),
      read('Scan', { IndexName: 'byTeam', Select: 'COUNT' }),
      read('Scan', { Select: 'COUNT' }),
    ],
  },
  {
    name: 'an UpdateItem that makes a GSI key value too long',
    steps: [
      {
        operation: 'UpdateItem',
        body: { TableName: table, Key: KEY, UpdateExpression: 'SET team = :t', ExpressionAttributeValues: { ':t': TOO_LONG_FOR_PARTITION } },
        // AWS refuses every write whose item breaks an index's key rules ("Detecting and
        // correcting index key violations", AWS developer guide); DynamoDB Local checks puts only.
        awsDiffers: 'DynamoDB Local lets an update write an index key value that a put may not',
        aws: { status: 400, type: 'ValidationException' },
      },
    ],
  },
  {
    name: 'a BatchWriteItem with a GSI key value too long',
    steps: [
      {
        operation: 'BatchWriteItem',
        body: { RequestItems: { [table]: [{ PutRequest: { Item: OTHER } }, { PutRequest: { Item: { ...KEY, team: TOO_LONG_FOR_PARTITION } } }] } },
        ...NAMES_THE_INDEX_KEY,
      },
      { operation: 'GetItem', body: { TableName: table, Key: OTHER } },
    ],
  },
  {
    name: 'a TransactWriteItems with a GSI key value too long',
    steps: [
      {
        operation: 'TransactWriteItems',
        body: { TransactItems: [{ Put: { TableName: table, Item: OTHER } }, { Put: { TableName: table, Item: { ...KEY, team: TOO_LONG_FOR_PARTITION } } }] },
        // AWS cancels a transaction whose Put item breaks a key rule with a ValidationError
        // reason (see TRANSACT_KEY_SCHEMA_CANCELS in batch-transactions.test.ts).
        awsDiffers: 'AWS cancels the transaction with a ValidationError reason; DynamoDB Local rejects the request',
        aws: { status: 400, type: 'TransactionCanceledException' },
      },
      { operation: 'GetItem', body: { TableName: table, Key: OTHER } },
    ],
  },
];

differentialSuite('differential: index key limits', cases);
