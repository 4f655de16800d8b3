import type { OrderedStore } from '../storage/store.js';
import { transact } from '../storage/transaction.js';
import { streamCheckpointKey } from './keyspace.js';
import type { StreamDescriptor } from './stream-catalog.js';

/**
 * Where a consumer of a stream (a local trigger) has got to in each lane: the number
 * of the next record it is to process. Kept in the store, beside the lane's records,
 * so that a restart, or another node taking the work over, resumes there; and
 * removed with the stream.
 */
export async function readStreamCheckpoint(store: OrderedStore, stream: StreamDescriptor, lane: number, consumer: string): Promise<bigint | undefined> {
  const bytes = await store.get(streamCheckpointKey(stream.id, lane, consumer));
  return bytes === undefined ? undefined : BigInt(Buffer.from(bytes).toString('utf8'));
}

export async function saveStreamCheckpoint(store: OrderedStore, stream: StreamDescriptor, lane: number, consumer: string, nextNumber: bigint): Promise<void> {
  await transact(store, async (txn) => txn.put(streamCheckpointKey(stream.id, lane, consumer), Buffer.from(String(nextNumber), 'utf8')));
}
