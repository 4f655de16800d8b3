import type { MutationOptions } from '../engine/mutation.js';
import { DynamoDBError } from '../model/errors.js';
import type { Condition, Projection } from '../expressions/resolved.js';
import { attributesToGetProjection, expectedCondition } from '../expressions/legacy.js';
import { bindExpressions } from '../expressions/request-expressions.js';
import { ATTRIBUTE_VALUE, BOOLEAN, list, map, string, structure, type Infer, type StructureShape } from './validation/shape.js';

/** Request members shared by every operation that takes expressions. */
export const EXPRESSION_ATTRIBUTE_NAMES = map(string());
export const EXPRESSION_ATTRIBUTE_VALUES = map(ATTRIBUTE_VALUE);
export const EXPRESSION = string();
export const RETURN_VALUES_ON_CONDITION_CHECK_FAILURE = string({ enum: ['ALL_OLD', 'NONE'] });
export const CONDITIONAL_OPERATOR = string({ enum: ['AND', 'OR'] });
export const COMPARISON_OPERATOR = string({
  enum: ['EQ', 'NE', 'IN', 'LE', 'LT', 'GE', 'GT', 'BETWEEN', 'NOT_NULL', 'NULL', 'CONTAINS', 'NOT_CONTAINS', 'BEGINS_WITH'],
});
export const EXPECTED = map(
  structure({ Value: ATTRIBUTE_VALUE, Exists: BOOLEAN, ComparisonOperator: COMPARISON_OPERATOR, AttributeValueList: list(ATTRIBUTE_VALUE) }),
);

/** The condition members of PutItem, DeleteItem and UpdateItem. */
export const CONDITIONAL_WRITE_MEMBERS = {
  Expected: EXPECTED,
  ConditionalOperator: CONDITIONAL_OPERATOR,
  ConditionExpression: EXPRESSION,
  ExpressionAttributeNames: EXPRESSION_ATTRIBUTE_NAMES,
  ExpressionAttributeValues: EXPRESSION_ATTRIBUTE_VALUES,
  ReturnValuesOnConditionCheckFailure: RETURN_VALUES_ON_CONDITION_CHECK_FAILURE,
};

/** The condition members of a write request, as validated. */
export type ConditionalWriteRequest = Infer<StructureShape<typeof CONDITIONAL_WRITE_MEMBERS, never>>;

/** The condition of a PutItem or DeleteItem: Expected (legacy) or ConditionExpression. */
export function writeCondition(request: ConditionalWriteRequest): Condition | undefined {
  rejectMixedParameters(request, ['Expected'], ['ConditionExpression']);
  const bound = bindExpressions(request, ['ConditionExpression']);
  return legacyCondition(request) ?? bound.condition;
}

/** The condition of Expected and ConditionalOperator, which only make sense together. */
export function legacyCondition(request: ConditionalWriteRequest): Condition | undefined {
  if (request.Expected === undefined) {
    if (request.ConditionalOperator !== undefined) throw DynamoDBError.validation('ConditionalOperator cannot be used without Filter or Expected');
    return undefined;
  }
  return expectedCondition(request.Expected, request.ConditionalOperator);
}

/**
 * How a write applies its condition: ConditionalCheckFailedException when it does not
 * hold, carrying the current item with ReturnValuesOnConditionCheckFailure=ALL_OLD.
 */
export function conditionOptions(condition: Condition | undefined, returnValuesOnFailure: string | undefined): MutationOptions {
  return { condition, returnItemOnConditionFailure: returnValuesOnFailure === 'ALL_OLD' };
}

/** DynamoDB's error for a request that mixes legacy parameters with expressions. */
export function rejectMixedParameters(request: object, legacyNames: readonly string[], expressionNames: readonly string[]): void {
  const members = request as Readonly<Record<string, unknown>>;
  const present = (names: readonly string[]): string[] => names.filter((name) => members[name] !== undefined && members[name] !== null);
  const legacy = present(legacyNames);
  const expressions = present(expressionNames);
  if (legacy.length > 0 && expressions.length > 0) {
    throw DynamoDBError.validation(
      `Can not use both expression and non-expression parameters in the same request: Non-expression parameters: {${legacy.join(', ')}} Expression parameters: {${expressions.join(', ')}}`,
    );
  }
}

/** The projection of a read: AttributesToGet (legacy, names once each) or ProjectionExpression. */
export function readProjection(request: {
  AttributesToGet?: string[];
  ProjectionExpression?: string;
  ExpressionAttributeNames?: Record<string, string>;
}): Projection | undefined {
  rejectMixedParameters(request, ['AttributesToGet'], ['ProjectionExpression']);
  const names = request.AttributesToGet;
  if (names === undefined)
    return bindExpressions({ ProjectionExpression: request.ProjectionExpression, ExpressionAttributeNames: request.ExpressionAttributeNames }, []).projection;
  if (new Set(names).size !== names.length) throw DynamoDBError.validation('Cannot have two attributes with the same name');
  return attributesToGetProjection(names);
}
