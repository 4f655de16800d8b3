/**
 * One page of a list that pages by the id of the last entry given (ListStreams by
 * stream ARN, DescribeStream by shard id): the entries after `exclusiveStartId` (all
 * of them when it names none, as DynamoDB Local answers), at most `limit`, and the
 * id to start the next page after, when one follows.
 */
export function pageAfter<T>(
  entries: readonly T[],
  idOf: (entry: T) => string,
  exclusiveStartId: string | undefined,
  limit: number,
): { page: T[]; lastEvaluatedId?: string } {
  const startAt = exclusiveStartId === undefined ? 0 : entries.findIndex((entry) => idOf(entry) === exclusiveStartId) + 1;
  const page = entries.slice(startAt, startAt + limit);
  return startAt + limit < entries.length ? { page, lastEvaluatedId: idOf(page[page.length - 1]!) } : { page };
}
