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

/**
 * The refusals ExecuteTransaction answers otherwise than the other operations: it
 * names the statement for some (a parameter count, a write to an index), refuses a
 * set operation as unsupported in a transaction, and cancels the transaction for a key
 * value of the wrong type. They are told apart by what was checked, not by their words.
 */
export type StatementCheck = 'parameterCount' | 'indexWrite' | 'setOperation' | 'keyType';

export class StatementCheckError extends DynamoDBError {
  constructor(
    readonly check: StatementCheck,
    message: string,
  ) {
    super('ValidationException', message, 400, 'com.amazon.coral.validate');
  }
}

export function failedCheck(check: StatementCheck, message: string): StatementCheckError {
  return new StatementCheckError(check, message);
}

/** A message with the position of what it is about. */
export function invalidAt(text: string, message: string, span: Span): DynamoDBError {
  return DynamoDBError.validation(`${message} at ${describeSpan(text, span)}`);
}
