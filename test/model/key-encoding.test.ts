import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { encodeKeyValue, ENCODED_NUMBER_BYTES } from '../../src/model/key-encoding.js';

/**
 * Byte order of encoded keys must equal DynamoDB's order of the values: strings by
 * UTF-8 bytes, binaries by bytes, numbers by value. The oracles here are independent
 * of the encoder: Buffer.compare on raw bytes, and decimal.js for numbers.
 */

const sign = (value: number): number => Math.sign(value);
const compareEncoded = (a: Uint8Array, b: Uint8Array): number => sign(Buffer.compare(a, b));

/** Numbers DynamoDB accepts: up to 38 significant digits, magnitude 1e-130 to <1e126. */
const dynamoNumber = fc
  .record({
    negative: fc.boolean(),
    digits: fc.stringMatching(/^[1-9][0-9]{0,37}$/),
    exponent: fc.integer({ min: -130, max: 125 }),
    zero: fc.integer({ min: 0, max: 30 }),
  })
  .map(({ negative, digits, exponent, zero }) => {
    if (zero === 0) return '0';
    // digits × 10^(exponent - digits.length + 1) puts the leading digit at `exponent`.
    return `${negative ? '-' : ''}${digits}e${exponent - digits.length + 1}`;
  });

/** Strings that stress the escaping: NUL bytes, 0x01, 0xff-adjacent code points, prefixes. */
const trickyString = fc.string({ unit: fc.constantFrom('\u0000', '\u0001', 'a', 'b', '\u00ff', '\u0100', '\uffff', '😀'), maxLength: 6 });
const anyString = fc.oneof(trickyString, fc.string({ unit: 'binary', maxLength: 20 }));
const anyBinary = fc.uint8Array({ maxLength: 12 }).chain((random) => fc.constantFrom(random, Uint8Array.from(random.map((byte) => byte % 3))));

describe('key encoding', () => {
  it('orders strings by their UTF-8 bytes', () => {
    fc.assert(
      fc.property(anyString, anyString, (a, b) => {
        const expected = sign(Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8')));
        assert.equal(compareEncoded(encodeKeyValue('S', a), encodeKeyValue('S', b)), expected);
      }),
      { numRuns: 3000 },
    );
  });

  it('orders binaries by their bytes', () => {
    fc.assert(
      fc.property(anyBinary, anyBinary, (a, b) => {
        const expected = sign(Buffer.compare(a, b));
        const encodedA = encodeKeyValue('B', Buffer.from(a).toString('base64'));
        const encodedB = encodeKeyValue('B', Buffer.from(b).toString('base64'));
        assert.equal(compareEncoded(encodedA, encodedB), expected);
      }),
      { numRuns: 3000 },
    );
  });

  it('orders numbers by value across the whole range', () => {
    fc.assert(
      fc.property(dynamoNumber, dynamoNumber, (a, b) => {
        const expected = new Decimal(a).comparedTo(new Decimal(b));
        assert.equal(compareEncoded(encodeKeyValue('N', a), encodeKeyValue('N', b)), expected, `${a} vs ${b}`);
      }),
      { numRuns: 5000 },
    );
  });

  it('orders numbers at the edges: extremes, neighbours, zero, fractions', () => {
    const ascending = [
      '-9.9999999999999999999999999999999999999e125',
      '-1e125',
      '-100',
      '-10.5',
      '-10',
      '-1',
      '-0.5',
      '-1e-130',
      '0',
      '1e-130',
      '0.5',
      '0.50000000000000000000000000000000000001',
      '1',
      '1.0000000000000000000000000000000000001',
      '10',
      '10.5',
      '100',
      '1e125',
      '9.9999999999999999999999999999999999999e125',
    ];
    for (let i = 1; i < ascending.length; i++) {
      const lower = encodeKeyValue('N', ascending[i - 1]!);
      const higher = encodeKeyValue('N', ascending[i]!);
      assert.equal(compareEncoded(lower, higher), -1, `${ascending[i - 1]} < ${ascending[i]}`);
    }
  });

  it('gives one encoding to one value, whatever its text form', () => {
    for (const [a, b] of [
      ['1.50', '1.5'],
      ['1e3', '1000'],
      ['-0', '0'],
      ['0.000', '0'],
      ['.5', '0.5'],
      ['+7', '7'],
    ] as const) {
      assert.deepEqual(encodeKeyValue('N', a), encodeKeyValue('N', b));
    }
    fc.assert(fc.property(dynamoNumber, (value) => assert.equal(encodeKeyValue('N', value).length, ENCODED_NUMBER_BYTES)));
  });

  it('keeps composite keys ordered by partition key first, then sort key', () => {
    const compositeOrder = fc.property(anyString, anyString, dynamoNumber, dynamoNumber, (pkA, pkB, skA, skB) => {
      const composite = (pk: string, sk: string): Uint8Array => Buffer.concat([encodeKeyValue('S', pk), encodeKeyValue('N', sk)]);
      const byPartition = sign(Buffer.compare(Buffer.from(pkA, 'utf8'), Buffer.from(pkB, 'utf8')));
      const expected = byPartition !== 0 ? byPartition : new Decimal(skA).comparedTo(new Decimal(skB));
      assert.equal(compareEncoded(composite(pkA, skA), composite(pkB, skB)), expected);
    });
    fc.assert(compositeOrder, { numRuns: 3000 });
  });

  it('never lets one encoded string be a prefix of another', () => {
    fc.assert(
      fc.property(anyString, anyString, (a, b) => {
        fc.pre(a !== b);
        const encodedA = Buffer.from(encodeKeyValue('S', a));
        const encodedB = Buffer.from(encodeKeyValue('S', b));
        const shorter = encodedA.length <= encodedB.length ? encodedA : encodedB;
        const longer = shorter === encodedA ? encodedB : encodedA;
        assert.equal(longer.subarray(0, shorter.length).equals(shorter), false);
      }),
      { numRuns: 3000 },
    );
  });
});

describe('key prefixes', () => {
  it('start every encoding of a string with that prefix, and no other', async () => {
    const { encodeKeyPrefix } = await import('../../src/model/key-encoding.js');
    fc.assert(
      fc.property(anyString, anyString, (prefix, value) => {
        const encodedPrefix = Buffer.from(encodeKeyPrefix('S', prefix));
        const encodedValue = Buffer.from(encodeKeyValue('S', value));
        const startsWith = encodedValue.subarray(0, encodedPrefix.length).equals(encodedPrefix);
        assert.equal(startsWith, Buffer.from(value, 'utf8').subarray(0, Buffer.byteLength(prefix, 'utf8')).equals(Buffer.from(prefix, 'utf8')));
      }),
      { numRuns: 3000 },
    );
  });
});
