import { keyConditionFromExpression, keyConditionFromLegacy, keyConditionHolds, queryRange, type KeyCondition } from '../engine/query-plan.js';
import type { TableDefinition } from '../engine/table-definition.js';
import type { ExpectedAttributeValue } from '../expressions/legacy.js';
import { conditionAttributes } from '../expressions/condition-attributes.js';
import type { Condition } from '../expressions/resolved.js';
import { DynamoDBError } from '../model/errors.js';
import { rejectUnsupported, requireTable, RETURN_CONSUMED_CAPACITY, TABLE_NAME_OR_ARN } from './common.js';
import type { Operation } from './context.js';
import { COMPARISON_OPERATOR, CONDITIONAL_OPERATOR, EXPRESSION, EXPRESSION_ATTRIBUTE_NAMES, EXPRESSION_ATTRIBUTE_VALUES } from './expression-parameters.js';
import { bindRead, exclusiveStartKey, filterPredicate, pageResponse, type ReadRequest } from './read-pages.js';
import { ATTRIBUTE_MAP, ATTRIBUTE_VALUE, BOOLEAN, integer, list, map, string, structure } from './validation/shape.js';
import { validateRequest } from './validation/validate.js';

export const SELECT = string({ enum: ['ALL_ATTRIBUTES', 'ALL_PROJECTED_ATTRIBUTES', 'SPECIFIC_ATTRIBUTES', 'COUNT'] });
export const LEGACY_CONDITIONS = map(structure({ AttributeValueList: list(ATTRIBUTE_VALUE), ComparisonOperator: COMPARISON_OPERATOR }, ['ComparisonOperator']));

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

/** A Query filter may not read the key attributes: the key condition selects on those. */
function checkFilterAvoidsKeys(table: TableDefinition, filter: Condition | undefined): void {
  if (filter === undefined) return;
  const keys = [table.partitionKey.name, ...(table.sortKey === undefined ? [] : [table.sortKey.name])];
  for (const attribute of conditionAttributes(filter)) {
    if (keys.includes(attribute)) throw DynamoDBError.validation(`Filter Expression can only contain non-primary key attributes: Primary key attribute: ${attribute}`);
  }
}

function keyConditionOf(table: TableDefinition, request: QueryRequest, expression: Condition | undefined): KeyCondition {
  if (expression !== undefined) return keyConditionFromExpression(table, expression);
  if (request.KeyConditions !== undefined) return keyConditionFromLegacy(table, request.KeyConditions);
  throw DynamoDBError.validation('Either the KeyConditions or KeyConditionExpression parameter must be specified in the request.');
}

export const query: Operation = {
  async execute(body, context) {
    const request = validateRequest<QueryRequest>(REQUEST_SHAPE, body);
    rejectUnsupported(request, ['IndexName']);
    const table = await requireTable(context, request.TableName);
    const read = bindRead(request, { name: 'QueryFilter', value: request.QueryFilter }, request.KeyConditions !== undefined, ['KeyConditionExpression', 'FilterExpression']);
    const keyCondition = keyConditionOf(table, request, read.keyCondition);
    checkFilterAvoidsKeys(table, read.filter);
    const start = exclusiveStartKey(table, request.ExclusiveStartKey);
    if (start !== undefined && !keyConditionHolds(keyCondition, start.partition, start.sort)) {
      throw DynamoDBError.validation('The provided starting key does not match the range key predicate');
    }
    const page = await context.engine.items.readPage({
      range: queryRange(table, keyCondition),
      forward: request.ScanIndexForward !== false,
      exclusiveStartKey: start?.storageKey,
      limit: request.Limit,
      filter: filterPredicate(read.filter),
    });
    return pageResponse(table, page, read, request);
  },
};
