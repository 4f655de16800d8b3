import { findIndex } from '../../engine/indexes.js';
import { keyConditionFromExpression, keyConditionFromLegacy, type KeyCondition } from '../../engine/key-condition.js';
import { readTarget, type ReadTarget } from '../../engine/read-target.js';
import type { ExpectedAttributeValue } from '../../expressions/legacy.js';
import type { Condition } from '../../expressions/resolved.js';
import { DynamoDBError } from '../../model/errors.js';
import { requireTable, RETURN_CONSUMED_CAPACITY, TABLE_NAME_OR_ARN } from '../common.js';
import type { DeclaredOperation } from '../operation-registry.js';
import { CONDITIONAL_OPERATOR, EXPRESSION, EXPRESSION_ATTRIBUTE_NAMES, EXPRESSION_ATTRIBUTE_VALUES } from '../expression-parameters.js';
import { bindRead, LEGACY_CONDITIONS, pageResponse, readPlan, SELECT, type ReadRequest } from '../read-pages.js';
import { ATTRIBUTE_MAP, BOOLEAN, integer, list, string, structure } from '../validation/shape.js';
import { validateRequest } from '../validation/validate.js';

const REQUEST_SHAPE = structure(
  {
    TableName: TABLE_NAME_OR_ARN,
    IndexName: string({ min: 3, max: 255, pattern: '[a-zA-Z0-9_.-]+' }),
    Select: SELECT,
    AttributesToGet: list(string(), { min: 1 }),
    Limit: integer({ min: 1 }),
    ConsistentRead: BOOLEAN,
    KeyConditions: LEGACY_CONDITIONS,
    QueryFilter: LEGACY_CONDITIONS,
    ConditionalOperator: CONDITIONAL_OPERATOR,
    ScanIndexForward: BOOLEAN,
    ExclusiveStartKey: ATTRIBUTE_MAP,
    ReturnConsumedCapacity: RETURN_CONSUMED_CAPACITY,
    ProjectionExpression: EXPRESSION,
    FilterExpression: EXPRESSION,
    KeyConditionExpression: EXPRESSION,
    ExpressionAttributeNames: EXPRESSION_ATTRIBUTE_NAMES,
    ExpressionAttributeValues: EXPRESSION_ATTRIBUTE_VALUES,
  },
  ['TableName'],
);

interface QueryRequest extends ReadRequest {
  TableName: string;
  KeyConditions?: Record<string, ExpectedAttributeValue>;
  QueryFilter?: Record<string, ExpectedAttributeValue>;
  ScanIndexForward?: boolean;
}

function keyConditionOf(target: ReadTarget, request: QueryRequest, expression: Condition | undefined): KeyCondition {
  if (expression !== undefined) return keyConditionFromExpression(target, expression);
  if (request.KeyConditions !== undefined) return keyConditionFromLegacy(target, request.KeyConditions);
  throw DynamoDBError.validation('Either the KeyConditions or KeyConditionExpression parameter must be specified in the request.');
}

export const query: DeclaredOperation = {
  requestShape: REQUEST_SHAPE,
  async execute(body, context) {
    const request: QueryRequest = validateRequest(REQUEST_SHAPE, body);
    const table = await requireTable(context, request.TableName);
    const index = request.IndexName === undefined ? undefined : findIndex(table, request.IndexName);
    const read = bindRead(
      table,
      request,
      { name: 'QueryFilter', value: request.QueryFilter },
      request.KeyConditions !== undefined,
      ['KeyConditionExpression', 'FilterExpression'],
      index,
    );
    const keyCondition = keyConditionOf(readTarget(table, index), request, read.keyCondition);
    const plan = readPlan(table, index, request, read, { kind: 'query', condition: keyCondition, forward: request.ScanIndexForward !== false });
    return pageResponse(plan, await context.engine.read(plan), request.ReturnConsumedCapacity);
  },
};
