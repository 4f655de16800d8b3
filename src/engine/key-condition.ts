import { compareValues } from '../model/attribute-compare.js';
import { parseAttributeValue } from '../model/attribute-parse.js';
import { keyText, typeOf, type AttributeValue, type Item, type KeyAttributeType } from '../model/attribute-value.js';
import { DynamoDBError } from '../model/errors.js';
import { comparisonCondition, type ExpectedAttributeValue } from '../expressions/legacy.js';
import type { Condition, Operand } from '../expressions/resolved.js';
import type { KeyPart } from './keyspace.js';
import type { ReadTarget } from './read-target.js';
import type { KeyAttribute } from './table-definition.js';
import { AWS_MESSAGES } from '../model/aws-messages.js';
import { ownMember } from '../model/own-members.js';

/**
 * Key conditions: the leaves of a KeyConditionExpression or of the legacy
 * KeyConditions (or, later, of a PartiQL WHERE clause) checked against the key schema
 * read, with DynamoDB's messages, into one KeyCondition that key-ranges.ts turns into
 * a key range.
 *
 * Multi-attribute GSI keys follow AWS's rules: every partition attribute with `=`;
 * sort attributes used left to right without gaps, `=` on all but the last one used,
 * which may take any sort key condition. Encoded keys hold the sort attributes in
 * that order, so such a condition is still one key range.
 */

export type SortKeyCondition =
  | { readonly kind: 'compare'; readonly operator: '=' | '<' | '<=' | '>' | '>='; readonly value: AttributeValue }
  | { readonly kind: 'between'; readonly lower: AttributeValue; readonly upper: AttributeValue }
  | { readonly kind: 'beginsWith'; readonly prefix: AttributeValue };

export interface KeyCondition {
  /** One value per partition key attribute. */
  readonly partition: readonly KeyPart[];
  /** Values of the leading sort key attributes that are matched with `=`, before `sort`. */
  readonly sortEquals: readonly KeyPart[];
  /** The condition on the sort key attribute after `sortEquals`. */
  readonly sort?: SortKeyCondition;
}

/** One leaf of a key condition, whichever syntax it came in; its values are not checked yet. */
export interface KeyConditionLeaf {
  readonly attribute: string;
  readonly condition: SortKeyCondition;
}

const invalid = (message: string): DynamoDBError => DynamoDBError.validation(message);

const FLIPPED: Readonly<Record<string, '=' | '<' | '<=' | '>' | '>='>> = { '=': '=', '<': '>', '<=': '>=', '>': '<', '>=': '<=' };

/** The attribute name of a key-condition operand that must be a top-level path. */
function keyAttributeOf(operand: Operand): string | undefined {
  if (operand.kind === 'size') throw invalid('KeyConditionExpressions cannot contain nested operations');
  if (operand.kind !== 'path') return undefined;
  if (operand.path.length > 1) {
    throw invalid(`Key attributes must be scalars; list random access '[]' and map lookup '.' are not allowed: Key: ${operand.path[0]}`);
  }
  return operand.path[0] as string;
}

function literalOf(operand: Operand): AttributeValue {
  if (operand.kind === 'size') throw invalid('KeyConditionExpressions cannot contain nested operations');
  if (operand.kind !== 'literal') throw invalid('Invalid condition in KeyConditionExpression: Multiple attribute names used in one condition');
  return operand.value;
}

function expressionLeaves(condition: Condition): KeyConditionLeaf[] {
  switch (condition.kind) {
    case 'and':
      return [...expressionLeaves(condition.left), ...expressionLeaves(condition.right)];
    case 'compare': {
      if (condition.operator === '<>') throw invalid('Invalid operator used in KeyConditionExpression: <>');
      const leftName = keyAttributeOf(condition.left);
      if (leftName !== undefined)
        return [{ attribute: leftName, condition: { kind: 'compare', operator: condition.operator, value: literalOf(condition.right) } }];
      const rightName = keyAttributeOf(condition.right);
      if (rightName === undefined) throw invalid('Invalid condition in KeyConditionExpression: No attribute name used in condition');
      return [{ attribute: rightName, condition: { kind: 'compare', operator: FLIPPED[condition.operator]!, value: literalOf(condition.left) } }];
    }
    case 'between': {
      const name = keyAttributeOf(condition.operand);
      if (name === undefined) throw invalid('Invalid condition in KeyConditionExpression: No attribute name used in condition');
      return [{ attribute: name, condition: { kind: 'between', lower: literalOf(condition.lower), upper: literalOf(condition.upper) } }];
    }
    case 'beginsWith': {
      const name = keyAttributeOf(condition.operand);
      if (name === undefined) throw invalid('Invalid condition in KeyConditionExpression: No attribute name used in condition');
      return [{ attribute: name, condition: { kind: 'beginsWith', prefix: literalOf(condition.prefix) } }];
    }
    case 'or':
      throw invalid('Invalid operator used in KeyConditionExpression: OR');
    case 'not':
      throw invalid('Invalid operator used in KeyConditionExpression: NOT');
    case 'in':
      throw invalid('Invalid operator used in KeyConditionExpression: IN');
    case 'contains':
      throw invalid('Invalid operator used in KeyConditionExpression: contains');
    case 'attributeType':
      throw invalid('Invalid operator used in KeyConditionExpression: attribute_type');
    case 'exists':
      throw invalid(`Invalid operator used in KeyConditionExpression: ${condition.exists ? 'attribute_exists' : 'attribute_not_exists'}`);
  }
}

const LEGACY_KEY_COMPARATORS: Readonly<Record<string, '=' | '<' | '<=' | '>' | '>='>> = { EQ: '=', LT: '<', LE: '<=', GT: '>', GE: '>=' };

/** A KeyConditions entry as a condition on one key attribute, checked like any legacy condition first. */
function legacyLeaf(attribute: string, operator: string, values: readonly AttributeValue[]): KeyConditionLeaf {
  comparisonCondition(attribute, operator, values);
  const [first, second] = values as [AttributeValue, AttributeValue];
  const comparator = LEGACY_KEY_COMPARATORS[operator];
  if (comparator === undefined && operator !== 'BETWEEN' && operator !== 'BEGINS_WITH') {
    throw invalid('Attempted conditional constraint is not an indexable operation');
  }
  if (operator === 'BETWEEN') return { attribute, condition: { kind: 'between', lower: first, upper: second } };
  if (operator === 'BEGINS_WITH') return { attribute, condition: { kind: 'beginsWith', prefix: first } };
  return { attribute, condition: { kind: 'compare', operator: comparator!, value: first } };
}

function checkValueType(expected: KeyAttributeType, value: AttributeValue): void {
  if (typeOf(value) !== expected) throw invalid('One or more parameter values were invalid: Condition parameter type does not match schema type');
}

function checkSortCondition(sortType: KeyAttributeType, sortCondition: SortKeyCondition): void {
  if (sortCondition.kind === 'compare') checkValueType(sortType, sortCondition.value);
  else if (sortCondition.kind === 'between') {
    checkValueType(sortType, sortCondition.lower);
    checkValueType(sortType, sortCondition.upper);
    if ((compareValues(sortCondition.lower, sortCondition.upper) ?? 0) > 0) {
      throw invalid('Invalid KeyConditionExpression: The BETWEEN operator requires upper bound to be greater than or equal to lower bound');
    }
  } else {
    if (sortType === 'N')
      throw invalid('Invalid KeyConditionExpression: Incorrect operand type for operator or function; operator or function: begins_with, operand type: N');
    checkValueType(sortType, sortCondition.prefix);
  }
}

/** The value of a condition that must be `=` (partition attributes, and sort attributes before the last one used). */
function equalityPart(attribute: KeyAttribute, condition: SortKeyCondition): KeyPart {
  if (condition.kind !== 'compare' || condition.operator !== '=') throw invalid('Query key condition not supported');
  checkValueType(attribute.type, condition.value);
  return { type: attribute.type, value: keyText(condition.value)! };
}

/** The key condition of `leaves`, checked against the key schema of `target`. */
export function keyConditionFromLeaves(target: ReadTarget, leaves: readonly KeyConditionLeaf[]): KeyCondition {
  const byAttribute = new Map<string, SortKeyCondition>();
  for (const leaf of leaves) {
    if (byAttribute.has(leaf.attribute)) throw invalid('KeyConditionExpressions must only contain one condition per key');
    byAttribute.set(leaf.attribute, leaf.condition);
  }
  // A missing partition attribute is named, as AWS names it (DynamoDB Local's message
  // stops before the name). For a gap in the sort attributes or a condition on a
  // non-key attribute, AWS's wording is not known, so Local's is kept.
  const missedPartition = target.partitionKeys.find((attribute) => !byAttribute.has(attribute.name));
  if (missedPartition !== undefined) throw invalid(AWS_MESSAGES.queryMissedKey.text(missedPartition.name));
  const missed = (): DynamoDBError => invalid('Query condition missed key schema element');
  // The sort attributes used must be a leading run of the sort key: no gaps (the
  // messages for multi-attribute keys follow the single-key ones; DynamoDB Local
  // predates those keys, so AWS's exact wording could not be compared).
  const sortUsed = target.sortKeys.filter((attribute) => byAttribute.has(attribute.name)).length;
  if (target.sortKeys.slice(0, sortUsed).some((attribute) => !byAttribute.has(attribute.name))) throw missed();
  if (byAttribute.size > target.partitionKeys.length + sortUsed) throw missed();
  const partition = target.partitionKeys.map((attribute) => equalityPart(attribute, byAttribute.get(attribute.name)!));
  if (sortUsed === 0) return { partition, sortEquals: [] };
  const sortEquals = target.sortKeys.slice(0, sortUsed - 1).map((attribute) => equalityPart(attribute, byAttribute.get(attribute.name)!));
  const last = target.sortKeys[sortUsed - 1]!;
  const sort = byAttribute.get(last.name)!;
  checkSortCondition(last.type, sort);
  return { partition, sortEquals, sort };
}

/** The key condition of a KeyConditionExpression, already bound to its placeholders. */
export function keyConditionFromExpression(target: ReadTarget, condition: Condition): KeyCondition {
  return keyConditionFromLeaves(target, expressionLeaves(condition));
}

/** The key condition of the legacy KeyConditions parameter. */
export function keyConditionFromLegacy(target: ReadTarget, keyConditions: Readonly<Record<string, ExpectedAttributeValue>>): KeyCondition {
  const leaves = Object.entries(keyConditions).map(([attribute, { ComparisonOperator, AttributeValueList }]) =>
    legacyLeaf(
      attribute,
      ComparisonOperator ?? '',
      (AttributeValueList ?? []).map((value) => parseAttributeValue(value)),
    ),
  );
  return keyConditionFromLeaves(target, leaves);
}

function asAttributeValue(part: KeyPart): AttributeValue {
  return part.type === 'S' ? { S: part.value } : part.type === 'N' ? { N: part.value } : { B: part.value };
}

function sortConditionHolds(sortCondition: SortKeyCondition, sort: KeyPart): boolean {
  const value = asAttributeValue(sort);
  const order = (other: AttributeValue): number => compareValues(value, other) ?? Number.NaN;
  switch (sortCondition.kind) {
    case 'between':
      return order(sortCondition.lower) >= 0 && order(sortCondition.upper) <= 0;
    case 'beginsWith': {
      const bytes = sort.type === 'S' ? Buffer.from(sort.value, 'utf8') : Buffer.from(sort.value, 'base64');
      const prefix = 'S' in sortCondition.prefix ? Buffer.from(sortCondition.prefix.S, 'utf8') : Buffer.from(keyText(sortCondition.prefix)!, 'base64');
      return bytes.subarray(0, prefix.length).equals(prefix);
    }
    case 'compare': {
      const comparison = order(sortCondition.value);
      switch (sortCondition.operator) {
        case '=':
          return comparison === 0;
        case '<':
          return comparison < 0;
        case '<=':
          return comparison <= 0;
        case '>':
          return comparison > 0;
        case '>=':
          return comparison >= 0;
      }
    }
  }
}

/** Whether the key of an item (or index entry) is one the key condition selects (ExclusiveStartKey must be). */
export function keyConditionHolds(target: ReadTarget, condition: KeyCondition, item: Item): boolean {
  const valueOf = (attribute: KeyAttribute): string | undefined => {
    const value = ownMember(item, attribute.name);
    return value === undefined ? undefined : keyText(value);
  };
  if (target.partitionKeys.some((attribute, at) => valueOf(attribute) !== condition.partition[at]!.value)) return false;
  if (condition.sortEquals.some((part, at) => valueOf(target.sortKeys[at]!) !== part.value)) return false;
  const sortAttribute = target.sortKeys[condition.sortEquals.length];
  const sortValue = sortAttribute === undefined ? undefined : valueOf(sortAttribute);
  if (condition.sort === undefined || sortValue === undefined) return true;
  return sortConditionHolds(condition.sort, { type: sortAttribute!.type, value: sortValue });
}
