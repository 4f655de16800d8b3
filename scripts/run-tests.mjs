// Runs every test file under test/ (or those given as arguments) with Node's test
// runner, loading TypeScript through tsx. Node 20's runner does not expand globs.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { tsImport } from 'tsx/esm/api';

function findTests(directory) {
  const found = [];
  for (const name of readdirSync(directory).sort()) {
    const path = join(directory, name);
    if (statSync(path).isDirectory()) found.push(...findTests(path));
    else if (name.endsWith('.test.ts')) found.push(path);
  }
  return found;
}

// One PostgreSQL server for the whole run instead of one per test process, unless the
// environment already names one or this machine cannot start one (those tests then skip).
async function startSharedPostgres() {
  const postgres = await tsImport('../test/support/postgres-server.ts', import.meta.url);
  const available = postgres.postgresSkipReason() === undefined;
  if (process.env[postgres.ADMIN_URL_ENVIRONMENT_VARIABLE] !== undefined || !available) {
    return { available, environment: {}, stop: async () => {} };
  }
  const server = await postgres.startPostgresServer();
  return { available, environment: { [postgres.ADMIN_URL_ENVIRONMENT_VARIABLE]: server.url }, stop: server.stop };
}

/** One run of Node's test runner over `files`, with `environment` added; resolves to its exit code. */
async function runTests(files, environment) {
  const runner = spawn(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=2', '--test-timeout=300000', '--test-reporter=spec', ...files], {
    stdio: 'inherit',
    env: { ...process.env, ...environment },
  });
  // The runner cancels its tests on SIGINT/SIGTERM; we outlive it to stop the server after.
  const forward = (signal) => runner.kill(signal);
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, forward);
  const [exitCode] = await once(runner, 'exit');
  for (const signal of ['SIGINT', 'SIGTERM']) process.off(signal, forward);
  return exitCode ?? 1;
}

const requested = process.argv.slice(2);
const postgres = await startSharedPostgres();
const runs =
  requested.length > 0
    ? [{ files: requested, environment: {} }]
    : [
        { files: findTests('test'), environment: {} },
        // The API integration tests a second time, on the postgres backend (see test/support/strata.ts).
        ...(postgres.available ? [{ files: findTests('test/integration'), environment: { STRATA_TEST_STORAGE: 'postgres' } }] : []),
      ];
let failed = false;
for (const run of runs) {
  if ((await runTests(run.files, { ...postgres.environment, ...run.environment })) !== 0) failed = true;
}
await postgres.stop();
process.exit(failed ? 1 : 0);
