import type { IncomingMessage } from 'node:http';
import { DynamoDBError } from '../model/errors.js';
import { REQUEST_BODY_BYTES_MAX } from '../model/limits.js';
import { decodeContent, parseContentEncoding } from './content-encoding.js';

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

/** True for the errors zlib raises on bytes that are not in the coding they are labelled with. */
function isZlibDataError(error: unknown): boolean {
  return error instanceof Error && 'code' in error && typeof error.code === 'string' && error.code.startsWith('Z_');
}

/**
 * The body as collected, with each coding its Content-Encoding lists undone, the last
 * applied first. The limit applies to every inflated stage too, or a small gzip bomb
 * could fill memory. AWS refuses such a body too (since early 2026, as
 * https://github.com/scylladb/scylladb/pull/28820 reports), with a status not recorded there.
 */
export async function decompressBody(request: IncomingMessage, sentBody: Buffer): Promise<Buffer> {
  const codings = parseContentEncoding(request.headers['content-encoding']);
  let body = sentBody;
  for (let index = codings.length - 1; index >= 0; index--) {
    body = await decodeContent(codings[index]!, body, REQUEST_BODY_BYTES_MAX).catch((error: unknown) => {
      if (error instanceof RangeError && 'code' in error && error.code === 'ERR_BUFFER_TOO_LARGE') throw new RequestTooLarge();
      // AWS's answer to a body that does not decode is unrecorded; SerializationException
      // is its answer to a body it cannot read as a request.
      if (isZlibDataError(error)) throw DynamoDBError.serialization('The request body could not be decompressed');
      throw error;
    });
  }
  return body;
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
