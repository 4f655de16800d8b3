import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { CreateTableCommand, DescribeTableCommand, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { spawnServer } from '../support/cli-process.js';
import { clientFor, onDemandTable } from '../support/strata.js';

describe('durability on LMDB', () => {
  const dataDirectory = mkdtempSync(join(tmpdir(), 'strata-restart-'));
  after(() => rmSync(dataDirectory, { recursive: true, force: true }));

  it('keeps every acknowledged write across kill -9 and restart', async () => {
    const first = await spawnServer(['--port', '0', '--db-path', dataDirectory, '--log-level', 'warn']);
    const writer = clientFor(first.endpoint);
    const itemCount = 300;
    try {
      await writer.send(
        new CreateTableCommand(
          onDemandTable('durable', [
            { name: 'pk', type: 'S' },
            { name: 'sk', type: 'N' },
          ]),
        ),
      );
      // Concurrent writes, so that acknowledged commits share batched LMDB transactions.
      await Promise.all(
        Array.from({ length: itemCount }, (_, index) =>
          writer.send(
            new PutItemCommand({ TableName: 'durable', Item: { pk: { S: `p${index % 7}` }, sk: { N: String(index) }, payload: { S: 'x'.repeat(index) } } }),
          ),
        ),
      );
    } finally {
      writer.destroy();
    }
    first.child.kill('SIGKILL');
    await first.exited();

    const second = await spawnServer(['--port', '0', '--db-path', dataDirectory, '--log-level', 'warn']);
    const reader = clientFor(second.endpoint);
    try {
      const description = await reader.send(new DescribeTableCommand({ TableName: 'durable' }));
      assert.equal(description.Table?.ItemCount, itemCount);
      for (let index = 0; index < itemCount; index++) {
        const { Item } = await reader.send(new GetItemCommand({ TableName: 'durable', Key: { pk: { S: `p${index % 7}` }, sk: { N: String(index) } } }));
        assert.equal(Item?.payload?.S, 'x'.repeat(index), `item ${index}`);
      }
    } finally {
      reader.destroy();
      second.child.kill('SIGTERM');
      assert.equal(await second.exited(), 0);
    }
  });
});
