import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { Agent } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { crc32, gunzipSync, gzipSync } from 'node:zlib';
import { startStrata } from '../../src/index.js';
import type { RunningStrata } from '../../src/strata.js';

/** The wire protocol, with raw HTTP: headers, checksums, compression, and errors that must not hurt the server. */

const AUTHORIZATION = 'AWS4-HMAC-SHA256 Credential=AKIDPROTOCOL/20260101/us-east-1/dynamodb/aws4_request, SignedHeaders=host;x-amz-date, Signature=abc';

interface RawResponse {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: Buffer;
}

describe('DynamoDB JSON protocol', () => {
  let strata: RunningStrata;
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });

  before(async () => {
    strata = await startStrata();
  });
  after(async () => {
    agent.destroy();
    await strata.close();
  });

  function send(options: { method?: string; headers?: Record<string, string>; body?: Buffer | string; target?: string | null }): Promise<RawResponse> {
    const { port } = new URL(strata.endpoint);
    const headers: Record<string, string> = { 'Content-Type': 'application/x-amz-json-1.0', Authorization: AUTHORIZATION, 'X-Amz-Date': '20260101T000000Z', ...options.headers };
    if (options.target !== null) headers['X-Amz-Target'] = `DynamoDB_20120810.${options.target ?? 'ListTables'}`;
    return new Promise((resolve, reject) => {
      const req = httpRequest({ host: '127.0.0.1', port, method: options.method ?? 'POST', path: '/', headers, agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      });
      req.on('error', reject);
      req.end(options.body ?? (options.method === 'GET' ? undefined : '{}'));
    });
  }

  function errorType(response: RawResponse): string {
    const parsed = JSON.parse(response.body.toString()) as { __type: string };
    return parsed.__type.slice(parsed.__type.indexOf('#') + 1);
  }

  it('answers with a request id and the CRC32 of the body as sent', async () => {
    const response = await send({});
    assert.equal(response.status, 200);
    assert.match(String(response.headers['x-amzn-requestid']), /^[0-9a-f-]{36}$/);
    assert.equal(Number(response.headers['x-amz-crc32']), crc32(response.body));
    assert.deepEqual(JSON.parse(response.body.toString()), { TableNames: [] });
  });

  it('accepts gzip request bodies and JSON 1.1', async () => {
    const gzipped = await send({ headers: { 'Content-Encoding': 'gzip' }, body: gzipSync('{"Limit": 5}') });
    assert.equal(gzipped.status, 200);
    const json11 = await send({ headers: { 'Content-Type': 'application/x-amz-json-1.1' } });
    assert.equal(json11.status, 200);
  });

  it('gzips large responses when asked, with the CRC32 of the compressed bytes', async () => {
    for (let index = 0; index < 60; index++) {
      await send({ target: 'CreateTable', body: JSON.stringify({ TableName: `table-with-a-long-name-${index}`, KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }], AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }], BillingMode: 'PAY_PER_REQUEST' }) });
    }
    const response = await send({ headers: { 'Accept-Encoding': 'gzip' } });
    assert.equal(response.headers['content-encoding'], 'gzip');
    assert.equal(Number(response.headers['x-amz-crc32']), crc32(response.body));
    assert.equal((JSON.parse(gunzipSync(response.body).toString()) as { TableNames: string[] }).TableNames.length, 60);
  });

  it('reports malformed requests with DynamoDB error types and keeps serving', async () => {
    assert.equal(errorType(await send({ body: '{not json' })), 'SerializationException');
    assert.equal(errorType(await send({ body: '[]' })), 'SerializationException');
    assert.equal(errorType(await send({ body: '{"Limit":"ten"}' })), 'SerializationException');
    assert.equal(errorType(await send({ target: 'NoSuchOperation' })), 'UnknownOperationException');
    assert.equal(errorType(await send({ target: null })), 'UnknownOperationException');
    assert.equal(errorType(await send({ headers: { Authorization: 'AWS4-HMAC-SHA256 Credential=AK/20260101/us-east-1/dynamodb/aws4_request' } })), 'IncompleteSignatureException');
    const unsigned = await send({ headers: { Authorization: '' } });
    assert.equal(unsigned.status, 400);
    assert.equal((await send({})).status, 200);
  });

  it('answers a missing Authorization header with MissingAuthenticationTokenException', async () => {
    const { port } = new URL(strata.endpoint);
    const response = await fetch(`http://127.0.0.1:${port}/`, { method: 'POST', headers: { 'X-Amz-Target': 'DynamoDB_20120810.ListTables' }, body: '{}' });
    assert.equal(response.status, 400);
    assert.match(await response.text(), /MissingAuthenticationTokenException/);
  });

  it('refuses bodies over 16 MB without falling over', async () => {
    const response = await send({ target: 'PutItem', body: Buffer.alloc(16 * 1024 * 1024 + 1, 0x20) });
    assert.equal(response.status, 413);
    assert.equal((await send({})).status, 200);
  });

  it('answers the GET health check', async () => {
    const response = await send({ method: 'GET' });
    assert.equal(response.status, 200);
    assert.match(response.body.toString(), /healthy/);
  });

  it('survives a client that disconnects mid-request', async () => {
    const { port } = new URL(strata.endpoint);
    await new Promise<void>((resolve) => {
      const req = httpRequest({ host: '127.0.0.1', port, method: 'POST', path: '/', headers: { 'Content-Length': '1000', 'X-Amz-Target': 'DynamoDB_20120810.ListTables', Authorization: AUTHORIZATION, 'X-Amz-Date': 'x' } });
      req.on('error', () => resolve());
      req.write('{"Li');
      setTimeout(() => {
        req.destroy();
        resolve();
      }, 20);
    });
    assert.equal((await send({})).status, 200);
  });

  it('serves many requests over one keep-alive connection', async () => {
    const sockets = new Set<unknown>();
    for (let index = 0; index < 50; index++) {
      const response = await send({});
      assert.equal(response.status, 200);
    }
    for (const list of Object.values(agent.freeSockets)) for (const socket of list ?? []) sockets.add(socket);
    assert.equal(sockets.size, 1);
  });
});
