import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { freePort, startServerProcess, type ServerProcess } from './server-process.js';

/**
 * AWS DynamoDB Local, the reference the differential tests compare Strata with. It is
 * the jar bundled in the `amplify-dynamodb-simulator` devDependency and needs a Java
 * runtime; suites call `dynamoDBLocalSkipReason()` to skip cleanly without one.
 */
export type RunningDynamoDBLocal = ServerProcess;

/** The JVM usually answers within about 2 s; a loaded machine gets ample slack. */
const STARTUP_TIMEOUT_MS = 30_000;

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

/** Starts an in-memory, shared-database DynamoDB Local on a free port. */
export async function startDynamoDBLocal(): Promise<RunningDynamoDBLocal> {
  const port = await freePort();
  return startServerProcess({
    name: 'DynamoDB Local',
    command: 'java',
    args: ['-Djava.library.path=DynamoDBLocal_lib', '-jar', 'DynamoDBLocal.jar', '-inMemory', '-sharedDb', '-port', String(port)],
    port,
    cwd: emulatorDirectory(),
    timeoutMs: STARTUP_TIMEOUT_MS,
  });
}
