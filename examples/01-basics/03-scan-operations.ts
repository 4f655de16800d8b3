import assert from 'node:assert/strict';
import { GetCommand, QueryCommand, ScanCommand, paginateScan, type ScanCommandInput } from '@aws-sdk/lib-dynamodb';
import { chapter, example, type ExampleContext } from '../support/example.js';
import { createSimpleTable, itemOfSize, keyOf, putEach, stringItemSizeBytes } from '../support/helpers.js';
import { runWhenMain } from '../support/run.js';

/**
 * Scan reads a whole table (or index), page by page. These examples show how to page
 * through it, what a filter does and does not save, how to split a scan across
 * workers, and why a scan costs what it costs.
 *
 * Every scan here sets ConsistentRead: the items were written a moment before, and a
 * strongly consistent scan is sure to see them (an eventually consistent one, the
 * default, may not yet on AWS). It also keeps the capacity arithmetic simple: a
 * strongly consistent read costs one unit per 4 KB.
 */

const CATALOG_ITEMS = 40;
const ONE_KB = 1024;

/** A catalog of CATALOG_ITEMS items of exactly 1 KB each. */
async function createCatalog(ex: ExampleContext): Promise<{ tableName: string; items: Record<string, string>[] }> {
  const tableName = await createSimpleTable(ex, 'catalog');
  const items = Array.from({ length: CATALOG_ITEMS }, (_, n) => itemOfSize({ id: keyOf('sku', n) }, ONE_KB));
  await putEach(ex, tableName, items);
  return { tableName, items };
}

/** Read capacity units a request reported with ReturnConsumedCapacity TOTAL. */
function capacityUnits(response: { ConsumedCapacity?: { CapacityUnits?: number | undefined } | undefined }): number {
  const units = response.ConsumedCapacity?.CapacityUnits;
  assert.ok(units !== undefined, 'the response should report ConsumedCapacity');
  return units;
}

const fullScanWithPaging = example('full-scan-with-paging', 'A full Scan comes back in pages: follow LastEvaluatedKey until it is absent', async (ex) => {
  const tableName = await createSimpleTable(ex, 'events');
  const written = Array.from({ length: 75 }, (_, n) => ({ id: keyOf('event', n), kind: n % 2 === 0 ? 'click' : 'view' }));
  await putEach(ex, tableName, written);

  ex.say('A Scan returns at most 1 MB of items per call (fewer with Limit). When it stops early it returns LastEvaluatedKey,');
  ex.say('the key of the last item it read; passing that back as ExclusiveStartKey continues from there. The scan is');
  ex.say('complete only when a page comes back without LastEvaluatedKey. Limit 20 makes the pages small enough to see.');
  const seen: string[] = [];
  const pageSizes: number[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const request: ScanCommandInput = { TableName: tableName, Limit: 20, ConsistentRead: true, ExclusiveStartKey: startKey };
    const page = await ex.doc.send(new ScanCommand(request));
    pageSizes.push(page.Count ?? 0);
    for (const item of page.Items ?? []) seen.push(item['id'] as string);
    if (pageSizes.length === 1) ex.show('First page: Count and LastEvaluatedKey', { Count: page.Count, LastEvaluatedKey: page.LastEvaluatedKey });
    startKey = page.LastEvaluatedKey;
  } while (startKey !== undefined);
  ex.show('Items per page', pageSizes);

  assert.ok(pageSizes.length >= 4, `75 items at 20 per page take at least 4 pages, got ${pageSizes.length}`);
  assert.ok(
    pageSizes.every((size) => size <= 20),
    'no page holds more than Limit items',
  );
  assert.equal(new Set(seen).size, seen.length, 'no item appears on two pages');
  assert.deepEqual([...seen].sort(), written.map((item) => item.id).sort(), 'the pages together hold every item');

  ex.say('The document client can run that loop for you: paginateScan yields one page at a time.');
  let paginatedCount = 0;
  for await (const page of paginateScan({ client: ex.doc, pageSize: 20 }, { TableName: tableName, ConsistentRead: true })) paginatedCount += page.Count ?? 0;
  assert.equal(paginatedCount, written.length);
  ex.say(`Items are returned in the table's internal order (by partition), not in the order they were written.`);
});

const filteredScan = example('filtered-scan', 'A FilterExpression trims what is returned, not what is read: ScannedCount vs Count', async (ex) => {
  const tableName = await createSimpleTable(ex, 'accounts');
  const accounts = Array.from({ length: 60 }, (_, n) => itemOfSize({ id: keyOf('acct', n), plan: n % 3 === 0 ? 'pro' : 'free' }, 512));
  await putEach(ex, tableName, accounts);
  const proCount = accounts.filter((account) => account['plan'] === 'pro').length;
  ex.say('60 accounts of 512 bytes each (30 KB in all), one in three on the pro plan.');

  const request = {
    TableName: tableName,
    FilterExpression: '#plan = :pro',
    ExpressionAttributeNames: { '#plan': 'plan' },
    ExpressionAttributeValues: { ':pro': 'pro' },
    ConsistentRead: true,
    ReturnConsumedCapacity: 'TOTAL' as const,
  };
  ex.show('Scan request', request);
  const filtered = await ex.doc.send(new ScanCommand(request));
  ex.show('Response counts', { ScannedCount: filtered.ScannedCount, Count: filtered.Count, ConsumedCapacity: filtered.ConsumedCapacity });
  ex.say('ScannedCount is how many items DynamoDB read; Count is how many passed the filter and came back. The filter runs');
  ex.say('after the read, on the server, so it saves network traffic but not read capacity.');
  assert.equal(filtered.ScannedCount, accounts.length);
  assert.equal(filtered.Count, proCount);
  assert.ok(filtered.Items?.every((item) => item['plan'] === 'pro'));

  const unfiltered = await ex.doc.send(new ScanCommand({ TableName: tableName, ConsistentRead: true, ReturnConsumedCapacity: 'TOTAL' }));
  ex.show('The same Scan without the filter: ConsumedCapacity', unfiltered.ConsumedCapacity);
  ex.say('Both read 30 KB, 8 units of 4 KB. Had the filter saved capacity, the 20 matching accounts (10 KB) would have');
  ex.say('cost 3 units.');
  assert.equal(capacityUnits(filtered), capacityUnits(unfiltered), 'the filtered scan costs as much as the full one');
  assert.equal(capacityUnits(filtered), Math.ceil((accounts.length * 512) / 4096));

  ex.say('Limit counts items read, not items returned: with Limit 10 and the filter, DynamoDB reads 10 items and returns');
  ex.say('those of the 10 that match, possibly none, with a LastEvaluatedKey to go on from. An empty page is not the end.');
  const limited = await ex.doc.send(new ScanCommand({ ...request, Limit: 10 }));
  ex.show('With Limit 10', { ScannedCount: limited.ScannedCount, Count: limited.Count, LastEvaluatedKey: limited.LastEvaluatedKey });
  assert.equal(limited.ScannedCount, 10);
  assert.ok((limited.Count ?? 0) <= 10);
  assert.ok(limited.LastEvaluatedKey !== undefined, 'the scan is not finished after 10 of 60 items');
});

/** Every item of one segment of a parallel scan, following that segment's own LastEvaluatedKey. */
async function scanSegment(ex: ExampleContext, tableName: string, segment: number, totalSegments: number): Promise<string[]> {
  const ids: string[] = [];
  const pages = paginateScan({ client: ex.doc, pageSize: 10 }, { TableName: tableName, Segment: segment, TotalSegments: totalSegments, ConsistentRead: true });
  for await (const page of pages) for (const item of page.Items ?? []) ids.push(item['id'] as string);
  return ids;
}

const parallelScan = example('parallel-scan', 'A parallel Scan: TotalSegments workers each read a disjoint Segment of the table', async (ex) => {
  const tableName = await createSimpleTable(ex, 'devices');
  const devices = Array.from({ length: 120 }, (_, n) => ({ id: keyOf('device', n), firmware: `1.${n % 7}` }));
  await putEach(ex, tableName, devices);

  const totalSegments = 4;
  ex.say(`A single Scan reads one page after another. With Segment and TotalSegments the table is divided into ${totalSegments}`);
  ex.say('segments, each scanned by its own worker with its own paging (a segment continues from its own LastEvaluatedKey).');
  ex.say('Here the four workers run concurrently; on a large table that divides the elapsed time, not the capacity spent.');
  ex.show('Request of worker 2', { TableName: tableName, Segment: 2, TotalSegments: totalSegments, ConsistentRead: true });
  const segments = await Promise.all(Array.from({ length: totalSegments }, (_, segment) => scanSegment(ex, tableName, segment, totalSegments)));
  ex.show(
    'Items found per segment',
    segments.map((ids) => ids.length),
  );
  ex.say('How many items land in each segment depends on how the table is partitioned; a small table may even put');
  ex.say('all of them in one. What is guaranteed is that the segments do not overlap and together cover the table.');

  const everyId = segments.flat();
  assert.equal(new Set(everyId).size, everyId.length, 'no item is in two segments');
  assert.deepEqual([...everyId].sort(), devices.map((device) => device.id).sort(), 'the segments together hold every item');
});

const scanCapacity = example('scan-capacity', 'Why a Scan costs what it costs: it pays for every item it reads', async (ex) => {
  const { tableName, items } = await createCatalog(ex);
  const wanted = items[17]!;
  ex.say(`The table holds ${items.length} items of exactly 1 KB each (attribute names plus values, in UTF-8 bytes).`);

  ex.say('Finding one item by its key: GetItem and Query read just that item. A strongly consistent read costs one unit per');
  ex.say('4 KB of item, rounded up, so this 1 KB item costs 1 unit.');
  const get = await ex.doc.send(new GetCommand({ TableName: tableName, Key: { id: wanted.id }, ConsistentRead: true, ReturnConsumedCapacity: 'TOTAL' }));
  const query = await ex.doc.send(
    new QueryCommand({
      TableName: tableName,
      KeyConditionExpression: 'id = :id',
      ExpressionAttributeValues: { ':id': wanted.id },
      ConsistentRead: true,
      ReturnConsumedCapacity: 'TOTAL',
    }),
  );
  ex.show('GetItem and Query: CapacityUnits', { GetItem: capacityUnits(get), Query: capacityUnits(query) });
  assert.equal(get.Item?.['id'], wanted.id);
  assert.equal(query.Count, 1);
  assert.equal(capacityUnits(get), 1);
  assert.equal(capacityUnits(query), 1);

  ex.say('Finding the same item with a Scan and a filter: the scan reads every item to test the filter. A Scan (like a');
  ex.say('Query) adds up the sizes of all the items it read and then rounds up to the next 4 KB: 40 × 1 KB = 40 KB, which');
  ex.say('is 10 units strongly consistent (5 eventually consistent). BatchGetItem, by contrast, rounds each item up');
  ex.say('separately, so reading these 40 items that way would cost 40 units.');
  const scan = await ex.doc.send(
    new ScanCommand({
      TableName: tableName,
      FilterExpression: 'id = :id',
      ExpressionAttributeValues: { ':id': wanted.id },
      ConsistentRead: true,
      ReturnConsumedCapacity: 'TOTAL',
    }),
  );
  ex.show('Scan with a filter on the key', { Count: scan.Count, ScannedCount: scan.ScannedCount, ConsumedCapacity: scan.ConsumedCapacity });
  const bytesRead = items.reduce((total, item) => total + stringItemSizeBytes(item), 0);
  assert.equal(scan.Count, 1);
  assert.equal(scan.ScannedCount, items.length);
  assert.equal(capacityUnits(scan), Math.ceil(bytesRead / 4096), `${bytesRead} bytes read, rounded up to 4 KB units`);
  ex.say('The cost of a Scan grows with the table, whatever it returns: fine for an occasional export or a small table,');
  ex.say('costly as the way an application finds items. Design keys (or indexes) so that lookups are GetItem or Query.');
});

const scanCount = example('select-count', 'Select COUNT: a Scan that returns how many items match, not the items', async (ex) => {
  const { tableName, items } = await createCatalog(ex);
  const request = { TableName: tableName, Select: 'COUNT' as const, ConsistentRead: true, ReturnConsumedCapacity: 'TOTAL' as const };
  ex.show('Scan request', request);
  const counted = await ex.doc.send(new ScanCommand(request));
  ex.show('Response', { Items: counted.Items, Count: counted.Count, ScannedCount: counted.ScannedCount, ConsumedCapacity: counted.ConsumedCapacity });
  assert.equal(counted.Items, undefined, 'COUNT returns no items');
  assert.equal(counted.Count, items.length);

  const everything = await ex.doc.send(new ScanCommand({ TableName: tableName, ConsistentRead: true, ReturnConsumedCapacity: 'TOTAL' }));
  ex.say('Counting still reads every item: it costs exactly as much as returning them all, and like any Scan it counts');
  ex.say('at most 1 MB per call, so a large table needs the same LastEvaluatedKey loop, adding up Count page by page.');
  ex.show('ConsumedCapacity: COUNT vs all items', { count: capacityUnits(counted), allItems: capacityUnits(everything) });
  assert.equal(capacityUnits(counted), capacityUnits(everything));

  const filteredCount = await ex.doc.send(
    new ScanCommand({
      ...request,
      FilterExpression: 'id BETWEEN :low AND :high',
      ExpressionAttributeValues: { ':low': keyOf('sku', 10), ':high': keyOf('sku', 19) },
    }),
  );
  ex.show('COUNT with a filter on ids sku-010 to sku-019', { Count: filteredCount.Count, ScannedCount: filteredCount.ScannedCount });
  assert.equal(filteredCount.Count, 10);
  assert.equal(filteredCount.ScannedCount, items.length);
});

const projectionSameCapacity = example('projection-same-capacity', 'A ProjectionExpression shrinks the response, not the capacity consumed', async (ex) => {
  const { tableName, items } = await createCatalog(ex);
  const full = await ex.doc.send(new ScanCommand({ TableName: tableName, ConsistentRead: true, ReturnConsumedCapacity: 'TOTAL' }));
  const request = { TableName: tableName, ProjectionExpression: 'id', ConsistentRead: true, ReturnConsumedCapacity: 'TOTAL' as const };
  ex.show('Scan request', request);
  const projected = await ex.doc.send(new ScanCommand(request));
  ex.show('First projected item', projected.Items?.[0]);
  assert.equal(projected.Count, items.length);
  assert.ok(
    projected.Items?.every((item) => Object.keys(item).join() === 'id'),
    'only id comes back',
  );

  ex.say('Only the ids came back, a few bytes per item instead of 1 KB, yet DynamoDB read the whole items to get them:');
  ex.say('capacity is based on the size of the items read, not on the attributes returned.');
  ex.show('ConsumedCapacity: projected vs full', { projected: capacityUnits(projected), full: capacityUnits(full) });
  assert.equal(capacityUnits(projected), capacityUnits(full));
  ex.say('To make a narrow read cheaper, keep the attributes it needs in a secondary index that projects only those');
  ex.say('(see the indexes chapter) and scan or query the index instead: its items are smaller.');
});

const scanOperations = chapter(import.meta.url, 'Scan: full and filtered scans, paging, parallel scan', [
  fullScanWithPaging,
  filteredScan,
  parallelScan,
  scanCapacity,
  scanCount,
  projectionSameCapacity,
]);
export default scanOperations;

await runWhenMain(import.meta.url, scanOperations);
