import { DynamoDBError } from '../model/errors.js';
import { TABLE_NAME_OR_ARN, tableNameOf } from './common.js';
import type { Operation } from './context.js';
import { describeTable as tableDescription } from './table-description.js';
import { structure } from './validation/shape.js';
import { validateRequest } from './validation/validate.js';

const REQUEST_SHAPE = structure({ TableName: TABLE_NAME_OR_ARN }, ['TableName']);

export const describeTable: Operation = {
  async execute(body, context) {
    const request = validateRequest<{ TableName: string }>(REQUEST_SHAPE, body);
    const name = tableNameOf(request.TableName);
    const table = await context.engine.catalog.find(context.namespace, name);
    if (table === undefined) throw DynamoDBError.resourceNotFound(`Requested resource not found: Table: ${name} not found`);
    return { Table: await tableDescription(context, table, 'ACTIVE') };
  },
};
