import { TABLE_NAME_OR_ARN, tableNameOf } from '../common.js';
import type { DeclaredOperation } from '../operation-registry.js';
import { deletedTableDescription } from '../table-description.js';
import { structure } from '../validation/shape.js';
import { validateRequest } from '../validation/validate.js';

const REQUEST_SHAPE = structure({ TableName: TABLE_NAME_OR_ARN }, ['TableName']);

export const deleteTable: DeclaredOperation = {
  requestShape: REQUEST_SHAPE,
  async execute(body, context) {
    const request = validateRequest(REQUEST_SHAPE, body);
    const { table, usage } = await context.engine.deleteTable(context.namespace, tableNameOf(request.TableName));
    return { TableDescription: deletedTableDescription(context, table, usage) };
  },
};
