import { promisify } from 'node:util';
import { crc32, gzip } from 'node:zlib';
import { negotiateCoding } from './accept-encoding.js';
import { addCorsHeaders, type ResponseHeaders } from './cors.js';
import type { Exchange } from './exchange.js';

const gzipAsync = promisify(gzip);

/** DynamoDB's JSON protocol; requests may also say 1.1, which Strata reads alike. */
export const JSON_CONTENT_TYPE = 'application/x-amz-json-1.0';
/**
 * Responses smaller than this are sent uncompressed whatever the client accepts, as
 * AWS sends them ("DynamoDB will only GZIP its response to your client if it's above
 * a certain size", https://github.com/awslabs/dynamodb-cross-region-library/issues/61).
 */
const GZIP_MIN_BYTES = 1024;
/**
 * The codings responses are compressed with. Every public report of DynamoDB's
 * compressed responses shows gzip, and gzip is what the SDKs that opt in ask for and
 * decode (the Go SDK's EnableAcceptEncodingGzip, see accept-encoding.ts); none shows
 * DynamoDB sending deflate, so a client that accepts only deflate gets the response as
 * it is.
 */
const RESPONSE_CODINGS = ['gzip'] as const;

/**
 * Sends the one response to an exchange, with what AWS puts on every response: the
 * request id, the CRC32 of the body and, for a request with Origin, the CORS headers.
 * `contentType` is left out for the answers AWS sends without one.
 */
export async function send(exchange: Exchange, status: number, contentType: string | undefined, text: string, extraHeaders?: ResponseHeaders): Promise<void> {
  const { request, response } = exchange;
  let body = Buffer.from(text, 'utf8');
  const headers: ResponseHeaders = { 'x-amzn-RequestId': exchange.requestId };
  if (extraHeaders !== undefined) Object.assign(headers, extraHeaders);
  if (contentType !== undefined) headers['Content-Type'] = contentType;
  addCorsHeaders(request, headers);
  if (body.length >= GZIP_MIN_BYTES && negotiateCoding(request.headers['accept-encoding'], RESPONSE_CODINGS) === 'gzip') {
    body = await gzipAsync(body);
    headers['Content-Encoding'] = 'gzip';
  }
  // The CRC32 covers the bytes as sent, which is what the SDKs check.
  headers['x-amz-crc32'] = crc32(body);
  headers['Content-Length'] = body.length;
  response.writeHead(status, headers);
  response.end(request.method === 'HEAD' ? undefined : body);
}
