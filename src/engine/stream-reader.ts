import { encodeLogNumber, logCounterValue, logRecordNumber, type OrderedStore } from '../storage/store.js';
import { streamLaneCounterKey, streamRecordPrefix, streamShardKey, streamShardsRange, successorPrefix } from './keyspace.js';
import type { StreamDescriptor } from './stream-catalog.js';
import { shardIdOf, type ShardName } from './stream-positions.js';
import { decodeStreamRecord, type StoredStreamRecord } from './stream-records.js';

/** Where a shard begins, as stored for every generation after a lane's first (engine/keyspace.ts). */
interface StoredShard {
  /** The number of the shard's first record, as decimal text (a u64). */
  readonly startNumber: string;
  readonly openedEpochMs: number;
}

/** A shard as DescribeStream shows it: a range of one lane's record numbers. */
export interface Shard {
  readonly name: ShardName;
  readonly shardId: string;
  readonly parentShardId?: string;
  /** The number its first record has or will have. */
  readonly startNumber: bigint;
  /** The number of its last record, once it is closed; a closed shard without records has none. */
  readonly endNumber?: bigint;
  readonly closed: boolean;
  /** One past its last record so far: where LATEST starts. */
  readonly nextNumber: bigint;
  /** The number of its lane's oldest record still held: positions below it were trimmed. */
  readonly firstRetainedNumber: bigint;
}

/** A record with its number in its lane. */
export interface NumberedRecord {
  readonly number: bigint;
  readonly record: StoredStreamRecord;
}

export interface ShardRead {
  readonly records: readonly NumberedRecord[];
  /** Where the next read of the shard starts; absent once a closed shard has been read to its end. */
  readonly nextNumber?: bigint;
}

/** Bounds of one GetRecords call. */
export interface ShardReadLimits {
  readonly records: number;
  readonly bytes: number;
}

function decodeShard(bytes: Uint8Array): StoredShard {
  return JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8')) as StoredShard;
}

export function encodeShard(startNumber: bigint, openedEpochMs: number): Uint8Array {
  const stored: StoredShard = { startNumber: String(startNumber), openedEpochMs };
  return Buffer.from(JSON.stringify(stored), 'utf8');
}

/** Where each of a lane's shards starts and when it opened, by generation: the first is implicit, from the stream's creation. */
export async function openedShards(
  store: OrderedStore,
  stream: StreamDescriptor,
  lane: number,
): Promise<Array<{ startNumber: bigint; openedEpochMs: number }>> {
  const opened = [{ startNumber: 0n, openedEpochMs: stream.createdEpochMs }];
  for await (const entry of store.range(streamShardsRange(stream.id, lane))) {
    const stored = decodeShard(entry.value);
    opened.push({ startNumber: BigInt(stored.startNumber), openedEpochMs: stored.openedEpochMs });
  }
  return opened;
}

/**
 * Reads streams: their shards and their records. A lane's shards are consecutive
 * ranges of its record numbers, generation 0 from the first; a shard is closed when
 * the next generation has opened or the stream is disabled.
 */
export class StreamReader {
  constructor(private readonly store: OrderedStore) {}

  /**
   * The lane's shards, oldest first, but for those whose records have all been
   * trimmed: a shard without records is kept, as it may be the one records go to next.
   */
  async laneShards(stream: StreamDescriptor, lane: number): Promise<Shard[]> {
    const [opened, nextNumber, firstRetained] = await Promise.all([
      openedShards(this.store, stream, lane),
      this.store.get(streamLaneCounterKey(stream.id, lane)).then(logCounterValue),
      this.firstRetainedNumber(stream, lane),
    ]);
    const disabled = stream.disabledEpochMs !== undefined;
    const shards = opened.map((shard, generation): Shard => {
      const name = { lane, generation };
      const following = opened[generation + 1];
      const closed = following !== undefined || disabled;
      const endExclusive = following?.startNumber ?? nextNumber;
      return {
        name,
        shardId: shardIdOf(name, shard.openedEpochMs),
        ...(generation === 0 ? {} : { parentShardId: shardIdOf({ lane, generation: generation - 1 }, opened[generation - 1]!.openedEpochMs) }),
        startNumber: shard.startNumber,
        ...(closed && endExclusive > shard.startNumber ? { endNumber: endExclusive - 1n } : {}),
        closed,
        nextNumber: endExclusive,
        firstRetainedNumber: firstRetained,
      };
    });
    return shards.filter((shard) => !(shard.closed && shard.nextNumber > shard.startNumber && shard.nextNumber <= firstRetained));
  }

  /** Every shard of the stream: each generation's shards after their parents, lanes in order. */
  async shards(stream: StreamDescriptor): Promise<Shard[]> {
    const lanes = await Promise.all(Array.from({ length: stream.lanes }, (_, lane) => this.laneShards(stream, lane)));
    return lanes.flat().sort((a, b) => a.name.generation - b.name.generation || a.name.lane - b.name.lane);
  }

  /**
   * Records of `shard` from `fromNumber` on, within `limits`. A rollover may land
   * while the records are read: the next generation's start is read after them, and
   * records from it on belong to the child, so they are left out.
   */
  async read(stream: StreamDescriptor, shard: Shard, fromNumber: bigint, limits: ShardReadLimits): Promise<ShardRead> {
    const { lane, generation } = shard.name;
    const prefix = streamRecordPrefix(stream.id, lane);
    const end = shard.closed ? Buffer.concat([prefix, encodeLogNumber(shard.nextNumber)]) : successorPrefix(prefix);
    const records: NumberedRecord[] = [];
    let bytes = 0;
    const range = { start: Buffer.concat([prefix, encodeLogNumber(fromNumber)]), end, limit: limits.records };
    for await (const entry of this.store.range(range)) {
      if (records.length > 0 && bytes + entry.value.length > limits.bytes) break;
      bytes += entry.value.length;
      records.push({ number: logRecordNumber(entry.key), record: decodeStreamRecord(entry.value) });
    }
    let closedAt = shard.closed ? shard.nextNumber : undefined;
    if (closedAt === undefined) {
      const child = await this.store.get(streamShardKey(stream.id, lane, generation + 1));
      if (child !== undefined) closedAt = BigInt(decodeShard(child).startNumber);
    }
    const kept = closedAt === undefined ? records : records.filter((record) => record.number < closedAt!);
    const nextNumber = kept.length === 0 ? fromNumber : kept[kept.length - 1]!.number + 1n;
    return { records: kept, ...(closedAt !== undefined && nextNumber >= closedAt ? {} : { nextNumber }) };
  }

  /** The number of the lane's oldest record still held: below it, records were trimmed. */
  async firstRetainedNumber(stream: StreamDescriptor, lane: number): Promise<bigint> {
    const prefix = streamRecordPrefix(stream.id, lane);
    for await (const entry of this.store.range({ start: prefix, end: successorPrefix(prefix), limit: 1 })) return logRecordNumber(entry.key);
    return logCounterValue(await this.store.get(streamLaneCounterKey(stream.id, lane)));
  }
}
