import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import { crc32, gunzip, gzip } from 'node:zlib';
import { dynamoDBOperations } from '../api/operations.js';
import { RawJson, type OperationResult, type RequestContext } from '../api/context.js';
import type { Engine } from '../engine/engine.js';
import { DynamoDBError } from '../model/errors.js';
import { REQUEST_BODY_BYTES_MAX } from '../model/limits.js';
import type { Logger } from '../model/logger.js';
import { identifyCaller } from './auth.js';

const gunzipAsync = promisify(gunzip);
const gzipAsync = promisify(gzip);

const TARGET_PREFIX = 'DynamoDB_20120810.';
/** AWS's account id placeholder for local endpoints, as DynamoDB Local uses. */
const ACCOUNT_ID = '000000000000';
/** Responses smaller than this are sent uncompressed even when gzip is accepted. */
const GZIP_MIN_BYTES = 1024;
/** Idle keep-alive connections are closed after this long. */
const KEEP_ALIVE_TIMEOUT_MS = 65_000;

export interface ServerOptions {
  /**
   * The engine once its storage is open. The server may listen before that, so that
   * startup overlaps with clients connecting; requests wait for the engine, and none
   * is answered (not even the health check) until it is ready, or fails to open.
   */
  readonly engine: Promise<Engine>;
  readonly logger: Logger;
  /** One namespace of tables for every caller (DynamoDB Local's -sharedDb). */
  readonly sharedDb: boolean;
}

class RequestTooLarge extends Error {}
/** The client closed its connection before sending the whole request. */
class ClientDisconnected extends Error {}

/**
 * Collects the raw body, refusing one over the limit. The request is never destroyed
 * here: an oversized body is left flowing (and discarded by Node once the response is
 * sent), so the 413 answer still reaches the client over a live connection.
 */
function collectBody(request: IncomingMessage): Promise<Buffer> {
  const declaredBytes = Number(request.headers['content-length'] ?? 0);
  if (declaredBytes > REQUEST_BODY_BYTES_MAX) return Promise.reject(new RequestTooLarge());
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let receivedBytes = 0;
    const onData = (chunk: Buffer): void => {
      receivedBytes += chunk.length;
      if (receivedBytes <= REQUEST_BODY_BYTES_MAX) {
        chunks.push(chunk);
        return;
      }
      request.off('data', onData);
      request.resume();
      reject(new RequestTooLarge());
    };
    request.on('data', onData);
    // A body that came in one chunk (most do) is used as it is, not copied.
    request.once('end', () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)));
    // 'close' before 'end' (or a stream error) means the client went away mid-body.
    // Every request closes eventually; only an incomplete one builds an error (and its stack).
    const disconnected = (): void => {
      if (!request.complete) reject(new ClientDisconnected());
    };
    request.once('error', disconnected);
    request.once('close', disconnected);
  });
}

/** HTTP content codings are case-insensitive (RFC 9110, section 8.4.1). */
function isGzipped(request: IncomingMessage): boolean {
  return request.headers['content-encoding']?.trim().toLowerCase() === 'gzip';
}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const raw = await collectBody(request);
  if (!isGzipped(request)) return raw;
  // The limit applies to the inflated body too, or a small gzip bomb could fill memory.
  return gunzipAsync(raw, { maxOutputLength: REQUEST_BODY_BYTES_MAX }).catch((error: unknown) => {
    if (error instanceof RangeError && 'code' in error && error.code === 'ERR_BUFFER_TOO_LARGE') throw new RequestTooLarge();
    throw DynamoDBError.serialization('The request body could not be decompressed');
  });
}

function parseJsonObject(body: Buffer): unknown {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.length === 0 ? '{}' : body.toString('utf8'));
  } catch {
    throw DynamoDBError.serialization('Could not parse the request body as JSON');
  }
  if (Array.isArray(parsed)) throw DynamoDBError.serialization('Start of list found where not expected');
  if (typeof parsed !== 'object' || parsed === null) throw DynamoDBError.serialization('Unexpected value type in payload');
  return parsed;
}

/** True when Accept-Encoding lists gzip without refusing it by `q=0` (RFC 9110, section 12.5.3). */
function acceptsGzip(acceptEncoding: string | undefined): boolean {
  if (acceptEncoding === undefined) return false;
  return acceptEncoding.split(',').some((entry) => {
    const [coding = '', ...parameters] = entry.split(';').map((part) => part.trim().toLowerCase());
    return coding === 'gzip' && !parameters.some((parameter) => /^q=0(\.0*)?$/.test(parameter));
  });
}

/** Node detaches the socket (null) or destroys it once the client has gone. */
function clientHungUp(response: ServerResponse): boolean {
  return response.socket === null || response.socket.destroyed;
}

function describeError(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}

function errorBody(error: DynamoDBError): string {
  return JSON.stringify({ __type: `${error.namespace}#${error.type}`, message: error.message, ...error.extraFields });
}

/**
 * The HTTP front of Strata: DynamoDB's JSON protocol (POST / with X-Amz-Target) over
 * keep-alive HTTP/1.1. It parses, authenticates and routes; every failure becomes a
 * DynamoDB error response, and nothing a request does can stop the server.
 */
export class StrataHttpServer {
  private readonly server: Server;
  /** Set once the engine is ready, so requests after that do not await it. */
  private engine: Engine | undefined;

  constructor(private readonly options: ServerOptions) {
    // A failed open is the opener's to report; the requests waiting meet it through their own await.
    options.engine.then(
      (engine) => {
        this.engine = engine;
      },
      () => undefined,
    );
    this.server = createServer({ keepAliveTimeout: KEEP_ALIVE_TIMEOUT_MS }, (request, response) => {
      this.handle(request, response).catch((error: unknown) => this.abandon(response, error));
    });
  }

  listen(port: number, host: string): Promise<AddressInfo> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        this.server.off('error', reject);
        resolve(this.server.address() as AddressInfo);
      });
    });
  }

  async close(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeIdleConnections();
    await closed;
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const requestId = randomUUID();
    try {
      const engine = this.engine ?? (await this.options.engine);
      if (request.method === 'GET' || request.method === 'HEAD') {
        await this.send(request, response, requestId, 200, 'text/plain', 'healthy: strata');
        return;
      }
      const result = await this.dispatch(request, engine);
      const body = result instanceof RawJson ? result.text : JSON.stringify(result);
      await this.send(request, response, requestId, 200, 'application/x-amz-json-1.0', body);
    } catch (error) {
      // A client that hung up mid-request cannot be answered; that is its choice, not a fault.
      if (error instanceof ClientDisconnected || clientHungUp(response)) {
        this.options.logger.debug('client disconnected before the response', { requestId });
        return;
      }
      await this.sendError(request, response, requestId, error);
    }
  }

  /**
   * The last resort when even the error response failed: an unhandled rejection would
   * end the process, so log it and drop this one connection instead.
   */
  private abandon(response: ServerResponse, error: unknown): void {
    this.options.logger.error('could not answer a request', { error: describeError(error) });
    response.destroy();
  }

  private async dispatch(request: IncomingMessage, engine: Engine): Promise<OperationResult> {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const target = request.headers['x-amz-target'];
    const caller = identifyCaller(
      request.headers.authorization,
      request.headers['x-amz-date'] !== undefined || request.headers.date !== undefined,
      url.searchParams,
    );
    const body = await readBody(request);
    const operation = typeof target === 'string' && target.startsWith(TARGET_PREFIX) ? dynamoDBOperations.get(target.slice(TARGET_PREFIX.length)) : undefined;
    if (operation === undefined) {
      throw new DynamoDBError('UnknownOperationException', 'An unknown operation was requested.', 400, 'com.amazon.coral.service');
    }
    const context: RequestContext = {
      engine,
      namespace: this.options.sharedDb ? '' : `${caller.accessKeyId}_${caller.region}`,
      region: caller.region,
      accountId: ACCOUNT_ID,
    };
    return operation.execute(parseJsonObject(body), context);
  }

  private async sendError(request: IncomingMessage, response: ServerResponse, requestId: string, error: unknown): Promise<void> {
    let dynamoError: DynamoDBError;
    if (error instanceof DynamoDBError) {
      dynamoError = error;
    } else if (error instanceof RequestTooLarge) {
      dynamoError = new DynamoDBError(
        'RequestEntityTooLargeException',
        `Request size exceeded ${REQUEST_BODY_BYTES_MAX} bytes`,
        413,
        'com.amazon.coral.service',
      );
    } else {
      this.options.logger.error('internal error', { requestId, error: describeError(error) });
      dynamoError = DynamoDBError.internal();
    }
    if (dynamoError.statusCode >= 500) this.options.logger.warn('request failed', { requestId, type: dynamoError.type });
    // Drain what is left of a rejected body so the keep-alive connection stays usable.
    if (!request.complete) request.resume();
    await this.send(request, response, requestId, dynamoError.statusCode, 'application/x-amz-json-1.0', errorBody(dynamoError));
  }

  private async send(request: IncomingMessage, response: ServerResponse, requestId: string, status: number, contentType: string, text: string): Promise<void> {
    let body = Buffer.from(text, 'utf8');
    const headers: Record<string, string | number> = { 'x-amzn-RequestId': requestId, 'Content-Type': contentType };
    if (body.length >= GZIP_MIN_BYTES && acceptsGzip(request.headers['accept-encoding'])) {
      body = await gzipAsync(body);
      headers['Content-Encoding'] = 'gzip';
    }
    // The CRC32 covers the bytes as sent, which is what the SDKs check.
    headers['x-amz-crc32'] = crc32(body);
    headers['Content-Length'] = body.length;
    response.writeHead(status, headers);
    response.end(request.method === 'HEAD' ? undefined : body);
  }
}
