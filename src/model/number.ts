import { DynamoDBError } from './errors.js';
import { NUMBER_EXPONENT_MAX, NUMBER_EXPONENT_MIN, NUMBER_PRECISION_DIGITS_MAX } from './limits.js';

/**
 * A DynamoDB number as sign, significant digits and exponent:
 * value = (negative ? -1 : 1) × 0.d1d2d3… × 10^(exponent + 1), i.e. `exponent` is the
 * decimal exponent of the leading digit. Zero has no digits.
 * `digits` has no leading or trailing zeros, so every value has exactly one form.
 */
export interface DecimalParts {
  readonly negative: boolean;
  readonly digits: string;
  readonly exponent: number;
}

// Java BigDecimal's grammar, which DynamoDB accepts: optional sign, digits with an
// optional point (".5" and "5." are fine), optional exponent.
const NUMBER_SYNTAX = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

function notANumber(): DynamoDBError {
  return DynamoDBError.validation('A value provided cannot be converted into a number');
}

/** Parses and range-checks a number as DynamoDB does; throws AWS's ValidationException. */
export function parseNumber(text: string): DecimalParts {
  const match = NUMBER_SYNTAX.exec(text);
  if (match === null) throw notANumber();
  const [, sign, integerPart = '', fractionPart = '', exponentText] = match;
  if (integerPart === '' && fractionPart === '') throw notANumber();
  const allDigits = integerPart + fractionPart;
  const firstNonZero = allDigits.search(/[1-9]/);
  if (firstNonZero < 0) return ZERO;
  let lastNonZero = allDigits.length - 1;
  while (allDigits.charCodeAt(lastNonZero) === 48) lastNonZero--;
  const digits = allDigits.slice(firstNonZero, lastNonZero + 1);
  if (digits.length > NUMBER_PRECISION_DIGITS_MAX) {
    throw DynamoDBError.validation('DynamoDB only supports precision up to 38 digits');
  }
  const exponent = integerPart.length - firstNonZero - 1 + (exponentText === undefined ? 0 : Number(exponentText));
  if (exponent > NUMBER_EXPONENT_MAX) {
    throw DynamoDBError.validation('Number overflow. Attempting to store a number with magnitude larger than supported range');
  }
  if (exponent < NUMBER_EXPONENT_MIN) {
    throw DynamoDBError.validation('Number underflow. Attempting to store a number with magnitude smaller than supported range');
  }
  return { negative: sign === '-', digits, exponent };
}

const ZERO: DecimalParts = { negative: false, digits: '', exponent: 0 };

/** DynamoDB's canonical text: plain notation, no exponent, no superfluous zeros. */
export function formatNumber(parts: DecimalParts): string {
  const { digits, exponent } = parts;
  if (digits === '') return '0';
  let magnitude: string;
  if (exponent < 0) {
    magnitude = '0.' + '0'.repeat(-exponent - 1) + digits;
  } else if (exponent + 1 >= digits.length) {
    magnitude = digits + '0'.repeat(exponent + 1 - digits.length);
  } else {
    magnitude = digits.slice(0, exponent + 1) + '.' + digits.slice(exponent + 1);
  }
  return parts.negative ? '-' + magnitude : magnitude;
}

/** Validates a number's text and returns its canonical form. */
export function canonicalNumber(text: string): string {
  return formatNumber(parseNumber(text));
}
