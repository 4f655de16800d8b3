import { createHash } from 'node:crypto';
import { transactionCanceled, type CancellationReason } from '../../engine/transactions.js';
import { itemSizeBytes } from '../../model/item-size.js';
import { DynamoDBError } from '../../model/errors.js';
import { TRANSACTION_ACTIONS_MAX, TRANSACTION_BYTES_MAX } from '../../model/limits.js';
import { invalidStatement, StatementCheckError } from '../../partiql/errors.js';
import { cachedStatement } from '../../partiql/parse-cache.js';
import { duplicateItem, planWrite, type PlannedWrite } from '../../partiql/write-plan.js';
import { RETURN_CONSUMED_CAPACITY } from '../common.js';
import type { RequestContext } from '../context.js';
import { checkOneItemPerAction } from '../distinct-keys.js';
import { RETURN_VALUES_ON_CONDITION_CHECK_FAILURE } from '../expression-parameters.js';
import type { DeclaredOperation } from '../operation-registry.js';
import { PARAMETERS, prepareStatement, projectStatementItem, singleItemSelect, STATEMENT, type PreparedStatement, type SingleItemRead } from '../statements.js';
import { committedCapacityField, repeatCapacityField } from '../transaction-capacity.js';
import { transactionalGetResponse } from '../transactional-gets.js';
import { list, string, structure, type Infer } from '../validation/shape.js';
import { validateRequest } from '../validation/validate.js';

const REQUEST_SHAPE = structure(
  {
    TransactStatements: list(
      structure({ Statement: STATEMENT, Parameters: PARAMETERS, ReturnValuesOnConditionCheckFailure: RETURN_VALUES_ON_CONDITION_CHECK_FAILURE }, ['Statement']),
      { min: 1, max: TRANSACTION_ACTIONS_MAX },
    ),
    ClientRequestToken: string({ min: 1, max: 36 }),
    ReturnConsumedCapacity: RETURN_CONSUMED_CAPACITY,
  },
  ['TransactStatements'],
);

type ExecuteTransactionRequest = Infer<typeof REQUEST_SHAPE>;
type TransactStatement = ExecuteTransactionRequest['TransactStatements'][number];

type Planned =
  | { readonly kind: 'read'; readonly read: SingleItemRead }
  | { readonly kind: 'write'; readonly write: PlannedWrite }
  | { readonly kind: 'failed'; readonly reason: CancellationReason };

function plan(prepared: PreparedStatement, transactStatement: TransactStatement): Planned {
  const { statement } = prepared;
  if ((statement.kind === 'update' || statement.kind === 'delete') && statement.returning !== undefined) {
    throw invalidStatement('RETURNING clause is not supported in ExecuteTransaction.');
  }
  if (statement.kind === 'select') {
    const read = singleItemSelect(prepared, statement);
    if (read === undefined) throw invalidStatement('Select statements within ExecuteTransaction must specify the primary key in the where clause.');
    return { kind: 'read', read };
  }
  if (prepared.index !== undefined) throw invalidStatement('Operations on indices are not supported in transactions');
  const returnItemOnConditionFailure = transactStatement.ReturnValuesOnConditionCheckFailure === 'ALL_OLD';
  return { kind: 'write', write: planWrite(prepared.text, statement, prepared.table, prepared.translator, { returnItemOnConditionFailure }) };
}

function inStatement(error: DynamoDBError, at: number): DynamoDBError {
  return invalidStatement(`Validation failed in TransactStatements[${at}]: ${error.message}`);
}

/**
 * A statement's own errors name the statement, as AWS words them
 * (nubo-db/dynamodb-conformance, tier2 executeTransaction, against AWS); a statement
 * that does not parse, or names no table, fails the request in its own words. Which
 * is which follows DynamoDB Local, whose PartiQL front end is AWS's: an index read is
 * refused before the index is looked for, a parameter count or a write to an index
 * names the statement, a set operation (UNION ...) is an operation a transaction does
 * not run, and a key value of the wrong type is found as the transaction runs, as
 * TransactWriteItems finds one, cancelling it with a ValidationError reason.
 */
async function planStatement(context: RequestContext, transactStatement: TransactStatement, at: number): Promise<Planned> {
  let prepared: PreparedStatement;
  try {
    const { statement } = cachedStatement(transactStatement.Statement);
    if (statement.kind === 'select' && statement.indexName !== undefined)
      throw inStatement(invalidStatement('Reads on indices are not supported within transactions.'), at);
    prepared = await prepareStatement(context, transactStatement.Statement, transactStatement.Parameters);
  } catch (error) {
    if (error instanceof StatementCheckError && error.check === 'setOperation') throw invalidStatement('Unsupported operation in transaction.');
    if (error instanceof StatementCheckError && (error.check === 'parameterCount' || error.check === 'indexWrite')) throw inStatement(error, at);
    throw error;
  }
  try {
    return plan(prepared, transactStatement);
  } catch (error) {
    if (error instanceof StatementCheckError && error.check === 'keyType')
      return { kind: 'failed', reason: { Code: 'ValidationError', Message: error.message } };
    if (error instanceof DynamoDBError && error.type === 'ValidationException') throw inStatement(error, at);
    throw error;
  }
}

/**
 * A reused ClientRequestToken, in the words ExecuteTransaction uses (DynamoDB Local's,
 * whose PartiQL front end is AWS's); TransactWriteItems words it otherwise.
 */
function withStatementTokenWords(error: unknown): unknown {
  if (!(error instanceof DynamoDBError) || error.type !== 'IdempotentParameterMismatchException') return error;
  return new DynamoDBError(error.type, 'Specified idempotent token was used with different request parameters within the idempotency window');
}

/** An INSERT that finds its item is cancelled as a duplicate, as it fails alone, not as a failed condition. */
function withDuplicateReasons(error: unknown, writes: readonly PlannedWrite[]): unknown {
  if (!(error instanceof DynamoDBError) || error.type !== 'TransactionCanceledException') return error;
  const reasons = error.extraFields.CancellationReasons as readonly CancellationReason[];
  const duplicate = duplicateItem();
  return transactionCanceled(
    reasons.map((reason, at) =>
      writes[at]?.kind === 'insert' && reason.Code === 'ConditionalCheckFailed' ? { Code: 'DuplicateItem', Message: duplicate.message } : reason,
    ),
  );
}

async function writeTransaction(
  context: RequestContext,
  request: ExecuteTransactionRequest,
  writes: readonly PlannedWrite[],
): Promise<Record<string, unknown>> {
  const mutations = writes.map((write) => write.mutation);
  checkOneItemPerAction(mutations.map((mutation) => mutation.key));
  const sizeBytes = mutations.reduce((total, mutation) => total + (mutation.action.kind === 'put' ? itemSizeBytes(mutation.action.item) : 0), 0);
  if (sizeBytes > TRANSACTION_BYTES_MAX) throw DynamoDBError.validation('Transaction size has exceeded the maximum allowed size of 4 MB');
  const token = request.ClientRequestToken;
  const requestHash = createHash('sha256').update(JSON.stringify(request.TransactStatements)).digest('hex');
  let result;
  try {
    result = await context.engine.transactWriteItems(
      context.namespace,
      mutations.map((mutation) => ({ mutation })),
      token === undefined ? undefined : { token, requestHash },
    );
  } catch (error) {
    throw withDuplicateReasons(withStatementTokenWords(error), writes);
  }
  const capacity = result.repeated
    ? repeatCapacityField(
        request.ReturnConsumedCapacity,
        writes.map((write) => write.table),
        result.items,
      )
    : committedCapacityField(request.ReturnConsumedCapacity, mutations, result.outcomes);
  return { Responses: [], ...capacity };
}

/**
 * ExecuteTransaction: up to 100 statements, all SELECTs of single items (read as one
 * moment, as TransactGetItems reads) or all writes and EXISTS checks (committed
 * together or not at all, as TransactWriteItems commits, ClientRequestToken included).
 */
export const executeTransaction: DeclaredOperation = {
  requestShape: REQUEST_SHAPE,
  async execute(body, context) {
    const request = validateRequest(REQUEST_SHAPE, body);
    const planned: Planned[] = [];
    for (const [at, transactStatement] of request.TransactStatements.entries()) planned.push(await planStatement(context, transactStatement, at));
    const reads = planned.flatMap((entry) => (entry.kind === 'read' ? [entry.read] : []));
    const writes = planned.flatMap((entry) => (entry.kind === 'write' ? [entry.write] : []));
    if (reads.length > 0 && writes.length > 0)
      throw invalidStatement('ExecuteTransaction API does not support both read and write operations in the same request.');
    // The transaction stops at the first such key: the statements after it are not
    // looked at, and have no reason of their own (None), as DynamoDB Local answers.
    const failed = planned.findIndex((entry) => entry.kind === 'failed');
    if (failed >= 0) throw transactionCanceled(planned.map((entry, at) => (at === failed && entry.kind === 'failed' ? entry.reason : { Code: 'None' })));
    if (reads.length === 0) return writeTransaction(context, request, writes);
    checkOneItemPerAction(reads.map((read) => read.key));
    return transactionalGetResponse(context, reads, (item, at) => projectStatementItem(item, reads[at]!.projection), request.ReturnConsumedCapacity);
  },
};
