import assert from 'node:assert/strict';
import type { KeyAttribute, TableDefinition } from '../../src/engine/table-definition.js';
import type { Condition } from '../../src/expressions/resolved.js';
import type { AttributeValue } from '../../src/model/attribute-value.js';
import { DynamoDBError } from '../../src/model/errors.js';
import type { SelectStatement } from '../../src/partiql/ast.js';
import { parseStatement } from '../../src/partiql/parser.js';
import { StatementTranslator } from '../../src/partiql/translate.js';

/**
 * What the PartiQL unit tests share: a check that a call fails with one exact
 * ValidationException message, table definitions built without an engine, and a
 * WHERE clause parsed and translated into the resolved condition the planners read.
 */

/** Asserts that `run` throws a ValidationException whose message is exactly `message`. */
export function refuses(run: () => unknown, message: string): void {
  assert.throws(run, (error: unknown) => {
    assert.ok(error instanceof DynamoDBError, `expected a DynamoDBError, got ${String(error)}`);
    assert.equal(error.type, 'ValidationException');
    assert.equal(error.message, message);
    return true;
  });
}

/** The message of what `run` throws; fails when it throws nothing. */
export function messageOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    assert.ok(error instanceof DynamoDBError, `expected a DynamoDBError, got ${String(error)}`);
    return error.message;
  }
  assert.fail('expected an error');
}

/** A table definition as the catalog holds one, keyed by `partitionKey` and `sortKey` when given. */
export function tableOf(partitionKey: KeyAttribute, sortKey?: KeyAttribute): TableDefinition {
  return {
    id: 7,
    uuid: '00000000-0000-0000-0000-000000000007',
    namespace: 'ns',
    name: 'tbl',
    partitionKey,
    ...(sortKey === undefined ? {} : { sortKey }),
    attributeDefinitions: sortKey === undefined ? [partitionKey] : [partitionKey, sortKey],
    billingMode: 'PAY_PER_REQUEST',
    provisionedThroughput: { readCapacityUnits: 0, writeCapacityUnits: 0, decreasesToday: 0 },
    deletionProtectionEnabled: false,
    createdEpochMs: 0,
  };
}

export const S = (value: string): AttributeValue => ({ S: value });
export const N = (value: number | string): AttributeValue => ({ N: String(value) });

/** The statement `text` parsed, which must be a SELECT. */
export function selectOf(text: string): SelectStatement {
  const { statement } = parseStatement(text);
  assert.equal(statement.kind, 'select');
  return statement as SelectStatement;
}

/** The WHERE of `SELECT * FROM tbl WHERE <where>`, parsed and translated with `parameters`. */
export function whereCondition(where: string, parameters: readonly AttributeValue[] = []): Condition {
  const text = `SELECT * FROM tbl WHERE ${where}`;
  const node = selectOf(text).where;
  assert.ok(node !== undefined);
  return new StatementTranslator(text, parameters).condition(node);
}
