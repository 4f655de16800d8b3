import { RefusedRequestError, type RawDynamoDBClient } from '../test/support/raw-client.js';

/** Creating and loading the tables the workloads use, the same way on every server. */

/** The payload of the items written and read: with its key, an item of about 1 KB. */
export const PAYLOAD = 'x'.repeat(1000);
/** BatchWriteItem's maximum of 25 put or delete requests (DynamoDB API Reference). */
export const BATCH_ITEMS = 25;
/** BatchWriteItem calls in flight at once while loading. */
const LOADERS = 16;
const ACTIVE_POLL_MS = 50;

export interface TableOptions {
  /** The name of a numeric sort key, the partition key being `p`; without it, a string partition key `id` alone. */
  readonly sortKey?: string;
  /** A NEW_AND_OLD_IMAGES stream, the view that costs a server most: both images of every write. */
  readonly stream?: boolean;
}

/** The table's description once it is ACTIVE. */
export interface TableDescription {
  readonly TableStatus: string;
  /** Present when the table has a stream, on a server that implements DynamoDB Streams. */
  readonly LatestStreamArn?: string;
}

export async function createTable(client: RawDynamoDBClient, name: string, options: TableOptions = {}): Promise<TableDescription> {
  const { sortKey, stream = false } = options;
  await client.send('CreateTable', {
    TableName: name,
    KeySchema: [
      { AttributeName: sortKey === undefined ? 'id' : 'p', KeyType: 'HASH' },
      ...(sortKey === undefined ? [] : [{ AttributeName: sortKey, KeyType: 'RANGE' }]),
    ],
    AttributeDefinitions:
      sortKey === undefined
        ? [{ AttributeName: 'id', AttributeType: 'S' }]
        : [
            { AttributeName: 'p', AttributeType: 'S' },
            { AttributeName: sortKey, AttributeType: 'N' },
          ],
    BillingMode: 'PAY_PER_REQUEST',
    ...(stream ? { StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' } } : {}),
  });
  // Some servers create tables asynchronously, as AWS does.
  for (;;) {
    const described = (await client.send('DescribeTable', { TableName: name })) as { Table: TableDescription };
    if (described.Table.TableStatus === 'ACTIVE') return described.Table;
    await new Promise((resolve) => setTimeout(resolve, ACTIVE_POLL_MS));
  }
}

/**
 * Creates a table with a stream and returns its stream's ARN, or why the server has
 * no DynamoDB Streams: dynalite accepts StreamSpecification and ignores it (no
 * LatestStreamArn), and a Strata from before streams refuses it.
 */
export async function createStreamedTable(client: RawDynamoDBClient, name: string): Promise<{ streamArn: string } | { noStreams: string }> {
  let table: TableDescription;
  try {
    table = await createTable(client, name, { stream: true });
  } catch (error) {
    if (!(error instanceof RefusedRequestError)) throw error;
    return { noStreams: `no DynamoDB Streams (CreateTable refused StreamSpecification: ${error.type})` };
  }
  return table.LatestStreamArn === undefined
    ? { noStreams: 'no DynamoDB Streams (CreateTable gave no LatestStreamArn)' }
    : { streamArn: table.LatestStreamArn };
}

/** Writes `count` items made by `item`, 25 per BatchWriteItem, several batches at once. */
export async function load(client: RawDynamoDBClient, table: string, count: number, item: (index: number) => unknown): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: LOADERS }, async () => {
      while (next < count) {
        const first = next;
        next = Math.min(count, next + BATCH_ITEMS);
        const requests = Array.from({ length: next - first }, (_, offset) => ({ PutRequest: { Item: item(first + offset) } }));
        let pending: unknown = { [table]: requests };
        while (pending !== undefined && Object.keys(pending as object).length > 0) {
          const answer = (await client.send('BatchWriteItem', { RequestItems: pending })) as { UnprocessedItems?: unknown };
          pending = answer.UnprocessedItems;
        }
      }
    }),
  );
}
