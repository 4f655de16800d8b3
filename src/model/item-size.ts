import type { AttributeMap, AttributeValue } from './attribute-value.js';
import { parseNumber } from './number.js';

/**
 * Item sizes by DynamoDB's rules ("Item sizes and formats", AWS developer guide):
 * strings count their UTF-8 bytes, binaries their raw bytes, numbers about one byte
 * per two significant digits plus one, BOOL and NULL one byte, lists and maps three
 * bytes of overhead plus one byte per element, and every attribute its name's bytes.
 */

const BOOLEAN_OR_NULL_BYTES = 1;
const DOCUMENT_OVERHEAD_BYTES = 3;
const DOCUMENT_ELEMENT_OVERHEAD_BYTES = 1;

function utf8Bytes(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

function base64Bytes(base64: string): number {
  return Buffer.byteLength(base64, 'base64');
}

/**
 * Numbers are stored in base 100 with the decimal point between digit pairs, plus one
 * byte of exponent; negative numbers take one more byte for their terminator.
 */
export function numberSizeBytes(text: string): number {
  const { negative, digits, exponent } = parseNumber(text);
  if (digits === '') return 1;
  // Pad on the left so the integer part has an even number of digits.
  const leadingPad = ((exponent % 2) + 2) % 2 === 0 ? 1 : 0;
  return Math.ceil((digits.length + leadingPad) / 2) + 1 + (negative ? 1 : 0);
}

export function attributeValueSizeBytes(value: AttributeValue): number {
  if ('S' in value) return utf8Bytes(value.S);
  if ('N' in value) return numberSizeBytes(value.N);
  if ('B' in value) return base64Bytes(value.B);
  if ('BOOL' in value || 'NULL' in value) return BOOLEAN_OR_NULL_BYTES;
  if ('SS' in value) return value.SS.reduce((sum, member) => sum + utf8Bytes(member), 0);
  if ('NS' in value) return value.NS.reduce((sum, member) => sum + numberSizeBytes(member), 0);
  if ('BS' in value) return value.BS.reduce((sum, member) => sum + base64Bytes(member), 0);
  if ('L' in value) {
    return value.L.reduce((sum, element) => sum + DOCUMENT_ELEMENT_OVERHEAD_BYTES + attributeValueSizeBytes(element), DOCUMENT_OVERHEAD_BYTES);
  }
  let sizeBytes = DOCUMENT_OVERHEAD_BYTES;
  for (const name in value.M) sizeBytes += DOCUMENT_ELEMENT_OVERHEAD_BYTES + utf8Bytes(name) + attributeValueSizeBytes(value.M[name]!);
  return sizeBytes;
}

export function itemSizeBytes(item: AttributeMap): number {
  let sizeBytes = 0;
  for (const name in item) sizeBytes += utf8Bytes(name) + attributeValueSizeBytes(item[name]!);
  return sizeBytes;
}
