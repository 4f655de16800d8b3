import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { dynamoDBLocalSkipReason, startDynamoDBLocal } from '../test/support/dynamodb-local.js';
import { postgresServerSkipReason, startPostgresServer } from '../test/support/postgres-server.js';
import { freePort, startServerProcess, type ServerProcess } from '../test/support/server-process.js';
import { cpuSeconds, treeCpuSeconds } from './proc.js';

/** The servers one benchmark run compares, each in its own process so its CPU time can be read. */

export interface RunningTarget extends ServerProcess {
  /** Where the server keeps its data on disk, for bytes per item. */
  readonly dataDirectory?: string;
  /** Every endpoint serving the same data (nodes on one database); load is spread over them. Without it, `endpoint` alone. */
  readonly endpoints?: readonly string[];
  /** CPU seconds of everything that serves requests (every node, and the database); without it, the process's own. */
  cpuSeconds?(): number;
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

/** One `strata serve` process on the given storage flags, from this checkout's build or another's. */
async function startStrataNode(name: string, storageArgs: readonly string[], checkout: string = root): Promise<ServerProcess> {
  const port = await freePort();
  return startServerProcess({
    name,
    command: process.execPath,
    // One namespace for every client, as DynamoDB Local's -sharedDb: the loader and wrk sign with different keys.
    args: [join(checkout, 'dist', 'cli', 'main.js'), 'serve', '--port', String(port), '--log-level', 'warn', '--shared-db', ...storageArgs],
    port,
    timeoutMs: STARTUP_TIMEOUT_MS,
  });
}

function strataTarget(name: string, storage: 'lmdb' | 'memory', checkout?: string): Target {
  return {
    name,
    skipReason: () =>
      checkout === undefined || existsSync(join(checkout, 'dist', 'cli', 'main.js')) ? undefined : `no build in ${checkout}: run npm run build there`,
    async start() {
      const dataDirectory = storage === 'lmdb' ? mkdtempSync(join(tmpdir(), 'strata-bench-data-')) : undefined;
      const server = await startStrataNode(name, dataDirectory === undefined ? ['--in-memory'] : ['--db-path', dataDirectory], checkout);
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

/**
 * Strata nodes over one PostgreSQL server that this target starts with durability on
 * (fsync, synchronous commit), as deployed, so that it compares fairly with LMDB's
 * flushed commits. Its CPU is the nodes' and the database's together; its startup is
 * the first node's, once the database is up.
 */
function strataPostgresTarget(name: string, nodes: number): Target {
  return {
    name,
    skipReason: postgresServerSkipReason,
    async start() {
      const database = await startPostgresServer({ durable: true });
      const started: ServerProcess[] = [];
      try {
        // The first node creates the schema; the others then start side by side.
        started.push(await startStrataNode(name, ['--storage', database.url]));
        started.push(...(await Promise.all(Array.from({ length: nodes - 1 }, () => startStrataNode(name, ['--storage', database.url])))));
      } catch (error) {
        await Promise.all(started.map((node) => node.stop()));
        await database.stop();
        throw error;
      }
      const [first] = started as [ServerProcess, ...ServerProcess[]];
      return {
        ...first,
        endpoints: started.map((node) => node.endpoint),
        cpuSeconds: () => started.reduce((total, node) => total + cpuSeconds(node.pid), treeCpuSeconds(database.pid)),
        output: () => started.map((node) => node.output()).join('\n'),
        async stop() {
          await Promise.all(started.map((node) => node.stop()));
          await database.stop();
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

/**
 * Every server a run compares. With `baselineCheckout` (another checkout of Strata,
 * built: an earlier commit, say), its LMDB and memory servers run too, right after
 * this build's, so one run tells what a change bought.
 */
export function benchTargets(baselineCheckout?: string): Target[] {
  const baseline =
    baselineCheckout === undefined
      ? []
      : [strataTarget('Strata baseline (LMDB)', 'lmdb', baselineCheckout), strataTarget('Strata baseline (memory)', 'memory', baselineCheckout)];
  const [ceiling, lmdb, memory, ...others] = TARGETS;
  return [ceiling!, lmdb!, memory!, ...baseline, ...others];
}

const TARGETS: readonly Target[] = [
  {
    name: 'bare node:http',
    ceiling: true,
    skipReason: () => undefined,
    async start() {
      const port = await freePort();
      return startServerProcess({
        name: 'bare node:http',
        command: process.execPath,
        args: ['--import', 'tsx', join(root, 'bench', 'bare-server.ts'), String(port)],
        port,
        timeoutMs: STARTUP_TIMEOUT_MS,
      });
    },
  },
  strataTarget('Strata (LMDB)', 'lmdb'),
  strataTarget('Strata (memory)', 'memory'),
  strataPostgresTarget('Strata (PostgreSQL)', 1),
  strataPostgresTarget('Strata (PostgreSQL, 2 nodes)', 2),
  {
    name: 'dynalite',
    skipReason: () => (dynaliteCli() === undefined ? 'dynalite is not installed (npm devDependency)' : undefined),
    async start() {
      const port = await freePort();
      return startServerProcess({
        name: 'dynalite',
        command: process.execPath,
        args: [dynaliteCli()!, '--port', String(port)],
        port,
        timeoutMs: STARTUP_TIMEOUT_MS,
      });
    },
  },
  {
    name: 'DynamoDB Local',
    skipReason: dynamoDBLocalSkipReason,
    start: startDynamoDBLocal,
  },
];
