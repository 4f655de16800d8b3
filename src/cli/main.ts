#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { LOG_LEVELS, type LogLevel } from '../model/logger.js';
import { describeStorage, isPostgresUrl, type StorageConfig } from '../storage/index.js';
import { checkStreamSettings, runStrata } from '../strata.js';
import { parseTriggerSpec } from '../triggers/trigger-options.js';
import { exitWithUsage } from './exit-with-usage.js';
import { streamsTail, TAIL_USAGE } from './streams-tail.js';

const USAGE = `Usage: strata serve [options]
       strata streams tail TABLE [options]   (see strata streams tail --help)

Serves the DynamoDB API over HTTP.

Options:
  --port N          TCP port to listen on (default 8000; 0 picks a free port)
  --host ADDRESS    address to bind (default 127.0.0.1; 0.0.0.0 for all interfaces)
  --db-path DIR     directory of the LMDB data files (default ./data)
  --in-memory       keep everything in memory; nothing is written to disk
  --storage URL     keep everything in a PostgreSQL-protocol database that many
                    Strata nodes may share: postgres://user:password@host:port/db
                    (default: the STRATA_STORAGE environment variable, else LMDB)
  --shared-db       one set of tables for all credentials and regions (without it,
                    each access key id and region has its own tables)
  --log-level L     error, warn, info or debug (default info)
  --stream-shards N open shards of each stream enabled from now on (default 1)
  --stream-shard-rollover SECONDS
                    how long a stream's shard stays open before a child shard
                    takes over (default 14400, four hours, as on AWS)
  --trigger TABLE=MODULE[,setting=value...]
                    invoke MODULE's handler with the records of TABLE's stream,
                    as AWS Lambda does (repeatable). Settings: batchSize (1-10000,
                    default 100), maximumBatchingWindowInSeconds (0-300, default
                    0), startingPosition (TRIM_HORIZON, the default, or LATEST),
                    maximumRetryAttempts (-1, the default: until the records are
                    trimmed, or 0-10000), bisectBatchOnFunctionError (true, the
                    default, or false), name (the checkpoint's; default MODULE)
  -h, --help        show this help

DynamoDB Local's spellings -port, -dbPath, -inMemory and -sharedDb are accepted too.`;

/** DynamoDB Local's single-dash flags, so Strata can replace it in existing scripts. */
const DYNAMODB_LOCAL_FLAGS: Readonly<Record<string, string>> = {
  '-port': '--port',
  '-dbPath': '--db-path',
  '-inMemory': '--in-memory',
  '-sharedDb': '--shared-db',
};

function fail(message: string): never {
  exitWithUsage(message, USAGE);
}

function parseServeArgs(args: string[]) {
  try {
    return parseArgs({
      args: args.map((arg) => DYNAMODB_LOCAL_FLAGS[arg] ?? arg),
      options: {
        port: { type: 'string', default: '8000' },
        host: { type: 'string', default: '127.0.0.1' },
        'db-path': { type: 'string', default: './data' },
        'in-memory': { type: 'boolean', default: false },
        storage: { type: 'string' },
        'shared-db': { type: 'boolean', default: false },
        'log-level': { type: 'string', default: 'info' },
        'stream-shards': { type: 'string' },
        'stream-shard-rollover': { type: 'string' },
        trigger: { type: 'string', multiple: true, default: [] },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
    }).values;
  } catch (error) {
    fail(error instanceof Error ? error.message : String(error));
  }
}

/** --in-memory, else --storage (or STRATA_STORAGE), else LMDB at --db-path. */
function storageConfig(values: { 'in-memory': boolean; storage?: string; 'db-path': string }): StorageConfig {
  const location = values.storage ?? process.env['STRATA_STORAGE'];
  if (values['in-memory']) {
    if (values.storage !== undefined) fail('--in-memory and --storage cannot be used together');
    return { kind: 'memory' };
  }
  if (location === undefined || location === '') return { kind: 'lmdb', path: values['db-path'] };
  if (!isPostgresUrl(location)) fail(`--storage must be a postgres:// URL, not ${location}`);
  return { kind: 'postgres', url: location };
}

async function serve(args: string[]): Promise<void> {
  const values = parseServeArgs(args);
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`--port must be a whole number from 0 to 65535, not ${values.port}`);
  const logLevel = values['log-level'] as LogLevel;
  if (!LOG_LEVELS.includes(logLevel)) fail(`--log-level must be one of ${LOG_LEVELS.join(', ')}`);
  const storage = storageConfig(values);
  const streamSettings = {
    ...(values['stream-shards'] === undefined ? {} : { streamShards: Number(values['stream-shards']) }),
    ...(values['stream-shard-rollover'] === undefined ? {} : { streamShardRolloverMs: Number(values['stream-shard-rollover']) * 1000 }),
  };
  let triggers;
  try {
    checkStreamSettings(streamSettings);
    triggers = values.trigger.map(parseTriggerSpec);
  } catch (error) {
    fail(error instanceof Error ? error.message : String(error));
  }
  const strata = await runStrata({ port, host: values.host, storage, sharedDb: values['shared-db'], logLevel, ...streamSettings, triggers });
  const stop = (): void => {
    strata.close().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`strata: error while stopping: ${String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  // The line comes after the handlers, so a signal sent as soon as it is seen stops cleanly.
  process.stdout.write(`Strata listening on ${strata.endpoint} (${describeStorage(storage)}${values['shared-db'] ? ', shared db' : ''})\n`);
}

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  if (command === 'serve') return serve(rest);
  if (command === 'streams' && rest[0] === 'tail') return streamsTail(rest.slice(1));
  if (command === 'streams') exitWithUsage(`unknown streams command '${rest[0] ?? ''}'`, TAIL_USAGE);
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  fail(`unknown command '${command}'`);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`strata: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
