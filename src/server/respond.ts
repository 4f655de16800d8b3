import { promisify } from 'node:util';
import { crc32, gzip } from 'node:zlib';
import { addCorsHeaders, type ResponseHeaders } from './cors.js';
import type { Exchange } from './exchange.js';

const gzipAsync = promisify(gzip);

/** DynamoDB's JSON protocol; requests may also say 1.1, which Strata reads alike. */
export const JSON_CONTENT_TYPE = 'application/x-amz-json-1.0';
/** Responses smaller than this are sent uncompressed even when gzip is accepted. */
const GZIP_MIN_BYTES = 1024;

/** True when Accept-Encoding lists gzip without refusing it by `q=0` (RFC 9110, section 12.5.3). */
function acceptsGzip(acceptEncoding: string | undefined): boolean {
  if (acceptEncoding === undefined) return false;
  return acceptEncoding.split(',').some((entry) => {
    const [coding = '', ...parameters] = entry.split(';').map((part) => part.trim().toLowerCase());
    return coding === 'gzip' && !parameters.some((parameter) => /^q=0(\.0*)?$/.test(parameter));
  });
}

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
