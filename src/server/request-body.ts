import type { IncomingMessage } from 'node:http';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { DynamoDBError } from '../model/errors.js';
import { REQUEST_BODY_BYTES_MAX } from '../model/limits.js';

const gunzipAsync = promisify(gunzip);

export class RequestTooLarge extends Error {}
/** The client closed its connection before sending the whole request. */
export class ClientDisconnected extends Error {}

/**
 * Collects the body as sent (compressed, if it was), refusing one over the limit. The
 * request is never destroyed here: an oversized body is left flowing (and discarded
 * by Node once the response is sent), so the 413 answer still reaches the client over
 * a live connection.
 */
export function collectBody(request: IncomingMessage): Promise<Buffer> {
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

/** The body as collected, inflated if the request says it is gzipped. */
export async function decompressBody(request: IncomingMessage, sentBody: Buffer): Promise<Buffer> {
  if (!isGzipped(request)) return sentBody;
  // The limit applies to the inflated body too, or a small gzip bomb could fill memory.
  return gunzipAsync(sentBody, { maxOutputLength: REQUEST_BODY_BYTES_MAX }).catch((error: unknown) => {
    if (error instanceof RangeError && 'code' in error && error.code === 'ERR_BUFFER_TOO_LARGE') throw new RequestTooLarge();
    throw DynamoDBError.serialization('The request body could not be decompressed');
  });
}

export function parseJsonObject(body: Buffer): unknown {
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
