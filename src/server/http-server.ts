import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import type { Engine } from '../engine/engine.js';
import { DynamoDBError } from '../model/errors.js';
import { REQUEST_BODY_BYTES_MAX } from '../model/limits.js';
import type { Logger } from '../model/logger.js';
import { answerConnect, answerMalformedTarget, answerNoRoute } from './answers.js';
import type { Exchange } from './exchange.js';
import { ClientDisconnected, RequestTooLarge } from './request-body.js';
import { parseRequestTarget } from './request-target.js';
import { JSON_CONTENT_TYPE, send } from './respond.js';
import { findRoute } from './routes.js';

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

/**
 * Node destroys the connection's socket once the client has gone. The request's
 * socket is the one to ask: a response waiting behind earlier pipelined requests on
 * the same connection has no socket yet, and is still owed an answer.
 */
function clientHungUp(request: IncomingMessage): boolean {
  return request.socket.destroyed;
}

function describeError(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}

function errorBody(error: DynamoDBError): string {
  return JSON.stringify({ __type: `${error.namespace}#${error.type}`, message: error.message, ...error.extraFields });
}

/**
 * The HTTP front of Strata: DynamoDB's JSON protocol (POST / with X-Amz-Target) over
 * keep-alive HTTP/1.1. It reads the request target and hands the request to its route
 * (routes.ts); every failure becomes a DynamoDB error response, and nothing a request
 * does can stop the server.
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
    this.server.on('connect', (_request: IncomingMessage, socket: Duplex) => answerConnect(socket));
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
      const target = parseRequestTarget(request.method, request.url);
      if (target === undefined) {
        await answerMalformedTarget({ request, response, requestId });
        return;
      }
      const handler = findRoute(request.method, target.path) ?? answerNoRoute;
      await handler({ request, response, requestId, target, engine, sharedDb: this.options.sharedDb });
    } catch (error) {
      // A client that hung up mid-request cannot be answered; that is its choice, not a fault.
      if (error instanceof ClientDisconnected || clientHungUp(request)) {
        this.options.logger.debug('client disconnected before the response', { requestId });
        return;
      }
      await this.sendError({ request, response, requestId }, error);
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

  private async sendError(exchange: Exchange, error: unknown): Promise<void> {
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
      this.options.logger.error('internal error', { requestId: exchange.requestId, error: describeError(error) });
      dynamoError = DynamoDBError.internal();
    }
    if (dynamoError.statusCode >= 500) this.options.logger.warn('request failed', { requestId: exchange.requestId, type: dynamoError.type });
    // Drain what is left of a rejected body so the keep-alive connection stays usable.
    if (!exchange.request.complete) exchange.request.resume();
    await send(exchange, dynamoError.statusCode, JSON_CONTENT_TYPE, errorBody(dynamoError));
  }
}
