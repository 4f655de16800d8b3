import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { Engine } from '../../src/engine/engine.js';
import { createLogger } from '../../src/model/logger.js';
import { StrataHttpServer } from '../../src/server/http-server.js';
import { openStore } from '../../src/storage/index.js';

/**
 * An engine whose first table lookup waits until the second has failed, so that on
 * one connection the second of two pipelined requests fails while the first is still
 * being served: its answer must then wait its turn, not be dropped.
 */
async function engineAnsweringOutOfOrder(): Promise<Engine> {
  const engine = new Engine(await openStore({ kind: 'memory' }), { logger: createLogger('error') });
  const requireTable = engine.requireTable.bind(engine);
  let releaseFirst!: () => void;
  const secondFailed = new Promise<void>((resolve) => (releaseFirst = resolve));
  let lookups = 0;
  engine.requireTable = async (...args) => {
    lookups += 1;
    if (lookups === 1) {
      await secondFailed;
      return requireTable(...args);
    }
    // Released only after every microtask of the second request's failure has run.
    return requireTable(...args).finally(() => setImmediate(releaseFirst));
  };
  return engine;
}

const SILENCE_MS = 2_000;

function describeTableRequest(port: number, connection: 'keep-alive' | 'close'): string {
  const body = JSON.stringify({ TableName: 'absent-table' });
  return [
    'POST / HTTP/1.1',
    `Host: 127.0.0.1:${port}`,
    'Content-Type: application/x-amz-json-1.0',
    'X-Amz-Target: DynamoDB_20120810.DescribeTable',
    'Authorization: AWS4-HMAC-SHA256 Credential=AKIDPIPE/20260101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=pipe',
    'X-Amz-Date: 20260101T000000Z',
    `Content-Length: ${Buffer.byteLength(body)}`,
    `Connection: ${connection}`,
    '',
    body,
  ].join('\r\n');
}

/**
 * Writes `requests` in one go on one connection and reads until the server closes it,
 * or until it has said nothing for a while: an answer it owes and never sends must fail
 * the test, not hang it.
 */
function sendPipelined(port: number, requests: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const socket = connect(port, '127.0.0.1', () => socket.write(requests));
    socket.setTimeout(SILENCE_MS, () => socket.destroy());
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('close', () => resolve(Buffer.concat(chunks).toString()));
  });
}

describe('StrataHttpServer', () => {
  let server: StrataHttpServer;
  let port: number;

  before(async () => {
    server = new StrataHttpServer({ engine: engineAnsweringOutOfOrder(), logger: createLogger('error'), sharedDb: false });
    port = ((await server.listen(0, '127.0.0.1')) as AddressInfo).port;
  });

  after(() => server.close());

  it('answers a pipelined request that fails while an earlier one on its connection is still served', async () => {
    const answers = await sendPipelined(port, describeTableRequest(port, 'keep-alive') + describeTableRequest(port, 'close'));
    const statusLines = [...answers.matchAll(/HTTP\/1\.1 \d{3} [A-Za-z ]+/g)].map(([line]) => line);
    assert.deepEqual(statusLines, ['HTTP/1.1 400 Bad Request', 'HTTP/1.1 400 Bad Request']);
    assert.equal(answers.split('ResourceNotFoundException').length - 1, 2);
  });
});
