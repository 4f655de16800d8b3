import { findIndex } from '../engine/indexes.js';
import { checkGsiHoldsProjection } from '../engine/read-rules.js';
import { readTarget } from '../engine/read-target.js';
import type { ReadPlan } from '../engine/reads.js';
import type { IndexDefinition, TableDefinition } from '../engine/table-definition.js';
import { readPath } from '../expressions/document-path.js';
import { projectItem } from '../expressions/projection.js';
import type { Condition, DocumentPath, Projection } from '../expressions/resolved.js';
import { parseAttributeValue } from '../model/attribute-parse.js';
import type { AttributeValue, Item } from '../model/attribute-value.js';
import { DynamoDBError } from '../model/errors.js';
import { PAGE_BYTES_MAX } from '../model/limits.js';
import type { ParsedStatement, SelectStatement, Statement } from '../partiql/ast.js';
import { failedCheck, invalidStatement } from '../partiql/errors.js';
import { decodeNextToken, encodeNextToken, type StatementPosition } from '../partiql/next-token.js';
import { cachedStatement } from '../partiql/parse-cache.js';
import { partitionQueries } from '../partiql/select-plan.js';
import { StatementTranslator } from '../partiql/translate.js';
import { duplicateItem, namedItem, type NamedItem, type PlannedWrite } from '../partiql/write-plan.js';
import { evaluateCondition } from '../expressions/evaluate.js';
import { readCapacityUnits } from '../engine/capacity.js';
import type { KeyCondition } from '../engine/key-condition.js';
import type { StoredItem } from '../model/stored-item.js';
import type { WriteOutcome } from '../engine/items.js';
import { returnedAttributes } from './return-values.js';
import type { TransactionalGet } from './transactional-gets.js';
import { consumedCapacityField } from './consumed-capacity.js';
import { RawJson, type OperationResult, type RequestContext } from './context.js';
import { ATTRIBUTE_VALUE, list, string } from './validation/shape.js';
import { PARTIQL_NEXT_TOKEN_LENGTH_MAX, PARTIQL_STATEMENT_LENGTH_MAX } from '../model/limits.js';

/**
 * What the three PartiQL operations share: a statement parsed (once per text),
 * its parameters bound, its table found; and a SELECT run as the Queries or the
 * Scan it plans onto, one page at a time.
 */

export const STATEMENT = string({ min: 1, max: PARTIQL_STATEMENT_LENGTH_MAX });
export const PARAMETERS = list(ATTRIBUTE_VALUE, { min: 1 });
export const NEXT_TOKEN = string({ min: 1, max: PARTIQL_NEXT_TOKEN_LENGTH_MAX });

export interface PreparedStatement {
  readonly text: string;
  readonly statement: Statement;
  readonly parameters: readonly AttributeValue[];
  readonly table: TableDefinition;
  readonly index?: IndexDefinition | undefined;
  readonly translator: StatementTranslator;
}

const TABLE_NAME_SYNTAX = /^[a-zA-Z0-9_.-]{3,255}$/;

function checkName(name: string): void {
  if (!TABLE_NAME_SYNTAX.test(name)) {
    throw invalidStatement("Table name should be within the length [3, 255] and only contain 'a-z', 'A-Z', '0-9', '-', '_', '.'.");
  }
}

function tableNameOf(statement: Statement): { tableName: string; indexName?: string | undefined } {
  return statement.kind === 'exists' ? statement.select : statement.kind === 'select' ? statement : { tableName: statement.tableName };
}

function parsedParameters(parsed: ParsedStatement, parameters: readonly unknown[] | undefined): AttributeValue[] {
  const values = (parameters ?? []).map((parameter) => parseAttributeValue(parameter));
  if (values.length !== parsed.parameterCount) throw failedCheck('parameterCount', "Number of parameters in request and statement don't match.");
  return values;
}

/**
 * Parses a statement, binds its parameters and finds what it names, with DynamoDB's
 * order of errors: the statement's syntax, the names' syntax, the table, the index,
 * then the parameters.
 */
export async function prepareStatement(context: RequestContext, text: string, parameters: readonly unknown[] | undefined): Promise<PreparedStatement> {
  const parsed = cachedStatement(text);
  const { tableName, indexName } = tableNameOf(parsed.statement);
  checkName(tableName);
  if (indexName !== undefined) checkName(indexName);
  // AWS answers an unknown table with its usual words (nubo-db/dynamodb-conformance,
  // tier3 partiql, pinned against AWS); DynamoDB Local says "Cannot do operations on a
  // non-existent table".
  const table = await context.engine.requireTable(context.namespace, tableName);
  const index = indexName === undefined ? undefined : findIndex(table, indexName);
  const values = parsedParameters(parsed, parameters);
  return { text, statement: parsed.statement, parameters: values, table, index, translator: new StatementTranslator(text, values) };
}

/** Where a path's last name stands: only list indexes follow it. */
function lastNameAt(path: DocumentPath): number {
  let last = path.length - 1;
  while (last > 0 && typeof path[last] === 'number') last--;
  return last;
}

/**
 * The part of a projected path a SELECT's item names: up to its last name and the one
 * list index after it, if any. `l[1][0]` goes under "l[1]", its value the list of the
 * one element projected, as DynamoDB Local (whose PartiQL front end is AWS's) answers.
 */
function namedPrefix(path: DocumentPath): DocumentPath {
  return path.slice(0, Math.min(lastNameAt(path) + 2, path.length));
}

/** A projected path's identifier: its last name, with every list index after it ("l[1][0]"). */
function identifierOf(path: DocumentPath): string {
  const last = lastNameAt(path);
  return `${String(path[last])}${path
    .slice(last + 1)
    .map((index) => `[${index}]`)
    .join('')}`;
}

/** The name a projected path's value goes under in a SELECT's items: its last name, with the list index after it ("l[1]"). */
function projectedName(path: DocumentPath): string {
  return identifierOf(namedPrefix(path));
}

/** A SELECT's projection: each path's value under its projected name, two of which may not be the same. */
export interface StatementProjection {
  readonly paths: Projection;
  readonly names: readonly string[];
}

export function statementProjection(prepared: PreparedStatement, select: SelectStatement): StatementProjection | undefined {
  if (select.projection === undefined) return undefined;
  const paths = prepared.translator.projection(select.projection);
  // Two paths to the same name are refused by their whole names ("l[1][0]"), before
  // any overlap of the paths, though an item names l[1][0] "l[1]".
  const identifiers = paths.map(identifierOf);
  const duplicate = identifiers.find((name, at) => identifiers.indexOf(name) !== at);
  if (duplicate !== undefined) throw invalidStatement(`Duplicate identifiers in select clause: ${duplicate}`);
  prepared.translator.checkDisjoint(paths);
  return { paths, names: paths.map(projectedName) };
}

/** The value under a projected path's name: what is at its named prefix, cut down to the rest of the path as a ProjectionExpression cuts. */
function namedValue(item: Item, path: DocumentPath): AttributeValue | undefined {
  const prefix = namedPrefix(path);
  const whole = readPath(item, prefix);
  if (whole === undefined || prefix.length === path.length) return whole;
  return projectItem({ value: whole }, [['value', ...path.slice(prefix.length)]]).value;
}

export function projectStatementItem(item: Item, projection: StatementProjection | undefined): Item {
  if (projection === undefined) return item;
  const projected: Record<string, AttributeValue> = {};
  projection.paths.forEach((path, at) => {
    const value = namedValue(item, path);
    if (value !== undefined) projected[projection.names[at]!] = value;
  });
  return projected;
}

/** ORDER BY: only with a WHERE that fixes the partition, only by key attributes; it sets the direction of the sort key. */
function forwardOf(select: SelectStatement, prepared: PreparedStatement, partitionCount: number | undefined): boolean {
  // Several partitions are read one after another, each in the order asked; DynamoDB
  // Local, whose PartiQL front end is AWS's, accepts ORDER BY the sort key alone there.
  if (select.orderBy.length === 0) return true;
  if (select.where === undefined) throw invalidStatement('Must have WHERE clause in the statement when using ORDER BY clause.');
  if (partitionCount === undefined)
    throw invalidStatement('Must have at least one non-optional hash key condition in WHERE clause when using ORDER BY clause.');
  const target = readTarget(prepared.table, prepared.index);
  const keyNames = [...target.partitionKeys, ...target.sortKeys].map((attribute) => attribute.name);
  for (const item of select.orderBy) {
    const name = item.path.steps.length === 1 ? item.path.steps[0].name : undefined;
    if (name === undefined || !keyNames.includes(name)) {
      throw invalidStatement(`Variable reference ${item.path.steps[0].name} in ORDER BY clause must be part of the primary key`);
    }
  }
  const sortNames = target.sortKeys.map((attribute) => attribute.name);
  const bySort = select.orderBy.find((item) => sortNames.includes(item.path.steps[0].name));
  return bySort === undefined || !bySort.descending;
}

export interface SelectRequest {
  readonly Limit?: number | undefined;
  readonly NextToken?: string | undefined;
  readonly ConsistentRead?: boolean | undefined;
  readonly ReturnConsumedCapacity?: string | undefined;
}

/**
 * One page of a SELECT. Its partitions are read one after another, each from where
 * the last page stopped; a page ends at Limit items read, at 1 MB read, or after the
 * last partition, and its NextToken names where the next one starts.
 */
export async function selectPage(
  context: RequestContext,
  prepared: PreparedStatement,
  select: SelectStatement,
  request: SelectRequest,
): Promise<OperationResult> {
  const { table, index, translator } = prepared;
  const where: Condition | undefined = select.where === undefined ? undefined : translator.condition(select.where);
  // One item named by its whole key needs no key ranges planned. With a Limit it is
  // read as the Query of its key is, which stops at Limit with a NextToken even when
  // nothing follows (as DynamoDB Local, whose PartiQL front end is AWS's, answers).
  const named = index === undefined && request.NextToken === undefined && request.Limit === undefined ? namedItem(table, where) : undefined;
  const queries = named === undefined ? partitionQueries(readTarget(table, index), where) : undefined;
  const forward = forwardOf(select, prepared, named === undefined ? queries?.length : 1);
  const projection = statementProjection(prepared, select);
  checkGsiHoldsProjection(table, index, projection?.paths);
  const consistentRead = request.ConsistentRead === true;
  // AWS's words for PartiQL (nubo-db/dynamodb-conformance, pinned against AWS), not Query's.
  if (consistentRead && index?.kind === 'GSI') throw invalidStatement('Strongly consistent read is not supported on Global Secondary Indexes');
  const start = request.NextToken === undefined ? { partition: 0 } : decodeNextToken(request.NextToken, prepared.text, prepared.parameters);
  const readCount = queries?.length ?? 1;
  if (start.partition >= Math.max(readCount, 1)) throw invalidStatement('Invalid NextToken');
  const read =
    named === undefined
      ? await readPartitions(context, prepared, { where, queries, forward, consistentRead, start, limit: request.Limit })
      : await readNamedItem(context, named, where!, consistentRead);
  return selectResponse(prepared, read, projection, request.ReturnConsumedCapacity);
}

/** What a SELECT's page read: the items that passed its WHERE, the units spent, and where the next page starts. */
interface SelectRead {
  readonly items: readonly StoredItem[];
  readonly units: number;
  readonly next?: StatementPosition | undefined;
}

interface PartitionReads {
  readonly where: Condition | undefined;
  /** One key condition per partition, or undefined for a Scan. */
  readonly queries: readonly KeyCondition[] | undefined;
  readonly forward: boolean;
  readonly consistentRead: boolean;
  readonly start: StatementPosition;
  readonly limit: number | undefined;
}

/**
 * A SELECT that names one item by its whole primary key reads it as GetItem does, at
 * GetItem's cost (a Query of the key would cost the same when the item is there,
 * nothing when it is not; AWS charges such a SELECT as the GetItem it is).
 */
async function readNamedItem(context: RequestContext, named: NamedItem, where: Condition, consistentRead: boolean): Promise<SelectRead> {
  const stored = await context.engine.getItem(named.key);
  const matches = stored !== undefined && evaluateCondition(where, stored.item);
  return { items: matches ? [stored] : [], units: readCapacityUnits(stored?.sizeBytes ?? 0, consistentRead) };
}

async function readPartitions(context: RequestContext, prepared: PreparedStatement, reads: PartitionReads): Promise<SelectRead> {
  const { table, index } = prepared;
  const { queries, start, limit } = reads;
  const readCount = queries?.length ?? 1;
  const items: StoredItem[] = [];
  let units = 0;
  let scanned = 0;
  let bytes = 0;
  for (let partition = start.partition; partition < readCount; partition++) {
    const plan: ReadPlan = {
      table,
      index,
      keys: queries === undefined ? { kind: 'scan' } : { kind: 'query', condition: queries[partition]!, forward: reads.forward },
      exclusiveStartKey: partition === start.partition ? start.exclusiveStartKey : undefined,
      limit: limit === undefined ? undefined : limit - scanned,
      filter: reads.where,
      filterMayNameKeys: true,
      bytesMax: PAGE_BYTES_MAX - bytes,
      consistentRead: reads.consistentRead,
    };
    const page = await context.engine.read(plan);
    items.push(...page.items);
    units += page.consumedReadUnits;
    scanned += page.scannedCount;
    bytes += page.scannedBytes;
    if (page.lastEvaluatedKey !== undefined) return { items, units, next: { partition, exclusiveStartKey: page.lastEvaluatedKey } };
    if ((limit !== undefined && scanned >= limit) || bytes >= PAGE_BYTES_MAX) {
      return { items, units, next: partition + 1 < readCount ? { partition: partition + 1 } : undefined };
    }
  }
  return { items, units };
}

/** The page as a response; with no projection the stored JSON of the items is spliced in unparsed, as for Query. */
function selectResponse(prepared: PreparedStatement, read: SelectRead, projection: StatementProjection | undefined, mode: string | undefined): OperationResult {
  const tail = {
    ...(read.next === undefined ? {} : { NextToken: encodeNextToken(prepared.text, prepared.parameters, read.next) }),
    // AWS also names the key a page stopped after (a response of AWS's on record:
    // aws/aws-sdk-js#4475), though only NextToken resumes a statement.
    ...(read.next?.exclusiveStartKey === undefined ? {} : { LastEvaluatedKey: read.next.exclusiveStartKey }),
    ...consumedCapacityField(mode, prepared.table.name, read.units, prepared.index),
  };
  if (projection !== undefined) return { Items: read.items.map((stored) => projectStatementItem(stored.item, projection)), ...tail };
  const tailJson = JSON.stringify(tail);
  return new RawJson(`{"Items":[${read.items.map((stored) => stored.jsonText).join(',')}]${tailJson === '{}' ? '}' : `,${tailJson.slice(1)}`}`);
}

/** A SELECT of one item by its whole primary key and nothing else, as batches and transactions read: its key and projection, or undefined. */
/** One item a batch or a transaction reads by its key, and what of it the SELECT projects. */
export interface SingleItemRead extends TransactionalGet {
  readonly projection?: StatementProjection;
}

export function singleItemSelect(prepared: PreparedStatement, select: SelectStatement): SingleItemRead | undefined {
  if (prepared.index !== undefined || select.where === undefined) return undefined;
  const found = namedItem(prepared.table, prepared.translator.condition(select.where));
  if (found === undefined) return undefined;
  if (found.remaining.length > 0) return undefined;
  const projection = statementProjection(prepared, select);
  return { table: prepared.table, key: found.key, ...(projection === undefined ? {} : { projection }) };
}

/** What a write statement's RETURNING clause gives back: the item as UpdateItem's (or DeleteItem's) ReturnValues would. */
export function returnedItems(write: PlannedWrite, outcome: WriteOutcome): Item[] {
  if (write.returning === undefined) return [];
  const attributes = write.update === undefined ? outcome.previous?.item : returnedAttributes(write.returning, write.update, outcome.previous, outcome.next);
  return attributes === undefined || Object.keys(attributes).length === 0 ? [] : [attributes];
}

/** Runs one write; an INSERT that finds its item fails as a duplicate, not as a condition. */
export async function runWrite(context: RequestContext, write: PlannedWrite): Promise<WriteOutcome> {
  try {
    return await context.engine.writeItem(write.mutation);
  } catch (error) {
    if (write.kind === 'insert' && error instanceof DynamoDBError && error.type === 'ConditionalCheckFailedException') throw duplicateItem();
    throw error;
  }
}
