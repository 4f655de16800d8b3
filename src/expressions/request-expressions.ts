import { parseAttributeValue } from '../model/attribute-parse.js';
import type { AttributeValue } from '../model/attribute-value.js';
import { DynamoDBError } from '../model/errors.js';
import { EXPRESSION_BYTES_MAX, PLACEHOLDER_LENGTH_MAX } from '../model/limits.js';
import type { ExpressionKind } from './ast.js';
import { invalidExpression } from './errors.js';
import { cachedCondition, cachedProjection, cachedUpdate } from './parse-cache.js';
import { checkPathsDisjoint } from './path-overlap.js';
import { PlaceholderBinding, resolveCondition, resolveProjection, resolveUpdate } from './resolve.js';
import type { Condition, Projection, Update } from './resolved.js';

/** The expression parameters a request may carry, as received. */
export interface ExpressionParameters {
  readonly ConditionExpression?: string | undefined;
  readonly FilterExpression?: string | undefined;
  readonly KeyConditionExpression?: string | undefined;
  readonly ProjectionExpression?: string | undefined;
  readonly UpdateExpression?: string | undefined;
  readonly ExpressionAttributeNames?: Readonly<Record<string, string>> | undefined;
  readonly ExpressionAttributeValues?: Readonly<Record<string, unknown>> | undefined;
}

/** A request's expressions, parsed and bound; absent ones are undefined. */
export interface BoundExpressions {
  readonly condition?: Condition | undefined;
  readonly filter?: Condition | undefined;
  readonly keyCondition?: Condition | undefined;
  readonly projection?: Projection | undefined;
  readonly update?: Update | undefined;
}

const NAME_PLACEHOLDER = /^#[A-Za-z0-9_]+$/;
const VALUE_PLACEHOLDER = /^:[A-Za-z0-9_]+$/;

function checkNames(names: Readonly<Record<string, string>> | undefined): Readonly<Record<string, string>> {
  if (names === undefined) return {};
  const keys = Object.keys(names);
  if (keys.length === 0) throw DynamoDBError.validation('ExpressionAttributeNames must not be empty');
  for (const key of keys) {
    if (key.length > PLACEHOLDER_LENGTH_MAX) {
      throw DynamoDBError.validation(
        `ExpressionAttributeNames contains invalid key: The expression attribute map contains a key that is too long; size of key: ${key.length}`,
      );
    }
    if (!NAME_PLACEHOLDER.test(key)) throw DynamoDBError.validation(`ExpressionAttributeNames contains invalid key: Syntax error; key: "${key}"`);
    if (names[key] === '') throw DynamoDBError.validation(`ExpressionAttributeNames contains invalid value: Empty attribute name for key ${key}`);
  }
  return names;
}

function checkValues(values: Readonly<Record<string, unknown>> | undefined): Record<string, AttributeValue> {
  if (values === undefined) return {};
  const keys = Object.keys(values);
  if (keys.length === 0) throw DynamoDBError.validation('ExpressionAttributeValues must not be empty');
  const parsed: Record<string, AttributeValue> = {};
  for (const key of keys) {
    if (key.length > PLACEHOLDER_LENGTH_MAX)
      throw DynamoDBError.validation('ExpressionAttributeValues contains invalid key: The expression attribute map contains a key that is too long;');
    if (!VALUE_PLACEHOLDER.test(key)) throw DynamoDBError.validation(`ExpressionAttributeValues contains invalid key: Syntax error; key: "${key}"`);
    try {
      parsed[key] = parseAttributeValue(values[key]);
    } catch (error) {
      if (error instanceof DynamoDBError && error.type === 'ValidationException') {
        throw DynamoDBError.validation(`ExpressionAttributeValues contains invalid value: ${error.message} for key ${key}`);
      }
      throw error;
    }
  }
  return parsed;
}

function checkSize(kind: ExpressionKind, text: string): void {
  const sizeBytes = Buffer.byteLength(text, 'utf8');
  if (sizeBytes > EXPRESSION_BYTES_MAX) throw invalidExpression(kind, `Expression size has exceeded the maximum allowed size; expression size: ${sizeBytes}`);
}

function unusedError(parameter: string, unused: readonly string[]): DynamoDBError {
  return DynamoDBError.validation(`Value provided in ${parameter} unused in expressions: keys: {${unused.join(', ')}}`);
}

/** "UpdateExpression and ConditionExpression are null": which expressions could have used the values. */
function nullExpressions(names: readonly string[]): string {
  if (names.length === 1) return `${names[0]} is null`;
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]} are null`;
}

/**
 * Parses and binds every expression of a request, then rejects placeholders that no
 * expression used, as DynamoDB does. The order of checks follows DynamoDB's: the
 * placeholder maps themselves, then each expression (size, syntax, reserved words,
 * undefined placeholders, operands), then unused placeholders.
 */
export function bindExpressions(parameters: ExpressionParameters, valueExpressionNames: readonly ExpressionKind[]): BoundExpressions {
  const texts = [
    parameters.ConditionExpression,
    parameters.FilterExpression,
    parameters.KeyConditionExpression,
    parameters.ProjectionExpression,
    parameters.UpdateExpression,
  ];
  const usesExpressions = texts.some((text) => text !== undefined);
  if (!usesExpressions) {
    if (parameters.ExpressionAttributeNames !== undefined)
      throw DynamoDBError.validation('ExpressionAttributeNames can only be specified when using expressions');
    if (parameters.ExpressionAttributeValues !== undefined) {
      throw DynamoDBError.validation(`ExpressionAttributeValues can only be specified when using expressions: ${nullExpressions(valueExpressionNames)}`);
    }
    return {};
  }
  const binding = new PlaceholderBinding(checkNames(parameters.ExpressionAttributeNames), checkValues(parameters.ExpressionAttributeValues));
  const condition = (text: string | undefined, kind: ExpressionKind): Condition | undefined => {
    if (text === undefined) return undefined;
    checkSize(kind, text);
    return resolveCondition(cachedCondition(text, kind), kind, binding);
  };
  let projection: Projection | undefined;
  if (parameters.ProjectionExpression !== undefined) {
    checkSize('ProjectionExpression', parameters.ProjectionExpression);
    projection = resolveProjection(cachedProjection(parameters.ProjectionExpression), binding);
    checkPathsDisjoint('ProjectionExpression', projection);
  }
  let update: Update | undefined;
  if (parameters.UpdateExpression !== undefined) {
    checkSize('UpdateExpression', parameters.UpdateExpression);
    update = resolveUpdate(cachedUpdate(parameters.UpdateExpression), binding);
  }
  const bound: BoundExpressions = {
    keyCondition: condition(parameters.KeyConditionExpression, 'KeyConditionExpression'),
    condition: condition(parameters.ConditionExpression, 'ConditionExpression'),
    filter: condition(parameters.FilterExpression, 'FilterExpression'),
    projection,
    update,
  };
  const unusedNames = Object.keys(binding.names).filter((name) => !binding.usedNames.has(name));
  if (unusedNames.length > 0) throw unusedError('ExpressionAttributeNames', unusedNames);
  const unusedValues = Object.keys(binding.values).filter((value) => !binding.usedValues.has(value));
  if (unusedValues.length > 0) throw unusedError('ExpressionAttributeValues', unusedValues);
  return bound;
}
