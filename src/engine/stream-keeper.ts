import type { Clock } from '../model/clock.js';
import type { Logger } from '../model/logger.js';
import { logCounterValue, type OrderedStore } from '../storage/store.js';
import { transact } from '../storage/transaction.js';
import { BackgroundPasses } from './background-passes.js';
import { droppedPrefixKey, streamKey, streamLaneCounterKey, streamLogRange, streamRecordPrefix, streamShardKey, successorPrefix } from './keyspace.js';
import type { TablePurger } from './table-purger.js';
import type { Leases } from './leases.js';
import { listStreamDescriptors, type StreamDescriptor } from './stream-catalog.js';
import { SHARD_GENERATIONS_MAX } from './stream-positions.js';
import { encodeShard, openedShards } from './stream-reader.js';
import { decodeStreamRecord } from './stream-records.js';

/**
 * "All data in DynamoDB Streams is subject to a 24 hour lifetime" (Developer Guide,
 * DynamoDB Streams): records older are trimmed, and a disabled stream is gone once
 * its last records would be.
 */
const STREAM_RETENTION_MS = 24 * 60 * 60 * 1000;

/** How often AWS closes a shard and opens its child: about every four hours (DynamoDB Local's constant too). */
export const DEFAULT_SHARD_ROLLOVER_MS = 4 * 60 * 60 * 1000;

/** How long after one pass over the streams the next begins. */
const KEEPING_INTERVAL_MS = 60_000;
/** Records deleted per commit, so that trimming a busy lane is many short commits. */
const TRIM_BATCH_RECORDS = 500;
/** One node keeps the streams at a time. */
const KEEPING_LEASE = 'stream-keeping';

/**
 * The streams' background work, by one node at a time: each lane's open shard is
 * closed and its child opened once it has been open for the rollover interval and
 * holds records; records past the retention period are trimmed from the front of
 * their lane; a stream disabled for longer than that is removed with all it holds.
 */
export class StreamKeeper {
  private readonly passes: BackgroundPasses;

  constructor(
    private readonly store: OrderedStore,
    private readonly leases: Leases,
    private readonly purger: TablePurger,
    private readonly clock: Clock,
    logger: Logger,
    private readonly shardRolloverMs: number,
  ) {
    // Rolled at the rollover interval's pace, or at the keeping interval's if that is shorter.
    this.passes = new BackgroundPasses(() => this.keepAll(), Math.min(KEEPING_INTERVAL_MS, shardRolloverMs), clock, logger, 'stream keeping failed');
  }

  close(): Promise<void> {
    return this.passes.close();
  }

  private async keepAll(): Promise<void> {
    const streams = await listStreamDescriptors(this.store, undefined);
    if (streams.length === 0) return;
    try {
      for (const stream of streams) {
        if (this.passes.closed || !(await this.leases.acquire(KEEPING_LEASE))) return;
        await this.keep(stream);
      }
    } finally {
      await this.leases.release(KEEPING_LEASE);
    }
  }

  private async keep(stream: StreamDescriptor): Promise<void> {
    const nowMs = this.clock.nowMs();
    if (stream.disabledEpochMs !== undefined && nowMs - stream.disabledEpochMs > STREAM_RETENTION_MS) {
      await this.remove(stream);
      return;
    }
    for (let lane = 0; lane < stream.lanes; lane++) {
      await this.trim(stream, lane, nowMs - STREAM_RETENTION_MS);
      if (stream.disabledEpochMs === undefined) await this.rollOver(stream, lane, nowMs);
    }
  }

  /** Deletes the lane's records made before `beforeEpochMs`, oldest first. */
  private async trim(stream: StreamDescriptor, lane: number, beforeEpochMs: number): Promise<void> {
    const prefix = streamRecordPrefix(stream.id, lane);
    for (;;) {
      const expired: Uint8Array[] = [];
      let reachedKept = false;
      for await (const entry of this.store.range({ start: prefix, end: successorPrefix(prefix), limit: TRIM_BATCH_RECORDS })) {
        if (decodeStreamRecord(entry.value).createdEpochMs >= beforeEpochMs) {
          reachedKept = true;
          break;
        }
        expired.push(entry.key);
      }
      if (expired.length > 0) await transact(this.store, async (txn) => expired.forEach((key) => txn.delete(key)));
      if (reachedKept || expired.length < TRIM_BATCH_RECORDS) return;
    }
  }

  /**
   * Opens the lane's next shard where the next record will go, once the current one
   * has been open for the rollover interval and holds a record. The counter is read in
   * the transaction, so an append that lands meanwhile makes it run again: the new
   * shard starts exactly after the last record of its parent.
   */
  private async rollOver(stream: StreamDescriptor, lane: number, nowMs: number): Promise<void> {
    const shards = await openedShards(this.store, stream, lane);
    const generation = shards.length - 1;
    const current = shards[generation]!;
    // A lane whose generations would overflow the shard id keeps its last shard open.
    if (nowMs - current.openedEpochMs < this.shardRolloverMs || generation + 1 >= SHARD_GENERATIONS_MAX) return;
    await transact(this.store, async (txn) => {
      const nextNumber = logCounterValue(await txn.get(streamLaneCounterKey(stream.id, lane)));
      if (nextNumber > current.startNumber) txn.put(streamShardKey(stream.id, lane, generation + 1), encodeShard(nextNumber, nowMs));
    });
  }

  /**
   * Removes a stream whose retention has passed since it was disabled: its description
   * goes, and its records, lanes and shards are left to the purger, as a dropped
   * table's items are, in the same commit.
   */
  private async remove(stream: StreamDescriptor): Promise<void> {
    await transact(this.store, async (txn) => {
      txn.delete(streamKey(stream.namespace, stream.id));
      txn.put(droppedPrefixKey(streamLogRange(stream.id).start), new Uint8Array(0));
    });
    this.purger.wake();
  }
}
