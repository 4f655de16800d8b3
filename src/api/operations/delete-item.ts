import { keyFromKeyParameter } from '../../engine/primary-key.js';
import { parseTopLevelMap } from '../../model/attribute-parse.js';
import { requireTable, RETURN_CONSUMED_CAPACITY, RETURN_ITEM_COLLECTION_METRICS, TABLE_NAME_OR_ARN } from '../common.js';
import { writeCapacityField } from '../consumed-capacity.js';
import { itemCollectionMetricsField } from '../item-collection-metrics.js';
import type { Operation } from '../context.js';
import { CONDITIONAL_WRITE_MEMBERS, requireCondition, writeCondition, type ConditionalWriteRequest } from '../expression-parameters.js';
import { ATTRIBUTE_MAP, structure } from '../validation/shape.js';
import { checkReturnValuesNoneOrAllOld, RETURN_VALUES } from '../return-values.js';
import { validateRequest } from '../validation/validate.js';

const REQUEST_SHAPE = structure(
  {
    TableName: TABLE_NAME_OR_ARN,
    Key: ATTRIBUTE_MAP,
    ReturnValues: RETURN_VALUES,
    ReturnConsumedCapacity: RETURN_CONSUMED_CAPACITY,
    ReturnItemCollectionMetrics: RETURN_ITEM_COLLECTION_METRICS,
    ...CONDITIONAL_WRITE_MEMBERS,
  },
  ['TableName', 'Key'],
);

interface DeleteItemRequest extends ConditionalWriteRequest {
  TableName: string;
  Key: unknown;
  ReturnValues?: string;
  ReturnConsumedCapacity?: string;
  ReturnItemCollectionMetrics?: string;
}

export const deleteItem: Operation = {
  async execute(body, context) {
    const request = validateRequest<DeleteItemRequest>(REQUEST_SHAPE, body);
    const returnOld = checkReturnValuesNoneOrAllOld(request.ReturnValues);
    const table = await requireTable(context, request.TableName);
    const key = keyFromKeyParameter(table, parseTopLevelMap(request.Key, 'Key'));
    const condition = writeCondition(request);
    const outcome = await context.engine.items.write(table, key, (current) => {
      requireCondition(condition, current, request.ReturnValuesOnConditionCheckFailure);
      return undefined;
    });
    return {
      ...(returnOld && outcome.previous !== undefined ? { Attributes: outcome.previous.item } : {}),
      ...writeCapacityField(request.ReturnConsumedCapacity, table, outcome),
      ...itemCollectionMetricsField(request.ReturnItemCollectionMetrics, table, key, outcome),
    };
  },
};
