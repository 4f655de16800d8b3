import { parseAttributeValue } from '../model/attribute-parse.js';
import { LONG_TYPE_NAMES, typeOf, type AttributeValue } from '../model/attribute-value.js';
import { compareValues } from '../model/attribute-compare.js';
import { DynamoDBError } from '../model/errors.js';
import type { Comparator } from './ast.js';
import type { Condition, Operand, Projection, Update } from './resolved.js';

/**
 * DynamoDB's legacy parameters — Expected with ConditionalOperator, QueryFilter and
 * ScanFilter, KeyConditions, AttributeUpdates, AttributesToGet — turned into the same
 * bound trees the expression language produces, so one evaluator serves both.
 */

const INVALID = 'One or more parameter values were invalid: ';

export interface ExpectedAttributeValue {
  readonly Value?: unknown;
  readonly Exists?: boolean;
  readonly ComparisonOperator?: string;
  readonly AttributeValueList?: readonly unknown[];
}

export interface AttributeValueUpdate {
  readonly Value?: unknown;
  readonly Action?: string;
}

/** Operators and how many values each takes (undefined: one or more, for IN). */
const OPERATOR_ARITY = new Map<string, number | undefined>([
  ['EQ', 1],
  ['NE', 1],
  ['LE', 1],
  ['LT', 1],
  ['GE', 1],
  ['GT', 1],
  ['NOT_NULL', 0],
  ['NULL', 0],
  ['CONTAINS', 1],
  ['NOT_CONTAINS', 1],
  ['BEGINS_WITH', 1],
  ['IN', undefined],
  ['BETWEEN', 2],
]);

/** The legacy operators that are plain comparisons, with their expression comparator. */
const COMPARATORS = new Map<string, Comparator>([
  ['EQ', '='],
  ['NE', '<>'],
  ['LE', '<='],
  ['LT', '<'],
  ['GE', '>='],
  ['GT', '>'],
]);

/** Operators whose values must be scalars, and the scalar types each accepts. */
const SCALAR_OPERAND_TYPES = new Map<string, ReadonlySet<string>>([
  ['LE', new Set(['S', 'N', 'B'])],
  ['LT', new Set(['S', 'N', 'B'])],
  ['GE', new Set(['S', 'N', 'B'])],
  ['GT', new Set(['S', 'N', 'B'])],
  ['BETWEEN', new Set(['S', 'N', 'B'])],
  ['IN', new Set(['S', 'N', 'B'])],
  ['CONTAINS', new Set(['S', 'N', 'B'])],
  ['NOT_CONTAINS', new Set(['S', 'N', 'B'])],
  ['BEGINS_WITH', new Set(['S', 'B'])],
]);

function literal(value: AttributeValue): Operand {
  return { kind: 'literal', value };
}

/** One attribute's comparison, e.g. {ComparisonOperator: 'GT', AttributeValueList: [{N: '5'}]}. */
export function comparisonCondition(name: string, operator: string, values: readonly AttributeValue[]): Condition {
  const arity = OPERATOR_ARITY.get(operator);
  if (!OPERATOR_ARITY.has(operator)) throw DynamoDBError.validation(`${INVALID}Unsupported ComparisonOperator: ${operator}`);
  if (arity === undefined ? values.length === 0 : values.length !== arity) {
    throw DynamoDBError.validation(`${INVALID}Invalid number of argument(s) for the ${operator} ComparisonOperator`);
  }
  const allowedTypes = SCALAR_OPERAND_TYPES.get(operator);
  for (const value of values) {
    const type = typeOf(value);
    if (allowedTypes !== undefined && !allowedTypes.has(type)) {
      throw DynamoDBError.validation(`${INVALID}ComparisonOperator ${operator} is not valid for ${type} AttributeValue type`);
    }
  }
  if (values.some((value) => typeOf(value) !== typeOf(values[0]!))) {
    throw DynamoDBError.validation(`${INVALID}AttributeValues inside AttributeValueList must be of same type`);
  }
  if (operator === 'BETWEEN' && (compareValues(values[0]!, values[1]!) ?? 0) > 0) {
    throw DynamoDBError.validation('The BETWEEN condition was provided a range where the lower bound is greater than the upper bound');
  }
  const path: Operand = { kind: 'path', path: [name] };
  const [first, second] = values as [AttributeValue, AttributeValue];
  const comparator = COMPARATORS.get(operator);
  if (comparator !== undefined) return { kind: 'compare', operator: comparator, left: path, right: literal(first) };
  switch (operator) {
    case 'NOT_NULL':
      return { kind: 'exists', path: [name], exists: true };
    case 'NULL':
      return { kind: 'exists', path: [name], exists: false };
    case 'CONTAINS':
      return { kind: 'contains', operand: path, needle: literal(first) };
    case 'NOT_CONTAINS':
      return {
        kind: 'and',
        left: { kind: 'exists', path: [name], exists: true },
        right: { kind: 'not', operand: { kind: 'contains', operand: path, needle: literal(first) } },
      };
    case 'BEGINS_WITH':
      return { kind: 'beginsWith', operand: path, prefix: literal(first) };
    case 'IN':
      return { kind: 'in', operand: path, candidates: values.map(literal) };
    default:
      return { kind: 'between', operand: path, lower: literal(first), upper: literal(second) };
  }
}

function combine(conditions: readonly Condition[], conditionalOperator: string | undefined): Condition | undefined {
  if (conditionalOperator !== undefined && conditions.length < 2) {
    throw DynamoDBError.validation('ConditionalOperator can only be used when Filter or Expected has two or more elements');
  }
  if (conditions.length === 0) return undefined;
  return balancedTree(conditions, conditionalOperator === 'OR' ? 'or' : 'and');
}

/**
 * The conditions joined by `kind` as a balanced tree: AND and OR are associative and
 * their operands have no effects, so any grouping means the same, and a balanced one
 * keeps evaluation's depth at the logarithm of the count, where a chain of the tens of
 * thousands of conditions a 16 MB request can hold would overflow the stack.
 */
function balancedTree(conditions: readonly Condition[], kind: 'and' | 'or'): Condition {
  if (conditions.length === 1) return conditions[0]!;
  const middle = Math.ceil(conditions.length / 2);
  return { kind, left: balancedTree(conditions.slice(0, middle), kind), right: balancedTree(conditions.slice(middle), kind) };
}

/** Expected + ConditionalOperator (PutItem, UpdateItem, DeleteItem). */
export function expectedCondition(expected: Readonly<Record<string, ExpectedAttributeValue>>, conditionalOperator: string | undefined): Condition | undefined {
  const conditions = Object.entries(expected).map(([name, expectation]): Condition => {
    const value = expectation.Value === undefined ? undefined : parseAttributeValue(expectation.Value);
    const operator = expectation.ComparisonOperator;
    if (operator !== undefined) {
      if (expectation.Exists !== undefined)
        throw DynamoDBError.validation(`${INVALID}Exists and ComparisonOperator cannot be used together for Attribute: ${name}`);
      const list = expectation.AttributeValueList;
      if (value !== undefined && list !== undefined)
        throw DynamoDBError.validation(`${INVALID}Value and AttributeValueList cannot be used together for Attribute: ${name}`);
      if (value === undefined && list === undefined && OPERATOR_ARITY.get(operator) !== 0) {
        throw DynamoDBError.validation(`${INVALID}Value or AttributeValueList must be used with ComparisonOperator: ${operator} for Attribute: ${name}`);
      }
      return comparisonCondition(name, operator, value === undefined ? (list ?? []).map(parseAttributeValue) : [value]);
    }
    if (expectation.Exists === false) {
      if (value !== undefined) throw DynamoDBError.validation(`${INVALID}Value cannot be used when Exists is false for Attribute: ${name}`);
      return { kind: 'exists', path: [name], exists: false };
    }
    if (value === undefined)
      throw DynamoDBError.validation(`${INVALID}Value must be provided when Exists is ${expectation.Exists ?? 'null'} for Attribute: ${name}`);
    return { kind: 'compare', operator: '=', left: { kind: 'path', path: [name] }, right: literal(value) };
  });
  return combine(conditions, conditionalOperator);
}

/** QueryFilter / ScanFilter / KeyConditions: attribute name to {ComparisonOperator, AttributeValueList}. */
export function filterCondition(filter: Readonly<Record<string, ExpectedAttributeValue>>, conditionalOperator: string | undefined): Condition | undefined {
  const conditions = Object.entries(filter).map(([name, { ComparisonOperator, AttributeValueList }]) =>
    comparisonCondition(name, ComparisonOperator ?? '', (AttributeValueList ?? []).map(parseAttributeValue)),
  );
  return combine(conditions, conditionalOperator);
}

/**
 * AttributeUpdates (UpdateItem): PUT sets, DELETE removes the attribute or takes
 * members out of a set, ADD adds to a number or set — and, unlike the ADD of update
 * expressions, also appends to a list.
 */
export function attributeUpdates(updates: Readonly<Record<string, AttributeValueUpdate>>): Update {
  const update: { set: Update['set'][number][]; remove: Update['remove'][number][]; add: Update['add'][number][]; delete: Update['delete'][number][] } = {
    set: [],
    remove: [],
    add: [],
    delete: [],
  };
  for (const [name, { Value, Action = 'PUT' }] of Object.entries(updates)) {
    const value = Value === undefined ? undefined : parseAttributeValue(Value);
    if (value === undefined) {
      if (Action !== 'DELETE') throw DynamoDBError.validation(`${INVALID}Only DELETE action is allowed when no attribute value is specified`);
      update.remove.push([name]);
      continue;
    }
    const type = typeOf(value);
    if (Action === 'PUT') {
      update.set.push({ path: [name], value: literal(value) });
    } else if (Action === 'DELETE') {
      if (!['SS', 'NS', 'BS'].includes(type))
        throw DynamoDBError.validation(`${INVALID}DELETE action with value is not supported for the type ${LONG_TYPE_NAMES[type]}`);
      update.delete.push({ path: [name], value });
    } else if (type === 'L') {
      const current: Operand = { kind: 'ifNotExists', path: [name], fallback: literal({ L: [] }) };
      update.set.push({ path: [name], value: { kind: 'listAppend', left: current, right: literal(value) } });
    } else {
      if (!['N', 'SS', 'NS', 'BS'].includes(type))
        throw DynamoDBError.validation(`${INVALID}ADD action is not supported for the type ${LONG_TYPE_NAMES[type]}`);
      update.add.push({ path: [name], value });
    }
  }
  return update;
}

/** AttributesToGet: each name a top-level path. */
export function attributesToGetProjection(names: readonly string[]): Projection {
  return names.map((name) => [name]);
}
