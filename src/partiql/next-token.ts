import { createHash } from 'node:crypto';
import type { AttributeValue } from '../model/attribute-value.js';
import { invalidStatement } from './errors.js';

/**
 * ExecuteStatement's NextToken: where the next page of a SELECT starts. A SELECT may
 * read several partitions one after another, so the position is the partition's
 * place in the statement's list and the key to start after in it (absent to start
 * it from its beginning). The token is bound to the statement and its parameters: a
 * token of another statement is refused rather than read as a position in this one.
 */
export interface StatementPosition {
  readonly partition: number;
  readonly exclusiveStartKey?: unknown;
}

interface TokenBody {
  readonly v: 1;
  readonly s: string;
  readonly p: number;
  readonly k?: unknown;
}

function statementDigest(statement: string, parameters: readonly AttributeValue[]): string {
  return createHash('sha256').update(statement).update('\u0000').update(JSON.stringify(parameters)).digest('base64url').slice(0, 22);
}

export function encodeNextToken(statement: string, parameters: readonly AttributeValue[], position: StatementPosition): string {
  const body: TokenBody = {
    v: 1,
    s: statementDigest(statement, parameters),
    p: position.partition,
    ...(position.exclusiveStartKey === undefined ? {} : { k: position.exclusiveStartKey }),
  };
  return Buffer.from(JSON.stringify(body)).toString('base64');
}

export function decodeNextToken(token: string, statement: string, parameters: readonly AttributeValue[]): StatementPosition {
  const invalid = (): Error => invalidStatement('Invalid NextToken');
  let body: Partial<TokenBody>;
  try {
    body = JSON.parse(Buffer.from(token, 'base64').toString('utf8')) as Partial<TokenBody>;
  } catch {
    throw invalid();
  }
  if (typeof body !== 'object' || body === null || body.v !== 1 || typeof body.s !== 'string') throw invalid();
  // AWS refuses a token of another statement (DynamoDB Local's message table has these words).
  if (body.s !== statementDigest(statement, parameters)) throw invalidStatement('NextToken does not match request');
  if (typeof body.p !== 'number' || !Number.isInteger(body.p) || body.p < 0) throw invalid();
  if (body.k !== undefined && (typeof body.k !== 'object' || body.k === null || Array.isArray(body.k))) throw invalid();
  return { partition: body.p, ...(body.k === undefined ? {} : { exclusiveStartKey: body.k }) };
}
