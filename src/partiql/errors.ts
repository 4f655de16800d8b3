import { DynamoDBError } from '../model/errors.js';
import type { Span } from './ast.js';

/**
 * The errors of a statement, in DynamoDB's words. A statement the grammar cannot read
 * is "not well formed"; one it reads but DynamoDB does not run is named as such. Many
 * of DynamoDB's messages end with where the fault stands, as line:column:length
 * counted from 1 ("Empty bags are not supported at 1:20:2").
 */

/** "line:column:length" of a span of `text`. */
export function describeSpan(text: string, span: Span): string {
  const before = text.slice(0, span.start);
  const line = before.split('\n').length;
  const column = span.start - before.lastIndexOf('\n');
  return `${line}:${column}:${Math.max(span.end - span.start, 1)}`;
}

export function invalidStatement(message: string): DynamoDBError {
  return DynamoDBError.validation(message);
}

/** A message with the position of what it is about. */
export function invalidAt(text: string, message: string, span: Span): DynamoDBError {
  return DynamoDBError.validation(`${message} at ${describeSpan(text, span)}`);
}
