import { Engine } from './engine/engine.js';
import { parseCacheStats } from './expressions/parse-cache.js';
import { createLogger, type Logger, type LogLevel } from './model/logger.js';
import { StrataHttpServer } from './server/http-server.js';
import { openStore, type StorageConfig } from './storage/index.js';

export interface StrataOptions {
  /** TCP port; 0 picks a free one. */
  readonly port: number;
  readonly host: string;
  readonly storage: StorageConfig;
  readonly sharedDb: boolean;
  readonly logLevel?: LogLevel;
  readonly logger?: Logger;
}

export interface RunningStrata {
  /** The base URL clients use as their endpoint, e.g. http://127.0.0.1:8000. */
  readonly endpoint: string;
  readonly port: number;
  close(): Promise<void>;
}

/** Opens the storage, starts the engine and serves HTTP. */
export async function runStrata(options: StrataOptions): Promise<RunningStrata> {
  const logger = options.logger ?? createLogger(options.logLevel ?? 'info');
  const store = await openStore(options.storage);
  const engine = new Engine(store, logger);
  const server = new StrataHttpServer({ engine, logger, sharedDb: options.sharedDb });
  let address;
  try {
    address = await server.listen(options.port, options.host);
  } catch (error) {
    await engine.close();
    throw error;
  }
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  let closing: Promise<void> | undefined;
  return {
    endpoint: `http://${host}:${address.port}`,
    port: address.port,
    close() {
      closing ??= server.close().then(() => {
        const { hits, misses } = parseCacheStats();
        const hitRatePercent = hits + misses === 0 ? 0 : (100 * hits) / (hits + misses);
        logger.info('expression parse cache', { hits, misses, hitRatePercent: hitRatePercent.toFixed(1) });
        return engine.close();
      });
      return closing;
    },
  };
}
