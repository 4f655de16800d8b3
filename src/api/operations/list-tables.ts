import { LIST_TABLES_LIMIT_MAX } from '../../model/limits.js';
import { TABLE_NAME } from '../common.js';
import { integer, structure } from '../validation/shape.js';
import { validateRequest } from '../validation/validate.js';
import type { DeclaredOperation } from '../operation-registry.js';

const REQUEST_SHAPE = structure({ ExclusiveStartTableName: TABLE_NAME, Limit: integer({ min: 1, max: LIST_TABLES_LIMIT_MAX }) });

export const listTables: DeclaredOperation = {
  requestShape: REQUEST_SHAPE,
  async execute(body, context) {
    const request = validateRequest(REQUEST_SHAPE, body);
    const limit = request.Limit ?? LIST_TABLES_LIMIT_MAX;
    // One name more than the page, to know whether another page follows.
    const names = await context.engine.listTableNames(context.namespace, request.ExclusiveStartTableName, limit + 1);
    if (names.length <= limit) return { TableNames: names };
    const page = names.slice(0, limit);
    return { TableNames: page, LastEvaluatedTableName: page[page.length - 1] };
  },
};
