import { randomUUID } from 'node:crypto';
import { namespaceContext } from '../api/namespaces.js';
import { BackgroundPasses } from '../engine/background-passes.js';
import type { Engine } from '../engine/engine.js';
import type { StreamDescriptor } from '../engine/stream-catalog.js';
import type { NumberedRecord } from '../engine/stream-reader.js';
import type { Clock } from '../model/clock.js';
import type { Logger } from '../model/logger.js';
import { streamEventOf } from './lambda-event.js';
import { readLaneBatch } from './lane-batches.js';
import type { Trigger } from './trigger-options.js';

/** Lambda polls each shard of a stream four times a second. */
const POLL_INTERVAL_MS = 250;
/** The largest event Lambda passes to a function invoked synchronously (6 MB). */
const EVENT_BYTES_MAX = 6 * 1024 * 1024;
/** A failing batch is retried after 1 s, then 2, 4 and so on up to a minute. */
const RETRY_BACKOFF_MS_FIRST = 1000;
const RETRY_BACKOFF_MS_MAX = 60_000;
/**
 * A trigger's lease on a stream lapses this long after its holder last renewed it:
 * then another node, or the same one restarted after a crash, takes the stream's
 * delivery over. Shorter than other background work's leases, since a trigger that
 * waits for a dead holder's lease delays every record; a handler running longer than
 * this on one node may see its batch delivered by another meanwhile (at least once).
 */
const TRIGGER_LEASE_TTL_MS = 10_000;
/** A lease is renewed well before another node could take it. */
const LEASE_RENEWAL_MS = TRIGGER_LEASE_TTL_MS / 3;
/** The keys of at most this many records of a failing batch are logged. */
const LOGGED_KEYS_MAX = 10;

/** What the trigger is doing in one lane, beyond its checkpoint (which is in the store). */
interface LaneProgress {
  /** Records per batch: the trigger's batch size, or less while a failed batch is being bisected. */
  batchLimit: number;
  /** The end of the failed batch being bisected: once past it, batches are whole again. */
  bisectUntil: bigint | undefined;
  /** Failed invocations of the batch at the checkpoint. */
  attempts: number;
  /** When the failed batch is tried again. */
  retryAtMs: number | undefined;
  /** When a batch short of the batch size was first seen, while the batching window gathers more. */
  gatheringSinceMs: number | undefined;
}

function retryBackoffMs(attempts: number): number {
  return Math.min(RETRY_BACKOFF_MS_MAX, RETRY_BACKOFF_MS_FIRST * 2 ** (attempts - 1));
}

/**
 * The index of the first record a handler's result reports failed (Lambda's partial
 * batch response), or undefined when it reports none. As on Lambda, the record with
 * the lowest sequence number is where processing resumes, and an identifier that
 * names no record of the batch fails the whole batch.
 */
function firstReportedFailure(result: unknown, records: readonly { readonly dynamodb: { readonly SequenceNumber: string } }[]): number | undefined {
  if (typeof result !== 'object' || result === null || !('batchItemFailures' in result)) return undefined;
  const failures = result.batchItemFailures;
  if (!Array.isArray(failures) || failures.length === 0) return undefined;
  let first = records.length;
  for (const failure of failures as unknown[]) {
    const identifier = typeof failure === 'object' && failure !== null && 'itemIdentifier' in failure ? failure.itemIdentifier : undefined;
    const index = records.findIndex((record) => record.dynamodb.SequenceNumber === identifier);
    if (index < 0) return 0;
    first = Math.min(first, index);
  }
  return first;
}

/**
 * Saves where the trigger starts in each lane of its table's streams that it has no
 * checkpoint for yet, by its starting position; done before the server takes
 * requests, so that LATEST means every record written after the server started.
 */
export async function takeStartingPositions(engine: Engine, trigger: Trigger): Promise<void> {
  const streams = (await engine.listStreams(undefined)).filter((stream) => stream.tableName === trigger.tableName);
  for (const stream of streams) {
    for (let lane = 0; lane < stream.lanes; lane++) {
      if ((await engine.streamCheckpoint(stream, lane, trigger.name)) !== undefined) continue;
      const shards = await engine.laneShards(stream, lane);
      const start = trigger.startingPosition === 'LATEST' ? shards[shards.length - 1]!.nextNumber : await engine.firstRetainedNumber(stream, lane);
      await engine.saveStreamCheckpoint(stream, lane, trigger.name, start);
    }
  }
}

/**
 * Runs one trigger: delivers the records of every stream of its table to its
 * handler, lane by lane (shards of one lane in order, lanes side by side), as
 * Lambda's event source mapping does. Delivery is at least once: the checkpoint is
 * saved in the store after the handler returns, so a restart may deliver the last
 * batch again, and never skips one. A failing batch is retried with backoff, halved
 * first when bisecting; its records are skipped, and logged, only once its retries
 * are spent. With many nodes, one node runs the trigger for a stream at a time.
 */
export class TriggerRunner {
  private readonly passes: BackgroundPasses;
  private readonly lanes = new Map<string, LaneProgress>();
  /** When each stream's lease was last taken or renewed by this node. */
  private readonly leaseRenewedAtMs = new Map<number, number>();
  private readonly unsubscribe: () => void;
  /** A wake came during a pass: another follows it, so no record written meanwhile waits for the poll. */
  private wokenDuringPass = false;

  constructor(
    private readonly engine: Engine,
    private readonly trigger: Trigger,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {
    this.passes = new BackgroundPasses(() => this.passUntilQuiet(), POLL_INTERVAL_MS, clock, logger, `trigger ${trigger.name} on ${trigger.tableName} failed`);
    this.unsubscribe = engine.streamRecordsWritten.subscribe(() => this.wake());
    this.wake();
  }

  async close(): Promise<void> {
    this.unsubscribe();
    await this.passes.close();
    await Promise.all([...this.leaseRenewedAtMs.keys()].map((streamId) => this.engine.releaseLease(this.leaseName(streamId))));
  }

  private wake(): void {
    this.wokenDuringPass = true;
    this.passes.wake();
  }

  private async passUntilQuiet(): Promise<void> {
    do {
      this.wokenDuringPass = false;
      const streams = (await this.engine.listStreams(undefined)).filter((stream) => stream.tableName === this.trigger.tableName);
      await Promise.all(streams.map((stream) => this.deliverStream(stream)));
    } while (this.wokenDuringPass && !this.passes.closed);
  }

  private leaseName(streamId: number): string {
    return `trigger/${streamId}/${this.trigger.name}`;
  }

  private async holdLease(stream: StreamDescriptor): Promise<boolean> {
    const nowMs = this.clock.nowMs();
    const renewedAtMs = this.leaseRenewedAtMs.get(stream.id);
    if (renewedAtMs !== undefined && nowMs - renewedAtMs < LEASE_RENEWAL_MS) return true;
    if (!(await this.engine.acquireLease(this.leaseName(stream.id), TRIGGER_LEASE_TTL_MS))) {
      this.leaseRenewedAtMs.delete(stream.id);
      return false;
    }
    this.leaseRenewedAtMs.set(stream.id, nowMs);
    return true;
  }

  private async deliverStream(stream: StreamDescriptor): Promise<void> {
    if (!(await this.holdLease(stream))) return;
    await Promise.all(Array.from({ length: stream.lanes }, (_, lane) => this.deliverLane(stream, lane)));
  }

  /** Delivers the lane's records until it is caught up, waiting out a batching window, or backing off a failure. */
  private async deliverLane(stream: StreamDescriptor, lane: number): Promise<void> {
    const { engine, trigger } = this;
    const progressKey = `${stream.id}/${lane}`;
    let progress = this.lanes.get(progressKey);
    if (progress === undefined) {
      progress = { batchLimit: trigger.batchSize, bisectUntil: undefined, attempts: 0, retryAtMs: undefined, gatheringSinceMs: undefined };
      this.lanes.set(progressKey, progress);
    }
    // Read each pass: another node may have moved it while it held the lease. A lane
    // without one belongs to a stream enabled since the trigger started: all its records are new.
    let position = (await engine.streamCheckpoint(stream, lane, trigger.name)) ?? (await engine.firstRetainedNumber(stream, lane));
    while (!this.passes.closed) {
      const nowMs = this.clock.nowMs();
      if (progress.retryAtMs !== undefined && nowMs < progress.retryAtMs) return;
      const batch = await readLaneBatch(engine, stream, lane, position, { records: progress.batchLimit, bytes: EVENT_BYTES_MAX });
      if (batch.trimmedRecords > 0n) {
        this.logger.warn('trigger lost records trimmed before it could read them', { ...this.fields(stream), records: String(batch.trimmedRecords) });
        position += batch.trimmedRecords;
        await engine.saveStreamCheckpoint(stream, lane, trigger.name, position);
      }
      if (batch.records.length === 0) {
        if (batch.nextNumber !== position) position = await this.advance(stream, lane, progress, batch.nextNumber);
        if (batch.endsShard) continue;
        return;
      }
      // Only a fresh batch waits to fill: a retried or bisected one goes at once.
      const retrying = progress.attempts > 0 || progress.bisectUntil !== undefined;
      const gathering = batch.records.length < trigger.batchSize && trigger.batchingWindowMs > 0 && !retrying && !batch.endsShard;
      if (gathering) {
        progress.gatheringSinceMs ??= nowMs;
        if (nowMs - progress.gatheringSinceMs < trigger.batchingWindowMs) return;
      }
      progress.gatheringSinceMs = undefined;
      const failedFrom = await this.invoke(stream, lane, batch.records, progress.attempts + 1);
      if (failedFrom === undefined) {
        position = await this.advance(stream, lane, progress, batch.nextNumber);
        continue;
      }
      const failed = batch.records.slice(failedFrom);
      if (failedFrom > 0) position = await this.advance(stream, lane, progress, failed[0]!.number);
      const failedEnd = failed[failed.length - 1]!.number + 1n;
      if (trigger.bisectBatchOnFunctionError && failed.length > 1) {
        progress.bisectUntil = progress.bisectUntil === undefined || failedEnd > progress.bisectUntil ? failedEnd : progress.bisectUntil;
        progress.batchLimit = Math.ceil(failed.length / 2);
        continue;
      }
      progress.attempts++;
      if (trigger.maximumRetryAttempts >= 0 && progress.attempts > trigger.maximumRetryAttempts) {
        this.logger.error('trigger skipped records after its retries failed', { ...this.fields(stream), ...this.keysOf(failed) });
        position = await this.advance(stream, lane, progress, failedEnd);
        continue;
      }
      progress.retryAtMs = nowMs + retryBackoffMs(progress.attempts);
      return;
    }
  }

  /** Saves the checkpoint at `nextNumber` and clears the failure state of the batch it passes. */
  private async advance(stream: StreamDescriptor, lane: number, progress: LaneProgress, nextNumber: bigint): Promise<bigint> {
    await this.engine.saveStreamCheckpoint(stream, lane, this.trigger.name, nextNumber);
    progress.attempts = 0;
    progress.retryAtMs = undefined;
    if (progress.bisectUntil !== undefined && nextNumber >= progress.bisectUntil) {
      progress.bisectUntil = undefined;
      progress.batchLimit = this.trigger.batchSize;
    }
    return nextNumber;
  }

  /** Calls the handler with the batch; resolves to the index of its first failed record, or undefined when all succeeded. */
  private async invoke(stream: StreamDescriptor, lane: number, records: readonly NumberedRecord[], attempt: number): Promise<number | undefined> {
    const event = streamEventOf(namespaceContext(this.engine, stream.namespace), stream, lane, records);
    let failedFrom: number | undefined;
    let error: unknown;
    try {
      failedFrom = firstReportedFailure(await this.trigger.handler(event, { functionName: this.trigger.name, awsRequestId: randomUUID() }), event.Records);
    } catch (thrown) {
      failedFrom = 0;
      error = thrown;
    }
    if (failedFrom !== undefined) {
      const reason = error === undefined ? 'reported failed records' : error instanceof Error ? (error.stack ?? error.message) : String(error);
      this.logger.error('trigger failed', { ...this.fields(stream), attempt, ...this.keysOf(records.slice(failedFrom)), error: reason });
    }
    return failedFrom;
  }

  private fields(stream: StreamDescriptor): Record<string, unknown> {
    return { trigger: this.trigger.name, table: this.trigger.tableName, ...(stream.namespace === '' ? {} : { namespace: stream.namespace }) };
  }

  private keysOf(records: readonly NumberedRecord[]): Record<string, unknown> {
    const keys = records.slice(0, LOGGED_KEYS_MAX).map(({ record }) => record.keys);
    return { records: records.length, keys: JSON.stringify(keys) };
  }
}
