import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CreateTableCommand, PutItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CLI_PATH, spawnServer, type ServerProcess } from '../support/cli-process.js';
import { clientFor, streamedTable, TEST_CREDENTIALS } from '../support/strata.js';

/**
 * The command line's streams tools, run as users run them: `strata serve --trigger`
 * with a handler module on disk, across a clean stop and a kill -9, and `strata
 * streams tail` printing records as JSON lines.
 */

/**
 * A handler module that appends one JSON line per record to the file TRIGGER_OUTPUT
 * names, taking TRIGGER_BATCH_MS over each batch, so that a kill lands mid-delivery.
 */
const HANDLER_MODULE = `import { appendFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
export async function handler(event) {
  await sleep(Number(process.env.TRIGGER_BATCH_MS));
  const lines = event.Records.map((record) => JSON.stringify({ event: record.eventName, pk: record.dynamodb.Keys.pk.S, n: record.dynamodb.NewImage?.n?.N }) + '\\n');
  appendFileSync(process.env.TRIGGER_OUTPUT, lines.join(''));
}
`;

interface Delivered {
  readonly event: string;
  readonly pk: string;
  readonly n?: string;
}

const put = (client: DynamoDBClient, tableName: string, pk: string, n: number): Promise<unknown> =>
  client.send(new PutItemCommand({ TableName: tableName, Item: { pk: { S: pk }, n: { N: String(n) } } }));

/**
 * Waits until `check` holds of what has been delivered (polling the file); a guard
 * fails the test if it never does. A trigger restarted after kill -9 first waits for
 * its dead self's lease on the stream to lapse (ten seconds), so the guard is longer.
 */
async function waitUntil(describe: () => string, check: () => boolean): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (!check()) {
    if (Date.now() > deadline) assert.fail(`gave up waiting; ${describe()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('strata serve --trigger', () => {
  let directory: string;
  let outputPath: string;
  let handlerPath: string;
  before(() => {
    directory = mkdtempSync(join(tmpdir(), 'strata-cli-trigger-'));
    outputPath = join(directory, 'delivered.jsonl');
    handlerPath = join(directory, 'handler.mjs');
    writeFileSync(handlerPath, HANDLER_MODULE);
  });
  after(() => rmSync(directory, { recursive: true, force: true }));

  const delivered = (): Delivered[] =>
    existsSync(outputPath)
      ? readFileSync(outputPath, 'utf8')
          .split('\n')
          .filter((line) => line !== '')
          .map((line) => JSON.parse(line) as Delivered)
      : [];

  function serve(tableName: string): Promise<ServerProcess> {
    return spawnServer(
      ['--port', '0', '--db-path', join(directory, 'data'), '--shared-db', '--log-level', 'warn', '--trigger', `${tableName}=${handlerPath},batchSize=2`],
      {
        TRIGGER_OUTPUT: outputPath,
        TRIGGER_BATCH_MS: '50',
      },
    );
  }

  it('invokes the module with every record, and resumes after a clean stop and after kill -9 without skipping one', async () => {
    const tableName = 'cli-trigger';
    let server = await serve(tableName);
    let client = clientFor(server.endpoint);
    await client.send(new CreateTableCommand(streamedTable(tableName, 'NEW_IMAGE')));
    for (let n = 1; n <= 3; n++) await put(client, tableName, `item-${n}`, 1);
    await waitUntil(
      () => JSON.stringify(delivered()),
      () => delivered().length === 3,
    );
    client.destroy();
    server.child.kill('SIGTERM');
    assert.equal(await server.exited(), 0);

    server = await serve(tableName);
    client = clientFor(server.endpoint);
    for (let n = 1; n <= 20; n++) await put(client, tableName, `item-${n % 4}`, n + 1);
    await waitUntil(
      () => JSON.stringify(delivered()),
      () => delivered().length > 3,
    );
    // Killed while delivering: a batch may come again after the restart, but none is lost.
    assert.ok(delivered().length < 23, 'the kill lands before every record is delivered');
    server.child.kill('SIGKILL');
    await server.exited();
    client.destroy();

    server = await serve(tableName);
    try {
      const expected = [
        ...['item-1', 'item-2', 'item-3'].map((pk) => `${pk}=1`),
        ...Array.from({ length: 20 }, (_, index) => `item-${(index + 1) % 4}=${index + 2}`),
      ];
      const seen = (): Set<string> => new Set(delivered().map((record) => `${record.pk}=${record.n}`));
      await waitUntil(
        () => `missing ${expected.filter((entry) => !seen().has(entry)).join(', ')}`,
        () => expected.every((entry) => seen().has(entry)),
      );
      // One item's records in order, a redelivered batch aside: each value is at least the one before.
      for (const pk of ['item-0', 'item-1', 'item-2', 'item-3']) {
        const values = delivered()
          .filter((record) => record.pk === pk)
          .map((record) => Number(record.n));
        const firstSeen = values.filter((value, index) => values.indexOf(value) === index);
        assert.deepEqual(
          firstSeen,
          [...firstSeen].sort((a, b) => a - b),
          pk,
        );
      }
    } finally {
      server.child.kill('SIGTERM');
      await server.exited();
    }
  });

  it('refuses a malformed trigger with usage, and a module without a handler with its reason', () => {
    const malformed = spawnSync(process.execPath, [CLI_PATH, 'serve', '--in-memory', '--trigger', 'no-module-here'], { encoding: 'utf8' });
    assert.equal(malformed.status, 2);
    assert.match(malformed.stderr, /--trigger takes TABLE=MODULE/);
    const badSetting = spawnSync(process.execPath, [CLI_PATH, 'serve', '--in-memory', '--trigger', `t=${handlerPath},batchSize=lots`], { encoding: 'utf8' });
    assert.equal(badSetting.status, 2);
    assert.match(badSetting.stderr, /unknown setting or value batchSize=lots/);
    const emptyModule = join(directory, 'empty.mjs');
    writeFileSync(emptyModule, 'export const notAHandler = 1;\n');
    const noHandler = spawnSync(process.execPath, [CLI_PATH, 'serve', '--in-memory', '--port', '0', '--trigger', `t=${emptyModule}`], { encoding: 'utf8' });
    assert.equal(noHandler.status, 1);
    assert.match(noHandler.stderr, /exports no function named handler, nor a default one/);
  });
});

describe('strata streams tail', () => {
  let server: ServerProcess;
  let client: DynamoDBClient;
  before(async () => {
    server = await spawnServer(['--port', '0', '--in-memory', '--log-level', 'warn']);
    client = clientFor(server.endpoint);
  });
  after(async () => {
    client.destroy();
    server.child.kill('SIGTERM');
    await server.exited();
  });

  it('prints the records as JSON lines, from the start when asked, and stops cleanly on SIGINT', async () => {
    const tableName = 'cli-tail';
    await client.send(new CreateTableCommand(streamedTable(tableName, 'NEW_IMAGE')));
    await put(client, tableName, 'early', 1);
    // Without --shared-db, the tail must name the writers' access key id to see their tables.
    const tail = spawn(process.execPath, [CLI_PATH, 'streams', 'tail', tableName, '--endpoint', server.endpoint, '--from', 'trim-horizon'], {
      env: { ...process.env, AWS_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId, AWS_REGION: 'us-east-1' },
    });
    let printed = '';
    tail.stdout.on('data', (chunk: Buffer) => (printed += chunk.toString()));
    let errors = '';
    tail.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => tail.once('exit', resolve));
    const lines = (): Array<{ eventName: string; dynamodb: { Keys: { pk: { S: string } } } }> =>
      printed
        .split('\n')
        .filter((line) => line !== '')
        .map((line) => JSON.parse(line) as { eventName: string; dynamodb: { Keys: { pk: { S: string } } } });
    await waitUntil(
      () => printed + errors,
      () => lines().length === 1,
    );
    await put(client, tableName, 'late', 1);
    await waitUntil(
      () => printed + errors,
      () => lines().length === 2,
    );
    assert.deepEqual(
      lines().map((record) => `${record.eventName} ${record.dynamodb.Keys.pk.S}`),
      ['INSERT early', 'INSERT late'],
    );
    tail.kill('SIGINT');
    assert.equal(await exited, 0, errors);
  });

  it('documents itself, and refuses a missing table name or a bad position with usage', () => {
    const help = spawnSync(process.execPath, [CLI_PATH, 'streams', 'tail', '--help'], { encoding: 'utf8' });
    assert.equal(help.status, 0);
    for (const flag of ['--endpoint', '--from', '--access-key-id', '--region']) assert.ok(help.stdout.includes(flag), flag);
    for (const args of [
      ['streams', 'tail'],
      ['streams', 'tail', 't', '--from', 'middle'],
      ['streams', 'follow'],
    ]) {
      const result = spawnSync(process.execPath, [CLI_PATH, ...args], { encoding: 'utf8' });
      assert.equal(result.status, 2, args.join(' '));
      assert.match(result.stderr, /Usage: strata streams tail/);
    }
  });
});
