import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { dynamoDBLocalSkipReason, startDynamoDBLocal } from '../test/support/dynamodb-local.js';
import { freePort, startServerProcess, type ServerProcess } from '../test/support/server-process.js';

/** The servers one benchmark run compares, each in its own process so its CPU time can be read. */

export interface RunningTarget extends ServerProcess {
  /** Where the server keeps its data on disk, for bytes per item. */
  readonly dataDirectory?: string;
}

export interface Target {
  readonly name: string;
  /** The bare HTTP ceiling runs one workload only, to bound the others. */
  readonly ceiling?: boolean;
  /** Why the target cannot run on this machine, or undefined. */
  skipReason(): string | undefined;
  start(): Promise<RunningTarget>;
}

const root = fileURLToPath(new URL('..', import.meta.url));
const STARTUP_TIMEOUT_MS = 30_000;

function strataTarget(name: string, storage: 'lmdb' | 'memory'): Target {
  const cli = join(root, 'dist', 'cli', 'main.js');
  return {
    name,
    skipReason: () => undefined,
    async start() {
      const port = await freePort();
      const dataDirectory = storage === 'lmdb' ? mkdtempSync(join(tmpdir(), 'strata-bench-data-')) : undefined;
      const storageArgs = dataDirectory === undefined ? ['--in-memory'] : ['--db-path', dataDirectory];
      const server = await startServerProcess({
        name,
        command: process.execPath,
        // One namespace for every client, as DynamoDB Local's -sharedDb: the loader and wrk sign with different keys.
        args: [cli, 'serve', '--port', String(port), '--log-level', 'warn', '--shared-db', ...storageArgs],
        port,
        timeoutMs: STARTUP_TIMEOUT_MS,
      });
      return {
        ...server,
        ...(dataDirectory === undefined ? {} : { dataDirectory }),
        async stop() {
          await server.stop();
          if (dataDirectory !== undefined) rmSync(dataDirectory, { recursive: true, force: true });
        },
      };
    },
  };
}

function dynaliteCli(): string | undefined {
  try {
    return join(createRequire(import.meta.url).resolve('dynalite/package.json'), '..', 'cli.js');
  } catch {
    return undefined;
  }
}

export const TARGETS: readonly Target[] = [
  {
    name: 'bare node:http',
    ceiling: true,
    skipReason: () => undefined,
    async start() {
      const port = await freePort();
      return startServerProcess({ name: 'bare node:http', command: process.execPath, args: ['--import', 'tsx', join(root, 'bench', 'bare-server.ts'), String(port)], port, timeoutMs: STARTUP_TIMEOUT_MS });
    },
  },
  strataTarget('Strata (LMDB)', 'lmdb'),
  strataTarget('Strata (memory)', 'memory'),
  {
    name: 'dynalite',
    skipReason: () => (dynaliteCli() === undefined ? 'dynalite is not installed (npm devDependency)' : undefined),
    async start() {
      const port = await freePort();
      return startServerProcess({ name: 'dynalite', command: process.execPath, args: [dynaliteCli()!, '--port', String(port)], port, timeoutMs: STARTUP_TIMEOUT_MS });
    },
  },
  {
    name: 'DynamoDB Local',
    skipReason: dynamoDBLocalSkipReason,
    start: startDynamoDBLocal,
  },
];
