import { Engine } from './engine/engine.js';
import { SYSTEM_CLOCK, type Clock } from './model/clock.js';
import { resolveTriggers, type TriggerOptions } from './triggers/trigger-options.js';
import { startTriggers, type RunningTriggers } from './triggers/triggers.js';
import { tailStream, type TailOptions } from './client/tail-stream.js';
import type { StreamRecordResponse } from './api/streams/stream-record-shape.js';
import { createLogger, type Logger, type LogLevel } from './model/logger.js';
import { StrataHttpServer } from './server/http-server.js';
import { openStore, type StorageConfig } from './storage/index.js';
import { STREAM_LANES_MAX } from './engine/stream-positions.js';

export interface StrataOptions {
  /** TCP port; 0 picks a free one. */
  readonly port: number;
  readonly host: string;
  readonly storage: StorageConfig;
  readonly sharedDb: boolean;
  readonly logLevel?: LogLevel;
  readonly logger?: Logger;
  /** Where time is read; the system clock unless a test brings its own (see model/clock.ts). */
  readonly clock?: Clock;
  /** Open shards per stream enabled from now on (default 1). */
  readonly streamShards?: number;
  /** How long a stream's shard stays open before its child takes over, in milliseconds (default four hours). */
  readonly streamShardRolloverMs?: number;
  /** Handlers invoked with the records of tables' streams, as AWS Lambda's are (triggers/trigger-options.ts). */
  readonly triggers?: readonly TriggerOptions[];
}

export interface RunningStrata {
  /** The base URL clients use as their endpoint, e.g. http://127.0.0.1:8000. */
  readonly endpoint: string;
  readonly port: number;
  /** The engine's consistency check of everything stored (Engine.check): problems as lines, none when consistent. */
  check(): Promise<string[]>;
  /** Follows the table's stream through this server, as `strata streams tail` does (client/tail-stream.ts): resolves once positioned. */
  tailStream(tableName: string, options?: Omit<TailOptions, 'endpoint' | 'tableName'>): Promise<AsyncGenerator<StreamRecordResponse, void, undefined>>;
  close(): Promise<void>;
}

/** Shards roll over no more often than once a second: the streams are kept at that pace. */
const STREAM_SHARD_ROLLOVER_MS_MIN = 1000;

/** Refuses stream settings out of range, before anything is opened. */
export function checkStreamSettings(options: Pick<StrataOptions, 'streamShards' | 'streamShardRolloverMs'>): void {
  const { streamShards, streamShardRolloverMs } = options;
  if (streamShards !== undefined && (!Number.isInteger(streamShards) || streamShards < 1 || streamShards > STREAM_LANES_MAX)) {
    throw new Error(`stream shards must be a whole number from 1 to ${STREAM_LANES_MAX}, not ${streamShards}`);
  }
  if (streamShardRolloverMs !== undefined && (!Number.isInteger(streamShardRolloverMs) || streamShardRolloverMs < STREAM_SHARD_ROLLOVER_MS_MIN)) {
    throw new Error(`the stream shard rollover must be at least one second, in whole milliseconds, not ${streamShardRolloverMs} ms`);
  }
}

/**
 * Opens the storage, starts the engine and serves HTTP; resolves once all three are
 * done. Listening starts while the storage opens (loading LMDB alone takes tens of
 * milliseconds), so a client's first request is received and routed meanwhile; the
 * server holds it until the engine is ready.
 */
export async function runStrata(options: StrataOptions): Promise<RunningStrata> {
  checkStreamSettings(options);
  const logger = options.logger ?? createLogger(options.logLevel ?? 'info');
  const clock = options.clock ?? SYSTEM_CLOCK;
  // Loaded before anything opens, so that a module that fails to load stops the start.
  const triggerList = await resolveTriggers(options.triggers ?? []);
  let triggers: RunningTriggers | undefined;
  const engineOpening = openStore(options.storage).then(async (store) => {
    const engine = new Engine(store, {
      logger,
      clock,
      ...(options.streamShards === undefined ? {} : { streamLanes: options.streamShards }),
      ...(options.streamShardRolloverMs === undefined ? {} : { streamShardRolloverMs: options.streamShardRolloverMs }),
    });
    // Before the server is given the engine: the triggers' starting positions come before any request's write.
    try {
      triggers = await startTriggers(engine, triggerList, clock, logger);
    } catch (error) {
      await engine.close();
      throw error;
    }
    return engine;
  });
  const server = new StrataHttpServer({ engine: engineOpening, logger, sharedDb: options.sharedDb });
  const [listening, opening] = await Promise.allSettled([server.listen(options.port, options.host), engineOpening]);
  if (listening.status === 'rejected') {
    if (opening.status === 'fulfilled') await opening.value.close();
    throw listening.reason;
  }
  if (opening.status === 'rejected') {
    await server.close();
    throw opening.reason;
  }
  const address = listening.value;
  const engine = opening.value;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  let closing: Promise<void> | undefined;
  const endpoint = `http://${host}:${address.port}`;
  return {
    endpoint,
    port: address.port,
    check: () => engine.check(),
    tailStream: (tableName, tailOptions = {}) => tailStream({ ...tailOptions, endpoint, tableName }),
    close() {
      closing ??= server.close().then(async () => {
        // Imported here, not at start: the parser it holds is loaded only by operations that use expressions.
        const { parseCacheStats } = await import('./expressions/parse-cache.js');
        const { hits, misses } = parseCacheStats();
        const hitRatePercent = hits + misses === 0 ? 0 : (100 * hits) / (hits + misses);
        logger.info('expression parse cache', { hits, misses, hitRatePercent: hitRatePercent.toFixed(1) });
        await triggers?.close();
        return engine.close();
      });
      return closing;
    },
  };
}
