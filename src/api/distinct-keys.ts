import type { PrimaryKey } from '../engine/primary-key.js';
import { DynamoDBError } from '../model/errors.js';
import { keyId } from '../storage/store.js';
import { AWS_MESSAGES } from '../model/aws-messages.js';

/** BatchGetItem's and BatchWriteItem's message for a key given twice. */
export const DUPLICATE_KEYS = 'Provided list of item keys contains duplicates';

/** Keys one request names, each at most once: a repeat fails the request with the request's own message. */
export class DistinctKeys {
  private readonly seen = new Set<string>();

  constructor(private readonly repeatMessage: string) {}

  add(key: PrimaryKey): void {
    const id = keyId(key.storageKey);
    if (this.seen.has(id)) throw DynamoDBError.validation(this.repeatMessage);
    this.seen.add(id);
  }
}

/** A transaction may touch each item once. */
export function checkOneItemPerAction(keys: readonly PrimaryKey[]): void {
  const distinct = new DistinctKeys(AWS_MESSAGES.transactionSameItem.text);
  for (const key of keys) distinct.add(key);
}
