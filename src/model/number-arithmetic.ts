import { Decimal } from 'decimal.js';
import { canonicalNumber } from './number.js';

/**
 * Exact decimal addition and subtraction for UpdateExpression's + and - and ADD.
 * The sum is computed exactly (two 38-digit numbers within DynamoDB's range never
 * need more than ~260 digits), then checked against DynamoDB's 38-digit precision
 * and magnitude range like any stored number, so it fails with the same messages.
 */
const ExactDecimal = Decimal.clone({ precision: 300, toExpNeg: -400, toExpPos: 400 });

export function addNumbers(left: string, right: string): string {
  return canonicalNumber(new ExactDecimal(left).plus(right).toFixed());
}

export function subtractNumbers(left: string, right: string): string {
  return canonicalNumber(new ExactDecimal(left).minus(right).toFixed());
}
