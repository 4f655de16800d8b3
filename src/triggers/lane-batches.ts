import type { Engine } from '../engine/engine.js';
import type { StreamDescriptor } from '../engine/stream-catalog.js';
import type { NumberedRecord, ShardReadLimits } from '../engine/stream-reader.js';

/** The next records of a lane for a consumer, from where it has got to. */
export interface LaneBatch {
  /** Consecutive records of one shard: a batch never spans shards, as Lambda's do not. */
  readonly records: readonly NumberedRecord[];
  /** Where the lane goes on after these records. */
  readonly nextNumber: bigint;
  /** Records from the position asked for on that were trimmed (older than 24 hours) before the consumer read them. */
  readonly trimmedRecords: bigint;
  /** The batch ends its shard: the next shard may have records at once. */
  readonly endsShard: boolean;
  /** The stream is disabled and this lane has been read to its end. */
  readonly laneEnded: boolean;
}

/**
 * Reads the lane's records from `fromNumber` on, within `limits` and one shard. A
 * lane's shards are consecutive ranges of its record numbers, so a consumer needs
 * only a number per lane to know where it is; the shard is found from it.
 */
export async function readLaneBatch(engine: Engine, stream: StreamDescriptor, lane: number, fromNumber: bigint, limits: ShardReadLimits): Promise<LaneBatch> {
  const shards = await engine.laneShards(stream, lane);
  const firstRetained = shards[0]?.firstRetainedNumber ?? fromNumber;
  const from = fromNumber < firstRetained ? firstRetained : fromNumber;
  const trimmedRecords = from - fromNumber;
  const shard = shards.find((candidate) => !candidate.closed || from < candidate.nextNumber);
  if (shard === undefined) return { records: [], nextNumber: from, trimmedRecords, endsShard: false, laneEnded: true };
  const start = from < shard.startNumber ? shard.startNumber : from;
  const read = await engine.readShard(stream, shard, start, limits);
  const last = read.records[read.records.length - 1];
  return {
    records: read.records,
    nextNumber: last === undefined ? start : last.number + 1n,
    trimmedRecords,
    endsShard: read.nextNumber === undefined,
    laneEnded: false,
  };
}
