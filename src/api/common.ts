import { notFoundMessage } from '../engine/tables.js';
import type { TableDefinition } from '../engine/table-definition.js';
import { DynamoDBError } from '../model/errors.js';
import { TABLE_NAME_LENGTH_MAX, TABLE_NAME_LENGTH_MIN } from '../model/limits.js';
import type { RequestContext } from './context.js';
import { string } from './validation/shape.js';

/**
 * Shapes and checks shared by several operations. TableName accepts a table name or
 * a table ARN (the API model's TableArn type, 1 to 1024 characters).
 */
export const TABLE_NAME_OR_ARN = string({ min: 1, max: 1024 });
export const TABLE_NAME = string({ min: TABLE_NAME_LENGTH_MIN, max: TABLE_NAME_LENGTH_MAX, pattern: '[a-zA-Z0-9_.-]+' });
export const RETURN_CONSUMED_CAPACITY = string({ enum: ['INDEXES', 'TOTAL', 'NONE'] });
export const RETURN_ITEM_COLLECTION_METRICS = string({ enum: ['SIZE', 'NONE'] });

const TABLE_NAME_SYNTAX = /^[a-zA-Z0-9_.-]{3,255}$/;
const TABLE_ARN_SYNTAX = /^arn:aws[a-z-]*:dynamodb:[^:]*:[^:]*:table\/([^/]+)$/;

/** The table name of a TableName parameter, which may also be a table ARN. */
export function tableNameOf(nameOrArn: string): string {
  const name = TABLE_ARN_SYNTAX.exec(nameOrArn)?.[1] ?? nameOrArn;
  if (!TABLE_NAME_SYNTAX.test(name)) {
    throw DynamoDBError.validation(
      "Invalid table/index name.  Table/index names must be between 3 and 255 characters long, and may contain only the characters a-z, A-Z, 0-9, '_', '-', and '.'",
    );
  }
  return name;
}

/** The table an item operation names; ResourceNotFoundException when it does not exist. */
export async function requireTable(context: RequestContext, nameOrArn: string): Promise<TableDefinition> {
  return context.engine.requireTable(context.namespace, tableNameOf(nameOrArn));
}

/** The table a table operation names: AWS says which table it did not find. */
export async function requireNamedTable(context: RequestContext, name: string): Promise<TableDefinition> {
  return context.engine.requireTable(context.namespace, name, notFoundMessage(name));
}

export function tableArn(context: RequestContext, tableName: string): string {
  return `arn:aws:dynamodb:${context.region}:${context.accountId}:table/${tableName}`;
}
