import { keyFromKeyParameter } from '../engine/primary-key.js';
import { parseTopLevelMap } from '../model/attribute-parse.js';
import { DynamoDBError } from '../model/errors.js';
import { projectAttributes, rejectUnsupported, requireTable, RETURN_CONSUMED_CAPACITY, TABLE_NAME_OR_ARN } from './common.js';
import { consumedCapacityField, readCapacityUnits } from './consumed-capacity.js';
import { RawJson, type Operation } from './context.js';
import { ATTRIBUTE_MAP, BOOLEAN, list, string, structure } from './validation/shape.js';
import { validateRequest } from './validation/validate.js';

const REQUEST_SHAPE = structure(
  {
    TableName: TABLE_NAME_OR_ARN,
    Key: ATTRIBUTE_MAP,
    AttributesToGet: list(string(), { min: 1 }),
    ConsistentRead: BOOLEAN,
    ReturnConsumedCapacity: RETURN_CONSUMED_CAPACITY,
  },
  ['TableName', 'Key'],
);

interface GetItemRequest {
  TableName: string;
  Key: unknown;
  AttributesToGet?: string[];
  ConsistentRead?: boolean;
  ReturnConsumedCapacity?: string;
}

/** AttributesToGet names each attribute at most once. */
export function checkAttributesToGet(names: readonly string[] | undefined): void {
  if (names !== undefined && new Set(names).size !== names.length) throw DynamoDBError.validation('Cannot have two attributes with the same name');
}

export const getItem: Operation = {
  async execute(body, context) {
    const request = validateRequest<GetItemRequest>(REQUEST_SHAPE, body);
    rejectUnsupported(request as unknown as Record<string, unknown>, ['ProjectionExpression']);
    checkAttributesToGet(request.AttributesToGet);
    const table = await requireTable(context, request.TableName);
    const key = keyFromKeyParameter(table, parseTopLevelMap(request.Key, 'Key'));
    const stored = await context.engine.items.get(key);
    const mode = request.ReturnConsumedCapacity;
    // Every read in Strata is strongly consistent; ConsistentRead only changes the price.
    const capacity = (): Record<string, unknown> =>
      consumedCapacityField(mode, table.name, readCapacityUnits(stored?.sizeBytes ?? 0, request.ConsistentRead === true));
    if (stored === undefined) return capacity();
    if (request.AttributesToGet !== undefined) return { Item: projectAttributes(stored.item, request.AttributesToGet), ...capacity() };
    if (mode === undefined || mode === 'NONE') return new RawJson(`{"Item":${stored.jsonText}}`);
    return { Item: stored.item, ...capacity() };
  },
};
