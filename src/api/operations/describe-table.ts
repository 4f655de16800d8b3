import { requireNamedTable, TABLE_NAME_OR_ARN, tableNameOf } from '../common.js';
import { describeTable as tableDescription } from '../table-description.js';
import { structure } from '../validation/shape.js';
import { validateRequest } from '../validation/validate.js';
import type { DeclaredOperation } from '../operation-registry.js';

const REQUEST_SHAPE = structure({ TableName: TABLE_NAME_OR_ARN }, ['TableName']);

export const describeTable: DeclaredOperation = {
  requestShape: REQUEST_SHAPE,
  async execute(body, context) {
    const request = validateRequest(REQUEST_SHAPE, body);
    const table = await requireNamedTable(context, tableNameOf(request.TableName));
    return { Table: await tableDescription(context, table, 'ACTIVE') };
  },
};
