import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { deflateRawSync, deflateSync, gzipSync } from 'node:zlib';
import { DynamoDBError } from '../../src/model/errors.js';
import { CONTENT_CODINGS_MAX, decodeContent, parseContentEncoding } from '../../src/server/content-encoding.js';

/** Passes for the SerializationException a refused Content-Encoding gets, with its message matching `message`. */
function refusedEncoding(message: RegExp): (error: unknown) => boolean {
  return (error) => error instanceof DynamoDBError && error.type === 'SerializationException' && error.statusCode === 400 && message.test(error.message);
}

/** Passes for zlib's error on bytes that are not in the coding they were decoded as. */
function zlibDataError(error: unknown): boolean {
  return error instanceof Error && 'code' in error && typeof error.code === 'string' && error.code.startsWith('Z_');
}

function tooLarge(error: unknown): boolean {
  return error instanceof RangeError && 'code' in error && error.code === 'ERR_BUFFER_TOO_LARGE';
}

describe('Content-Encoding', () => {
  it('lists the codings in the order they were applied, case and spaces aside', () => {
    assert.deepEqual(parseContentEncoding(undefined), []);
    assert.deepEqual(parseContentEncoding(''), []);
    assert.deepEqual(parseContentEncoding('gzip'), ['gzip']);
    assert.deepEqual(parseContentEncoding(' GZip '), ['gzip']);
    assert.deepEqual(parseContentEncoding('Deflate'), ['deflate']);
    assert.deepEqual(parseContentEncoding('gzip, deflate'), ['gzip', 'deflate']);
    assert.deepEqual(parseContentEncoding('deflate,gzip'), ['deflate', 'gzip']);
  });

  it('reads x-gzip as gzip, identity as no coding, and skips empty members', () => {
    assert.deepEqual(parseContentEncoding('x-gzip'), ['gzip']);
    assert.deepEqual(parseContentEncoding('identity'), []);
    assert.deepEqual(parseContentEncoding('IDENTITY, gzip'), ['gzip']);
    assert.deepEqual(parseContentEncoding(',gzip,, deflate ,'), ['gzip', 'deflate']);
  });

  it('refuses a coding it cannot undo, naming it', () => {
    for (const [fieldValue, coding] of [
      ['br', 'br'],
      ['gzip, zstd', 'zstd'],
      ['compress', 'compress'],
      ['gzip;q=1', 'gzip;q=1'],
    ]) {
      assert.throws(() => parseContentEncoding(fieldValue), refusedEncoding(new RegExp(`'${coding}'`)), fieldValue);
    }
  });

  it(`refuses more than ${CONTENT_CODINGS_MAX} codings, identity not counted`, () => {
    const atLimit = Array.from({ length: CONTENT_CODINGS_MAX }, () => 'gzip');
    assert.deepEqual(parseContentEncoding([...atLimit, 'identity'].join(', ')), atLimit);
    assert.throws(() => parseContentEncoding([...atLimit, 'deflate'].join(', ')), refusedEncoding(/At most/));
  });
});

describe('decoding a body', () => {
  const text = JSON.stringify({ TableName: 'decoded' });
  const bytesMax = 1024;

  it('undoes gzip, and deflate both zlib-wrapped and bare', async () => {
    assert.equal((await decodeContent('gzip', gzipSync(text), bytesMax)).toString(), text);
    assert.equal((await decodeContent('deflate', deflateSync(text), bytesMax)).toString(), text);
    assert.equal((await decodeContent('deflate', deflateRawSync(text), bytesMax)).toString(), text);
    // zlib's stored blocks (level 0) are the bare stream most like a zlib header.
    assert.equal((await decodeContent('deflate', deflateRawSync(text, { level: 0 }), bytesMax)).toString(), text);
  });

  it('rejects bytes that are not in the coding they are labelled with', async () => {
    const mislabelled: [Parameters<typeof decodeContent>[0], Buffer][] = [
      ['deflate', gzipSync(text)],
      ['gzip', deflateSync(text)],
      ['gzip', Buffer.from(text)],
      ['deflate', Buffer.from(text)],
      ['gzip', gzipSync(text).subarray(0, 12)],
      ['deflate', deflateSync(text).subarray(0, 6)],
      ['gzip', Buffer.alloc(0)],
      ['deflate', Buffer.alloc(0)],
    ];
    for (const [coding, body] of mislabelled) await assert.rejects(decodeContent(coding, body, bytesMax), zlibDataError, `${coding} ${body.toString('hex')}`);
  });

  it('refuses to inflate past the limit, and takes a body that inflates to exactly it', async () => {
    const atLimit = Buffer.alloc(bytesMax, 0x20);
    const overLimit = Buffer.alloc(bytesMax + 1, 0x20);
    for (const [coding, compress] of [
      ['gzip', gzipSync],
      ['deflate', deflateSync],
      ['deflate', deflateRawSync],
    ] as const) {
      assert.equal((await decodeContent(coding, compress(atLimit), bytesMax)).length, bytesMax, coding);
      await assert.rejects(decodeContent(coding, compress(overLimit), bytesMax), tooLarge, coding);
    }
  });
});
