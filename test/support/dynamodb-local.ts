import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * AWS DynamoDB Local, the reference the differential tests compare Strata with. It is
 * the jar bundled in the `amplify-dynamodb-simulator` devDependency and needs a Java
 * runtime; suites call `dynamoDBLocalSkipReason()` to skip cleanly without one.
 */
export interface RunningDynamoDBLocal {
  readonly endpoint: string;
  stop(): Promise<void>;
}

/** The JVM usually answers within about 2 s; a loaded machine gets ample slack. */
const STARTUP_TIMEOUT_MS = 30_000;
const POLL_INTERVAL_MS = 100;
const STOP_TIMEOUT_MS = 5_000;

function emulatorDirectory(): string {
  const packageJson = createRequire(import.meta.url).resolve('amplify-dynamodb-simulator/package.json');
  return join(dirname(packageJson), 'emulator');
}

/** Why DynamoDB Local cannot run here, or undefined when it can. */
export function dynamoDBLocalSkipReason(): string | undefined {
  const java = spawnSync('java', ['-version'], { stdio: 'ignore' });
  if (java.error !== undefined || java.status !== 0) return 'java is not installed, so DynamoDB Local cannot run';
  try {
    emulatorDirectory();
  } catch {
    return 'the amplify-dynamodb-simulator package (DynamoDB Local) is not installed';
  }
  return undefined;
}

function freePort(): Promise<number> {
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

/** True once the server answers HTTP at all; any status means the JVM is serving. */
async function answersHttp(endpoint: string): Promise<boolean> {
  try {
    await fetch(endpoint, { signal: AbortSignal.timeout(1_000) });
    return true;
  } catch {
    return false;
  }
}

async function waitUntilServing(endpoint: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`DynamoDB Local exited with ${child.exitCode}; output:\n${output()}`);
    if (await answersHttp(endpoint)) return;
    await sleep(POLL_INTERVAL_MS);
  }
  throw new Error(`DynamoDB Local did not answer within ${STARTUP_TIMEOUT_MS} ms; output:\n${output()}`);
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

/** Starts an in-memory, shared-database DynamoDB Local on a free port. */
export async function startDynamoDBLocal(): Promise<RunningDynamoDBLocal> {
  const port = await freePort();
  const child = spawn('java', ['-Djava.library.path=DynamoDBLocal_lib', '-jar', 'DynamoDBLocal.jar', '-inMemory', '-sharedDb', '-port', String(port)], {
    cwd: emulatorDirectory(),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const collect = (chunk: Buffer): void => {
    output += chunk.toString();
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  // A test process that ends without calling stop() must not leave the JVM behind.
  const killOnExit = (): void => {
    child.kill('SIGKILL');
  };
  process.once('exit', killOnExit);
  const endpoint = `http://127.0.0.1:${port}`;
  const stop = async (): Promise<void> => {
    process.off('exit', killOnExit);
    await stopProcess(child);
  };
  try {
    await waitUntilServing(endpoint, child, () => output);
  } catch (error) {
    await stop();
    throw error;
  }
  return { endpoint, stop };
}
