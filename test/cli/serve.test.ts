import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { CLI_PATH, spawnServer } from '../support/cli-process.js';
import { postgresSkipReason, testPostgresDatabase } from '../support/postgres-server.js';
import { freePort } from '../support/server-process.js';
import { clientFor } from '../support/strata.js';

describe('strata serve', () => {
  it('prints where it listens, answers requests, and stops cleanly on SIGTERM', async () => {
    const server = await spawnServer(['--port', '0', '--in-memory']);
    assert.match(server.endpoint, /^http:\/\/127\.0\.0\.1:\d+$/);
    const client = clientFor(server.endpoint);
    try {
      assert.deepEqual((await client.send(new ListTablesCommand({}))).TableNames, []);
    } finally {
      client.destroy();
    }
    server.child.kill('SIGTERM');
    assert.equal(await server.exited(), 0);
  });

  it("accepts DynamoDB Local's flag spellings", async () => {
    const server = await spawnServer(['-port', '0', '-inMemory', '-sharedDb']);
    server.child.kill('SIGINT');
    assert.equal(await server.exited(), 0);
  });

  it('rejects unknown flags and bad values with usage and exit status 2', () => {
    for (const args of [
      ['serve', '--no-such-flag'],
      ['serve', '--port', 'eighty'],
      ['serve', '--log-level', 'loud'],
      ['serve', '--storage', 'mysql://localhost/db'],
      ['serve', '--in-memory', '--storage', 'postgres://localhost/db'],
      ['serve', '--in-memory', '--stream-shards', '0'],
      ['serve', '--in-memory', '--stream-shards', '257'],
      ['serve', '--in-memory', '--stream-shard-rollover', 'soon'],
      ['serve', '--in-memory', '--stream-shard-rollover', '0.5'],
      ['launch'],
    ]) {
      const result = spawnSync(process.execPath, [CLI_PATH, ...args], { encoding: 'utf8' });
      assert.equal(result.status, 2, args.join(' '));
      assert.match(result.stderr, /Usage: strata serve/);
    }
  });

  it('documents every flag in --help', () => {
    const result = spawnSync(process.execPath, [CLI_PATH, 'serve', '--help'], { encoding: 'utf8' });
    assert.equal(result.status, 0);
    for (const flag of [
      '--port',
      '--host',
      '--db-path',
      '--in-memory',
      '--storage',
      '--shared-db',
      '--log-level',
      '--stream-shards',
      '--trigger',
      '--stream-shard-rollover',
    ])
      assert.match(result.stdout, new RegExp(flag));
  });

  it('serves from a PostgreSQL database named by --storage or STRATA_STORAGE, without printing its password', { skip: postgresSkipReason() }, async () => {
    const database = await testPostgresDatabase();
    try {
      const url = new URL(database.url);
      // The test server trusts local connections, so any password is accepted, and none may be shown.
      url.password = 'hunter2';
      for (const [args, environment] of [
        [['--port', '0', '--storage', url.toString()], {}],
        [['--port', '0'], { STRATA_STORAGE: url.toString() }],
      ] as const) {
        const server = await spawnServer(args, environment);
        const client = clientFor(server.endpoint);
        try {
          assert.ok(Array.isArray((await client.send(new ListTablesCommand({}))).TableNames));
        } finally {
          client.destroy();
        }
        server.child.kill('SIGTERM');
        assert.equal(await server.exited(), 0);
        assert.match(server.output(), /\(postgres at postgres:\/\/postgres:\*\*\*@127\.0\.0\.1:\d+\/strata_test_/);
        assert.doesNotMatch(server.output(), /hunter2/);
      }
    } finally {
      await database.drop();
    }
  });

  it('exits with status 1 and says why when the PostgreSQL server cannot be reached', async () => {
    const port = await freePort();
    const result = spawnSync(process.execPath, [CLI_PATH, 'serve', '--port', '0', '--storage', `postgres://strata@127.0.0.1:${port}/strata`], {
      encoding: 'utf8',
      timeout: 20_000,
    });
    assert.equal(result.status, 1);
    assert.match(result.stderr, /^strata: cannot open the PostgreSQL storage: .*ECONNREFUSED/m);
  });
});
