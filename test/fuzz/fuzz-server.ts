import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnServer } from '../support/cli-process.js';
import { ServerLog } from './server-log.js';

/**
 * The server a campaign fuzzes: Strata as its own process, from the source as it is
 * now (in memory, or on LMDB in a scratch directory), so that its death is seen and
 * its log read; or any endpoint (DynamoDB Local, for a side-by-side count), whose log
 * and process the fuzzer cannot see.
 */
export type FuzzStorage = 'memory' | 'lmdb';

export interface FuzzServer {
  readonly endpoint: string;
  /** What is fuzzed, for the report: "Strata in memory", or the endpoint's URL. */
  readonly description: string;
  /** The error (message and stack) the server logged for the request it answered with `requestId`, when its log is readable. */
  stackFor(requestId: string): Promise<string | undefined>;
  /** Errors the server logged that no request's answer pointed to (a background pass failing, an answer that could not be sent). */
  unattributedErrors(): readonly string[];
  /** Resolves, with what the server last said, if the server process exits before stop(). */
  readonly death: Promise<string>;
  stop(): Promise<void>;
}

const STOP_TIMEOUT_MS = 10_000;
/** The tail of the server's output kept in the report of its death. */
const DEATH_OUTPUT_CHARS = 4_000;

export async function startFuzzServer(storage: FuzzStorage): Promise<FuzzServer> {
  const dataDirectory = storage === 'lmdb' ? mkdtempSync(join(tmpdir(), 'strata-fuzz-')) : undefined;
  const storageArgs = dataDirectory === undefined ? ['--in-memory'] : ['--db-path', dataDirectory];
  const removeData = (): void => {
    if (dataDirectory !== undefined) rmSync(dataDirectory, { recursive: true, force: true });
  };
  let server;
  try {
    // Errors only: the log is read for the stacks of failed requests, and everything else would be noise to parse.
    server = await spawnServer(['--port', '0', ...storageArgs, '--log-level', 'error'], {}, 'source');
  } catch (error) {
    removeData();
    throw error;
  }
  const { child } = server;
  const log = new ServerLog();
  child.stderr.on('data', (chunk: Buffer) => log.append(chunk.toString()));
  let stopping = false;
  const exited = new Promise<string>((resolve) => child.once('exit', (code, signal) => resolve(signal === null ? `exit code ${code}` : `signal ${signal}`)));
  const death = exited.then((how) =>
    stopping ? new Promise<string>(() => {}) : `the server died (${how}); its last output:\n${server.output().slice(-DEATH_OUTPUT_CHARS)}`,
  );
  return {
    endpoint: server.endpoint,
    description: `Strata ${storage === 'lmdb' ? `on LMDB in ${dataDirectory}` : 'in memory'} (pid ${child.pid})`,
    stackFor: (requestId) => log.stackFor(requestId),
    unattributedErrors: () => log.unattributedErrors(),
    death,
    async stop() {
      stopping = true;
      if (child.exitCode === null && child.signalCode === null) {
        const forceTimer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
        child.kill('SIGTERM');
        await exited;
        clearTimeout(forceTimer);
      }
      removeData();
    },
  };
}

export function endpointServer(endpoint: string): FuzzServer {
  return {
    endpoint,
    description: endpoint,
    stackFor: () => Promise.resolve(undefined),
    unattributedErrors: () => [],
    death: new Promise<string>(() => {}),
    stop: () => Promise.resolve(),
  };
}
