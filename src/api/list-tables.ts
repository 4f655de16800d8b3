import { LIST_TABLES_LIMIT_MAX } from '../model/limits.js';
import { TABLE_NAME } from './common.js';
import type { Operation } from './context.js';
import { integer, structure } from './validation/shape.js';
import { validateRequest } from './validation/validate.js';

const REQUEST_SHAPE = structure({ ExclusiveStartTableName: TABLE_NAME, Limit: integer({ min: 1, max: LIST_TABLES_LIMIT_MAX }) });

interface ListTablesRequest {
  ExclusiveStartTableName?: string;
  Limit?: number;
}

export const listTables: Operation = {
  async execute(body, context) {
    const request = validateRequest<ListTablesRequest>(REQUEST_SHAPE, body);
    const limit = request.Limit ?? LIST_TABLES_LIMIT_MAX;
    const names = await context.engine.catalog.listNames(context.namespace, request.ExclusiveStartTableName, limit);
    // Like DynamoDB, a full page names its last table even when no more follow.
    return names.length === limit ? { TableNames: names, LastEvaluatedTableName: names[names.length - 1] } : { TableNames: names };
  },
};
