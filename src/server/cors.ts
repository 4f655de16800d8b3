import type { IncomingMessage } from 'node:http';

/**
 * CORS, so that browser code can call Strata directly, as the AWS SDK for JavaScript
 * calls DynamoDB from a browser. AWS DynamoDB needs no configuration for it: to any
 * request with an Origin header it answers `Access-Control-Allow-Origin: *` and
 * exposes its own headers; to a preflight (OPTIONS with Origin) it answers 200 with an
 * empty body, allowing whatever method and headers were asked for, cached for two days.
 * Without Origin it sends no CORS header at all.
 *
 * The evidence:
 * - AWS's JSON-protocol front end answers preflights the same way on every service:
 *   recorded answers of AWS endpoints to `OPTIONS /` with Origin (a 2020 survey of
 *   us-east-1 endpoints: acm, application-autoscaling, appmesh and others) are 200
 *   with no body, `Access-Control-Allow-Origin: *`, the requested headers and method
 *   echoed, `Access-Control-Expose-Headers: x-amzn-RequestId,x-amzn-ErrorType,
 *   x-amzn-ErrorMessage,Date` and `Access-Control-Max-Age: 172800`;
 * - dynalite's server (index.js) and ScyllaDB Alternator's (alternator/server.cc,
 *   "the list that DynamoDB returns for expose headers") answer DynamoDB's preflights
 *   with those same values, and add Allow-Origin to every answer to a request with
 *   Origin. That exposed list leaves out x-amz-crc32, so browser code cannot read the
 *   checksum.
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
