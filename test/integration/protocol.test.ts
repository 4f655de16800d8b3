import assert from 'node:assert/strict';
import { Agent, request as httpRequest, type ClientRequest } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { crc32, deflateRawSync, deflateSync, gunzipSync, gzipSync } from 'node:zlib';
import { runStrata, type RunningStrata } from '../../src/strata.js';
import { capturingLogger, type CapturedLog } from '../support/capturing-logger.js';
import { sendOverSocket } from '../support/raw-client.js';

/** The wire protocol, with raw HTTP: headers, checksums, compression, and errors that must not hurt the server. */

const AUTHORIZATION = 'AWS4-HMAC-SHA256 Credential=AKIDPROTOCOL/20260101/us-east-1/dynamodb/aws4_request, SignedHeaders=host;x-amz-date, Signature=abc';
const BODY_BYTES_MAX = 16 * 1024 * 1024;

interface RawResponse {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: Buffer;
  /** The client port of the connection that carried the exchange. */
  readonly localPort: number | undefined;
}

interface RawRequest {
  readonly method?: string;
  /** The request target; defaults to `/`. */
  readonly path?: string;
  /** Replace (or, with undefined, drop) the default headers. */
  readonly headers?: Record<string, string | undefined>;
  /** The operation; null sends no X-Amz-Target at all. */
  readonly target?: string | null;
  /** Defaults to `{}`; a function writes the body itself (chunked, in pieces). */
  readonly body?: Buffer | string | ((request: ClientRequest) => void);
}

describe('DynamoDB JSON protocol', () => {
  let strata: RunningStrata;
  let log: CapturedLog;
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });

  before(async () => {
    log = capturingLogger();
    strata = await runStrata({ port: 0, host: '127.0.0.1', storage: { kind: 'memory' }, sharedDb: true, logger: log.logger });
  });
  after(async () => {
    agent.destroy();
    await strata.close();
    // Nothing a client did here is a server fault: no request may reach the internal-error path.
    assert.deepEqual(log.lines('error'), []);
  });

  function headersFor(options: RawRequest): Record<string, string> {
    const headers: Record<string, string | undefined> = {
      'Content-Type': 'application/x-amz-json-1.0',
      Authorization: AUTHORIZATION,
      'X-Amz-Date': '20260101T000000Z',
      'X-Amz-Target': options.target === null ? undefined : `DynamoDB_20120810.${options.target ?? 'ListTables'}`,
      ...options.headers,
    };
    return Object.fromEntries(Object.entries(headers).filter((entry): entry is [string, string] => entry[1] !== undefined));
  }

  function send(options: RawRequest = {}): Promise<RawResponse> {
    const { port } = new URL(strata.endpoint);
    return new Promise((resolve, reject) => {
      const req = httpRequest(
        { host: '127.0.0.1', port, method: options.method ?? 'POST', path: options.path ?? '/', headers: headersFor(options), agent },
        (res) => {
          const chunks: Buffer[] = [];
          const localPort = res.socket.localPort;
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks), localPort }));
        },
      );
      req.on('error', reject);
      const body = options.body ?? (options.method === 'GET' || options.method === 'HEAD' ? undefined : '{}');
      if (typeof body === 'function') body(req);
      else req.end(body);
    });
  }

  function json(response: RawResponse): Record<string, unknown> {
    const text = response.headers['content-encoding'] === 'gzip' ? gunzipSync(response.body).toString() : response.body.toString();
    return JSON.parse(text) as Record<string, unknown>;
  }

  /** The error type after the namespace, e.g. SerializationException. */
  function errorType(response: RawResponse): string {
    const type = String(json(response).__type);
    return type.slice(type.indexOf('#') + 1);
  }

  async function assertStillServing(): Promise<void> {
    const response = await send();
    assert.equal(response.status, 200);
    assert.ok(Array.isArray(json(response).TableNames));
  }

  it('answers with a request id and the CRC32 of the body as sent', async () => {
    const ids = new Set<string>();
    for (const options of [{}, { target: 'NoSuchOperation' }] satisfies RawRequest[]) {
      const response = await send(options);
      ids.add(String(response.headers['x-amzn-requestid']));
      assert.match(String(response.headers['x-amzn-requestid']), /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      assert.equal(response.headers['x-amz-crc32'], String(crc32(response.body)));
      assert.equal(Number(response.headers['content-length']), response.body.length);
    }
    assert.equal(ids.size, 2, 'each response has its own request id');
  });

  it('reads gzip and deflate request bodies, undoing listed codings from the last, whatever their case', async () => {
    // A table name only the decoded body carries, echoed back in the not-found message.
    const text = JSON.stringify({ TableName: 'only-in-the-decoded-body' });
    const encoded: [string, Buffer][] = [
      ['gzip', gzipSync(text)],
      ['GZIP', gzipSync(text)],
      ['x-gzip', gzipSync(text)],
      ['deflate', deflateSync(text)],
      ['Deflate', deflateRawSync(text)],
      ['gzip, deflate', deflateSync(gzipSync(text))],
      ['deflate,gzip', gzipSync(deflateRawSync(text))],
      ['identity', Buffer.from(text)],
      ['identity, gzip', gzipSync(text)],
    ];
    for (const [encoding, body] of encoded) {
      const response = await send({ target: 'DescribeTable', headers: { 'Content-Encoding': encoding }, body });
      assert.equal(errorType(response), 'ResourceNotFoundException', encoding);
      assert.match(String(json(response).message), /only-in-the-decoded-body/, encoding);
    }
  });

  it('refuses bodies it cannot decode with SerializationException, and keeps serving', async () => {
    const text = JSON.stringify({ TableName: 'never-read' });
    const undecodable: [string, Buffer | string][] = [
      ['br', text],
      ['gzip, zstd', gzipSync(text)],
      ['gzip', '{"not":"gzip"}'],
      ['deflate', '{"not":"deflate"}'],
      ['deflate', gzipSync(text)],
      ['gzip', deflateSync(text)],
      ['gzip', gzipSync(text).subarray(0, 12)],
      ['gzip', ''],
      // Applied in the other order than the one listed.
      ['gzip, deflate', gzipSync(deflateSync(text))],
      ['gzip, gzip, gzip', gzipSync(gzipSync(gzipSync(text)))],
    ];
    for (const [encoding, body] of undecodable) {
      const response = await send({ target: 'DescribeTable', headers: { 'Content-Encoding': encoding }, body });
      assert.equal(response.status, 400, encoding);
      assert.equal(errorType(response), 'SerializationException', encoding);
    }
    await assertStillServing();
  });

  it('accepts JSON 1.1 as well as 1.0', async () => {
    const response = await send({
      target: 'DescribeTable',
      headers: { 'Content-Type': 'application/x-amz-json-1.1' },
      body: JSON.stringify({ TableName: 'json-one-one' }),
    });
    assert.equal(errorType(response), 'ResourceNotFoundException');
    assert.match(String(json(response).message), /json-one-one/);
  });

  it('gzips large responses as Accept-Encoding negotiates, with the CRC32 of the bytes sent, and small ones never', async () => {
    for (let index = 0; index < 60; index++) {
      const created = await send({
        target: 'CreateTable',
        body: JSON.stringify({
          TableName: `table-with-a-long-name-${index}`,
          KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
          AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
          BillingMode: 'PAY_PER_REQUEST',
        }),
      });
      assert.equal(created.status, 200);
    }
    const large = await send({ headers: { 'Accept-Encoding': 'br, gzip;q=0.8' } });
    assert.equal(large.headers['content-encoding'], 'gzip');
    const tableNames = json(large).TableNames as string[];
    assert.equal(tableNames.filter((name) => name.startsWith('table-with-a-long-name-')).length, 60);
    assert.ok(large.body.length < JSON.stringify({ TableNames: tableNames }).length);

    const negotiated: [string | undefined, string | undefined][] = [
      ['GZIP', 'gzip'],
      ['x-gzip', 'gzip'],
      ['*', 'gzip'],
      ['identity;q=0, gzip', 'gzip'],
      ['deflate, gzip;q=0.1', 'gzip'],
      [undefined, undefined],
      ['', undefined],
      ['deflate', undefined],
      ['gzip;q=0, identity', undefined],
      ['gzip;Q=0.0', undefined],
      ['gzip;q=0, *', undefined],
      ['gzip;q=0.5, identity', undefined],
      ['gzip;q=1.5', undefined],
    ];
    for (const [acceptEncoding, coding] of negotiated) {
      const response = await send({ headers: { 'Accept-Encoding': acceptEncoding } });
      const label = String(acceptEncoding);
      assert.equal(response.headers['content-encoding'], coding, label);
      assert.equal(response.headers['x-amz-crc32'], String(crc32(response.body)), label);
      assert.equal(Number(response.headers['content-length']), response.body.length, label);
      assert.deepEqual(json(response).TableNames, tableNames, label);
    }
    const small = await send({ target: 'ListTables', headers: { 'Accept-Encoding': 'gzip' }, body: '{"Limit": 1}' });
    assert.equal(small.headers['content-encoding'], undefined);
    assert.equal((json(small).TableNames as string[]).length, 1);
  });

  it('reports bodies that are not a JSON object of the right types as SerializationException', async () => {
    const malformed: RawRequest[] = [
      { body: '{not json' },
      { body: '[]' },
      { body: 'null' },
      { body: '"ListTables"' },
      { body: '{"Limit":"ten"}' },
      { target: 'DescribeTable', body: '{"TableName": 5}' },
      { target: 'DescribeTable', body: '{"TableName": ["a-table"]}' },
      { target: 'PutItem', body: '{"TableName": "a-table", "Item": []}' },
      { target: 'GetItem', body: '{"TableName": "a-table", "Key": "id"}' },
    ];
    for (const options of malformed) {
      const response = await send(options);
      assert.equal(response.status, 400, String(options.body));
      assert.equal(errorType(response), 'SerializationException', String(options.body));
    }
    await assertStillServing();
  });

  it('reports unknown operations and a missing X-Amz-Target as UnknownOperationException', async () => {
    for (const target of ['NoSuchOperation', 'listtables', null]) {
      const response = await send({ target });
      assert.equal(response.status, 400);
      assert.equal(errorType(response), 'UnknownOperationException');
    }
  });

  it('refuses unsigned and half-signed requests', async () => {
    const unsigned = await send({ headers: { Authorization: undefined } });
    assert.equal(unsigned.status, 400);
    assert.equal(errorType(unsigned), 'MissingAuthenticationTokenException');
    for (const authorization of [
      'AWS4-HMAC-SHA256 Credential=AK/20260101/us-east-1/dynamodb/aws4_request, SignedHeaders=host',
      'AWS4-HMAC-SHA256 SignedHeaders=host, Signature=abc',
    ]) {
      const response = await send({ headers: { Authorization: authorization } });
      assert.equal(response.status, 400);
      assert.equal(errorType(response), 'IncompleteSignatureException');
      assert.match(String(json(response).message), /requires '(Signature|Credential)' parameter/);
    }
    const undated = await send({ headers: { 'X-Amz-Date': undefined } });
    assert.equal(errorType(undated), 'IncompleteSignatureException');
    await assertStillServing();
  });

  it('takes a body of exactly 16 MB and refuses one byte more, however it is sent', async () => {
    const atLimit = await send({ body: Buffer.concat([Buffer.from('{}'), Buffer.alloc(BODY_BYTES_MAX - 2, 0x20)]) });
    assert.equal(atLimit.status, 200);
    const oversized = Buffer.alloc(BODY_BYTES_MAX + 1, 0x20);
    const chunked = (req: ClientRequest): void => {
      for (let offset = 0; offset < oversized.length; offset += 1024 * 1024) req.write(oversized.subarray(offset, offset + 1024 * 1024));
      req.end();
    };
    // Compressed, it is small on the wire: the limit holds for the body once inflated.
    const sent: [Record<string, string>, NonNullable<RawRequest['body']>][] = [
      [{}, oversized],
      [{}, chunked],
      [{ 'Content-Encoding': 'gzip' }, gzipSync(oversized)],
      [{ 'Content-Encoding': 'deflate' }, deflateSync(oversized)],
      [{ 'Content-Encoding': 'deflate' }, deflateRawSync(oversized)],
      [{ 'Content-Encoding': 'gzip, deflate' }, deflateSync(gzipSync(oversized))],
    ];
    for (const [headers, body] of sent) {
      const response = await send({ target: 'PutItem', headers, body });
      assert.equal(response.status, 413, JSON.stringify(headers));
      assert.equal(errorType(response), 'RequestEntityTooLargeException');
      await assertStillServing();
    }
  });

  it("serves a DynamoDB Streams client on the same URL, each service's prefix naming its own operations only", async () => {
    const streamsTarget = (operation: string): RawRequest => ({ headers: { 'X-Amz-Target': `DynamoDBStreams_20120810.${operation}` } });
    const listed = await send(streamsTarget('ListStreams'));
    assert.equal(listed.status, 200);
    assert.deepEqual(json(listed), { Streams: [] });
    for (const options of [streamsTarget('ListTables'), streamsTarget('PutItem'), { target: 'ListStreams' }, { target: 'GetRecords' }]) {
      const response = await send(options);
      assert.equal(response.status, 400);
      assert.deepEqual(json(response), { __type: 'com.amazon.coral.service#UnknownOperationException', message: 'An unknown operation was requested.' });
    }
    const unsigned = await send({ headers: { ...streamsTarget('ListStreams').headers, Authorization: undefined } });
    assert.equal(errorType(unsigned), 'MissingAuthenticationTokenException');
  });

  it('reads the body before identifying the caller, so an unsigned oversized request is refused for its size', async () => {
    const response = await send({ headers: { Authorization: undefined }, body: Buffer.alloc(BODY_BYTES_MAX + 1, 0x20) });
    assert.equal(response.status, 413);
    assert.equal(errorType(response), 'RequestEntityTooLargeException');
    await assertStillServing();
  });

  it('serves POST on any path, as DynamoDB Local does', async () => {
    for (const path of ['/tables', '/?x=1', '//']) {
      const response = await send({ path });
      assert.equal(response.status, 200, path);
      assert.ok(Array.isArray(json(response).TableNames), path);
    }
  });

  it("answers AWS's 404 to the methods and paths no route serves, and keeps the connection", async () => {
    // Node's client frames no body for DELETE or OPTIONS, so those send none; PUT's is left unread.
    const requests: RawRequest[] = [{ method: 'PUT' }, { method: 'DELETE', body: '' }, { method: 'PATCH', path: '/tables' }, { method: 'OPTIONS', body: '' }];
    for (const options of requests) {
      const response = await send({ target: null, ...options });
      const label = `${options.method} ${options.path ?? '/'}`;
      assert.equal(response.status, 404, label);
      assert.equal(response.body.toString(), '<UnknownOperationException/>\n', label);
      assert.equal(response.headers['x-amz-crc32'], String(crc32(response.body)), label);
      assert.equal(response.headers['content-type'], undefined, label);
    }
    const patch = await send({ method: 'PATCH', path: '/health', target: null });
    const ports = new Set([patch.localPort, (await send()).localPort]);
    assert.equal(ports.size, 1, 'the 404s left the keep-alive connection usable');
  });

  it('answers a CORS preflight as AWS does', async () => {
    const preflight = await send({
      method: 'OPTIONS',
      target: null,
      headers: {
        Origin: 'http://localhost:3000',
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'authorization,content-type,x-amz-date,x-amz-target,x-amz-user-agent',
      },
      body: '',
    });
    assert.equal(preflight.status, 200);
    assert.equal(preflight.headers['access-control-allow-origin'], '*');
    assert.equal(preflight.headers['access-control-allow-methods'], 'POST');
    assert.equal(preflight.headers['access-control-allow-headers'], 'authorization,content-type,x-amz-date,x-amz-target,x-amz-user-agent');
    assert.equal(preflight.headers['access-control-max-age'], '172800');
    assert.equal(preflight.headers['access-control-expose-headers'], 'x-amzn-RequestId,x-amzn-ErrorType,x-amzn-ErrorMessage,Date');
    assert.ok(preflight.headers['x-amzn-requestid']);
    assert.equal(preflight.body.length, 0);
    // Any path has one; what was not asked for is not allowed.
    const bare = await send({ method: 'OPTIONS', path: '/tables', target: null, headers: { Origin: 'http://localhost:3000' }, body: '' });
    assert.equal(bare.status, 200);
    assert.equal(bare.headers['access-control-allow-origin'], '*');
    assert.equal(bare.headers['access-control-allow-methods'], undefined);
    assert.equal(bare.headers['access-control-allow-headers'], undefined);
  });

  it('adds the CORS headers to every answer to a request with Origin, and to none without', async () => {
    const origin = { Origin: 'http://localhost:3000' };
    const withOrigin = [
      await send({ headers: origin }),
      await send({ target: 'NoSuchOperation', headers: origin }),
      await send({ method: 'GET', target: null, headers: origin }),
      await send({ method: 'PUT', target: null, headers: origin, body: '' }),
    ];
    for (const response of withOrigin) {
      assert.equal(response.headers['access-control-allow-origin'], '*', String(response.status));
      assert.equal(response.headers['access-control-expose-headers'], 'x-amzn-RequestId,x-amzn-ErrorType,x-amzn-ErrorMessage,Date');
      // Those are for preflights alone.
      assert.equal(response.headers['access-control-max-age'], undefined);
      assert.equal(response.headers['access-control-allow-methods'], undefined);
    }
    for (const response of [await send(), await send({ method: 'GET', target: null }), await send({ method: 'OPTIONS', target: null, body: '' })]) {
      assert.deepEqual(
        Object.keys(response.headers).filter((name) => name.startsWith('access-control-')),
        [],
        String(response.status),
      );
    }
  });

  it('reads odd request targets without failing, and refuses malformed ones with 400', async () => {
    const { port } = new URL(strata.endpoint);
    const signed = { 'Content-Type': 'application/x-amz-json-1.0', Authorization: AUTHORIZATION, 'X-Amz-Date': '20260101T000000Z' };
    const listTables = { ...signed, 'X-Amz-Target': 'DynamoDB_20120810.ListTables' };
    const served = ['POST // HTTP/1.1', `POST http://127.0.0.1:${port}/ HTTP/1.1`, `POST HTTP://127.0.0.1:${port} HTTP/1.1`, 'POST /a%2Fb?x=%20 HTTP/1.1'];
    for (const requestLine of served) {
      const response = await sendOverSocket(strata.endpoint, requestLine, listTables, '{}');
      assert.equal(response.status, 200, requestLine);
      assert.ok(Array.isArray((JSON.parse(response.body) as { TableNames?: unknown }).TableNames), requestLine);
    }
    const asteriskPreflight = await sendOverSocket(strata.endpoint, 'OPTIONS * HTTP/1.1', {
      Origin: 'http://localhost:3000',
      'Access-Control-Request-Method': 'POST',
    });
    assert.equal(asteriskPreflight.status, 200);
    assert.equal(asteriskPreflight.headers['access-control-allow-methods'], 'POST');
    assert.equal((await sendOverSocket(strata.endpoint, 'OPTIONS * HTTP/1.1')).status, 404);
    assert.equal((await sendOverSocket(strata.endpoint, 'GET // HTTP/1.1')).status, 200);
    // The asterisk is for OPTIONS alone; '%' must start an escape; a fragment is never sent.
    for (const requestLine of ['POST * HTTP/1.1', 'GET * HTTP/1.1', 'POST /%zz HTTP/1.1', 'POST /%2 HTTP/1.1', 'POST /tables#x HTTP/1.1']) {
      const response = await sendOverSocket(strata.endpoint, requestLine, listTables, '{}');
      assert.equal(response.status, 400, requestLine);
      assert.equal(response.body, '<UnknownOperationException/>\n', requestLine);
    }
    // A target past Node's 16 KiB header limit is refused by Node before any handler runs.
    const overlong = await sendOverSocket(strata.endpoint, `POST /${'a'.repeat(20_000)} HTTP/1.1`, listTables, '{}');
    assert.equal(overlong.status, 431);
    // CONNECT asks for a tunnel, which DynamoDB never opens: it gets the answer of any method no route serves.
    for (const requestLine of ['CONNECT / HTTP/1.1', `CONNECT 127.0.0.1:${port} HTTP/1.1`]) {
      const response = await sendOverSocket(strata.endpoint, requestLine, listTables, '{}');
      assert.equal(response.status, 404, requestLine);
      assert.equal(response.body, '<UnknownOperationException/>\n', requestLine);
    }
    await assertStillServing();
  });

  it('answers the GET and HEAD health checks', async () => {
    const get = await send({ method: 'GET', target: null });
    assert.equal(get.status, 200);
    assert.match(get.body.toString(), /healthy/);
    const head = await send({ method: 'HEAD', target: null });
    assert.equal(head.status, 200);
    assert.equal(head.body.length, 0);
    const withQuery = await send({ method: 'GET', path: '/?probe=1', target: null });
    assert.equal(withQuery.status, 200);
    const elsewhere = await send({ method: 'GET', path: '/health', target: null });
    assert.match(elsewhere.body.toString(), /healthy/);
  });

  it('keeps serving after clients that hang up before or midway through the body', async () => {
    const { port } = new URL(strata.endpoint);
    const hangUp = (bodyPart: string): Promise<void> =>
      new Promise((resolve) => {
        const req = httpRequest({ host: '127.0.0.1', port, method: 'POST', path: '/', headers: { ...headersFor({}), 'Content-Length': '1000' } });
        req.on('error', () => resolve());
        req.write(bodyPart, () => setTimeout(() => req.destroy(), 20));
        req.on('close', () => resolve());
      });
    await hangUp('{"Li');
    await hangUp('');
    await assertStillServing();
    // The server noticed both hang-ups as such, not as internal errors (checked after all tests).
    const hangUpsLogged = (): number => log.lines('debug').filter((line) => line.includes('client disconnected')).length;
    for (let waitedMs = 0; hangUpsLogged() < 2 && waitedMs < 2_000; waitedMs += 10) await sleep(10);
    assert.equal(hangUpsLogged(), 2);
  });

  it('serves many requests over one keep-alive connection', async () => {
    const ports = new Set<number | undefined>();
    for (let index = 0; index < 50; index++) {
      const response = await send(index % 2 === 0 ? {} : { target: 'NoSuchOperation' });
      assert.equal(response.status, index % 2 === 0 ? 200 : 400);
      ports.add(response.localPort);
    }
    assert.equal(ports.size, 1, 'every exchange, errors included, went over the same connection');
    assert.notEqual([...ports][0], undefined);
  });
});
