import { DynamoDBError } from '../model/errors.js';
import type { ExpressionKind } from './ast.js';

/** "Invalid UpdateExpression: <detail>", DynamoDB's form for every expression error. */
export function invalidExpression(kind: ExpressionKind, detail: string): DynamoDBError {
  return DynamoDBError.validation(`Invalid ${kind}: ${detail}`);
}
