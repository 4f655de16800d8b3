import { setTimeout as sleep } from 'node:timers/promises';
import { BatchWriteCommand, type BatchWriteWriteRequest, type DynamoDBDocumentClient, type NativeAttributeValue } from '@aws-sdk/lib-dynamodb';

/**
 * Batch helpers for the patterns chapters. 04-batch-operations explains them step by step;
 * the other chapters use `putAll` to load their data.
 */

/** BatchWriteItem accepts at most 25 put or delete requests per call. */
export const MAX_WRITES_PER_BATCH = 25;
/** BatchGetItem accepts at most 100 keys per call. */
export const MAX_KEYS_PER_BATCH_GET = 100;

export type Item = Record<string, NativeAttributeValue>;

/** Splits `list` into consecutive pieces of at most `size` elements. */
export function chunk<T>(list: readonly T[], size: number): T[][] {
  const pieces: T[][] = [];
  for (let start = 0; start < list.length; start += size) pieces.push(list.slice(start, start + size));
  return pieces;
}

/** The map itself when it has at least one table in it, otherwise undefined: how a batch answer says "nothing left over". */
export function nonEmpty<Leftover extends object>(leftover: Leftover | undefined): Leftover | undefined {
  return leftover !== undefined && Object.keys(leftover).length > 0 ? leftover : undefined;
}

export interface RetryOptions {
  /** Requests to send at most, the first one included, before giving up. */
  readonly maxAttempts?: number;
  /** The ceiling of the first wait; each later ceiling is twice the previous one. */
  readonly baseDelayMs?: number;
  /** No wait is ever longer than this. */
  readonly maxDelayMs?: number;
}

/** Eight calls at most, with waits whose ceilings double from 50 ms up to 2 s: at most about 5 s of waiting in all. */
export const DEFAULT_RETRY_OPTIONS: Required<RetryOptions> = { maxAttempts: 8, baseDelayMs: 50, maxDelayMs: 2_000 };

/** The longest wait after `failedAttempts` unsuccessful calls: doubling from `baseDelayMs`, never above `maxDelayMs`. */
export function backoffCeilingMs(failedAttempts: number, baseDelayMs: number, maxDelayMs: number): number {
  return Math.min(maxDelayMs, baseDelayMs * 2 ** (failedAttempts - 1));
}

/**
 * Exponential backoff with full jitter: the wait is a random time below the ceiling, so
 * clients that were throttled at the same moment do not all come back at the same moment.
 */
export function backoffDelayMs(failedAttempts: number, baseDelayMs: number, maxDelayMs: number): number {
  return Math.random() * backoffCeilingMs(failedAttempts, baseDelayMs, maxDelayMs);
}

/**
 * Sends `request`, then keeps resending whatever the answer left unprocessed, waiting a
 * little longer each time, until nothing is left. `send` performs one call and returns
 * its leftover request (UnprocessedItems or UnprocessedKeys, which have the shape of the
 * request) or undefined when everything was processed. Returns the number of calls made;
 * throws when the work is still unfinished after `maxAttempts` calls.
 */
export async function sendUntilProcessed<Request>(
  request: Request,
  send: (request: Request) => Promise<Request | undefined>,
  options: RetryOptions = {},
): Promise<number> {
  const { maxAttempts, baseDelayMs, maxDelayMs } = { ...DEFAULT_RETRY_OPTIONS, ...options };
  let pending = request;
  for (let attempt = 1; ; attempt++) {
    const leftover = await send(pending);
    if (leftover === undefined) return attempt;
    if (attempt >= maxAttempts) throw new Error(`Batch still has unprocessed requests after ${attempt} attempts`);
    pending = leftover;
    await sleep(backoffDelayMs(attempt, baseDelayMs, maxDelayMs));
  }
}

/**
 * Sends put and delete requests to one table, 25 per BatchWriteItem call, resending
 * unprocessed ones. Returns the number of calls made.
 */
export async function writeAll(doc: DynamoDBDocumentClient, tableName: string, writes: readonly BatchWriteWriteRequest[]): Promise<number> {
  let calls = 0;
  for (const piece of chunk(writes, MAX_WRITES_PER_BATCH)) {
    calls += await sendUntilProcessed<Record<string, BatchWriteWriteRequest[]>>({ [tableName]: piece }, async (requestItems) => {
      const { UnprocessedItems } = await doc.send(new BatchWriteCommand({ RequestItems: requestItems }));
      return nonEmpty(UnprocessedItems);
    });
  }
  return calls;
}

/** Puts every item into the table with `writeAll`. */
export async function putAll(doc: DynamoDBDocumentClient, tableName: string, items: readonly Item[]): Promise<number> {
  return writeAll(
    doc,
    tableName,
    items.map((item) => ({ PutRequest: { Item: item } })),
  );
}
