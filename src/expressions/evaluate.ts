import { compareValues, valuesEqual } from '../model/attribute-compare.js';
import { typeOf, type AttributeValue, type Item } from '../model/attribute-value.js';
import { readPath } from './document-path.js';
import type { Comparator } from './ast.js';
import type { Condition, Operand } from './resolved.js';

/**
 * Evaluates bound conditions on an item, with DynamoDB's semantics: a missing
 * attribute or a comparison across types makes a comparison false, never an error;
 * `<>` is true unless both sides exist and are equal.
 */

function sizeOf(value: AttributeValue): AttributeValue | undefined {
  let size: number;
  if ('S' in value) size = value.S.length;
  else if ('B' in value) size = Buffer.byteLength(value.B, 'base64');
  else if ('SS' in value) size = value.SS.length;
  else if ('NS' in value) size = value.NS.length;
  else if ('BS' in value) size = value.BS.length;
  else if ('L' in value) size = value.L.length;
  else if ('M' in value) size = Object.keys(value.M).length;
  else return undefined;
  return { N: String(size) };
}

/** The value of a condition operand; undefined when it names a missing attribute. */
export function operandValue(operand: Operand, item: Item): AttributeValue | undefined {
  switch (operand.kind) {
    case 'path':
      return readPath(item, operand.path);
    case 'literal':
      return operand.value;
    case 'size': {
      const value = operandValue(operand.operand, item);
      return value === undefined ? undefined : sizeOf(value);
    }
    default:
      throw new Error(`${operand.kind} is not a condition operand`);
  }
}

function beginsWith(value: AttributeValue, prefix: AttributeValue): boolean {
  if ('S' in value && 'S' in prefix) return value.S.startsWith(prefix.S);
  if ('B' in value && 'B' in prefix) {
    const bytes = Buffer.from(value.B, 'base64');
    const prefixBytes = Buffer.from(prefix.B, 'base64');
    return bytes.subarray(0, prefixBytes.length).equals(prefixBytes);
  }
  return false;
}

function contains(value: AttributeValue, needle: AttributeValue): boolean {
  if ('S' in value) return 'S' in needle && value.S.includes(needle.S);
  if ('B' in value) return 'B' in needle && Buffer.from(value.B, 'base64').includes(Buffer.from(needle.B, 'base64'));
  if ('SS' in value) return 'S' in needle && value.SS.includes(needle.S);
  if ('NS' in value) return 'N' in needle && value.NS.includes(needle.N);
  if ('BS' in value) return 'B' in needle && value.BS.includes(needle.B);
  if ('L' in value) return value.L.some((element) => valuesEqual(element, needle));
  return false;
}

function inOrder(low: AttributeValue | undefined, high: AttributeValue | undefined, orEqual: boolean): boolean {
  if (low === undefined || high === undefined) return false;
  const order = compareValues(low, high);
  return order !== undefined && (order < 0 || (orEqual && order === 0));
}

function compare(operator: Comparator, left: AttributeValue | undefined, right: AttributeValue | undefined): boolean {
  switch (operator) {
    case '=':
      return left !== undefined && right !== undefined && valuesEqual(left, right);
    case '<>':
      return !(left !== undefined && right !== undefined && valuesEqual(left, right));
    case '<':
      return inOrder(left, right, false);
    case '<=':
      return inOrder(left, right, true);
    case '>':
      return inOrder(right, left, false);
    case '>=':
      return inOrder(right, left, true);
  }
}

export function evaluateCondition(condition: Condition, item: Item): boolean {
  switch (condition.kind) {
    case 'and':
      return evaluateCondition(condition.left, item) && evaluateCondition(condition.right, item);
    case 'or':
      return evaluateCondition(condition.left, item) || evaluateCondition(condition.right, item);
    case 'not':
      return !evaluateCondition(condition.operand, item);
    case 'exists':
      return (readPath(item, condition.path) !== undefined) === condition.exists;
    case 'compare':
      return compare(condition.operator, operandValue(condition.left, item), operandValue(condition.right, item));
    case 'between': {
      const value = operandValue(condition.operand, item);
      return inOrder(operandValue(condition.lower, item), value, true) && inOrder(value, operandValue(condition.upper, item), true);
    }
    case 'in': {
      const value = operandValue(condition.operand, item);
      if (value === undefined) return false;
      return condition.candidates.some((candidate) => {
        const candidateValue = operandValue(candidate, item);
        return candidateValue !== undefined && valuesEqual(value, candidateValue);
      });
    }
    case 'attributeType': {
      const value = operandValue(condition.operand, item);
      return value !== undefined && typeOf(value) === condition.type;
    }
    case 'beginsWith': {
      const value = operandValue(condition.operand, item);
      const prefix = operandValue(condition.prefix, item);
      return value !== undefined && prefix !== undefined && beginsWith(value, prefix);
    }
    case 'contains': {
      const value = operandValue(condition.operand, item);
      const needle = operandValue(condition.needle, item);
      return value !== undefined && needle !== undefined && contains(value, needle);
    }
  }
}
