import type { AttributeValue } from './attribute-value.js';
import { encodeKeyValue } from './key-encoding.js';
import { ownMember } from './own-members.js';

/**
 * Equality and order of attribute values, by DynamoDB's rules: values of different
 * types are never equal and never ordered; numbers compare by value, strings by
 * their UTF-8 bytes, binaries by their bytes; sets are equal regardless of order.
 * Values are canonical (model/attribute-parse.ts), so equal numbers have equal text.
 */

function sameMembers(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  const members = new Set(a);
  return b.every((member) => members.has(member));
}

export function valuesEqual(a: AttributeValue, b: AttributeValue): boolean {
  if ('S' in a) return 'S' in b && a.S === b.S;
  if ('N' in a) return 'N' in b && a.N === b.N;
  if ('B' in a) return 'B' in b && a.B === b.B;
  if ('BOOL' in a) return 'BOOL' in b && a.BOOL === b.BOOL;
  if ('NULL' in a) return 'NULL' in b;
  if ('SS' in a) return 'SS' in b && sameMembers(a.SS, b.SS);
  if ('NS' in a) return 'NS' in b && sameMembers(a.NS, b.NS);
  if ('BS' in a) return 'BS' in b && sameMembers(a.BS, b.BS);
  if ('L' in a) return 'L' in b && a.L.length === b.L.length && a.L.every((element, index) => valuesEqual(element, b.L[index]!));
  if (!('M' in b)) return false;
  const keys = Object.keys(a.M);
  return (
    keys.length === Object.keys(b.M).length &&
    keys.every((key) => {
      const other = ownMember(b.M, key);
      return other !== undefined && valuesEqual(a.M[key]!, other);
    })
  );
}

/** -1, 0 or 1 for two values of one ordered type (N, S, B); undefined otherwise. */
export function compareValues(a: AttributeValue, b: AttributeValue): number | undefined {
  if ('N' in a && 'N' in b) return Math.sign(Buffer.compare(encodeKeyValue('N', a.N), encodeKeyValue('N', b.N)));
  if ('S' in a && 'S' in b) return Math.sign(Buffer.compare(Buffer.from(a.S, 'utf8'), Buffer.from(b.S, 'utf8')));
  if ('B' in a && 'B' in b) return Math.sign(Buffer.compare(Buffer.from(a.B, 'base64'), Buffer.from(b.B, 'base64')));
  return undefined;
}
