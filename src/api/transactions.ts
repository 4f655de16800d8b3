import type { PrimaryKey } from '../engine/primary-key.js';
import { DynamoDBError } from '../model/errors.js';
import { keyId } from '../storage/store.js';

/** What TransactWriteItems and TransactGetItems share: one item per action, and cancellations. */

export interface CancellationReason {
  readonly Code: string;
  readonly Message?: string;
  readonly Item?: unknown;
}

/** The errors an action can fail with that cancel the transaction, by their CancellationReason code. */
export const TRANSACTION_CANCELLED_CODES: Readonly<Record<string, string>> = {
  ConditionalCheckFailedException: 'ConditionalCheckFailed',
  ValidationException: 'ValidationError',
  ItemCollectionSizeLimitExceededException: 'ItemCollectionSizeLimitExceeded',
};

/** AWS's error for a cancelled transaction: one reason per action, in request order. */
export function transactionCanceled(reasons: readonly CancellationReason[]): DynamoDBError {
  return new DynamoDBError(
    'TransactionCanceledException',
    `Transaction cancelled, please refer cancellation reasons for specific reasons [${reasons.map((reason) => reason.Code).join(', ')}]`,
    400,
    'com.amazonaws.dynamodb.v20120810',
    { CancellationReasons: reasons },
  );
}

/** A transaction may touch each item once. */
export function checkOneItemPerAction(actions: ReadonlyArray<{ readonly key: PrimaryKey }>): void {
  const seen = new Set<string>();
  for (const { key } of actions) {
    const id = keyId(key.storageKey);
    if (seen.has(id)) throw DynamoDBError.validation('Transaction request cannot include multiple operations on one item');
    seen.add(id);
  }
}
