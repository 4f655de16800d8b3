import { LOG_NUMBER_MAX } from '../storage/store.js';

/**
 * The names of places in a stream that clients hold: sequence numbers and shard ids.
 * Both are made from the lane and the record's number (storage/store.ts Append) or
 * the shard's generation, so that reading one back needs no lookup table.
 */

/**
 * AWS's sequence numbers are decimal strings of 21 to 40 digits, increasing within a
 * shard. Strata's are this offset plus the record's number interleaved with its lane
 * (number × lanes + lane), so they also differ between the lanes of one stream.
 */
const SEQUENCE_NUMBER_OFFSET = 10n ** 20n;

export function sequenceNumberOf(number: bigint, lane: number, lanes: number): string {
  return String(SEQUENCE_NUMBER_OFFSET + number * BigInt(lanes) + BigInt(lane));
}

/** The lane and record number a sequence number names, or undefined if it names none of a stream of `lanes` lanes. */
export function parseSequenceNumber(text: string, lanes: number): { readonly lane: number; readonly number: bigint } | undefined {
  if (!/^\d{21,40}$/.test(text)) return undefined;
  const offset = BigInt(text) - SEQUENCE_NUMBER_OFFSET;
  if (offset < 0n) return undefined;
  const number = offset / BigInt(lanes);
  return number > LOG_NUMBER_MAX ? undefined : { lane: Number(offset % BigInt(lanes)), number };
}

/** A shard is one generation of one lane; a lane's next generation opens when the current one closes. */
export interface ShardName {
  readonly lane: number;
  readonly generation: number;
}

/** Lanes and generations fit the shard id's 8 hex digits: a byte for the lane, three for the generation. */
export const STREAM_LANES_MAX = 0x100;
export const SHARD_GENERATIONS_MAX = 0x1000000;

/**
 * AWS's shard ids read `shardId-<20 digits>-<8 hex digits>`; Strata's hold the time
 * the shard opened and its lane and generation.
 */
export function shardIdOf(name: ShardName, openedEpochMs: number): string {
  const code = (name.lane * SHARD_GENERATIONS_MAX + name.generation).toString(16).padStart(8, '0');
  return `shardId-${String(openedEpochMs).padStart(20, '0')}-${code}`;
}

export function parseShardId(shardId: string): ShardName | undefined {
  const match = /^shardId-\d{20}-([0-9a-f]{8})$/.exec(shardId);
  if (match === null) return undefined;
  const code = Number.parseInt(match[1]!, 16);
  return { lane: Math.floor(code / SHARD_GENERATIONS_MAX), generation: code % SHARD_GENERATIONS_MAX };
}
