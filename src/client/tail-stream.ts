import type { StreamRecordResponse } from '../api/streams/stream-record-shape.js';
import { JsonApiClient, ServiceError, type ClientIdentity } from './json-api-client.js';

const DYNAMODB = 'DynamoDB_20120810.';
const STREAMS = 'DynamoDBStreams_20120810.';

export interface TailOptions extends ClientIdentity {
  /** The server's URL, e.g. http://localhost:8000. */
  readonly endpoint: string;
  readonly tableName: string;
  /** LATEST (default): only records written from now on; TRIM_HORIZON: every record the stream holds first. */
  readonly startingPosition?: 'LATEST' | 'TRIM_HORIZON';
  /** How long to wait after a round of reads that found nothing (default 250 ms, Lambda's pace). */
  readonly pollIntervalMs?: number;
  /** Ends the tail: the iterator finishes. */
  readonly signal?: AbortSignal;
}

interface ShardDescription {
  readonly ShardId: string;
  readonly ParentShardId?: string;
  readonly SequenceNumberRange: { readonly EndingSequenceNumber?: string };
}

interface ShardReading {
  iterator: string;
  lastSequenceNumber?: string;
}

const DEFAULT_POLL_INTERVAL_MS = 250;

function pause(durationMs: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, durationMs);
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done);
  });
}

/**
 * Follows a table's stream as a consumer does, through the public Streams API: each
 * shard read to its end, a child shard taken up once its parent is done (so one
 * item's records come in order), and the table's next stream followed from its start
 * if the stream is disabled and another enabled.
 */
class StreamFollower {
  private readonly client: JsonApiClient;
  private streamArn = '';
  private reading = new Map<string, ShardReading>();
  private done = new Set<string>();
  private fromStart: boolean;
  private firstLook = true;

  constructor(private readonly options: TailOptions) {
    this.client = new JsonApiClient(options.endpoint, options);
    this.fromStart = options.startingPosition === 'TRIM_HORIZON';
  }

  /** Takes the position to start from: once it resolves, every record written after is seen. */
  async start(): Promise<void> {
    const streamArn = await this.latestStreamArn();
    if (streamArn === undefined) throw new Error(`table ${this.options.tableName} has no stream: enable one with UpdateTable's StreamSpecification first`);
    this.streamArn = streamArn;
    await this.lookForShards();
  }

  /** The records, as GetRecords gives them, until `signal` aborts (which ends the iteration, not fails it) or the caller stops iterating. */
  async *records(): AsyncGenerator<StreamRecordResponse, void, undefined> {
    const { signal } = this.options;
    const pollIntervalMs = this.options.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS;
    try {
      while (signal?.aborted !== true) {
        let received = 0;
        let shardEnded = false;
        for (const [shardId, shard] of this.reading) {
          const answer = await this.readShard(shardId, shard);
          if (answer === undefined) continue;
          for (const record of answer.Records) {
            shard.lastSequenceNumber = record.dynamodb.SequenceNumber;
            received++;
            yield record;
          }
          if (answer.NextShardIterator === undefined) {
            this.reading.delete(shardId);
            this.done.add(shardId);
            shardEnded = true;
          } else {
            shard.iterator = answer.NextShardIterator;
          }
        }
        if (shardEnded) await this.lookForShards();
        if (this.reading.size === 0) await this.followNextStream();
        if (received === 0) await pause(pollIntervalMs, signal);
      }
    } catch (error) {
      // Aborting fails the request in flight; that is the end of the tail.
      if (signal?.aborted !== true) throw error;
    }
  }

  private call<T>(targetPrefix: string, operation: string, body: Readonly<Record<string, unknown>>): Promise<T> {
    return this.client.call<T>(targetPrefix, operation, body, this.options.signal);
  }

  private async latestStreamArn(): Promise<string | undefined> {
    const { Table } = await this.call<{ Table: { LatestStreamArn?: string } }>(DYNAMODB, 'DescribeTable', { TableName: this.options.tableName });
    return Table.LatestStreamArn;
  }

  private async iteratorOf(shardId: string, type: string, sequenceNumber?: string): Promise<string> {
    const body = {
      StreamArn: this.streamArn,
      ShardId: shardId,
      ShardIteratorType: type,
      ...(sequenceNumber === undefined ? {} : { SequenceNumber: sequenceNumber }),
    };
    return (await this.call<{ ShardIterator: string }>(STREAMS, 'GetShardIterator', body)).ShardIterator;
  }

  /** One GetRecords call; undefined when the iterator had expired and was renewed instead. */
  private async readShard(shardId: string, shard: ShardReading): Promise<{ Records: StreamRecordResponse[]; NextShardIterator?: string } | undefined> {
    try {
      return await this.call(STREAMS, 'GetRecords', { ShardIterator: shard.iterator });
    } catch (error) {
      // An iterator lives 15 minutes: one left unread that long (a slow consumer) is renewed where it stood.
      if (!(error instanceof ServiceError) || error.code !== 'ExpiredIteratorException') throw error;
      shard.iterator = await (shard.lastSequenceNumber === undefined
        ? this.iteratorOf(shardId, 'TRIM_HORIZON')
        : this.iteratorOf(shardId, 'AFTER_SEQUENCE_NUMBER', shard.lastSequenceNumber));
      return undefined;
    }
  }

  /** Starts reading the shards that are due: a shard whose parent is done or gone; on the first look at LATEST, the open shards only. */
  private async lookForShards(): Promise<void> {
    const shards: ShardDescription[] = [];
    let exclusiveStartShardId: string | undefined;
    do {
      const { StreamDescription } = await this.call<{ StreamDescription: { Shards: ShardDescription[]; LastEvaluatedShardId?: string } }>(
        STREAMS,
        'DescribeStream',
        { StreamArn: this.streamArn, ...(exclusiveStartShardId === undefined ? {} : { ExclusiveStartShardId: exclusiveStartShardId }) },
      );
      shards.push(...StreamDescription.Shards);
      exclusiveStartShardId = StreamDescription.LastEvaluatedShardId;
    } while (exclusiveStartShardId !== undefined);
    const listed = new Set(shards.map((shard) => shard.ShardId));
    for (const shard of shards) {
      if (this.reading.has(shard.ShardId) || this.done.has(shard.ShardId)) continue;
      const parent = shard.ParentShardId;
      if (this.firstLook && !this.fromStart) {
        if (shard.SequenceNumberRange.EndingSequenceNumber === undefined)
          this.reading.set(shard.ShardId, { iterator: await this.iteratorOf(shard.ShardId, 'LATEST') });
        else this.done.add(shard.ShardId);
      } else if (parent === undefined || !listed.has(parent) || this.done.has(parent)) {
        this.reading.set(shard.ShardId, { iterator: await this.iteratorOf(shard.ShardId, 'TRIM_HORIZON') });
      }
    }
    this.firstLook = false;
  }

  /** The stream is disabled and read to its end: follows the table's next stream, from its start, once there is one. */
  private async followNextStream(): Promise<void> {
    const next = await this.latestStreamArn();
    if (next === undefined || next === this.streamArn) return;
    this.streamArn = next;
    this.reading = new Map();
    this.done = new Set();
    this.fromStart = true;
    await this.lookForShards();
  }
}

/**
 * Follows a table's stream (see StreamFollower). Resolves once the starting position
 * is taken, so that a test can write after it and be sure to see its records; the
 * iterator ends when `signal` aborts or the caller stops iterating.
 */
export async function tailStream(options: TailOptions): Promise<AsyncGenerator<StreamRecordResponse, void, undefined>> {
  const follower = new StreamFollower(options);
  await follower.start();
  return follower.records();
}
