import { CLIENT_WRITES } from '../../engine/mutation.js';
import { keyOfItem } from '../../engine/primary-key.js';
import { parseTopLevelMap } from '../../model/attribute-parse.js';
import { requireTable, RETURN_CONSUMED_CAPACITY, RETURN_ITEM_COLLECTION_METRICS, TABLE_NAME_OR_ARN } from '../common.js';
import { writeCapacityField } from '../consumed-capacity.js';
import { itemCollectionMetricsField } from '../item-collection-metrics.js';
import { conditionOptions, CONDITIONAL_WRITE_MEMBERS, writeCondition } from '../expression-parameters.js';
import { ATTRIBUTE_MAP, structure } from '../validation/shape.js';
import { checkReturnValuesNoneOrAllOld, RETURN_VALUES } from '../return-values.js';
import { validateRequest } from '../validation/validate.js';
import type { DeclaredOperation } from '../operation-registry.js';

const REQUEST_SHAPE = structure(
  {
    TableName: TABLE_NAME_OR_ARN,
    Item: ATTRIBUTE_MAP,
    ReturnValues: RETURN_VALUES,
    ReturnConsumedCapacity: RETURN_CONSUMED_CAPACITY,
    ReturnItemCollectionMetrics: RETURN_ITEM_COLLECTION_METRICS,
    ...CONDITIONAL_WRITE_MEMBERS,
  },
  ['TableName', 'Item'],
);

export const putItem: DeclaredOperation = {
  requestShape: REQUEST_SHAPE,
  async execute(body, context) {
    const request = validateRequest(REQUEST_SHAPE, body);
    const returnOld = checkReturnValuesNoneOrAllOld(request.ReturnValues);
    const table = await requireTable(context, request.TableName);
    const item = parseTopLevelMap(request.Item, 'Item');
    const key = keyOfItem(table, item);
    const options = conditionOptions(writeCondition(request), request.ReturnValuesOnConditionCheckFailure);
    const outcome = await context.engine.writeItem(CLIENT_WRITES.put(table, key, item, options));
    return {
      ...(returnOld && outcome.previous !== undefined ? { Attributes: outcome.previous.item } : {}),
      ...writeCapacityField(request.ReturnConsumedCapacity, table, outcome),
      ...itemCollectionMetricsField(request.ReturnItemCollectionMetrics, table, key, outcome),
    };
  },
};
