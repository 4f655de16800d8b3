import { runStrata, type RunningStrata } from './strata.js';
import type { Clock } from './model/clock.js';
import type { Logger, LogLevel } from './model/logger.js';
import type { StorageConfig } from './storage/index.js';
import type { TriggerOptions } from './triggers/trigger-options.js';

export interface StartStrataOptions {
  /** Defaults to 0: a free port chosen by the system. */
  readonly port?: number;
  readonly host?: string;
  /** Keep data in an LMDB environment in this directory instead of in memory. */
  readonly dbPath?: string;
  /** Keep data in this PostgreSQL-protocol database (postgres://…) instead of in memory. */
  readonly postgresUrl?: string;
  /** One namespace for every access key and region; defaults to true. */
  readonly sharedDb?: boolean;
  /** Defaults to 'warn', to keep test output quiet. */
  readonly logLevel?: LogLevel;
  /** Where the server's log lines go instead of stderr (then logLevel is the logger's business). */
  readonly logger?: Logger;
  /**
   * Where the server reads the time (TTL expiry, idempotency tokens, background
   * sweeps). Pass a ManualClock and advance it to make time pass in a test: TTL
   * deletes expired items on the sweep that `advance` fires, without sleeping.
   */
  readonly clock?: Clock;
  /**
   * Open shards per stream (default 1): more spread a table's stream records over
   * shards by hash bucket, as AWS's partitions do, one item's records staying in one.
   */
  readonly streamShards?: number;
  /**
   * How long a stream's shard stays open before it closes and a child opens, in
   * milliseconds (default four hours, as on AWS; at least a second): a short interval
   * lets a test see shard lineage.
   */
  readonly streamShardRolloverMs?: number;
  /**
   * Local triggers: handlers invoked with the records of a table's stream, in
   * batches, as AWS Lambda invokes a function attached to the stream, with Lambda's
   * settings (batch size, batching window, starting position, retries, bisecting).
   * Each trigger's checkpoint is kept in the store, so a restart resumes where it
   * stopped.
   */
  readonly triggers?: readonly TriggerOptions[];
}

/**
 * Starts Strata inside this process, for test suites: in memory on a free port unless
 * told otherwise. Point any DynamoDB client's endpoint at `endpoint`; call `close()`
 * when done.
 *
 * `check()` verifies what the server has stored: every item's index entries, no
 * entry without its item, every item collection size (tables with LSIs). It resolves
 * to the problems found, as readable lines, empty when all is consistent. It reads
 * one storage snapshot, so writes committing meanwhile are not mistaken for problems;
 * call it before `close()`.
 */
export function startStrata(options: StartStrataOptions = {}): Promise<RunningStrata> {
  return runStrata({
    port: options.port ?? 0,
    host: options.host ?? '127.0.0.1',
    storage: storageOf(options),
    sharedDb: options.sharedDb ?? true,
    logLevel: options.logLevel ?? 'warn',
    ...(options.logger === undefined ? {} : { logger: options.logger }),
    ...(options.clock === undefined ? {} : { clock: options.clock }),
    ...(options.streamShards === undefined ? {} : { streamShards: options.streamShards }),
    ...(options.streamShardRolloverMs === undefined ? {} : { streamShardRolloverMs: options.streamShardRolloverMs }),
    ...(options.triggers === undefined ? {} : { triggers: options.triggers }),
  });
}

function storageOf(options: StartStrataOptions): StorageConfig {
  if (options.dbPath !== undefined && options.postgresUrl !== undefined) throw new Error('startStrata takes dbPath or postgresUrl, not both');
  if (options.postgresUrl !== undefined) return { kind: 'postgres', url: options.postgresUrl };
  if (options.dbPath !== undefined) return { kind: 'lmdb', path: options.dbPath };
  return { kind: 'memory' };
}

export type { RunningStrata } from './strata.js';
export { ManualClock, type Clock } from './model/clock.js';
export type { Logger, LogFields, LogLevel } from './model/logger.js';
export type { TriggerContext, TriggerHandler, TriggerOptions, StartingPosition } from './triggers/trigger-options.js';
export type { StreamEvent, StreamEventRecord } from './triggers/lambda-event.js';
export { tailStream, type TailOptions } from './client/tail-stream.js';
export type { StreamRecordResponse as StreamRecord } from './api/streams/stream-record-shape.js';
