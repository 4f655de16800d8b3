import assert from 'node:assert/strict';
import { GetCommand, QueryCommand, paginateQuery, type QueryCommandInput, type QueryCommandOutput } from '@aws-sdk/lib-dynamodb';
import { chapter, eventually, example, type ExampleContext } from '../support/example.js';
import { attributeTypes, failureOf, itemOfSize, keySchema, putEach } from '../support/helpers.js';
import { runWhenMain } from '../support/run.js';

/**
 * Query reads the items of one partition: every item with the given partition key value,
 * in the order of their sort key, optionally narrowed to a range of sort keys. It is the
 * workhorse of DynamoDB reads: unlike a Scan it touches only the items it is asked for,
 * so its cost depends on what it reads, not on the size of the table.
 *
 * Every query here sets ConsistentRead (except where eventual consistency is the point):
 * the items were written a moment before, and a strongly consistent query is sure to see
 * them on AWS.
 */

/** A table with a composite primary key: partition key `partitionKey` (a string) and sort key `sortKey`. */
function createCompositeTable(ex: ExampleContext, baseName: string, partitionKey: string, sortKey: string, sortKeyType: 'S' | 'N' = 'S'): Promise<string> {
  return ex.createTable({
    TableName: baseName,
    KeySchema: keySchema(partitionKey, sortKey),
    AttributeDefinitions: attributeTypes({ [partitionKey]: 'S', [sortKey]: sortKeyType }),
  });
}

/** The value of `attribute` in each returned item, in the order the query returned them. */
function valuesOf(response: QueryCommandOutput, attribute: string): unknown[] {
  return (response.Items ?? []).map((item) => item[attribute]);
}

/** `prefix-007`: zero-padded, so that string order is numeric order. */
function numbered(prefix: string, n: number): string {
  return `${prefix}-${String(n).padStart(3, '0')}`;
}

/** Read capacity units a request reported with ReturnConsumedCapacity TOTAL; checks there are some. */
function capacityUnits(response: { ConsumedCapacity?: { CapacityUnits?: number | undefined } | undefined }): number {
  const units = response.ConsumedCapacity?.CapacityUnits;
  assert.ok(units !== undefined && units > 0, 'the response should report the capacity it consumed');
  return units;
}

const FOUR_KB = 4096;

const queryByPartitionKey = example('query-by-partition-key', 'Query by partition key: one partition, its items in sort key order', async (ex) => {
  const tableName = await createCompositeTable(ex, 'orders', 'customerId', 'orderId');
  const orderCounts = { ada: 5, alan: 3, grace: 4 };
  const orders = Object.entries(orderCounts).flatMap(([customerId, count]) =>
    Array.from({ length: count }, (_, n) => ({ customerId, orderId: numbered('order', n + 1), total: 10 * (n + 1) })),
  );
  await putEach(ex, tableName, orders.reverse());
  ex.say('Orders of three customers, keyed by customerId (partition key) and orderId (sort key), written newest first.');

  const request: QueryCommandInput = {
    TableName: tableName,
    KeyConditionExpression: 'customerId = :customer',
    ExpressionAttributeValues: { ':customer': 'ada' },
    ConsistentRead: true,
  };
  ex.show('Query request', request);
  const response = await ex.doc.send(new QueryCommand(request));
  ex.show('Returned orderIds', valuesOf(response, 'orderId'));
  ex.say("Only Ada's orders come back, sorted by orderId whatever the order they were written in: within a partition");
  ex.say('DynamoDB stores items sorted by sort key. Strings sort by their UTF-8 bytes, so "order-10" would come before');
  ex.say('"order-9": zero-padding (order-009) keeps string order and numeric order the same.');
  assert.equal(response.Count, orderCounts.ada);
  assert.ok(response.Items?.every((item) => item['customerId'] === 'ada'));
  assert.deepEqual(valuesOf(response, 'orderId'), ['order-001', 'order-002', 'order-003', 'order-004', 'order-005']);

  ex.say('The partition key condition must be an equality: Query reads one partition. A condition on the sort key alone');
  ex.say('is rejected (finding orders across customers is a job for a secondary index, or a Scan).');
  const error = await failureOf(
    ex.doc.send(new QueryCommand({ TableName: tableName, KeyConditionExpression: 'orderId = :order', ExpressionAttributeValues: { ':order': 'order-001' } })),
  );
  ex.show('Error', { name: error.name, message: error.message });
  assert.equal(error.name, 'ValidationException');
});

const sortKeyComparisons = example('sort-key-comparisons', 'Sort key conditions =, <, <=, >, >= on a numeric sort key', async (ex) => {
  const tableName = await createCompositeTable(ex, 'readings', 'sensorId', 'readingTime', 'N');
  const readings = ['sensor-1', 'sensor-2'].flatMap((sensorId) =>
    Array.from({ length: 10 }, (_, n) => ({ sensorId, readingTime: n + 1, celsius: 20 + n / 10 })),
  );
  await putEach(ex, tableName, readings);
  ex.say('Two sensors with ten readings each, at times 1 to 10. readingTime is a number, so it sorts numerically.');
  ex.say('A key condition is "partition key = value", optionally AND one condition on the sort key.');

  const cases: { condition: string; expected: number[] }[] = [
    { condition: 'readingTime = :t', expected: [5] },
    { condition: 'readingTime < :t', expected: [1, 2, 3, 4] },
    { condition: 'readingTime <= :t', expected: [1, 2, 3, 4, 5] },
    { condition: 'readingTime > :t', expected: [6, 7, 8, 9, 10] },
    { condition: 'readingTime >= :t', expected: [5, 6, 7, 8, 9, 10] },
  ];
  for (const { condition, expected } of cases) {
    const response = await ex.doc.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: `sensorId = :sensor AND ${condition}`,
        ExpressionAttributeValues: { ':sensor': 'sensor-1', ':t': 5 },
        ConsistentRead: true,
      }),
    );
    ex.show(`sensorId = :sensor AND ${condition} (:t = 5)`, valuesOf(response, 'readingTime'));
    assert.deepEqual(valuesOf(response, 'readingTime'), expected);
    assert.ok(
      response.Items?.every((item) => item['sensorId'] === 'sensor-1'),
      'never an item of the other sensor',
    );
  }
  ex.say('Each condition selects one contiguous run of the sorted partition, which is why they are cheap: DynamoDB finds');
  ex.say('the start of the run and reads to its end. There is no "<>" and no OR on keys: those would not be one run.');
});

const sortKeyBetween = example('sort-key-between', 'BETWEEN on the sort key: a range with both ends included', async (ex) => {
  const tableName = await createCompositeTable(ex, 'orders', 'customerId', 'orderDate');
  const dates = ['2025-01-15', '2025-01-31', '2025-02-01', '2025-02-14', '2025-02-28', '2025-03-01', '2025-03-20'];
  await putEach(
    ex,
    tableName,
    dates.map((orderDate) => ({ customerId: 'ada', orderDate })),
  );
  ex.say('ISO 8601 dates (YYYY-MM-DD) sort as strings in date order, which makes them good sort keys.');

  const request: QueryCommandInput = {
    TableName: tableName,
    KeyConditionExpression: 'customerId = :customer AND orderDate BETWEEN :from AND :to',
    ExpressionAttributeValues: { ':customer': 'ada', ':from': '2025-02-01', ':to': '2025-02-28' },
    ConsistentRead: true,
  };
  ex.show('Query request', request);
  const february = await ex.doc.send(new QueryCommand(request));
  ex.show('Orders in February', valuesOf(february, 'orderDate'));
  ex.say('BETWEEN includes both bounds: the orders of 1 and 28 February are in.');
  assert.deepEqual(valuesOf(february, 'orderDate'), ['2025-02-01', '2025-02-14', '2025-02-28']);

  ex.say('The lower bound must not be greater than the upper one; reversed bounds are a ValidationException, not an');
  ex.say('empty result.');
  const reversed = await failureOf(
    ex.doc.send(new QueryCommand({ ...request, ExpressionAttributeValues: { ':customer': 'ada', ':from': '2025-02-28', ':to': '2025-02-01' } })),
  );
  ex.show('Error', { name: reversed.name, message: reversed.message });
  assert.equal(reversed.name, 'ValidationException');
});

const sortKeyBeginsWith = example(
  'sort-key-begins-with',
  'begins_with on the sort key: hierarchical keys and several item types in one partition',
  async (ex) => {
    const tableName = await createCompositeTable(ex, 'customers', 'pk', 'sk');
    const items = [
      { pk: 'CUSTOMER#ada', sk: 'PROFILE', email: 'ada@example.com' },
      { pk: 'CUSTOMER#ada', sk: 'ORDER#2025-01-15#o-1', total: 30 },
      { pk: 'CUSTOMER#ada', sk: 'ORDER#2025-02-03#o-2', total: 12 },
      { pk: 'CUSTOMER#ada', sk: 'ORDER#2025-02-20#o-3', total: 45 },
      { pk: 'CUSTOMER#ada', sk: 'INVOICE#2025-01#i-1', amount: 30 },
      { pk: 'CUSTOMER#ada', sk: 'INVOICE#2025-02#i-2', amount: 57 },
    ];
    await putEach(ex, tableName, items);
    ex.say('One partition holds everything about a customer: a profile, orders and invoices, told apart by a prefix on');
    ex.say('the sort key. Generic key names (pk, sk) leave room for such mixes, a common single-table design.');

    const byPrefix = async (prefix: string) => {
      const response = await ex.doc.send(
        new QueryCommand({
          TableName: tableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
          ExpressionAttributeValues: { ':pk': 'CUSTOMER#ada', ':prefix': prefix },
          ConsistentRead: true,
        }),
      );
      ex.show(`begins_with(sk, '${prefix}')`, valuesOf(response, 'sk'));
      return valuesOf(response, 'sk');
    };
    ex.say('begins_with selects the item type, and a longer prefix narrows it down the hierarchy (orders of February 2025):');
    assert.deepEqual(await byPrefix('ORDER#'), ['ORDER#2025-01-15#o-1', 'ORDER#2025-02-03#o-2', 'ORDER#2025-02-20#o-3']);
    assert.deepEqual(await byPrefix('ORDER#2025-02'), ['ORDER#2025-02-03#o-2', 'ORDER#2025-02-20#o-3']);
    assert.deepEqual(await byPrefix('INVOICE#'), ['INVOICE#2025-01#i-1', 'INVOICE#2025-02#i-2']);
    ex.say('The comparison is on bytes, so it is case-sensitive: a lower-case prefix finds nothing.');
    assert.deepEqual(await byPrefix('order#'), []);
  },
);

const newestFirst = example('newest-first', 'ScanIndexForward false: read a partition backwards, newest first', async (ex) => {
  const tableName = await createCompositeTable(ex, 'messages', 'roomId', 'sentAt');
  const sentTimes = Array.from({ length: 8 }, (_, n) => `2025-05-01T09:${String(n * 5).padStart(2, '0')}:00Z`);
  await putEach(
    ex,
    tableName,
    sentTimes.map((sentAt, n) => ({ roomId: 'general', sentAt, message: `message ${n + 1}` })),
  );
  ex.say('A chat room keeps its messages under one partition key, sorted by their ISO timestamp.');

  const request: QueryCommandInput = {
    TableName: tableName,
    KeyConditionExpression: 'roomId = :room',
    ExpressionAttributeValues: { ':room': 'general' },
    ScanIndexForward: false,
    Limit: 3,
    ConsistentRead: true,
  };
  ex.show('Query request', request);
  const latest = await ex.doc.send(new QueryCommand(request));
  ex.show(
    'Returned',
    latest.Items?.map((item) => `${item['sentAt'] as string} ${item['message'] as string}`),
  );
  ex.say('ScanIndexForward false reads the sort key in descending order; with Limit 3 that is "the three latest messages",');
  ex.say('read directly, without reading the older ones first. The default (true) is ascending order.');
  assert.deepEqual(valuesOf(latest, 'sentAt'), [sentTimes[7], sentTimes[6], sentTimes[5]]);
  assert.ok(latest.LastEvaluatedKey !== undefined, 'older messages remain to be read');

  const ascending = await ex.doc.send(new QueryCommand({ ...request, ScanIndexForward: true }));
  assert.deepEqual(valuesOf(ascending, 'sentAt'), [sentTimes[0], sentTimes[1], sentTimes[2]]);
});

const paging = example('paging', 'Paging: Limit, LastEvaluatedKey and ExclusiveStartKey until the last page', async (ex) => {
  const tableName = await createCompositeTable(ex, 'events', 'deviceId', 'eventId');
  const events = Array.from({ length: 23 }, (_, n) => ({ deviceId: 'device-7', eventId: numbered('event', n), kind: n % 2 === 0 ? 'open' : 'close' }));
  await putEach(ex, tableName, events);

  ex.say('A Query returns at most Limit items, and never more than 1 MB, per call. When it stops before the end of the');
  ex.say('partition it returns LastEvaluatedKey, the key of the last item it read. Sending that back as ExclusiveStartKey');
  ex.say('continues just after it. The query is finished only when a response has no LastEvaluatedKey.');
  const pages: unknown[][] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const request: QueryCommandInput = {
      TableName: tableName,
      KeyConditionExpression: 'deviceId = :device',
      ExpressionAttributeValues: { ':device': 'device-7' },
      Limit: 5,
      ExclusiveStartKey: startKey,
      ConsistentRead: true,
    };
    const page = await ex.doc.send(new QueryCommand(request));
    const eventIds = valuesOf(page, 'eventId');
    pages.push(eventIds);
    ex.show(`Page ${pages.length}`, { ExclusiveStartKey: startKey, eventIds, LastEvaluatedKey: page.LastEvaluatedKey });
    if (page.LastEvaluatedKey !== undefined) {
      assert.deepEqual(page.LastEvaluatedKey, { deviceId: 'device-7', eventId: eventIds.at(-1) }, 'LastEvaluatedKey is the key of the last item read');
    }
    startKey = page.LastEvaluatedKey;
  } while (startKey !== undefined);

  assert.deepEqual(
    pages.map((page) => page.length),
    [5, 5, 5, 5, 3],
  );
  const allEventIds = pages.flat();
  assert.equal(new Set(allEventIds).size, allEventIds.length, 'no item appears on two pages');
  assert.deepEqual(
    allEventIds,
    events.map((event) => event.eventId),
    'the pages together hold every item, in sort key order',
  );
  ex.say('LastEvaluatedKey can also be handed to a client as an opaque "next page" token, so that each page is one request.');

  ex.say('The SDK can run the loop: paginateQuery yields the pages one at a time.');
  const paginated: unknown[] = [];
  const pageIterator = paginateQuery(
    { client: ex.doc, pageSize: 5 },
    { TableName: tableName, KeyConditionExpression: 'deviceId = :device', ExpressionAttributeValues: { ':device': 'device-7' }, ConsistentRead: true },
  );
  for await (const page of pageIterator) paginated.push(...valuesOf(page, 'eventId'));
  assert.deepEqual(paginated, allEventIds);
});

/**
 * A project's 30 tasks of 1 KB each, 10 open and 20 done. The status is both an attribute
 * and the start of the sort key (`open#task-003`), so the same question can be asked with a
 * filter or with a key condition.
 */
async function createTasks(ex: ExampleContext): Promise<{ tableName: string; openCount: number; taskCount: number }> {
  const tableName = await createCompositeTable(ex, 'tasks', 'projectId', 'sk');
  const tasks = Array.from({ length: 30 }, (_, n) => {
    const status = n % 3 === 0 ? 'open' : 'done';
    const taskId = numbered('task', n);
    return itemOfSize({ projectId: 'apollo', sk: `${status}#${taskId}`, taskId, status, priority: n % 2 === 0 ? 'high' : 'low' }, 1024);
  });
  await putEach(ex, tableName, tasks);
  return { tableName, openCount: tasks.filter((task) => task.status === 'open').length, taskCount: tasks.length };
}

const filterVersusKeyCondition = example(
  'filter-vs-key-condition',
  'FilterExpression runs after the read: ScannedCount vs Count, and what Limit counts',
  async (ex) => {
    const { tableName, openCount, taskCount } = await createTasks(ex);
    ex.say(`A project with ${taskCount} tasks of 1 KB each, ${openCount} of them open. Each task's sort key starts with its status`);
    ex.say('(done#task-001, open#task-000), and the status is also an attribute of its own.');

    const filtered = await ex.doc.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: 'projectId = :project',
        FilterExpression: '#status = :open',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':project': 'apollo', ':open': 'open' },
        ConsistentRead: true,
        ReturnConsumedCapacity: 'TOTAL',
      }),
    );
    ex.show('With a filter on status', { ScannedCount: filtered.ScannedCount, Count: filtered.Count, CapacityUnits: capacityUnits(filtered) });
    ex.say('The key condition decides what is read: the whole partition, 30 items (ScannedCount). The filter then drops the');
    ex.say('done tasks before the response is sent (Count). The read was paid in full: 30 KB is 8 units of 4 KB.');
    assert.equal(filtered.ScannedCount, taskCount);
    assert.equal(filtered.Count, openCount);
    assert.ok(filtered.Items?.every((item) => item['status'] === 'open'));
    assert.equal(capacityUnits(filtered), Math.ceil((taskCount * 1024) / FOUR_KB));

    const keyed = await ex.doc.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: 'projectId = :project AND begins_with(sk, :open)',
        ExpressionAttributeValues: { ':project': 'apollo', ':open': 'open#' },
        ConsistentRead: true,
        ReturnConsumedCapacity: 'TOTAL',
      }),
    );
    ex.show('With the status in the key condition', { ScannedCount: keyed.ScannedCount, Count: keyed.Count, CapacityUnits: capacityUnits(keyed) });
    ex.say('Asked through the sort key, only the open tasks are read: 10 KB, 3 units. Design keys so that frequent');
    ex.say('questions are key conditions; keep filters for trimming what a key condition could not exclude.');
    assert.equal(keyed.ScannedCount, openCount);
    assert.equal(keyed.Count, openCount);
    assert.equal(capacityUnits(keyed), Math.ceil((openCount * 1024) / FOUR_KB));
    assert.ok(capacityUnits(keyed) < capacityUnits(filtered));

    ex.say('Limit counts items read, before the filter. The partition starts with the done tasks (d sorts before o), so with');
    ex.say('Limit 6 the filtered query reads six done tasks and returns none, along with a LastEvaluatedKey: an empty page is');
    ex.say('not the end of the results.');
    const limited = await ex.doc.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: 'projectId = :project',
        FilterExpression: '#status = :open',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':project': 'apollo', ':open': 'open' },
        Limit: 6,
        ConsistentRead: true,
      }),
    );
    ex.show('Filtered query with Limit 6', { ScannedCount: limited.ScannedCount, Count: limited.Count, LastEvaluatedKey: limited.LastEvaluatedKey });
    assert.equal(limited.ScannedCount, 6);
    assert.equal(limited.Count, 0);
    assert.ok(limited.LastEvaluatedKey !== undefined);

    ex.say('A filter cannot use the key attributes: conditions on keys belong in the key condition.');
    const onKey = await failureOf(
      ex.doc.send(
        new QueryCommand({
          TableName: tableName,
          KeyConditionExpression: 'projectId = :project',
          FilterExpression: 'begins_with(sk, :open)',
          ExpressionAttributeValues: { ':project': 'apollo', ':open': 'open#' },
        }),
      ),
    );
    ex.show('Error', { name: onKey.name, message: onKey.message });
    assert.equal(onKey.name, 'ValidationException');
  },
);

const selectCount = example('select-count', 'Select COUNT: how many items match, without returning them', async (ex) => {
  const { tableName, openCount } = await createTasks(ex);
  const request: QueryCommandInput = {
    TableName: tableName,
    KeyConditionExpression: 'projectId = :project AND begins_with(sk, :open)',
    ExpressionAttributeValues: { ':project': 'apollo', ':open': 'open#' },
    Select: 'COUNT',
    ConsistentRead: true,
    ReturnConsumedCapacity: 'TOTAL',
  };
  ex.show('Query request', request);
  const counted = await ex.doc.send(new QueryCommand(request));
  ex.show('Response', { Items: counted.Items, Count: counted.Count, ScannedCount: counted.ScannedCount, ConsumedCapacity: counted.ConsumedCapacity });
  ex.say('The response holds the count and no items: less to send back, but the same items read and the same capacity');
  ex.say('as returning them. Like any query it counts at most 1 MB of items per call, so a large partition needs the');
  ex.say('LastEvaluatedKey loop, adding up Count page by page.');
  assert.equal(counted.Items, undefined);
  assert.equal(counted.Count, openCount);
  const returned = await ex.doc.send(new QueryCommand({ ...request, Select: 'ALL_ATTRIBUTES' }));
  assert.equal(returned.Count, openCount);
  assert.equal(capacityUnits(counted), capacityUnits(returned));

  ex.say('With a filter, Count is the number of items that pass it and ScannedCount the number read:');
  const highPriority = await ex.doc.send(
    new QueryCommand({
      ...request,
      FilterExpression: 'priority = :high',
      ExpressionAttributeValues: { ...request.ExpressionAttributeValues, ':high': 'high' },
    }),
  );
  ex.show('Open tasks of high priority', { Count: highPriority.Count, ScannedCount: highPriority.ScannedCount });
  assert.equal(highPriority.ScannedCount, openCount);
  assert.equal(highPriority.Count, 5, 'tasks 0, 6, 12, 18 and 24 are both open and high priority');
});

const queryProjection = example('query-projection', 'ProjectionExpression on a Query: fewer attributes returned, same capacity consumed', async (ex) => {
  const tableName = await createCompositeTable(ex, 'orders', 'customerId', 'orderId');
  const orders = Array.from({ length: 6 }, (_, n) => ({
    customerId: 'grace',
    orderId: numbered('order', n + 1),
    total: 25 * (n + 1),
    shippingAddress: { street: `${n + 1} Main Street`, city: n % 2 === 0 ? 'Arlington' : 'Boston' },
    notes: 'n'.repeat(1500),
  }));
  await putEach(ex, tableName, orders);

  const request: QueryCommandInput = {
    TableName: tableName,
    KeyConditionExpression: 'customerId = :customer',
    ProjectionExpression: 'orderId, #total, shippingAddress.city',
    ExpressionAttributeNames: { '#total': 'total' },
    ExpressionAttributeValues: { ':customer': 'grace' },
    ConsistentRead: true,
    ReturnConsumedCapacity: 'TOTAL',
  };
  ex.show('Query request', request);
  const projected = await ex.doc.send(new QueryCommand(request));
  ex.show('First two items returned', projected.Items?.slice(0, 2));
  ex.say('Each order comes back with just the three attributes asked for (total is a reserved word, hence #total), and');
  ex.say('without the 1.5 KB of notes. Key attributes are returned only if named.');
  assert.deepEqual(projected.Items?.[0], { orderId: 'order-001', total: 25, shippingAddress: { city: 'Arlington' } });
  assert.ok(projected.Items?.every((item) => Object.keys(item).sort().join() === 'orderId,shippingAddress,total'));

  const full = await ex.doc.send(new QueryCommand({ ...request, ProjectionExpression: undefined, ExpressionAttributeNames: undefined }));
  ex.show('CapacityUnits: projected vs whole items', { projected: capacityUnits(projected), whole: capacityUnits(full) });
  ex.say('DynamoDB still reads whole items to pick the attributes out, so the capacity is the same. To make a narrow read');
  ex.say('cheaper, query a secondary index that projects only the attributes it needs.');
  assert.equal(capacityUnits(projected), capacityUnits(full));
});

const queryCapacity = example('query-capacity', 'ReturnConsumedCapacity: a Query pays for the bytes it reads, rounded up to 4 KB', async (ex) => {
  const tableName = await createCompositeTable(ex, 'feeds', 'feedId', 'entryId');
  const smallEntries = Array.from({ length: 40 }, (_, n) => itemOfSize({ feedId: 'small', entryId: numbered('entry', n) }, 100));
  const largeEntries = Array.from({ length: 2 }, (_, n) => itemOfSize({ feedId: 'large', entryId: numbered('entry', n) }, 6000));
  await putEach(ex, tableName, [...smallEntries, ...largeEntries]);
  ex.say('Two partitions: "small" holds 40 items of 100 bytes (4,000 bytes in all), "large" holds 2 items of 6,000 bytes.');

  const query = (feedId: string, consistentRead: boolean) =>
    ex.doc.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: 'feedId = :feed',
        ExpressionAttributeValues: { ':feed': feedId },
        ConsistentRead: consistentRead,
        ReturnConsumedCapacity: 'TOTAL',
      }),
    );
  const small = await query('small', true);
  const large = await query('large', true);
  ex.show('Strongly consistent queries', {
    small: { Count: small.Count, ConsumedCapacity: small.ConsumedCapacity },
    large: { Count: large.Count, ConsumedCapacity: large.ConsumedCapacity },
  });
  ex.say('A Query adds up the sizes of all the items it reads and rounds the total up to the next 4 KB; a strongly');
  ex.say('consistent read costs one unit per 4 KB. The 40 small items (4,000 bytes) cost 1 unit; the 2 large ones');
  ex.say('(12,000 bytes) cost 3. The cost follows the bytes read, not the number of items returned.');
  assert.equal(small.Count, smallEntries.length);
  assert.equal(large.Count, largeEntries.length);
  assert.equal(capacityUnits(small), 1);
  assert.equal(capacityUnits(large), Math.ceil((2 * 6000) / FOUR_KB));

  ex.say('An eventually consistent query costs half as much. (It may briefly miss the latest writes, hence the retry.)');
  const eventual = await eventually(async () => {
    const response = await query('small', false);
    assert.equal(response.Count, smallEntries.length);
    return response;
  });
  ex.show('Eventually consistent query of "small"', eventual.ConsumedCapacity);
  assert.equal(capacityUnits(eventual), 0.5);

  ex.say('Reading the small items one by one would cost far more: GetItem rounds each item up to 4 KB on its own, so each');
  ex.say('100-byte item costs a full unit, 40 units for the 40 of them. Items read together belong in one partition.');
  const single = await ex.doc.send(
    new GetCommand({ TableName: tableName, Key: { feedId: 'small', entryId: numbered('entry', 0) }, ConsistentRead: true, ReturnConsumedCapacity: 'TOTAL' }),
  );
  ex.show('GetItem of one small item', single.ConsumedCapacity);
  assert.equal(capacityUnits(single), 1);
});

const queryOperations = chapter(import.meta.url, 'Query: partition keys, sort key conditions, paging and filters', [
  queryByPartitionKey,
  sortKeyComparisons,
  sortKeyBetween,
  sortKeyBeginsWith,
  newestFirst,
  paging,
  filterVersusKeyCondition,
  selectCount,
  queryProjection,
  queryCapacity,
]);
export default queryOperations;

await runWhenMain(import.meta.url, queryOperations);
