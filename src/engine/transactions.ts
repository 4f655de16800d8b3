import type { Clock } from '../model/clock.js';
import { DynamoDBError } from '../model/errors.js';
import type { StoredItem } from '../model/stored-item.js';
import { CLIENT_TOKEN_LIFETIME_MS } from './client-tokens.js';
import type { ItemStore, ItemTransaction, WriteOutcome } from './items.js';
import type { Mutation } from './mutation.js';
import { AWS_MESSAGES } from '../model/aws-messages.js';

/**
 * TransactWriteItems in the engine: every action commits in one storage transaction
 * or none does, a failed action cancels the whole with one reason per action, and a
 * ClientRequestToken makes a retry of a committed transaction apply nothing.
 */

/** One action of a transaction: a mutation, or the reason it is refused before anything runs. */
export type TransactionAction = { readonly mutation: Mutation } | { readonly refusal: string };

/** A ClientRequestToken and the digest of the actions it was first used with. */
export interface IdempotencyToken {
  readonly token: string;
  readonly requestHash: string;
}

export type TransactWriteResult =
  /** Committed: one outcome per action, in order. */
  | { readonly repeated: false; readonly outcomes: readonly WriteOutcome[] }
  /** A repeat of a transaction committed within the token's lifetime: nothing written; the items as they are now, one per action. */
  | { readonly repeated: true; readonly items: ReadonlyArray<StoredItem | undefined> };

export interface CancellationReason {
  readonly Code: string;
  readonly Message?: string;
  readonly Item?: unknown;
}

/** The errors an action can fail with that cancel the transaction, by their CancellationReason code. */
const CANCELLATION_CODES: Readonly<Record<string, string>> = {
  ConditionalCheckFailedException: 'ConditionalCheckFailed',
  ValidationException: 'ValidationError',
  ItemCollectionSizeLimitExceededException: 'ItemCollectionSizeLimitExceeded',
};

/** AWS's error for a cancelled transaction: one reason per action, in request order. */
export function transactionCanceled(reasons: readonly CancellationReason[]): DynamoDBError {
  return new DynamoDBError(
    'TransactionCanceledException',
    AWS_MESSAGES.transactionCancelled.text(reasons.map((reason) => reason.Code)),
    400,
    'com.amazonaws.dynamodb.v20120810',
    { CancellationReasons: reasons },
  );
}

function isCancellation(error: unknown): boolean {
  return error instanceof DynamoDBError && error.type === 'TransactionCanceledException';
}

/** Runs every action; if any fails, cancels the transaction with a reason per action. */
async function runActions(items: ItemTransaction, actions: readonly TransactionAction[]): Promise<WriteOutcome[]> {
  const reasons: CancellationReason[] = [];
  const outcomes: WriteOutcome[] = [];
  for (const action of actions) {
    if (!('mutation' in action)) {
      reasons.push({ Code: 'ValidationError', Message: action.refusal });
      continue;
    }
    try {
      outcomes.push(await items.write(action.mutation));
      reasons.push({ Code: 'None' });
    } catch (error) {
      const code = error instanceof DynamoDBError ? CANCELLATION_CODES[error.type] : undefined;
      if (code === undefined) throw error;
      const failure = error as DynamoDBError;
      // DynamoDB Local words a failed ConditionCheck with a final period, unlike the other actions.
      const checkFailed = action.mutation.action.kind === 'check' && failure.type === 'ConditionalCheckFailedException';
      reasons.push({ Code: code, Message: checkFailed ? `${failure.message}.` : failure.message, ...failure.extraFields });
    }
  }
  if (reasons.some((reason) => reason.Code !== 'None')) throw transactionCanceled(reasons);
  return outcomes;
}

/**
 * Conflicting transactions are serialized (the storage transaction runs again),
 * never half-applied; a cancellation stands only if what it read was one consistent
 * state; one that still conflicts after the storage layer's attempts is cancelled
 * with TransactionConflict reasons, as AWS's would be.
 */
export async function transactWrite(
  itemStore: ItemStore,
  clock: Clock,
  namespace: string,
  actions: readonly TransactionAction[],
  idempotency: IdempotencyToken | undefined,
): Promise<TransactWriteResult> {
  try {
    return await itemStore.transaction(
      async (items): Promise<TransactWriteResult> => {
        const nowMs = clock.nowMs();
        if (idempotency !== undefined) {
          const first = await items.clientToken(namespace, idempotency.token, nowMs);
          if (first !== undefined && first.requestHash !== idempotency.requestHash) {
            throw new DynamoDBError('IdempotentParameterMismatchException', 'Request parameters do not match the request with the same client token');
          }
          if (first !== undefined)
            return { repeated: true, items: await Promise.all(actions.map((action) => ('mutation' in action ? items.read(action.mutation.key) : undefined))) };
        }
        const outcomes = await runActions(items, actions);
        if (idempotency !== undefined) {
          items.rememberClientToken(namespace, idempotency.token, { requestHash: idempotency.requestHash, expiresAtMs: nowMs + CLIENT_TOKEN_LIFETIME_MS });
        }
        return { repeated: false, outcomes };
      },
      { decidedByReads: isCancellation },
    );
  } catch (error) {
    if (!(error instanceof DynamoDBError) || error.type !== 'TransactionConflictException') throw error;
    throw transactionCanceled(actions.map(() => ({ Code: 'TransactionConflict', Message: 'Transaction is ongoing for the item' })));
  }
}
