import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CreateTableCommand, PutItemCommand, UpdateTableCommand, UpdateTimeToLiveCommand } from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  ExpiredIteratorException,
  GetRecordsCommand,
  GetShardIteratorCommand,
  ListStreamsCommand,
  ResourceNotFoundException,
  TrimmedDataAccessException,
  type _Record,
} from '@aws-sdk/client-dynamodb-streams';
import { ManualClock } from '../../src/index.js';
import { startStrataWithClient, streamedTable, TEST_CREDENTIALS, uniqueTableName, type StrataUnderTest } from '../support/strata.js';

/**
 * DynamoDB Streams through the SDK's own streams client, pointed at the same URL as
 * the table client, on the test storage: every write path's records read back, the
 * paging of ListStreams, TTL's expiries named as the service's, and iterators that
 * expire after 15 minutes of the server's clock, which the test owns.
 */

const ITERATOR_LIFETIME_MS = 15 * 60 * 1000;

type ViewType = 'KEYS_ONLY' | 'NEW_IMAGE' | 'OLD_IMAGE' | 'NEW_AND_OLD_IMAGES';

/** A new table keyed by `pk` with a stream of `viewType`: its name and its stream's ARN. */
async function createStreamTable(server: StrataUnderTest, prefix: string, viewType: ViewType): Promise<{ name: string; arn: string }> {
  const name = uniqueTableName(prefix);
  const created = await server.client.send(new CreateTableCommand(streamedTable(name, viewType)));
  return { name, arn: created.TableDescription!.LatestStreamArn! };
}

describe('streams through @aws-sdk/client-dynamodb-streams', () => {
  const clock = new ManualClock();
  let server: StrataUnderTest;
  let streams: DynamoDBStreamsClient;
  before(async () => {
    server = await startStrataWithClient({ clock });
    streams = new DynamoDBStreamsClient({ endpoint: server.strata.endpoint, region: 'us-east-1', credentials: TEST_CREDENTIALS, maxAttempts: 1 });
  });
  after(async () => {
    streams.destroy();
    await server.close();
  });

  function tableWithStream(viewType: ViewType): Promise<{ name: string; arn: string }> {
    return createStreamTable(server, 'stream', viewType);
  }

  async function trimHorizon(arn: string): Promise<string> {
    const { StreamDescription } = await streams.send(new DescribeStreamCommand({ StreamArn: arn }));
    const [shard] = StreamDescription!.Shards!;
    const { ShardIterator } = await streams.send(new GetShardIteratorCommand({ StreamArn: arn, ShardId: shard!.ShardId, ShardIteratorType: 'TRIM_HORIZON' }));
    return ShardIterator!;
  }

  async function recordsFrom(iterator: string): Promise<_Record[]> {
    return (await streams.send(new GetRecordsCommand({ ShardIterator: iterator }))).Records!;
  }

  it('reads each change once, in order, with the images of its view type', async () => {
    const { name, arn } = await tableWithStream('NEW_IMAGE');
    for (const value of ['1', '2', '2', '3']) await server.client.send(new PutItemCommand({ TableName: name, Item: { pk: { S: 'k' }, v: { N: value } } }));
    const records = await recordsFrom(await trimHorizon(arn));
    assert.deepEqual(
      records.map((record) => [record.eventName, record.dynamodb?.NewImage?.['v']?.N, record.dynamodb?.OldImage]),
      [
        ['INSERT', '1', undefined],
        ['MODIFY', '2', undefined],
        ['MODIFY', '3', undefined],
      ],
    );
    assert.ok(records[0]!.dynamodb!.ApproximateCreationDateTime instanceof Date);
  });

  it('pages ListStreams, newest streams of a table included, old ones kept as DISABLED', async () => {
    const { name, arn: first } = await tableWithStream('KEYS_ONLY');
    await server.client.send(new UpdateTableCommand({ TableName: name, StreamSpecification: { StreamEnabled: false } }));
    await clock.advance(1);
    const enabled = await server.client.send(
      new UpdateTableCommand({ TableName: name, StreamSpecification: { StreamEnabled: true, StreamViewType: 'OLD_IMAGE' } }),
    );
    const second = enabled.TableDescription!.LatestStreamArn!;
    assert.notEqual(second, first);
    const page = await streams.send(new ListStreamsCommand({ TableName: name, Limit: 1 }));
    assert.deepEqual(
      page.Streams!.map((stream) => stream.StreamArn),
      [first],
    );
    assert.equal(page.LastEvaluatedStreamArn, first);
    const rest = await streams.send(new ListStreamsCommand({ TableName: name, ExclusiveStartStreamArn: first }));
    assert.deepEqual(
      rest.Streams!.map((stream) => stream.StreamArn),
      [second],
    );
    assert.equal(rest.LastEvaluatedStreamArn, undefined);
    const statuses = await Promise.all(
      [first, second].map(async (arn) => (await streams.send(new DescribeStreamCommand({ StreamArn: arn }))).StreamDescription!.StreamStatus),
    );
    assert.deepEqual(statuses, ['DISABLED', 'ENABLED']);
  });

  it('names Time to Live as the remover of the items it expires', async () => {
    const { name, arn } = await tableWithStream('OLD_IMAGE');
    await server.client.send(new UpdateTimeToLiveCommand({ TableName: name, TimeToLiveSpecification: { AttributeName: 'expires', Enabled: true } }));
    await server.client.send(
      new PutItemCommand({ TableName: name, Item: { pk: { S: 'old' }, expires: { N: String(Math.floor(clock.nowMs() / 1000) - 60) } } }),
    );
    // Two sweep intervals (5 s each): a pass that began before the put, woken when TTL
    // was enabled, may still be running at the first tick; the second starts after it.
    await clock.advance(2 * 5_000);
    const removal = (await recordsFrom(await trimHorizon(arn))).find((record) => record.eventName === 'REMOVE');
    assert.deepEqual(removal?.userIdentity, { PrincipalId: 'dynamodb.amazonaws.com', Type: 'Service' });
    assert.equal(removal?.dynamodb?.OldImage?.['pk']?.S, 'old');
  });

  it('expires an iterator 15 minutes after it was issued, and not before', async () => {
    const { arn } = await tableWithStream('KEYS_ONLY');
    const iterator = await trimHorizon(arn);
    await clock.advance(ITERATOR_LIFETIME_MS);
    await recordsFrom(iterator);
    await clock.advance(1);
    await assert.rejects(recordsFrom(iterator), ExpiredIteratorException);
  });

  it('answers malformed stream requests with a 400, never more', async () => {
    const { arn } = await tableWithStream('KEYS_ONLY');
    const { StreamDescription } = await streams.send(new DescribeStreamCommand({ StreamArn: arn }));
    const shardId = StreamDescription!.Shards![0]!.ShardId!;
    // Iterators forged from a real one: its position is Strata's own JSON, which a client can change.
    const [, , issued] = (await trimHorizon(arn)).split('|');
    const position = JSON.parse(Buffer.from(issued!, 'base64url').toString()) as Record<string, unknown>;
    const forged = (changes: Record<string, unknown>) => `${arn}|1|${Buffer.from(JSON.stringify({ ...position, ...changes })).toString('base64url')}`;
    const requests: Array<[string, unknown]> = [
      ['GetRecords', { ShardIterator: forged({ n: '99999999999999999999' }) }],
      ['GetRecords', { ShardIterator: forged({ l: 9 }) }],
      ['GetRecords', { ShardIterator: forged({ g: 7 }) }],
      ['GetRecords', { ShardIterator: forged({ s: -1, l: 0, g: 0, n: '0', t: 0 }) }],
      ['GetRecords', { ShardIterator: `${arn}|1|%%%` }],
      ['GetRecords', { ShardIterator: 'x', Limit: 0 }],
      ['GetRecords', { ShardIterator: 'x', Limit: 1001 }],
      ['GetShardIterator', { StreamArn: arn, ShardId: shardId, ShardIteratorType: 'AT_SEQUENCE_NUMBER', SequenceNumber: '9'.repeat(40) }],
      ['GetShardIterator', { StreamArn: arn, ShardId: shardId, ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', SequenceNumber: 'x'.repeat(21) }],
      ['GetShardIterator', { StreamArn: arn, ShardId: shardId, ShardIteratorType: 'LATEST', SequenceNumber: '1'.repeat(21) }],
      ['GetShardIterator', { StreamArn: arn, ShardId: 'shardId-00000000000000000000-ffffffff', ShardIteratorType: 'LATEST' }],
      ['GetShardIterator', { StreamArn: arn, ShardId: shardId, ShardIteratorType: 'SIDEWAYS' }],
      ['DescribeStream', { StreamArn: `${arn}/more`, Limit: 101 }],
      ['DescribeStream', { StreamArn: 'arn:aws:dynamodb:us-east-1:000000000000:table/t/stream/', ExclusiveStartShardId: shardId }],
      ['ListStreams', { Limit: 0 }],
      ['ListStreams', { ExclusiveStartStreamArn: 'a'.repeat(1025) }],
    ];
    for (const [operation, body] of requests) {
      const response = await fetch(server.strata.endpoint, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/x-amz-json-1.0',
          'X-Amz-Target': `DynamoDBStreams_20120810.${operation}`,
          Authorization: `AWS4-HMAC-SHA256 Credential=${TEST_CREDENTIALS.accessKeyId}/20260101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=x`,
          'X-Amz-Date': '20260101T000000Z',
        },
        body: JSON.stringify(body),
      });
      assert.equal(response.status, 400, `${operation} ${JSON.stringify(body)}: ${await response.text()}`);
    }
  });

  it('answers an unknown stream with ResourceNotFoundException naming it', async () => {
    const { arn } = await tableWithStream('KEYS_ONLY');
    const unknown = `${arn.slice(0, -3)}999`;
    await assert.rejects(streams.send(new DescribeStreamCommand({ StreamArn: unknown })), (error: unknown) => {
      assert.ok(error instanceof ResourceNotFoundException);
      assert.equal(error.message, `Requested resource not found: Stream: ${unknown} not found`);
      return true;
    });
  });
});

describe('stream shards over time, through @aws-sdk/client-dynamodb-streams', () => {
  /** Shards roll every two minutes; the streams are kept (rolled, trimmed) every minute. */
  const ROLLOVER_MS = 120_000;
  const KEEPING_MS = 60_000;
  const clock = new ManualClock();
  let server: StrataUnderTest;
  let streams: DynamoDBStreamsClient;
  before(async () => {
    server = await startStrataWithClient({ clock, streamShardRolloverMs: ROLLOVER_MS });
    streams = new DynamoDBStreamsClient({ endpoint: server.strata.endpoint, region: 'us-east-1', credentials: TEST_CREDENTIALS, maxAttempts: 1 });
  });
  after(async () => {
    streams.destroy();
    await server.close();
  });

  it('closes a shard after the rollover interval and opens its child, and trims records after 24 hours', async () => {
    const { name, arn } = await createStreamTable(server, 'rolling', 'KEYS_ONLY');
    const putKey = (pk: string) => server.client.send(new PutItemCommand({ TableName: name, Item: { pk: { S: pk } } }));
    await putKey('first');
    await clock.advance(ROLLOVER_MS / 2);
    await putKey('second');
    await clock.advance(ROLLOVER_MS / 2);
    await putKey('third');
    const [parent, child] = (await streams.send(new DescribeStreamCommand({ StreamArn: arn }))).StreamDescription!.Shards!;
    assert.equal(child?.ParentShardId, parent!.ShardId);
    assert.ok(parent!.SequenceNumberRange!.EndingSequenceNumber !== undefined && child!.SequenceNumberRange!.EndingSequenceNumber === undefined);
    const keysIn = async (shardId: string) => {
      const { ShardIterator } = await streams.send(new GetShardIteratorCommand({ StreamArn: arn, ShardId: shardId, ShardIteratorType: 'TRIM_HORIZON' }));
      const page = await streams.send(new GetRecordsCommand({ ShardIterator }));
      return { keys: page.Records!.map((record) => record.dynamodb!.Keys!['pk']!.S), drained: page.NextShardIterator === undefined };
    };
    assert.deepEqual(await keysIn(parent!.ShardId!), { keys: ['first', 'second'], drained: true });
    assert.deepEqual(await keysIn(child!.ShardId!), { keys: ['third'], drained: false });
    // The pass a day and a minute after the first write trims it, and not the second, a minute younger.
    await clock.advance(24 * 60 * 60 * 1000 - ROLLOVER_MS + KEEPING_MS);
    const first = parent!.SequenceNumberRange!.StartingSequenceNumber!;
    await assert.rejects(
      streams.send(new GetShardIteratorCommand({ StreamArn: arn, ShardId: parent!.ShardId, ShardIteratorType: 'AT_SEQUENCE_NUMBER', SequenceNumber: first })),
      TrimmedDataAccessException,
    );
    assert.deepEqual(await keysIn(parent!.ShardId!), { keys: ['second'], drained: true });
    await clock.advance(KEEPING_MS);
    await assert.rejects(
      streams.send(new GetShardIteratorCommand({ StreamArn: arn, ShardId: parent!.ShardId, ShardIteratorType: 'TRIM_HORIZON' })),
      ResourceNotFoundException,
      'a shard whose records are all trimmed is gone',
    );
  });
});
