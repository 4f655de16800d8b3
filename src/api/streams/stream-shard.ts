import type { StreamDescriptor } from '../../engine/stream-catalog.js';
import { parseShardId, type ShardName } from '../../engine/stream-positions.js';
import type { Shard } from '../../engine/stream-reader.js';
import { DynamoDBError } from '../../model/errors.js';
import type { RequestContext } from '../context.js';
import { AWS_MESSAGES } from '../../model/aws-messages.js';

/** The shard of `stream` that `name` (parsed from a shard id or an iterator) names, if it is still readable. */
export async function findShard(context: RequestContext, stream: StreamDescriptor, name: ShardName): Promise<Shard | undefined> {
  if (name.lane >= stream.lanes) return undefined;
  const shards = await context.engine.laneShards(stream, name.lane);
  return shards.find((shard) => shard.name.generation === name.generation);
}

/** The shard `shardId` names in `stream`: ResourceNotFoundException if it has none of that id. */
export async function requireShard(context: RequestContext, stream: StreamDescriptor, shardId: string): Promise<Shard> {
  const name = parseShardId(shardId);
  const shard = name === undefined ? undefined : await findShard(context, stream, name);
  if (shard === undefined || shard.shardId !== shardId) throw DynamoDBError.resourceNotFound(AWS_MESSAGES.shardNotFound.text);
  return shard;
}

/**
 * TrimmedDataAccessException: the position is older than the oldest record the lane
 * still holds. The wording is the API model's description of the error, which
 * DynamoDB Local answers too; AWS's own is not on record.
 */
export function trimmedDataAccess(): DynamoDBError {
  return new DynamoDBError('TrimmedDataAccessException', 'The operation attempted to read past the oldest stream record in a shard.');
}
