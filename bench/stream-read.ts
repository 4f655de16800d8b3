import { RawDynamoDBClient } from '../test/support/raw-client.js';
import { SIGNED_HEADERS, STREAMS_TARGET } from './signing.js';
import { createStreamedTable, load, PAYLOAD } from './tables.js';
import type { LoadResult } from './wrk.js';

/**
 * GetRecords throughput: a table with a NEW_AND_OLD_IMAGES stream is loaded, then its
 * whole stream is read from TRIM_HORIZON, every shard at once, each shard's pages
 * followed by NextShardIterator to its end. wrk cannot do this (each request carries
 * the previous answer's iterator), so a Node client does: a page holds up to 1,000
 * records, so its few requests cost the client little next to the server's work.
 */

const TABLE = 'bench_stream_read';
/** GetRecords' maximum Limit (DynamoDB Streams API Reference). */
const GET_RECORDS_LIMIT = 1000;
/** DescribeStream pages of up to 100 shards: far more than a stream of this size has. */
const DESCRIBE_PAGES_MAX = 100;
/** As wrk's --timeout, with room for a 1 MB page from a loaded server. */
const REQUEST_TIMEOUT_MS = 30_000;

export interface StreamRead extends LoadResult {
  /** Shards read side by side. */
  readonly shards: number;
}

/** A DynamoDB Streams request over fetch, whose pooled connections are kept alive. */
async function callStreams<Answer>(endpoint: string, operation: string, body: unknown): Promise<Answer> {
  const response = await fetch(endpoint, {
    method: 'POST',
    headers: { ...SIGNED_HEADERS, 'X-Amz-Target': `${STREAMS_TARGET}.${operation}` },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  const text = await response.text();
  if (response.status !== 200) throw new Error(`${operation} failed with ${response.status}: ${text}`);
  return JSON.parse(text) as Answer;
}

/** Creates the streamed table, writes `records` items of about 1 KB into it (one INSERT record each) and returns its stream's ARN. */
export async function loadStreamedTable(endpoint: string, records: number): Promise<string> {
  const client = new RawDynamoDBClient(endpoint);
  try {
    const created = await createStreamedTable(client, TABLE);
    if ('noStreams' in created) throw new Error(`${TABLE}: ${created.noStreams}`);
    await load(client, TABLE, records, (index) => ({ id: { S: `r${index}` }, payload: { S: PAYLOAD } }));
    return created.streamArn;
  } finally {
    client.close();
  }
}

async function shardIds(endpoint: string, streamArn: string): Promise<string[]> {
  const ids: string[] = [];
  let startAfter: string | undefined;
  for (let pages = 0; pages < DESCRIBE_PAGES_MAX; pages++) {
    const { StreamDescription: described } = await callStreams<{ StreamDescription: { Shards: { ShardId: string }[]; LastEvaluatedShardId?: string } }>(
      endpoint,
      'DescribeStream',
      { StreamArn: streamArn, ...(startAfter === undefined ? {} : { ExclusiveStartShardId: startAfter }) },
    );
    ids.push(...described.Shards.map((shard) => shard.ShardId));
    startAfter = described.LastEvaluatedShardId;
    if (startAfter === undefined) return ids;
  }
  throw new Error(`DescribeStream of ${streamArn} still paging after ${DESCRIBE_PAGES_MAX} pages`);
}

/**
 * Reads one shard from TRIM_HORIZON to its end, adding each GetRecords call's latency
 * to `latenciesMs`; returns the records read. A closed shard ends where no
 * NextShardIterator follows; an open one at its first empty page, since the load ended
 * before the read began (AWS may answer empty pages before the end: these servers do
 * not, and if one did its missing records would count as errors). Each page before the
 * end holds a record, so a shard takes at most `recordsMax` + 1 pages.
 */
async function readShard(endpoint: string, streamArn: string, shardId: string, recordsMax: number, latenciesMs: number[]): Promise<number> {
  let { ShardIterator: iterator } = await callStreams<{ ShardIterator: string }>(endpoint, 'GetShardIterator', {
    StreamArn: streamArn,
    ShardId: shardId,
    ShardIteratorType: 'TRIM_HORIZON',
  });
  let records = 0;
  for (let pages = 0; pages <= recordsMax; pages++) {
    const startedMs = performance.now();
    const page = await callStreams<{ Records: unknown[]; NextShardIterator?: string | null }>(endpoint, 'GetRecords', {
      ShardIterator: iterator,
      Limit: GET_RECORDS_LIMIT,
    });
    latenciesMs.push(performance.now() - startedMs);
    records += page.Records.length;
    if (page.Records.length === 0 || typeof page.NextShardIterator !== 'string') return records;
    iterator = page.NextShardIterator;
  }
  throw new Error(`shard ${shardId} of ${streamArn} still paging after ${recordsMax + 1} GetRecords calls`);
}

/** Nearest-rank percentile of ascending `sortedMs`. */
function percentileMs(sortedMs: readonly number[], percent: number): number {
  return sortedMs[Math.max(0, Math.ceil((percent / 100) * sortedMs.length) - 1)] ?? 0;
}

/** Reads the whole stream, every shard at once; a record read more or fewer times than the `recordsWritten` is an error. */
export async function readStream(endpoint: string, streamArn: string, recordsWritten: number): Promise<StreamRead> {
  const startedMs = performance.now();
  const ids = await shardIds(endpoint, streamArn);
  const latenciesMs: number[] = [];
  const perShard = await Promise.all(ids.map((id) => readShard(endpoint, streamArn, id, recordsWritten, latenciesMs)));
  const seconds = (performance.now() - startedMs) / 1000;
  const records = perShard.reduce((total, count) => total + count, 0);
  latenciesMs.sort((a, b) => a - b);
  return {
    requests: records,
    seconds,
    errors: Math.abs(records - recordsWritten),
    p50Ms: percentileMs(latenciesMs, 50),
    p99Ms: percentileMs(latenciesMs, 99),
    p999Ms: percentileMs(latenciesMs, 99.9),
    shards: ids.length,
  };
}
