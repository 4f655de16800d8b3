import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The compiled CLI, as users run it; `npm test` builds it first. */
export const CLI_PATH = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));
/** The CLI's TypeScript source, run through tsx: for tools that must serve the code as it is now, built or not. */
const CLI_SOURCE_PATH = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));

/** Which CLI to spawn: the build (as users run it) or the source. */
export type CliEntry = 'build' | 'source';

export interface ServerProcess {
  readonly child: ChildProcessWithoutNullStreams;
  readonly endpoint: string;
  /** Milliseconds from spawn to the "listening" line. */
  readonly startupMs: number;
  /** What it printed up to its listening line, and on stderr since. */
  output(): string;
  exited(): Promise<number | null>;
}

const LISTENING_LINE = /Strata listening on (http:\/\/\S+)/;
const STARTUP_TIMEOUT_MS = 15_000;
/**
 * output() keeps at least this much of the server's latest output, and at most twice
 * this: a server that logs for minutes (the fuzzer's) must not fill the test's memory.
 */
const OUTPUT_CHARS_KEPT = 1_000_000;

/** Spawns `strata serve` with `args` (and `environment` added) and waits for the line that says where it listens. */
export function spawnServer(args: readonly string[], environment: NodeJS.ProcessEnv = {}, entry: CliEntry = 'build'): Promise<ServerProcess> {
  if (entry === 'build' && !existsSync(CLI_PATH)) throw new Error(`${CLI_PATH} is missing: run npm run build first`);
  const startedAt = performance.now();
  const entryArgs = entry === 'build' ? [CLI_PATH] : ['--import', 'tsx', CLI_SOURCE_PATH];
  const child = spawn(process.execPath, [...entryArgs, 'serve', ...args], { stdio: 'pipe', env: { ...process.env, ...environment } });
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`server did not start within ${STARTUP_TIMEOUT_MS} ms; output:\n${output}`));
    }, STARTUP_TIMEOUT_MS);
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      const match = LISTENING_LINE.exec(output);
      if (match === null) return;
      clearTimeout(timer);
      child.stdout.off('data', onData);
      resolve({ child, endpoint: match[1]!, startupMs: performance.now() - startedAt, output: () => output, exited: () => exit });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.length > 2 * OUTPUT_CHARS_KEPT) output = output.slice(-OUTPUT_CHARS_KEPT);
    });
    void exit.then((code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code} before listening; output:\n${output}`));
    });
  });
}
