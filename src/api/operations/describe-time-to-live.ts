import { requireNamedTable, TABLE_NAME_OR_ARN, tableNameOf } from '../common.js';
import type { DeclaredOperation } from '../operation-registry.js';
import { structure } from '../validation/shape.js';
import { validateRequest } from '../validation/validate.js';

const REQUEST_SHAPE = structure({ TableName: TABLE_NAME_OR_ARN }, ['TableName']);

/**
 * DescribeTimeToLive: ENABLED with its attribute, or DISABLED. AWS passes through
 * ENABLING and DISABLING for up to an hour; Strata's change is immediate.
 */
export const describeTimeToLive: DeclaredOperation = {
  requestShape: REQUEST_SHAPE,
  async execute(body, context) {
    const request = validateRequest(REQUEST_SHAPE, body);
    const table = await requireNamedTable(context, tableNameOf(request.TableName));
    const description =
      table.timeToLive === undefined ? { TimeToLiveStatus: 'DISABLED' } : { TimeToLiveStatus: 'ENABLED', AttributeName: table.timeToLive.attributeName };
    return { TimeToLiveDescription: description };
  },
};
