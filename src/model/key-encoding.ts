import type { KeyAttributeType } from './attribute-value.js';
import { parseNumber } from './number.js';

/**
 * Order-preserving, self-delimiting byte encodings of key values: for two values of
 * one type, comparing the encodings byte by byte gives DynamoDB's order (S by UTF-8
 * bytes, B by bytes, N by numeric value), and an encoding never is a prefix of
 * another, so encoded values can be concatenated into composite keys
 * (partition key, then sort key) without ambiguity.
 */

/** Strings and binaries: 0x00 inside is written 0x00 0x01; the value ends with 0x00 0x00. */
const ESCAPE = 0x00;
const ESCAPED_ZERO = 0x01;
const TERMINATOR = 0x00;

/** Numbers: one class byte, one exponent byte, 19 bytes of packed decimal digits. */
const NUMBER_CLASS_NEGATIVE = 0x01;
const NUMBER_CLASS_ZERO = 0x02;
const NUMBER_CLASS_POSITIVE = 0x03;
/** Exponents run from -130 to 125; biased by 130 they fill one byte exactly. */
const NUMBER_EXPONENT_BIAS = 130;
/** 38 digits, two per byte. Fixed width makes every encoded number self-delimiting. */
const NUMBER_DIGIT_BYTES = 19;
export const ENCODED_NUMBER_BYTES = 2 + NUMBER_DIGIT_BYTES;

function escapeBytes(bytes: Uint8Array, terminated = true): Uint8Array {
  let zeros = 0;
  for (const byte of bytes) if (byte === ESCAPE) zeros++;
  const out = new Uint8Array(bytes.length + zeros + (terminated ? 2 : 0));
  let at = 0;
  for (const byte of bytes) {
    out[at++] = byte;
    if (byte === ESCAPE) out[at++] = ESCAPED_ZERO;
  }
  if (terminated) {
    out[at++] = TERMINATOR;
    out[at] = TERMINATOR;
  }
  return out;
}

function encodeNumber(text: string): Uint8Array {
  const { negative, digits, exponent } = parseNumber(text);
  const out = new Uint8Array(ENCODED_NUMBER_BYTES);
  if (digits === '') {
    out[0] = NUMBER_CLASS_ZERO;
    return out;
  }
  out[0] = negative ? NUMBER_CLASS_NEGATIVE : NUMBER_CLASS_POSITIVE;
  out[1] = exponent + NUMBER_EXPONENT_BIAS;
  for (let i = 0; i < digits.length; i++) {
    const digit = digits.charCodeAt(i) - 48;
    out[2 + (i >> 1)]! |= (i & 1) === 0 ? digit << 4 : digit;
  }
  // A larger magnitude is a smaller negative number: invert everything after the class.
  if (negative) for (let i = 1; i < out.length; i++) out[i] = ~out[i]! & 0xff;
  return out;
}

/** Encodes one key attribute's value, given as on the wire (B is base64). */
export function encodeKeyValue(type: KeyAttributeType, value: string): Uint8Array {
  switch (type) {
    case 'S':
      return escapeBytes(Buffer.from(value, 'utf8'));
    case 'B':
      return escapeBytes(Buffer.from(value, 'base64'));
    case 'N':
      return encodeNumber(value);
  }
}

/**
 * The bytes every encoding of a string (or binary) that starts with `prefix` starts
 * with: the escaped prefix without its terminator. begins_with on a sort key is the
 * key range of this prefix.
 */
export function encodeKeyPrefix(type: 'S' | 'B', prefix: string): Uint8Array {
  return escapeBytes(type === 'S' ? Buffer.from(prefix, 'utf8') : Buffer.from(prefix, 'base64'), false);
}

/** 32-bit FNV-1a: a stable, fast hash that spreads partition keys over hash buckets. */
export function hashBucket(bytes: Uint8Array): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < bytes.length; i++) {
    hash ^= bytes[i]!;
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}
