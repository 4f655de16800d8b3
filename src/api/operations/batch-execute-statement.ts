import { readCapacityUnits } from '../../engine/capacity.js';
import type { TableDefinition } from '../../engine/table-definition.js';
import { DynamoDBError } from '../../model/errors.js';
import { PARTIQL_BATCH_STATEMENTS_MAX } from '../../model/limits.js';
import type { SelectStatement } from '../../partiql/ast.js';
import { invalidStatement } from '../../partiql/errors.js';
import { EXISTS_OUTSIDE_TRANSACTION, isDataDefinition } from '../../partiql/parser.js';
import { planWrite, type PlannedWrite } from '../../partiql/write-plan.js';
import { RETURN_CONSUMED_CAPACITY } from '../common.js';
import { CapacityTally } from '../consumed-capacity.js';
import type { RequestContext } from '../context.js';
import { DistinctKeys, DUPLICATE_KEYS } from '../distinct-keys.js';
import { RETURN_VALUES_ON_CONDITION_CHECK_FAILURE } from '../expression-parameters.js';
import type { DeclaredOperation } from '../operation-registry.js';
import {
  PARAMETERS,
  prepareStatement,
  projectStatementItem,
  returnedItems,
  runWrite,
  singleItemSelect,
  STATEMENT,
  type PreparedStatement,
  type SingleItemRead,
} from '../statements.js';
import { BOOLEAN, list, structure, type Infer } from '../validation/shape.js';
import { validateRequest } from '../validation/validate.js';

const REQUEST_SHAPE = structure(
  {
    Statements: list(
      structure(
        {
          Statement: STATEMENT,
          Parameters: PARAMETERS,
          ConsistentRead: BOOLEAN,
          ReturnValuesOnConditionCheckFailure: RETURN_VALUES_ON_CONDITION_CHECK_FAILURE,
        },
        ['Statement'],
      ),
      { min: 1, max: PARTIQL_BATCH_STATEMENTS_MAX },
    ),
    ReturnConsumedCapacity: RETURN_CONSUMED_CAPACITY,
  },
  ['Statements'],
);

type BatchStatement = Infer<typeof REQUEST_SHAPE>['Statements'][number];

/** BatchStatementError's codes for the errors a statement can fail with alone. */
const ERROR_CODES: Readonly<Record<string, string>> = {
  ValidationException: 'ValidationError',
  ConditionalCheckFailedException: 'ConditionalCheckFailed',
  DuplicateItemException: 'DuplicateItem',
  ResourceNotFoundException: 'ResourceNotFound',
  ItemCollectionSizeLimitExceededException: 'ItemCollectionSizeLimitExceeded',
  TransactionConflictException: 'TransactionConflict',
};

/** One statement's place in the batch: ready to run, or already answered with its error. */
type Planned =
  | { readonly kind: 'read'; readonly read: SingleItemRead; readonly consistentRead: boolean }
  | { readonly kind: 'write'; readonly write: PlannedWrite }
  | { readonly kind: 'failed'; readonly response: Record<string, unknown> };

/** A statement's error as its response; TableName is named once the statement got as far as its item. */
function failure(error: unknown, table?: TableDefinition): Record<string, unknown> {
  const code = error instanceof DynamoDBError ? ERROR_CODES[error.type] : undefined;
  if (code === undefined) throw error;
  return { Error: { Code: code, Message: (error as DynamoDBError).message }, ...(table === undefined ? {} : { TableName: table.name }) };
}

/**
 * CREATE, DROP or ALTER: BatchExecuteStatement refuses a statement that is not DML in
 * words of its own (DynamoDB Local's, whose PartiQL front end is AWS's), where
 * ExecuteStatement and ExecuteTransaction name the operation.
 */
function refuseDataDefinition(text: string): void {
  if (isDataDefinition(text)) throw invalidStatement('Invalid operation. Only select, insert, update and delete operations are valid');
}

/** Whether a statement reads or writes, by its kind; undefined for one that did not parse. */
function isRead(prepared: PreparedStatement): boolean {
  return prepared.statement.kind === 'select';
}

function plan(prepared: PreparedStatement, batchStatement: BatchStatement): Planned {
  const { statement } = prepared;
  if (statement.kind === 'exists') throw invalidStatement(EXISTS_OUTSIDE_TRANSACTION);
  if (statement.kind === 'select') {
    const read = singleItemSelect(prepared, statement as SelectStatement);
    // AWS's words (nubo-db/dynamodb-conformance, tier2 batchExecuteStatement, pinned
    // against AWS); DynamoDB Local says "Only single item select is supported".
    if (read === undefined) throw invalidStatement('Select statements within BatchExecuteStatement must specify the primary key in the where clause.');
    return { kind: 'read', read, consistentRead: batchStatement.ConsistentRead === true };
  }
  // AWS returns no Item with a failed condition in a batch, whatever
  // ReturnValuesOnConditionCheckFailure asks (nubo-db/dynamodb-conformance, tier2
  // batchExecuteStatement, against AWS), though the API reference says it would.
  return { kind: 'write', write: planWrite(prepared.text, statement, prepared.table, prepared.translator, {}) };
}

async function runReads(context: RequestContext, planned: readonly Planned[], capacity: CapacityTally): Promise<Record<string, unknown>[]> {
  const reads = planned.flatMap((entry) => (entry.kind === 'read' ? [entry] : []));
  const items = await context.engine.getItems(reads.map((entry) => entry.read.key));
  let next = 0;
  return planned.map((entry) => {
    if (entry.kind !== 'read') return (entry as Extract<Planned, { kind: 'failed' }>).response;
    const stored = items[next++];
    const { table, projection } = entry.read;
    capacity.addTable(table.name, readCapacityUnits(stored?.sizeBytes ?? 0, entry.consistentRead));
    return { TableName: table.name, ...(stored === undefined ? {} : { Item: projectStatementItem(stored.item, projection) }) };
  });
}

async function runWrites(context: RequestContext, planned: readonly Planned[], capacity: CapacityTally): Promise<Record<string, unknown>[]> {
  return Promise.all(
    planned.map(async (entry) => {
      if (entry.kind !== 'write') return (entry as Extract<Planned, { kind: 'failed' }>).response;
      const { write } = entry;
      try {
        const outcome = await runWrite(context, write);
        capacity.addWrite(write.table, outcome);
        const [item] = returnedItems(write, outcome);
        return { TableName: write.table.name, ...(item === undefined ? {} : { Item: item }) };
      } catch (error) {
        return failure(error, write.table);
      }
    }),
  );
}

/**
 * BatchExecuteStatement: up to 25 single-item statements, all reads or all writes.
 * Each statement succeeds or fails alone, its error in its place among Responses; a
 * batch that mixes reads and writes, or names one item twice, fails whole. Reads are
 * BatchGetItem's (one consistent read of every item); each write is its own
 * conditional write, as it would be in ExecuteStatement.
 */
export const batchExecuteStatement: DeclaredOperation = {
  requestShape: REQUEST_SHAPE,
  async execute(body, context) {
    const request = validateRequest(REQUEST_SHAPE, body);
    const planned: Planned[] = [];
    const kinds = new Set<boolean>();
    for (const batchStatement of request.Statements) {
      try {
        refuseDataDefinition(batchStatement.Statement);
        const prepared = await prepareStatement(context, batchStatement.Statement, batchStatement.Parameters);
        kinds.add(isRead(prepared));
        planned.push(plan(prepared, batchStatement));
      } catch (error) {
        planned.push({ kind: 'failed', response: failure(error) });
      }
    }
    if (kinds.size > 1) throw invalidStatement('Read and write requests together in the same batch is not supported.');
    const distinct = new DistinctKeys(DUPLICATE_KEYS);
    for (const entry of planned) {
      if (entry.kind === 'read') distinct.add(entry.read.key);
      else if (entry.kind === 'write') distinct.add(entry.write.mutation.key);
    }
    const capacity = new CapacityTally();
    const responses = kinds.has(true) ? await runReads(context, planned, capacity) : await runWrites(context, planned, capacity);
    return { Responses: responses, ...capacity.listField(request.ReturnConsumedCapacity) };
  },
};
