import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { CLI_PATH, spawnServer } from '../support/cli-process.js';
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
    for (const args of [['serve', '--no-such-flag'], ['serve', '--port', 'eighty'], ['serve', '--log-level', 'loud'], ['launch']]) {
      const result = spawnSync(process.execPath, [CLI_PATH, ...args], { encoding: 'utf8' });
      assert.equal(result.status, 2, args.join(' '));
      assert.match(result.stderr, /Usage: strata serve/);
    }
  });

  it('documents every flag in --help', () => {
    const result = spawnSync(process.execPath, [CLI_PATH, 'serve', '--help'], { encoding: 'utf8' });
    assert.equal(result.status, 0);
    for (const flag of ['--port', '--host', '--db-path', '--in-memory', '--shared-db', '--log-level']) assert.match(result.stdout, new RegExp(flag));
  });
});
