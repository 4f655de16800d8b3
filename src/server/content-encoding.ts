import { promisify } from 'node:util';
import { gunzip, inflate, inflateRaw } from 'node:zlib';
import { DynamoDBError } from '../model/errors.js';
import { listMembers } from './header-list.js';

const gunzipAsync = promisify(gunzip);
const inflateAsync = promisify(inflate);
const inflateRawAsync = promisify(inflateRaw);

/**
 * The content codings a request body may arrive in. DynamoDB reads gzip (the SDKs'
 * request compression, https://docs.aws.amazon.com/sdkref/latest/guide/feature-compression.html)
 * and deflate: a deflate-encoded PutItem succeeds against AWS, as reported in
 * https://github.com/scylladb/scylladb/pull/27917.
 */
export type ContentCoding = 'gzip' | 'deflate';

/**
 * At most this many codings are undone for one body. It is Strata's own bound, not
 * AWS's: each one may inflate up to the body limit, so a long list of codings would
 * multiply the work one request can ask for, and no client applies more than two.
 */
export const CONTENT_CODINGS_MAX = 2;

/** `x-gzip` is the old name of gzip, which RFC 9110 (section 8.4.1.3) asks recipients to read as gzip. */
const CODING_NAMES: ReadonlyMap<string, ContentCoding> = new Map([
  ['gzip', 'gzip'],
  ['x-gzip', 'gzip'],
  ['deflate', 'deflate'],
]);

/** The coding a lower-cased name stands for, or undefined for one Strata does not know. */
export function contentCodingNamed(name: string): ContentCoding | undefined {
  return CODING_NAMES.get(name);
}

/**
 * AWS's answer to a coding it cannot undo is unrecorded, and DynamoDB Local witnesses
 * nothing here: it ignores Content-Encoding altogether (a gzip body gets its 500
 * InternalFailure). SerializationException is AWS's answer to a body it cannot read as
 * a request, which such a body is.
 */
function unsupportedEncoding(message: string): DynamoDBError {
  return DynamoDBError.serialization(message);
}

/**
 * The codings a Content-Encoding field says were applied to the body, in the order they
 * were applied (RFC 9110, section 8.4). `identity` means no coding (it belongs in
 * Accept-Encoding, but a sender that puts it here means nothing by it).
 */
export function parseContentEncoding(fieldValue: string | undefined): ContentCoding[] {
  if (fieldValue === undefined) return [];
  const codings: ContentCoding[] = [];
  for (const name of listMembers(fieldValue)) {
    if (name === 'identity') continue;
    const coding = contentCodingNamed(name);
    if (coding === undefined) throw unsupportedEncoding(`Content-Encoding '${name}' is not supported`);
    codings.push(coding);
  }
  if (codings.length > CONTENT_CODINGS_MAX) throw unsupportedEncoding(`At most ${CONTENT_CODINGS_MAX} content codings are supported`);
  return codings;
}

/**
 * True when `body` opens with a zlib header (RFC 1950, section 2.2): the deflate method
 * with a window of at most 32 KB, and a check value that makes the first two bytes a
 * multiple of 31.
 */
function hasZlibHeader(body: Buffer): boolean {
  const [methodAndWindow, flags] = body;
  if (methodAndWindow === undefined || flags === undefined) return false;
  return (methodAndWindow & 0x0f) === 8 && methodAndWindow >> 4 <= 7 && (methodAndWindow * 256 + flags) % 31 === 0;
}

/**
 * Undoes one coding, refusing (with RangeError ERR_BUFFER_TOO_LARGE) to produce more
 * than `outputBytesMax`, so that a small compressed body cannot fill memory. A body
 * that is not in the coding rejects with zlib's error (its code starts with `Z_`).
 *
 * HTTP's deflate is the zlib format (RFC 9110, section 8.4.1.2), but some clients
 * (.NET's DeflateStream among them) send the bare deflate stream; the two are told
 * apart by the zlib header. A bare stream opens with it only by chance (a stored block
 * whose padding bits and length happen to form one), and zlib pads with zeros, which
 * never do.
 */
export function decodeContent(coding: ContentCoding, body: Buffer, outputBytesMax: number): Promise<Buffer> {
  const options = { maxOutputLength: outputBytesMax };
  if (coding === 'gzip') return gunzipAsync(body, options);
  return hasZlibHeader(body) ? inflateAsync(body, options) : inflateRawAsync(body, options);
}
