import assert from 'node:assert/strict';
import { BatchWriteItemCommand, type BatchWriteItemCommandOutput, type WriteRequest } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, BatchWriteCommand, GetCommand, paginateQuery, paginateScan, type BatchGetKeysAndAttributes } from '@aws-sdk/lib-dynamodb';
import { chapter, example, type ExampleContext } from '../support/example.js';
import { attributeTypes, keySchema } from '../support/helpers.js';
import { runWhenMain } from '../support/run.js';
import {
  backoffCeilingMs,
  chunk,
  DEFAULT_RETRY_OPTIONS,
  MAX_KEYS_PER_BATCH_GET,
  MAX_WRITES_PER_BATCH,
  nonEmpty,
  putAll,
  sendUntilProcessed,
  writeAll,
  type Item,
} from './batching.js';

/**
 * The batch helpers these examples use (chunk, sendUntilProcessed, writeAll, putAll) are
 * in ./batching.ts, next to this file: read them alongside.
 */

const skuOf = (number: number): string => `SKU-${String(number).padStart(4, '0')}`;

/** Products numbered from 1 to `count`; every third one is still sold, the others are discontinued. */
function products(count: number): Item[] {
  return Array.from({ length: count }, (_, index) => {
    const number = index + 1;
    return {
      sku: skuOf(number),
      name: `Product ${number}`,
      category: ['tools', 'garden', 'kitchen'][number % 3],
      price: Math.round(number * 1.25 * 100) / 100,
      discontinued: number % 3 !== 0,
      description: `A longer text that most listings never need (${number}). `.repeat(4),
    };
  });
}

async function createProductsTable(ex: ExampleContext): Promise<string> {
  return ex.createTable({
    TableName: 'products',
    KeySchema: keySchema('sku'),
    AttributeDefinitions: attributeTypes({ sku: 'S' }),
  });
}

/** Counts the table's items with a paginated, strongly consistent Scan that returns counts only. */
async function countItems(ex: ExampleContext, tableName: string): Promise<number> {
  let count = 0;
  for await (const page of paginateScan({ client: ex.doc }, { TableName: tableName, Select: 'COUNT', ConsistentRead: true })) count += page.Count ?? 0;
  return count;
}

/** Reads items by key, 100 keys per BatchGetItem call, resending unprocessed keys. */
async function getAll(ex: ExampleContext, tableName: string, keys: readonly Item[], options: Omit<BatchGetKeysAndAttributes, 'Keys'> = {}): Promise<Item[]> {
  const found: Item[] = [];
  for (const piece of chunk(keys, MAX_KEYS_PER_BATCH_GET)) {
    await sendUntilProcessed<Record<string, BatchGetKeysAndAttributes>>({ [tableName]: { ...options, Keys: piece } }, async (requestItems) => {
      const { Responses, UnprocessedKeys } = await ex.doc.send(new BatchGetCommand({ RequestItems: requestItems }));
      found.push(...(Responses?.[tableName] ?? []));
      return nonEmpty(UnprocessedKeys);
    });
  }
  return found;
}

const sortedSkus = (items: readonly Item[]): string[] => items.map((item) => String(item['sku'])).sort();

const writeInChunks = example('write-in-chunks', 'BatchWriteItem: 120 items in chunks of 25', async (ex) => {
  const tableName = await createProductsTable(ex);
  ex.say(
    'One BatchWriteItem call carries at most 25 put or delete requests (and 16 MB). Loading 120 items therefore takes 5 calls: the list is cut into chunks and each chunk is one request. It saves round trips, not capacity: each item is billed as if written on its own.',
  );
  const catalog = products(120);
  ex.show(
    'Chunk sizes',
    chunk(catalog, MAX_WRITES_PER_BATCH).map((piece) => piece.length),
  );
  const shortened = (item: Item): Item => ({ ...item, description: `${String(item['description']).slice(0, 20)}…` });
  ex.show('The first request, first two of its 25 puts', {
    RequestItems: { [tableName]: catalog.slice(0, 2).map((item) => ({ PutRequest: { Item: shortened(item) } })) },
  });
  const calls = await putAll(ex.doc, tableName, catalog);
  ex.show('BatchWriteItem calls made', calls);

  const stored = await countItems(ex, tableName);
  ex.show('Items in the table (Scan with Select COUNT)', stored);
  assert.equal(stored, 120);
  const { Item: last } = await ex.doc.send(new GetCommand({ TableName: tableName, Key: { sku: skuOf(120) }, ConsistentRead: true }));
  assert.deepEqual(last, catalog[119]);
  ex.say(
    'A batch is not a transaction: each put is atomic on its own, but some may succeed while others come back unprocessed, and there are no condition expressions. Each PutRequest replaces the whole item, as PutItem does; there is no batch UpdateItem.',
  );
});

const getInChunks = example('get-in-chunks', 'BatchGetItem: 150 keys in chunks of 100, with a ProjectionExpression', async (ex) => {
  const tableName = await createProductsTable(ex);
  const catalog = products(150);
  await putAll(ex.doc, tableName, catalog);
  ex.say(
    'BatchGetItem reads at most 100 keys per call (and at most 16 MB of answer). A ProjectionExpression per table trims every item to the attributes the caller needs; here the long description stays on the server.',
  );
  const missingSku = 'SKU-9999';
  const keys = [...catalog.map((item) => ({ sku: item['sku'] })), { sku: missingSku }];
  const projection = { ProjectionExpression: 'sku, #name, price', ExpressionAttributeNames: { '#name': 'name' }, ConsistentRead: true };
  ex.show(
    'Chunk sizes',
    chunk(keys, MAX_KEYS_PER_BATCH_GET).map((piece) => piece.length),
  );
  ex.show('Per-table options of each request', projection);
  const found = await getAll(ex, tableName, keys, projection);
  ex.show('Two of the items returned', found.slice(0, 2));

  assert.equal(found.length, 150);
  assert.deepEqual(sortedSkus(found), sortedSkus(catalog));
  assert.ok(
    found.every((item) => Object.keys(item).sort().join() === 'name,price,sku'),
    'only the projected attributes come back',
  );
  ex.say(
    `${missingSku} does not exist: it is simply absent from Responses, with no error. The answer does not follow the order of the keys either; match items to keys by their key attributes. ("name" is a reserved word, hence #name.)`,
  );
});

const retryUnprocessed = example('retry-unprocessed', 'Resending UnprocessedItems and UnprocessedKeys with exponential backoff and jitter', async (ex) => {
  const tableName = await createProductsTable(ex);
  ex.say(
    'A batch can partly fail without an error: the answer lists what was not done in UnprocessedItems (writes) or UnprocessedKeys (reads), in the same shape as the request, ready to be sent again. AWS returns them when a table or partition is over its throughput, on an internal failure, and for reads when the answer would pass 16 MB or more than 1 MB is asked of one partition.',
  );
  ex.say(
    'AWS strongly recommends resending them after an exponential backoff rather than at once: an immediate retry can be throttled all over again, a delayed one is much more likely to go through. sendUntilProcessed (batching.ts) does that: resend the leftover, wait a random time below a ceiling that doubles each time, give up after a few attempts.',
  );
  ex.show(
    'Wait ceilings after each failed attempt (ms)',
    Array.from({ length: DEFAULT_RETRY_OPTIONS.maxAttempts - 1 }, (_, index) =>
      backoffCeilingMs(index + 1, DEFAULT_RETRY_OPTIONS.baseDelayMs, DEFAULT_RETRY_OPTIONS.maxDelayMs),
    ),
  );

  ex.say('This batch goes through the low-level client, where each attribute value names its type, and every raw answer is kept.');
  const writes: WriteRequest[] = products(25).map((item) => ({
    PutRequest: { Item: { sku: { S: String(item['sku']) }, name: { S: String(item['name']) }, price: { N: String(item['price']) } } },
  }));
  const answers: BatchWriteItemCommandOutput[] = [];
  const calls = await sendUntilProcessed<Record<string, WriteRequest[]>>({ [tableName]: writes }, async (requestItems) => {
    const answer = await ex.client.send(new BatchWriteItemCommand({ RequestItems: requestItems }));
    answers.push(answer);
    return nonEmpty(answer.UnprocessedItems);
  });
  ex.show(
    'UnprocessedItems of each answer',
    answers.map((answer) => answer.UnprocessedItems),
  );
  assert.equal(calls, answers.length);
  answers.forEach((answer, index) => {
    const isLast = index === answers.length - 1;
    assert.equal(nonEmpty(answer.UnprocessedItems) === undefined, isLast, 'the helper resends exactly until an answer leaves nothing over');
  });
  ex.say(
    answers.length === 1
      ? 'The server processed everything at once (an empty UnprocessedItems), so the helper stopped after one call without waiting.'
      : `The server left work over ${answers.length - 1} time(s); the helper resent it after a backoff each time.`,
  );

  const readBack = await getAll(
    ex,
    tableName,
    writes.map((write) => ({ sku: write.PutRequest?.Item?.['sku']?.S })),
    { ConsistentRead: true },
  );
  assert.equal(readBack.length, 25);
  ex.say(
    'Against a real table, unprocessed items show up under load: a provisioned table with too little write capacity, or a hot partition, or a batch read of large items. The loop is the same for all of them. (When nothing at all could be processed, DynamoDB throws ProvisionedThroughputExceededException instead, which the SDK itself retries.)',
  );
});

/** Runs `work` on every task, at most `limit` at a time. Returns the most that were ever running together. */
async function forEachConcurrently<Task>(tasks: readonly Task[], limit: number, work: (task: Task) => Promise<void>): Promise<number> {
  let next = 0;
  let running = 0;
  let mostRunning = 0;
  const worker = async (): Promise<void> => {
    while (next < tasks.length) {
      const task = tasks[next++] as Task;
      running++;
      mostRunning = Math.max(mostRunning, running);
      try {
        await work(task);
      } finally {
        running--;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
  return mostRunning;
}

const parallelLoading = example('parallel-loading', 'Parallel loading: several batches in flight, with a concurrency limit', async (ex) => {
  const tableName = await ex.createTable({
    TableName: 'imports',
    KeySchema: keySchema('importId', 'row'),
    AttributeDefinitions: attributeTypes({ importId: 'S', row: 'N' }),
  });
  ex.say(
    'Calls one after the other leave the network idle while each answer travels back. Sending several batches at once hides that latency; a limit on how many are in flight keeps the client from flooding the table (and from being throttled).',
  );
  const rows = Array.from({ length: 200 }, (_, index) => ({ importId: 'import-7', row: index + 1, value: `line ${index + 1}` }));
  const pieces = chunk(rows, MAX_WRITES_PER_BATCH);
  const concurrency = 3;
  const mostInFlight = await forEachConcurrently(pieces, concurrency, async (piece) => {
    await putAll(ex.doc, tableName, piece);
  });
  ex.show('Load', { rows: rows.length, batches: pieces.length, concurrencyLimit: concurrency, mostInFlight });

  let count = 0;
  for await (const page of paginateQuery(
    { client: ex.doc },
    {
      TableName: tableName,
      KeyConditionExpression: 'importId = :import',
      ExpressionAttributeValues: { ':import': 'import-7' },
      Select: 'COUNT',
      ConsistentRead: true,
    },
  )) {
    count += page.Count ?? 0;
  }
  ex.show('Query with Select COUNT', count);
  assert.equal(count, 200);
  ex.say(
    'Select: COUNT returns only the number of matching items, not the items; it still reads (and bills) them all. Each call still has its own UnprocessedItems to resend, which putAll does per chunk.',
  );
});

const deleteInBatches = example('delete-in-batches', 'Deleting in batches: find the keys, then DeleteRequests 25 at a time', async (ex) => {
  const tableName = await createProductsTable(ex);
  await putAll(ex.doc, tableName, products(60));
  ex.say(
    'There is no "DELETE WHERE" in DynamoDB. Deleting many items is two steps: find their keys (a Query or, as here, a Scan with a filter that returns only the key), then send DeleteRequests in batches of 25.',
  );
  const discontinued: Item[] = [];
  for await (const page of paginateScan(
    { client: ex.doc },
    {
      TableName: tableName,
      FilterExpression: 'discontinued = :yes',
      ExpressionAttributeValues: { ':yes': true },
      ProjectionExpression: 'sku',
      ConsistentRead: true,
    },
  )) {
    discontinued.push(...(page.Items ?? []));
  }
  ex.show('Keys to delete', { count: discontinued.length, first: discontinued.slice(0, 3) });
  assert.equal(discontinued.length, 40);

  ex.show(
    'Chunk sizes',
    chunk(discontinued, MAX_WRITES_PER_BATCH).map((piece) => piece.length),
  );
  await writeAll(
    ex.doc,
    tableName,
    discontinued.map((key) => ({ DeleteRequest: { Key: key } })),
  );

  const remaining = await countItems(ex, tableName);
  const stillThere = await getAll(ex, tableName, discontinued, { ConsistentRead: true });
  ex.show('After deleting', { remaining, discontinuedStillThere: stillThere.length });
  assert.equal(remaining, 20);
  assert.equal(stillThere.length, 0);
  ex.say(
    'A DeleteRequest cannot carry a condition, and deleting an item that does not exist succeeds and still costs a write unit. To empty a whole table, deleting and recreating the table is faster and cheaper than deleting its items.',
  );
});

/** Asserts that `send` is rejected with a ValidationException, and shows the telling part of its message. */
async function expectValidationException(ex: ExampleContext, label: string, send: () => Promise<unknown>): Promise<void> {
  await assert.rejects(send(), (error: unknown) => {
    assert.ok(error instanceof Error);
    assert.equal(error.name, 'ValidationException');
    // A size-limit message repeats the whole request before naming the constraint; show the constraint.
    const constraintAt = error.message.indexOf('failed to satisfy constraint');
    ex.show(label, `${error.name}: ${constraintAt >= 0 ? `…${error.message.slice(constraintAt)}` : error.message}`);
    return true;
  });
}

const batchErrors = example('batch-errors', 'Batch errors: the whole batch is rejected when it is malformed', async (ex) => {
  const tableName = await createProductsTable(ex);
  ex.say(
    'Unprocessed items are partial failures; a malformed batch is a different thing: DynamoDB rejects the whole request with ValidationException and writes nothing. One such case is two operations on the same key in one BatchWriteItem.',
  );
  const sameKeyTwice = {
    RequestItems: {
      [tableName]: [
        { PutRequest: { Item: { sku: 'SKU-0001', name: 'Hammer' } } },
        { DeleteRequest: { Key: { sku: 'SKU-0001' } } },
        { PutRequest: { Item: { sku: 'SKU-0002', name: 'Saw' } } },
      ],
    },
  };
  ex.show('BatchWriteItem request', sameKeyTwice);
  await expectValidationException(ex, 'Same key twice', () => ex.doc.send(new BatchWriteCommand(sameKeyTwice)));
  const { Item: saw } = await ex.doc.send(new GetCommand({ TableName: tableName, Key: { sku: 'SKU-0002' }, ConsistentRead: true }));
  assert.equal(saw, undefined, 'the valid put in the rejected batch was not applied either');

  ex.say('The size limits are checked the same way: 26 writes, or 101 keys, are refused outright rather than cut down.');
  const tooManyWrites = { RequestItems: { [tableName]: products(MAX_WRITES_PER_BATCH + 1).map((item) => ({ PutRequest: { Item: item } })) } };
  await expectValidationException(ex, '26 writes', () => ex.doc.send(new BatchWriteCommand(tooManyWrites)));
  const tooManyKeys = {
    RequestItems: { [tableName]: { Keys: Array.from({ length: MAX_KEYS_PER_BATCH_GET + 1 }, (_, index) => ({ sku: skuOf(index + 1) })) } },
  };
  await expectValidationException(ex, '101 keys', () => ex.doc.send(new BatchGetCommand(tooManyKeys)));
  assert.equal(await countItems(ex, tableName), 0);
  ex.say(
    'These errors are bugs in the caller, not load: retrying them cannot help. Chunking (25 writes, 100 keys) and removing duplicate keys before sending avoids them.',
  );
});

const batchOperations = chapter(import.meta.url, 'Batch operations: BatchGetItem and BatchWriteItem', [
  writeInChunks,
  getInChunks,
  retryUnprocessed,
  parallelLoading,
  deleteInBatches,
  batchErrors,
]);
export default batchOperations;

await runWhenMain(import.meta.url, batchOperations);
