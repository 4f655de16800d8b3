import { spawn, spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, readdirSync } from 'node:fs';
import type { Socket } from 'node:net';
import { delimiter, join } from 'node:path';
import type { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { freePort } from './server-process.js';

/**
 * A real PostgreSQL server for the postgres storage backend's tests. A test asks for
 * `testPostgresDatabase()`: a fresh database on the server named by
 * STRATA_TEST_POSTGRES_URL (scripts/run-tests.mjs starts one for a whole run), or else on
 * a throwaway server this process starts on first use. Suites call
 * `postgresSkipReason()` to skip cleanly where neither can exist.
 */

/** An admin URL (superuser, any database) of a server the tests may create databases on. */
export const ADMIN_URL_ENVIRONMENT_VARIABLE = 'STRATA_TEST_POSTGRES_URL';

export interface RunningPostgres {
  /** postgres://postgres@127.0.0.1:PORT/postgres */
  readonly url: string;
  /** The process the server runs under: the postmaster and its backends descend from it. */
  readonly pid: number;
  stop(): Promise<void>;
}

export interface PostgresServerOptions {
  /**
   * Keep PostgreSQL's durability (fsync, synchronous commit, full-page writes), as a
   * deployment would, for the benchmark. Tests turn it off: their data is deleted when
   * the server stops.
   */
  readonly durable?: boolean;
}

export interface TestPostgresDatabase {
  /** postgres://postgres@127.0.0.1:PORT/strata_test_PID_N */
  readonly url: string;
  drop(): Promise<void>;
}

/** initdb takes about a second and the first start under a second; a loaded machine gets ample slack. */
const STARTUP_TIMEOUT_MS = 60_000;
const READY_POLL_INTERVAL_MS = 10;
/** Room for ~40 test processes, each with a pool of ~10 connections, plus admin sessions. */
const MAX_CONNECTIONS = 500;
/** Server output kept for error messages; the server logs little, but a limit keeps it so. */
const OUTPUT_TAIL_CHARS_MAX = 16_384;
const SERVER_PROGRAMS = ['initdb', 'postgres'] as const;
/** Where Debian's packages put each major version's server programs (not on PATH). */
const DEBIAN_VERSIONS_DIRECTORY = '/usr/lib/postgresql';
/** PostgreSQL refuses to run as root, so root runs its programs as this system user. */
const SERVER_USER_WHEN_ROOT = 'postgres';
const SUPERUSER = 'postgres';

/**
 * The server's whole life in one process ($1: the directory holding initdb and postgres;
 * the rest: the postmaster's arguments). It makes a temporary directory, initdbs into it,
 * runs the postmaster until fd 3 reaches end-of-file, then shuts it down immediately and
 * deletes the directory. Only the process that started the server holds the other end of
 * that pipe, and the kernel closes it however that process ends, even by SIGKILL, so
 * neither server nor directory outlives it and no exit hook or signal handler is needed;
 * stop() closes the pipe on purpose. The watchdog starts after initdb, so an owner that
 * dies during initdb is noticed as soon as the postmaster starts. Without job control, sh
 * starts background jobs with stdin from /dev/null, hence fd 3, and with SIGQUIT ignored,
 * hence the watchdog repeats SIGQUIT until one arrives after the postmaster has installed
 * its own handler. Trust authentication is safe: the server listens only on 127.0.0.1 and
 * lives for one run.
 */
const SUPERVISOR_SCRIPT = `
bin=$1; shift
directory=$(mktemp -d -t strata-postgres-XXXXXX) || exit
if "$bin/initdb" -D "$directory/data" -U ${SUPERUSER} --auth=trust --encoding=UTF8 --locale=C --no-sync; then
  "$bin/postgres" -D "$directory/data" -k "$directory" "$@" &
  postmaster=$!
  { read -r line <&3; while kill -QUIT "$postmaster" 2>/dev/null; do sleep 1; done; } &
  watchdog=$!
  wait "$postmaster"
  status=$?
  kill "$watchdog" 2>/dev/null
else
  status=$?
fi
rm -rf "$directory"
exit "$status"
`;

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Newest major version first, so a machine with several runs the newest. */
function debianBinDirectories(): string[] {
  if (!existsSync(DEBIAN_VERSIONS_DIRECTORY)) return [];
  return readdirSync(DEBIAN_VERSIONS_DIRECTORY)
    .sort((a, b) => Number(b) - Number(a))
    .map((version) => join(DEBIAN_VERSIONS_DIRECTORY, version, 'bin'));
}

/** The first directory on PATH, then under /usr/lib/postgresql, holding initdb and postgres. .ci/run searches the same way. */
function serverBinDirectory(): string | undefined {
  const pathDirectories = (process.env.PATH ?? '').split(delimiter).filter((directory) => directory !== '');
  return [...pathDirectories, ...debianBinDirectories()].find((directory) => SERVER_PROGRAMS.every((program) => isExecutable(join(directory, program))));
}

function runningAsRoot(): boolean {
  return process.getuid?.() === 0;
}

function serverUserExists(): boolean {
  return spawnSync('id', ['-u', SERVER_USER_WHEN_ROOT], { stdio: 'ignore' }).status === 0;
}

type InstallationSearch = { readonly binDirectory: string } | { readonly unavailableReason: string };

function findServerInstallation(): InstallationSearch {
  const binDirectory = serverBinDirectory();
  if (binDirectory === undefined) {
    return { unavailableReason: `PostgreSQL's initdb and postgres are neither on PATH nor under ${DEBIAN_VERSIONS_DIRECTORY}/*/bin` };
  }
  if (runningAsRoot() && !serverUserExists()) {
    return { unavailableReason: `running as root, which PostgreSQL refuses, and there is no ${SERVER_USER_WHEN_ROOT} user to run it as` };
  }
  return { binDirectory };
}

/** The command line that runs `command` as the user the server runs as. */
function asServerUser(command: string, args: readonly string[]): [string, string[]] {
  return runningAsRoot() ? ['runuser', ['-u', SERVER_USER_WHEN_ROOT, '--', command, ...args]] : [command, [...args]];
}

/** Why startPostgresServer() cannot start a server on this machine, or undefined when it can. */
export function postgresServerSkipReason(): string | undefined {
  const search = findServerInstallation();
  return 'unavailableReason' in search ? search.unavailableReason : undefined;
}

/** Why PostgreSQL tests cannot run here, or undefined when they can. */
export function postgresSkipReason(): string | undefined {
  if (process.env[ADMIN_URL_ENVIRONMENT_VARIABLE] !== undefined) return undefined;
  const serverMissing = postgresServerSkipReason();
  return serverMissing === undefined ? undefined : `${serverMissing}, and ${ADMIN_URL_ENVIRONMENT_VARIABLE} is not set`;
}

/** Keeps the last OUTPUT_TAIL_CHARS_MAX characters a stream produced. */
function outputTail(streams: ReadonlyArray<Readable | null>): () => string {
  let tail = '';
  for (const stream of streams) {
    stream?.on('data', (chunk: Buffer) => {
      tail = (tail + chunk.toString()).slice(-OUTPUT_TAIL_CHARS_MAX);
    });
  }
  return () => tail;
}

async function acceptsConnections(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch {
    return false;
  }
}

/**
 * Starts a throwaway PostgreSQL server in a fresh temporary directory, listening on a free
 * port of 127.0.0.1 (with durability off unless asked), and resolves once it accepts
 * connections.
 */
export async function startPostgresServer(options: PostgresServerOptions = {}): Promise<RunningPostgres> {
  const search = findServerInstallation();
  if ('unavailableReason' in search) throw new Error(search.unavailableReason);
  const port = await freePort();
  const postgresArgs = [
    '-p',
    String(port),
    '-c',
    'listen_addresses=127.0.0.1',
    '-c',
    `max_connections=${MAX_CONNECTIONS}`,
    // Durability buys a test nothing: its data is deleted when the server stops.
    ...(options.durable === true ? [] : ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off']),
  ];
  const [command, args] = asServerUser('sh', ['-c', SUPERVISOR_SCRIPT, 'strata-postgres', search.binDirectory, ...postgresArgs]);
  // Detached, so a Ctrl-C meant for the tests does not reach the server before they stop.
  const supervisor = spawn(command, args, { detached: true, stdio: ['ignore', 'pipe', 'pipe', 'pipe'] });
  const lifeline = supervisor.stdio[3] as Socket;
  const output = outputTail([supervisor.stdout, supervisor.stderr]);
  let endedBecause: string | undefined;
  const ended = new Promise<void>((resolve) => {
    supervisor.once('exit', (code, signal) => {
      endedBecause = `exited with ${code ?? signal}`;
      resolve();
    });
    supervisor.once('error', (error) => {
      endedBecause = `could not be started: ${error.message}`;
      resolve();
    });
  });
  // The server must not keep a test process alive; it stops when the process exits.
  supervisor.unref();
  for (const stream of [supervisor.stdout, supervisor.stderr, lifeline]) (stream as Socket).unref();

  const stop = async (): Promise<void> => {
    // Referenced again, so the caller's process waits here instead of exiting mid-stop.
    supervisor.ref();
    lifeline.destroy();
    await ended;
  };

  const url = `postgres://${SUPERUSER}@127.0.0.1:${port}/postgres`;
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  while (!(await acceptsConnections(url))) {
    if (endedBecause !== undefined || Date.now() > deadline) {
      const failure = endedBecause ?? `did not accept connections within ${STARTUP_TIMEOUT_MS} ms`;
      await stop();
      throw new Error(`PostgreSQL ${failure}; output:\n${output()}`);
    }
    await sleep(READY_POLL_INTERVAL_MS);
  }
  return { url, pid: supervisor.pid!, stop };
}

async function runAdminStatement(adminUrl: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

let processServer: Promise<RunningPostgres> | undefined;
let databasesCreated = 0;

/**
 * A fresh, empty database for one test. Names carry the pid, so test processes sharing a
 * server never collide.
 */
export async function testPostgresDatabase(): Promise<TestPostgresDatabase> {
  const adminUrl = process.env[ADMIN_URL_ENVIRONMENT_VARIABLE] ?? (await (processServer ??= startPostgresServer())).url;
  databasesCreated += 1;
  const name = `strata_test_${process.pid}_${databasesCreated}`;
  await runAdminStatement(adminUrl, `CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    // FORCE: a test that failed midway may leave connections open.
    drop: () => runAdminStatement(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}
