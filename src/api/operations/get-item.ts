import { keyFromKeyParameter } from '../../engine/primary-key.js';
import { projectItem } from '../../expressions/projection.js';
import { parseTopLevelMap } from '../../model/attribute-parse.js';
import { requireTable, RETURN_CONSUMED_CAPACITY, TABLE_NAME_OR_ARN } from '../common.js';
import { readCapacityUnits } from '../../engine/capacity.js';
import { consumedCapacityField } from '../consumed-capacity.js';
import { RawJson } from '../context.js';
import { EXPRESSION, EXPRESSION_ATTRIBUTE_NAMES, readProjection } from '../expression-parameters.js';
import { ATTRIBUTE_MAP, BOOLEAN, list, string, structure } from '../validation/shape.js';
import { validateRequest } from '../validation/validate.js';
import type { DeclaredOperation } from '../operation-registry.js';

const REQUEST_SHAPE = structure(
  {
    TableName: TABLE_NAME_OR_ARN,
    Key: ATTRIBUTE_MAP,
    AttributesToGet: list(string(), { min: 1 }),
    ConsistentRead: BOOLEAN,
    ReturnConsumedCapacity: RETURN_CONSUMED_CAPACITY,
    ProjectionExpression: EXPRESSION,
    ExpressionAttributeNames: EXPRESSION_ATTRIBUTE_NAMES,
  },
  ['TableName', 'Key'],
);

export const getItem: DeclaredOperation = {
  requestShape: REQUEST_SHAPE,
  async execute(body, context) {
    const request = validateRequest(REQUEST_SHAPE, body);
    const projection = readProjection(request);
    const table = await requireTable(context, request.TableName);
    const key = keyFromKeyParameter(table, parseTopLevelMap(request.Key, 'Key'));
    const stored = await context.engine.getItem(key);
    const mode = request.ReturnConsumedCapacity;
    // Every read in Strata is strongly consistent; ConsistentRead only changes the price.
    const capacity = consumedCapacityField(mode, table.name, readCapacityUnits(stored?.sizeBytes ?? 0, request.ConsistentRead === true));
    if (stored === undefined) return capacity;
    if (projection !== undefined) return { Item: projectItem(stored.item, projection), ...capacity };
    if (mode === undefined || mode === 'NONE') return new RawJson(`{"Item":${stored.jsonText}}`);
    return { Item: stored.item, ...capacity };
  },
};
