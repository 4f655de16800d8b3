import { findIndex } from '../../engine/indexes.js';
import type { ScanSegment } from '../../engine/key-ranges.js';
import type { ExpectedAttributeValue } from '../../expressions/legacy.js';
import { DynamoDBError } from '../../model/errors.js';
import { TOTAL_SEGMENTS_MAX } from '../../model/limits.js';
import { requireTable, RETURN_CONSUMED_CAPACITY, TABLE_NAME_OR_ARN } from '../common.js';
import { CONDITIONAL_OPERATOR, EXPRESSION, EXPRESSION_ATTRIBUTE_NAMES, EXPRESSION_ATTRIBUTE_VALUES } from '../expression-parameters.js';
import { bindRead, LEGACY_CONDITIONS, pageResponse, readPlan, SELECT, type ReadRequest } from '../read-pages.js';
import { ATTRIBUTE_MAP, BOOLEAN, integer, list, string, structure } from '../validation/shape.js';
import { validateRequest } from '../validation/validate.js';
import type { DeclaredOperation } from '../operation-registry.js';

const REQUEST_SHAPE = structure(
  {
    TableName: TABLE_NAME_OR_ARN,
    IndexName: string({ min: 3, max: 255, pattern: '[a-zA-Z0-9_.-]+' }),
    AttributesToGet: list(string(), { min: 1 }),
    Limit: integer({ min: 1 }),
    Select: SELECT,
    ScanFilter: LEGACY_CONDITIONS,
    ConditionalOperator: CONDITIONAL_OPERATOR,
    ExclusiveStartKey: ATTRIBUTE_MAP,
    ReturnConsumedCapacity: RETURN_CONSUMED_CAPACITY,
    TotalSegments: integer({ min: 1, max: TOTAL_SEGMENTS_MAX }),
    Segment: integer({ min: 0, max: TOTAL_SEGMENTS_MAX - 1 }),
    ProjectionExpression: EXPRESSION,
    FilterExpression: EXPRESSION,
    ExpressionAttributeNames: EXPRESSION_ATTRIBUTE_NAMES,
    ExpressionAttributeValues: EXPRESSION_ATTRIBUTE_VALUES,
    ConsistentRead: BOOLEAN,
  },
  ['TableName'],
);

interface ScanRequest extends ReadRequest {
  TableName: string;
  ScanFilter?: Record<string, ExpectedAttributeValue>;
  TotalSegments?: number;
  Segment?: number;
}

/** Segment and TotalSegments come together, and the segment must be one of them. */
function segmentOf(request: ScanRequest): ScanSegment | undefined {
  const { Segment: index, TotalSegments: total } = request;
  if (index === undefined && total === undefined) return undefined;
  if (total === undefined) throw DynamoDBError.validation('If segment is specified, total segment must also be specified');
  if (index === undefined) throw DynamoDBError.validation('If total segments is specified, a particular segment must also be specified for this request');
  if (index >= total) {
    throw DynamoDBError.validation(
      `1 validation error detected: Value '${index}' at 'segment' failed to satisfy constraint: Member must have value less than or equal to ${total - 1}`,
    );
  }
  return { index, total };
}

export const scan: DeclaredOperation = {
  requestShape: REQUEST_SHAPE,
  async execute(body, context) {
    const request: ScanRequest = validateRequest(REQUEST_SHAPE, body);
    const segment = segmentOf(request);
    const table = await requireTable(context, request.TableName);
    const index = request.IndexName === undefined ? undefined : findIndex(table, request.IndexName);
    const read = bindRead(table, request, { name: 'ScanFilter', value: request.ScanFilter }, false, ['FilterExpression'], index);
    const plan = readPlan(table, index, request, read, { kind: 'scan', segment });
    return pageResponse(plan, await context.engine.read(plan), request.ReturnConsumedCapacity);
  },
};
