import { checkConsistentRead, checkGsiHoldsProjection, checkSelect, type ProjectionParameter, type Select } from '../engine/read-rules.js';
import type { KeySelection, ReadPage, ReadPlan } from '../engine/reads.js';
import type { IndexDefinition, TableDefinition } from '../engine/table-definition.js';
import type { ExpressionKind } from '../expressions/ast.js';
import { attributesToGetProjection, filterCondition, type ExpectedAttributeValue } from '../expressions/legacy.js';
import { projectItem } from '../expressions/projection.js';
import { bindExpressions } from '../expressions/request-expressions.js';
import type { Condition, Projection } from '../expressions/resolved.js';
import { DynamoDBError } from '../model/errors.js';
import { consumedCapacityField } from './consumed-capacity.js';
import { RawJson, type OperationResult } from './context.js';
import { COMPARISON_OPERATOR, rejectMixedParameters } from './expression-parameters.js';
import { ATTRIBUTE_VALUE, list, map, string, structure } from './validation/shape.js';

/** Query's and Scan's Select, and their legacy filters (KeyConditions, QueryFilter, ScanFilter). */
export const SELECT = string({ enum: ['ALL_ATTRIBUTES', 'ALL_PROJECTED_ATTRIBUTES', 'SPECIFIC_ATTRIBUTES', 'COUNT'] });
export const LEGACY_CONDITIONS = map(structure({ AttributeValueList: list(ATTRIBUTE_VALUE), ComparisonOperator: COMPARISON_OPERATOR }, ['ComparisonOperator']));

/**
 * What Query and Scan share on the wire: their request members, binding the
 * expressions (or legacy parameters) into the engine's ReadPlan, and the shape of a
 * page in the response. Reading the page is the engine's (engine/reads.ts).
 */

export interface ReadRequest {
  IndexName?: string;
  Select?: Select;
  AttributesToGet?: string[];
  ProjectionExpression?: string;
  FilterExpression?: string;
  KeyConditionExpression?: string;
  ExpressionAttributeNames?: Record<string, string>;
  ExpressionAttributeValues?: Record<string, unknown>;
  ConditionalOperator?: string;
  ExclusiveStartKey?: unknown;
  ConsistentRead?: boolean;
  ReturnConsumedCapacity?: string;
  Limit?: number;
}

export interface BoundRead {
  readonly projection?: Projection | undefined;
  readonly filter?: Condition | undefined;
  readonly keyCondition?: Condition | undefined;
}

const invalid = (message: string): DynamoDBError => DynamoDBError.validation(message);

/**
 * Binds a read's expressions together (placeholders are checked across all of them),
 * or turns its legacy parameters into the same trees; mixing the two is an error.
 * The engine's rules on what the read may ask of its index are checked in between,
 * each at a fixed point: of several errors in one request, the first found is reported.
 */
export function bindRead(
  table: TableDefinition,
  request: ReadRequest,
  legacyFilter: { name: 'QueryFilter' | 'ScanFilter'; value: Readonly<Record<string, ExpectedAttributeValue>> | undefined },
  legacyKeyConditionsGiven: boolean,
  valueExpressionNames: readonly ExpressionKind[],
  index: IndexDefinition | undefined,
): BoundRead {
  checkConsistentRead(index, request.ConsistentRead === true);
  // KeyConditions may go with a FilterExpression (DynamoDB accepts that mix), but not
  // with a KeyConditionExpression.
  rejectMixedParameters(
    { ...request, [legacyFilter.name]: legacyFilter.value },
    ['AttributesToGet', legacyFilter.name, 'ConditionalOperator'],
    ['ProjectionExpression', 'FilterExpression', 'KeyConditionExpression'],
  );
  rejectMixedParameters({ ...request, KeyConditions: legacyKeyConditionsGiven ? true : undefined }, ['KeyConditions'], ['KeyConditionExpression']);
  const projectionParameter: ProjectionParameter | undefined =
    request.AttributesToGet !== undefined ? 'AttributesToGet' : request.ProjectionExpression !== undefined ? 'ProjectionExpression' : undefined;
  checkSelect(request.Select, projectionParameter, index);
  const bound = bindExpressions(request, valueExpressionNames);
  if (request.AttributesToGet !== undefined && new Set(request.AttributesToGet).size !== request.AttributesToGet.length) {
    throw invalid('Cannot have two attributes with the same name');
  }
  const projection = request.AttributesToGet === undefined ? bound.projection : attributesToGetProjection(request.AttributesToGet);
  checkGsiHoldsProjection(table, index, projection);
  let filter = bound.filter;
  if (legacyFilter.value !== undefined) filter = filterCondition(legacyFilter.value, request.ConditionalOperator);
  else if (request.ConditionalOperator !== undefined) throw invalid('ConditionalOperator cannot be used without Filter or Expected');
  return { projection, filter, keyCondition: bound.keyCondition };
}

/** The plan of a page of a Query or Scan: what the two share, and the keys each selects. */
export function readPlan(table: TableDefinition, index: IndexDefinition | undefined, request: ReadRequest, read: BoundRead, keys: KeySelection): ReadPlan {
  return {
    table,
    index,
    keys,
    exclusiveStartKey: request.ExclusiveStartKey,
    limit: request.Limit,
    filter: read.filter,
    projection: read.projection,
    select: request.Select,
    consistentRead: request.ConsistentRead === true,
  };
}

/** The response of a Query or Scan page. With no projection the stored JSON is sent as is. */
export function pageResponse(plan: ReadPlan, page: ReadPage, returnConsumedCapacity: string | undefined): OperationResult {
  const tail: Record<string, unknown> = { Count: page.items.length, ScannedCount: page.scannedCount };
  if (page.lastEvaluatedKey !== undefined) tail.LastEvaluatedKey = page.lastEvaluatedKey;
  Object.assign(tail, consumedCapacityField(returnConsumedCapacity, plan.table.name, page.consumedReadUnits, plan.index));
  if (plan.select === 'COUNT') return tail;
  const { projection } = plan;
  if (projection !== undefined) return { Items: page.items.map((stored) => projectItem(stored.item, projection)), ...tail };
  const tailJson = JSON.stringify(tail);
  return new RawJson(`{"Items":[${page.items.map((stored) => stored.jsonText).join(',')}],${tailJson.slice(1)}`);
}
