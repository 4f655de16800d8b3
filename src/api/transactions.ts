import type { PrimaryKey } from '../engine/primary-key.js';
import { DynamoDBError } from '../model/errors.js';
import { DistinctKeys } from './common.js';

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
export function checkOneItemPerAction(keys: readonly PrimaryKey[]): void {
  const distinct = new DistinctKeys('Transaction request cannot include multiple operations on one item');
  for (const key of keys) distinct.add(key);
}
