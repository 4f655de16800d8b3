import assert from 'node:assert/strict';
import { it } from 'node:test';
import {
  canonicalNumbers,
  createTableBody,
  describeAgainstDynamoDBLocal,
  freshTableName,
  normalize,
  send,
  sendToStreams,
  type OperationName,
} from './harness.js';

/**
 * Streams against DynamoDB Local: the same writes on both servers, then each stream
 * read whole from TRIM_HORIZON, and the records compared once the fields that
 * legitimately differ are dropped: eventID (AWS's are 32 hex digits, Local's UUIDs),
 * SequenceNumber, awsRegion (Local says `ddblocal`) and ApproximateCreationDateTime
 * (Local rounds down to the minute; AWS documents the second). What is left — which
 * writes make a record, the event names, keys, images and SizeBytes — must agree.
 */

type Json = Record<string, unknown>;
type Write = readonly [OperationName, Json];

interface StreamCase {
  readonly name: string;
  readonly viewType: 'KEYS_ONLY' | 'NEW_IMAGE' | 'OLD_IMAGE' | 'NEW_AND_OLD_IMAGES';
  readonly sortKey: boolean;
  /** Writes whose answers must agree too; `table` stands for the case's table name. */
  readonly writes: (table: string) => readonly Write[];
}

const item = (table: string, pk: string, attributes: Json = {}, sk?: number): Json => ({
  TableName: table,
  Item: { pk: { S: pk }, ...(sk === undefined ? {} : { sk: { N: String(sk) } }), ...attributes },
});
const key = (pk: string, sk?: number): Json => ({ pk: { S: pk }, ...(sk === undefined ? {} : { sk: { N: String(sk) } }) });

const CASES: readonly StreamCase[] = [
  {
    name: 'which writes make a record, every write path, NEW_AND_OLD_IMAGES',
    viewType: 'NEW_AND_OLD_IMAGES',
    sortKey: false,
    writes: (table) => [
      ['PutItem', item(table, 'a', { n: { N: '1' }, s: { SS: ['x', 'y'] } })],
      ['PutItem', item(table, 'a', { n: { N: '1.0' }, s: { SS: ['y', 'x'] } })],
      ['UpdateItem', { TableName: table, Key: key('a'), UpdateExpression: 'SET n = :one', ExpressionAttributeValues: { ':one': { N: '1' } } }],
      ['UpdateItem', { TableName: table, Key: key('a'), UpdateExpression: 'ADD n :zero', ExpressionAttributeValues: { ':zero': { N: '0' } } }],
      ['UpdateItem', { TableName: table, Key: key('a'), UpdateExpression: 'REMOVE absent' }],
      ['UpdateItem', { TableName: table, Key: key('a'), UpdateExpression: 'ADD n :one', ExpressionAttributeValues: { ':one': { N: '1' } } }],
      ['PutItem', { ...item(table, 'a'), ConditionExpression: 'attribute_not_exists(pk)' }],
      ['DeleteItem', { TableName: table, Key: key('absent') }],
      // Left out: an update that only removes, of an absent item. DynamoDB Local creates
      // the item (and records an INSERT); AWS does not create it (see the UpdateItem
      // corners of test/differential/update-corners.test.ts), so neither does Strata.
      [
        'BatchWriteItem',
        { RequestItems: { [table]: [{ PutRequest: { Item: key('b') } }, { DeleteRequest: { Key: key('a') } }, { DeleteRequest: { Key: key('none') } }] } },
      ],
      [
        'TransactWriteItems',
        {
          TransactItems: [
            { Put: { TableName: table, Item: { ...key('c'), m: { M: { deep: { L: [{ BOOL: true }, { NULL: true }] } } } } } },
            { Update: { TableName: table, Key: key('b'), UpdateExpression: 'SET t = :t', ExpressionAttributeValues: { ':t': { S: 'text' } } } },
          ],
        },
      ],
      [
        'TransactWriteItems',
        {
          TransactItems: [
            { Put: { TableName: table, Item: key('d') } },
            { ConditionCheck: { TableName: table, Key: key('c'), ConditionExpression: 'attribute_not_exists(pk)' } },
          ],
        },
      ],
    ],
  },
  ...(['KEYS_ONLY', 'NEW_IMAGE', 'OLD_IMAGE'] as const).map((viewType): StreamCase => ({
    name: `an insert, a modify and a remove on a composite key, ${viewType}`,
    viewType,
    sortKey: true,
    writes: (table) => [
      ['PutItem', item(table, 'p', { v: { B: 'AAEC' } }, 1)],
      ['PutItem', item(table, 'p', { v: { B: 'AAED' }, w: { NS: ['1', '2'] } }, 1)],
      ['DeleteItem', { TableName: table, Key: key('p', 1) }],
    ],
  })),
];

/** Every record of the table's stream, shard by shard from TRIM_HORIZON, without the fields that may differ. */
async function streamRecords(endpoint: string, streamArn: string): Promise<unknown[]> {
  const described = await sendToStreams(endpoint, 'DescribeStream', { StreamArn: streamArn });
  const shards = (described.json as { StreamDescription: { Shards: Array<{ ShardId: string }> } }).StreamDescription.Shards;
  const records: unknown[] = [];
  for (const { ShardId } of shards) {
    const started = await sendToStreams(endpoint, 'GetShardIterator', { StreamArn: streamArn, ShardId, ShardIteratorType: 'TRIM_HORIZON' });
    let iterator = (started.json as { ShardIterator?: string }).ShardIterator;
    while (iterator !== undefined) {
      const page = (await sendToStreams(endpoint, 'GetRecords', { ShardIterator: iterator })).json as { Records: Json[]; NextShardIterator?: string };
      for (const { eventID: _id, awsRegion: _region, dynamodb, ...rest } of page.Records) {
        const { SequenceNumber: _sequence, ApproximateCreationDateTime: _time, ...change } = dynamodb as Json;
        records.push({ ...rest, dynamodb: change });
      }
      // An open shard always has a next iterator: the stream is read once it gives no more records.
      iterator = page.Records.length === 0 ? undefined : page.NextShardIterator;
    }
  }
  return records;
}

/** Creates the case's table with its stream, makes its writes, and reads the stream back. */
async function runCase(endpoint: string, testCase: StreamCase, table: string): Promise<{ answers: unknown[]; records: unknown[] }> {
  const created = await send(
    endpoint,
    'CreateTable',
    createTableBody(table, testCase.sortKey ? { hash: ['pk', 'S'], range: ['sk', 'N'] } : { hash: ['pk', 'S'] }, {
      BillingMode: 'PAY_PER_REQUEST',
      StreamSpecification: { StreamEnabled: true, StreamViewType: testCase.viewType },
    }),
  );
  assert.equal(created.status, 200, JSON.stringify(created.json));
  const streamArn = (created.json as { TableDescription: { LatestStreamArn: string } }).TableDescription.LatestStreamArn;
  const answers: unknown[] = [];
  for (const [operation, body] of testCase.writes(table)) {
    const answer = await send(endpoint, operation, body);
    answers.push({ operation, status: answer.status, type: (answer.json as { __type?: string } | undefined)?.__type?.split('#')[1] });
  }
  return { answers, records: await streamRecords(endpoint, streamArn) };
}

describeAgainstDynamoDBLocal('streams, differential against DynamoDB Local', (endpoints) => {
  for (const testCase of CASES) {
    it(testCase.name, async () => {
      const table = freshTableName('streams');
      const [fromLocal, fromStrata] = await Promise.all([runCase(endpoints.local, testCase, table), runCase(endpoints.strata, testCase, table)]);
      assert.deepEqual(fromStrata.answers, fromLocal.answers);
      // Sets in any order; Local's numbers as it stores them ("1.0"), Strata's canonical, as AWS's are.
      assert.deepEqual(normalize(fromStrata.records), normalize(canonicalNumbers(fromLocal.records)));
      assert.ok(fromStrata.records.length > 0);
    });
  }
});
