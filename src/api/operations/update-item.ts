import { CLIENT_WRITES } from '../../engine/mutation.js';
import { keyFromKeyParameter } from '../../engine/primary-key.js';
import { attributeUpdates } from '../../expressions/legacy.js';
import { bindExpressions } from '../../expressions/request-expressions.js';
import type { Condition, Update } from '../../expressions/resolved.js';
import { parseTopLevelMap } from '../../model/attribute-parse.js';
import { requireTable, RETURN_CONSUMED_CAPACITY, RETURN_ITEM_COLLECTION_METRICS, TABLE_NAME_OR_ARN } from '../common.js';
import { writeCapacityField } from '../consumed-capacity.js';
import { itemCollectionMetricsField } from '../item-collection-metrics.js';
import { conditionOptions, CONDITIONAL_WRITE_MEMBERS, EXPRESSION, legacyCondition, rejectMixedParameters } from '../expression-parameters.js';
import { ATTRIBUTE_MAP, ATTRIBUTE_VALUE, map, string, structure, type Infer } from '../validation/shape.js';
import { returnedAttributes, RETURN_VALUES } from '../return-values.js';
import { validateRequest } from '../validation/validate.js';
import type { DeclaredOperation } from '../operation-registry.js';

const REQUEST_SHAPE = structure(
  {
    TableName: TABLE_NAME_OR_ARN,
    Key: ATTRIBUTE_MAP,
    AttributeUpdates: map(structure({ Value: ATTRIBUTE_VALUE, Action: string({ enum: ['ADD', 'PUT', 'DELETE'] }) })),
    ReturnValues: RETURN_VALUES,
    ReturnConsumedCapacity: RETURN_CONSUMED_CAPACITY,
    ReturnItemCollectionMetrics: RETURN_ITEM_COLLECTION_METRICS,
    UpdateExpression: EXPRESSION,
    ...CONDITIONAL_WRITE_MEMBERS,
  },
  ['TableName', 'Key'],
);

const NO_UPDATE: Update = { set: [], remove: [], add: [], delete: [] };

/** The update and condition of a request, from expressions or from the legacy parameters. */
function updateAndCondition(request: Infer<typeof REQUEST_SHAPE>): { update: Update; condition: Condition | undefined } {
  rejectMixedParameters(request, ['AttributeUpdates', 'Expected'], ['UpdateExpression', 'ConditionExpression']);
  const bound = bindExpressions(request, ['UpdateExpression', 'ConditionExpression']);
  const legacyUpdate = request.AttributeUpdates === undefined ? undefined : attributeUpdates(request.AttributeUpdates);
  return { update: legacyUpdate ?? bound.update ?? NO_UPDATE, condition: legacyCondition(request) ?? bound.condition };
}

export const updateItem: DeclaredOperation = {
  requestShape: REQUEST_SHAPE,
  async execute(body, context) {
    const request = validateRequest(REQUEST_SHAPE, body);
    const table = await requireTable(context, request.TableName);
    const keyItem = parseTopLevelMap(request.Key, 'Key');
    const key = keyFromKeyParameter(table, keyItem);
    const { update, condition } = updateAndCondition(request);
    // An update creates the item when it is absent, starting from its key, unless it
    // only takes attributes away (onlyTakesAway).
    const mutation = CLIENT_WRITES.update(table, key, keyItem, update, conditionOptions(condition, request.ReturnValuesOnConditionCheckFailure));
    const outcome = await context.engine.writeItem(mutation);
    const attributes = returnedAttributes(request.ReturnValues, update, outcome.previous, outcome.next);
    return {
      ...(attributes === undefined || Object.keys(attributes).length === 0 ? {} : { Attributes: attributes }),
      ...writeCapacityField(request.ReturnConsumedCapacity, table, outcome),
      ...itemCollectionMetricsField(request.ReturnItemCollectionMetrics, table, key, outcome),
    };
  },
};
