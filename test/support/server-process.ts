import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * A server run as its own process (DynamoDB Local in the differential tests; every
 * server the benchmark compares): started on a port, awaited until it answers HTTP,
 * stopped with SIGTERM (SIGKILL if it lingers), and never left behind by the process
 * that started it.
 */
export interface ServerProcess {
  readonly endpoint: string;
  readonly pid: number;
  /** From spawn to the first HTTP answer. */
  readonly startupMs: number;
  output(): string;
  stop(): Promise<void>;
}

const STOP_TIMEOUT_MS = 5_000;
const POLL_INTERVAL_MS = 5;

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** True once the server answers HTTP at all; any status means it is serving. */
async function answersHttp(endpoint: string): Promise<boolean> {
  try {
    await fetch(endpoint, { signal: AbortSignal.timeout(1_000) });
    return true;
  } catch {
    return false;
  }
}

function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const forceTimer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
    child.once('exit', () => {
      clearTimeout(forceTimer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

export interface ServerCommand {
  readonly name: string;
  readonly command: string;
  readonly args: readonly string[];
  readonly port: number;
  readonly cwd?: string;
  readonly timeoutMs: number;
}

export async function startServerProcess(server: ServerCommand): Promise<ServerProcess> {
  const startedAt = performance.now();
  const child = spawn(server.command, server.args, { cwd: server.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const collect = (chunk: Buffer): void => {
    output += chunk.toString();
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const killOnExit = (): void => {
    child.kill('SIGKILL');
  };
  process.once('exit', killOnExit);
  const stop = async (): Promise<void> => {
    process.off('exit', killOnExit);
    await stopProcess(child);
  };
  const endpoint = `http://127.0.0.1:${server.port}`;
  const deadline = Date.now() + server.timeoutMs;
  while (!(await answersHttp(endpoint))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(
        `${server.name} ${child.exitCode !== null ? `exited with ${child.exitCode}` : `did not answer within ${server.timeoutMs} ms`}; output:\n${output}`,
      );
    }
    await sleep(POLL_INTERVAL_MS);
  }
  return { endpoint, pid: child.pid!, startupMs: performance.now() - startedAt, output: () => output, stop };
}
