import type { IncomingMessage } from 'node:http';

/**
 * CORS, so that browser code can call Strata directly, as the AWS SDK for JavaScript
 * calls DynamoDB from a browser. AWS DynamoDB needs no configuration for it: to any
 * request with an Origin header it answers `Access-Control-Allow-Origin: *` and
 * exposes its own headers; to a preflight (OPTIONS with Origin) it answers 200 with an
 * empty body, allowing whatever method and headers were asked for, cached for two days.
 * Without Origin it sends no CORS header at all.
 *
 * The evidence, from test suites that run against AWS itself:
 * - dynalite's test/connection.js ("should set CORS if OPTIONS and Origin ...", and
 *   "should return UnknownOperationException and set CORS if using Origin"):
 *   status 200, `*`, the requested headers and method echoed, Max-Age 172800, no body;
 * - ScyllaDB Alternator's test/alternator/test_cors.py: the same echo, Max-Age on the
 *   preflight only, Expose-Headers on every answer to a request with Origin, no CORS
 *   header without one; its alternator/server.cc gives the list DynamoDB exposes.
 *   That list leaves out x-amz-crc32, so browser code cannot read the checksum.
 *
 * DynamoDB Local differs: it answers preflights only with its -cors flag's list of
 * origins (echoing a listed Origin rather than `*`), sends Max-Age 1728000 and exposes
 * no header (measured on DynamoDB Local 1.25.1). Strata answers as AWS does.
 */

const ALLOWED_ORIGIN = '*';
/** The headers AWS DynamoDB lets browser code read, in its order. */
const EXPOSED_HEADERS = 'x-amzn-RequestId,x-amzn-ErrorType,x-amzn-ErrorMessage,Date';
/** How long a browser may reuse a preflight's answer: AWS's two days. */
const PREFLIGHT_MAX_AGE_SECONDS = 172_800;

export type ResponseHeaders = Record<string, string | number>;

/** Adds the CORS headers every answer to a request with Origin carries. */
export function addCorsHeaders(request: IncomingMessage, headers: ResponseHeaders): void {
  if (request.headers.origin === undefined) return;
  headers['Access-Control-Allow-Origin'] = ALLOWED_ORIGIN;
  headers['Access-Control-Expose-Headers'] = EXPOSED_HEADERS;
}

/** The headers that answer a CORS preflight, or undefined when the request is not one (it has no Origin). */
export function preflightHeaders(request: IncomingMessage): ResponseHeaders | undefined {
  if (request.headers.origin === undefined) return undefined;
  const headers: ResponseHeaders = { 'Access-Control-Max-Age': PREFLIGHT_MAX_AGE_SECONDS };
  const requestedMethod = request.headers['access-control-request-method'];
  if (requestedMethod !== undefined) headers['Access-Control-Allow-Methods'] = requestedMethod;
  const requestedHeaders = request.headers['access-control-request-headers'];
  if (requestedHeaders !== undefined) headers['Access-Control-Allow-Headers'] = requestedHeaders;
  return headers;
}
