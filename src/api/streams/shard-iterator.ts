import type { ShardName } from '../../engine/stream-positions.js';
import { LOG_NUMBER_MAX } from '../../storage/store.js';

/**
 * Shard iterators: opaque to clients, and self-contained here. One names the stream
 * (its ARN first, as AWS's do), the shard, the number of the next record to read and
 * when it was issued, for iterators expire 15 minutes after (SHARD_ITERATOR_LIFETIME_MS).
 * Nothing about an iterator is stored, so any node serves any iterator.
 */
export interface ShardPosition {
  readonly streamArn: string;
  readonly streamId: number;
  readonly shard: ShardName;
  readonly number: bigint;
  readonly issuedEpochMs: number;
}

/** "A shard iterator expires 15 minutes after it is returned to the requester" (DynamoDB Streams API, GetShardIterator). */
export const SHARD_ITERATOR_LIFETIME_MS = 15 * 60 * 1000;

const ITERATOR_VERSION = '1';

interface EncodedPosition {
  readonly s: number;
  readonly l: number;
  readonly g: number;
  readonly n: string;
  readonly t: number;
}

export function encodeShardIterator(position: ShardPosition): string {
  const encoded: EncodedPosition = {
    s: position.streamId,
    l: position.shard.lane,
    g: position.shard.generation,
    n: String(position.number),
    t: position.issuedEpochMs,
  };
  return `${position.streamArn}|${ITERATOR_VERSION}|${Buffer.from(JSON.stringify(encoded), 'utf8').toString('base64url')}`;
}

function isEncodedPosition(value: unknown): value is EncodedPosition {
  if (typeof value !== 'object' || value === null) return false;
  const { s, l, g, n, t } = value as Record<string, unknown>;
  return [s, l, g, t].every((member) => Number.isSafeInteger(member) && (member as number) >= 0) && typeof n === 'string' && /^\d{1,20}$/.test(n);
}

/** The position an iterator holds, or undefined if it is not one of Strata's iterators. */
export function decodeShardIterator(iterator: string): ShardPosition | undefined {
  const parts = iterator.split('|');
  if (parts.length !== 3 || parts[1] !== ITERATOR_VERSION) return undefined;
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(parts[2]!, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  if (!isEncodedPosition(decoded) || BigInt(decoded.n) > LOG_NUMBER_MAX) return undefined;
  return {
    streamArn: parts[0]!,
    streamId: decoded.s,
    shard: { lane: decoded.l, generation: decoded.g },
    number: BigInt(decoded.n),
    issuedEpochMs: decoded.t,
  };
}
