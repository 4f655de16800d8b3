import { randomUUID } from 'node:crypto';
import type { Duplex } from 'node:stream';
import { crc32 } from 'node:zlib';
import { preflightHeaders } from './cors.js';
import type { Exchange, RouteHandler } from './exchange.js';
import { send } from './respond.js';

/**
 * The body AWS DynamoDB answers, with 404 and no Content-Type, to a request its front
 * end cannot take to an operation: a PUT or DELETE, an OPTIONS without Origin. This is
 * what dynalite's server (index.js), which was written against AWS's answers, sends
 * for any method but GET and POST.
 */
const NO_OPERATION_BODY = '<UnknownOperationException/>\n';

/** The answer to a method and path no route serves. */
export function answerNoRoute(exchange: Exchange): Promise<void> {
  return send(exchange, 404, undefined, NO_OPERATION_BODY);
}

/**
 * The answer to CONNECT, which asks for a tunnel: Node hands its socket over raw,
 * outside the request path, so the answer every other unserved method gets is
 * written by hand and the connection closed (no tunnel is ever opened).
 */
export function answerConnect(socket: Duplex): void {
  socket.on('error', () => socket.destroy());
  socket.end(
    [
      'HTTP/1.1 404 Not Found',
      `x-amzn-RequestId: ${randomUUID()}`,
      `x-amz-crc32: ${crc32(NO_OPERATION_BODY)}`,
      `Content-Length: ${Buffer.byteLength(NO_OPERATION_BODY)}`,
      'Connection: close',
      '',
      NO_OPERATION_BODY,
    ].join('\r\n'),
  );
}

/**
 * The answer to a request target that cannot be read. HTTP wants 400 for it (RFC 9112,
 * section 3); with no AWS answer recorded for one, the body is AWS's own for a request
 * it cannot route.
 */
export function answerMalformedTarget(exchange: Exchange): Promise<void> {
  return send(exchange, 400, undefined, NO_OPERATION_BODY);
}

/**
 * The health check load balancers and containers poll. AWS answers
 * `healthy: dynamodb.<region>.amazonaws.com`; Strata names itself, so a probe can
 * tell which it reached.
 */
export const serveHealthCheck: RouteHandler = (exchange) => send(exchange, 200, 'text/plain', 'healthy: strata');

/** A CORS preflight (see cors.ts); an OPTIONS without Origin is not one, and AWS serves it no route. */
export const answerPreflight: RouteHandler = (exchange) => {
  const headers = preflightHeaders(exchange.request);
  return headers === undefined ? answerNoRoute(exchange) : send(exchange, 200, undefined, '', headers);
};
