import assert from 'node:assert/strict';
import { DescribeTableCommand, UpdateTableCommand, type UpdateTableCommandInput } from '@aws-sdk/client-dynamodb';
import { PutCommand, QueryCommand, ScanCommand, UpdateCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { chapter, eventually, example, type ExampleContext } from '../support/example.js';
import { attributeTypes, keySchema, putEach } from '../support/helpers.js';
import { runWhenMain } from '../support/run.js';

/**
 * A table answers GetItem and Query by its primary key only. A secondary index keeps a
 * second copy of (some of) the table's attributes under another key, so the same items
 * can be queried another way. A global secondary index (GSI) may use any partition and
 * sort key; DynamoDB updates it asynchronously after each write, so reads from it are
 * eventually consistent, and the examples wrap them in `eventually`. A local secondary
 * index (LSI) keeps the table's partition key and offers another sort key; it is
 * updated with the table and can be read strongly consistently.
 */

/** The values of one attribute, in the order the items came back. */
function valuesOf(items: readonly Record<string, unknown>[] | undefined, attribute: string): unknown[] {
  return (items ?? []).map((item) => item[attribute]);
}

/** Queries an index until the answer passes `check`: a GSI catches up with its table within moments on AWS. */
function queryIndexEventually(
  ex: ExampleContext,
  input: QueryCommandInput,
  check: (items: Record<string, unknown>[]) => void,
): Promise<Record<string, unknown>[]> {
  return eventually(async () => {
    const { Items } = await ex.doc.send(new QueryCommand(input));
    const items = Items ?? [];
    check(items);
    return items;
  });
}

type Order = {
  readonly customerId: string;
  readonly orderId: string;
  readonly status: string;
  readonly orderedAt: string;
  readonly total: number;
};

/** Twelve orders of three customers, in three states, placed on different days. */
const ORDERS: readonly Order[] = Array.from({ length: 12 }, (_, n) => ({
  customerId: `customer-${n % 3}`,
  orderId: `order-${String(n).padStart(2, '0')}`,
  status: ['PENDING', 'SHIPPED', 'DELIVERED'][n % 4 === 0 ? 0 : n % 2 === 0 ? 1 : 2]!,
  orderedAt: `2025-03-${String(28 - 2 * n).padStart(2, '0')}`,
  total: 15 + ((n * 37) % 200),
}));

const gsiQuery = example('gsi-query', 'A GSI created with the table answers queries by another attribute', async (ex) => {
  const tableName = await ex.createTable({
    TableName: 'orders',
    KeySchema: keySchema('customerId', 'orderId'),
    AttributeDefinitions: attributeTypes({ customerId: 'S', orderId: 'S', status: 'S', orderedAt: 'S' }),
    GlobalSecondaryIndexes: [
      {
        IndexName: 'by-status',
        KeySchema: keySchema('status', 'orderedAt'),
        Projection: { ProjectionType: 'ALL' },
      },
    ],
  });
  ex.say('The table stores orders under their customer: "all orders of customer-1" is a Query. "All shipped orders, oldest');
  ex.say('first" is not, since status is no part of the key; without an index it would take a Scan of every order. The GSI');
  ex.say('by-status stores every order again under status (partition key) and orderedAt (sort key). Only attributes used');
  ex.say('as keys go into AttributeDefinitions; the others need no declaring.');
  await putEach(ex, tableName, ORDERS);

  const request = {
    TableName: tableName,
    IndexName: 'by-status',
    KeyConditionExpression: '#status = :status',
    ExpressionAttributeNames: { '#status': 'status' },
    ExpressionAttributeValues: { ':status': 'SHIPPED' },
  };
  ex.show('Query request', request);
  const shipped = ORDERS.filter((order) => order.status === 'SHIPPED').sort((a, b) => a.orderedAt.localeCompare(b.orderedAt));
  const items = await queryIndexEventually(ex, request, (found) =>
    assert.deepEqual(
      valuesOf(found, 'orderId'),
      shipped.map((order) => order.orderId),
    ),
  );
  ex.show(
    'Shipped orders (orderId, customerId, orderedAt)',
    items.map((item) => [item['orderId'], item['customerId'], item['orderedAt']]),
  );
  ex.say('They come from every customer, sorted by the index sort key. Unlike a table key, an index key need not be');
  ex.say('unique: many orders share a status, and two could share a status and a date.');

  const recent = await queryIndexEventually(
    ex,
    {
      ...request,
      KeyConditionExpression: '#status = :status AND orderedAt >= :since',
      ExpressionAttributeValues: { ':status': 'SHIPPED', ':since': '2025-03-10' },
    },
    (found) =>
      assert.deepEqual(
        valuesOf(found, 'orderId'),
        shipped.filter((order) => order.orderedAt >= '2025-03-10').map((order) => order.orderId),
      ),
  );
  ex.show('Shipped since 2025-03-10 (a sort key condition on the index)', valuesOf(recent, 'orderedAt'));
  ex.say('The index costs storage and write capacity: every write to the table that touches the index is written to it too.');
});

const gsiNoStrongReads = example('gsi-no-consistent-read', 'A GSI serves only eventually consistent reads: ConsistentRead is rejected', async (ex) => {
  const tableName = await ex.createTable({
    TableName: 'users',
    KeySchema: keySchema('userId'),
    AttributeDefinitions: attributeTypes({ userId: 'S', email: 'S' }),
    GlobalSecondaryIndexes: [{ IndexName: 'by-email', KeySchema: keySchema('email'), Projection: { ProjectionType: 'KEYS_ONLY' } }],
  });
  await ex.doc.send(new PutCommand({ TableName: tableName, Item: { userId: 'u-1', email: 'ada@example.com' } }));
  const request = {
    TableName: tableName,
    IndexName: 'by-email',
    KeyConditionExpression: 'email = :email',
    ExpressionAttributeValues: { ':email': 'ada@example.com' },
  };
  ex.say('A GSI is updated after the table write has succeeded, so it cannot promise to reflect the latest write, and');
  ex.say('DynamoDB refuses a strongly consistent read of one.');
  ex.show('Query request', { ...request, ConsistentRead: true });
  await assert.rejects(ex.doc.send(new QueryCommand({ ...request, ConsistentRead: true })), (error: Error) => {
    ex.show('Error', { name: error.name, message: error.message });
    assert.equal(error.name, 'ValidationException');
    return true;
  });

  ex.say('Without ConsistentRead the query works; right after a write it may briefly miss it, hence `eventually` here.');
  const items = await queryIndexEventually(ex, request, (found) => assert.deepEqual(found, [{ userId: 'u-1', email: 'ada@example.com' }]));
  ex.show('Items', items);
  ex.say('A GSI key is not unique either: this index cannot stop two users from sharing an email. Enforcing that takes');
  ex.say('a second item keyed by the email, written in the same transaction (see the transactions chapter).');
});

const lsiQuery = example('lsi-query', 'An LSI sorts a partition another way, and can be read strongly consistently', async (ex) => {
  const tableName = await ex.createTable({
    TableName: 'orders',
    KeySchema: keySchema('customerId', 'orderId'),
    AttributeDefinitions: attributeTypes({ customerId: 'S', orderId: 'S', total: 'N' }),
    LocalSecondaryIndexes: [
      {
        IndexName: 'by-total',
        KeySchema: keySchema('customerId', 'total'),
        Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: ['status'] },
      },
    ],
  });
  ex.say("The LSI by-total keeps the table's partition key (customerId) and sorts each customer's orders by total instead of");
  ex.say('by orderId. An LSI can only be defined when the table is created, and only on a table with a sort key.');
  await putEach(ex, tableName, ORDERS);

  const request = {
    TableName: tableName,
    IndexName: 'by-total',
    KeyConditionExpression: 'customerId = :customer AND #total >= :minimum',
    ExpressionAttributeNames: { '#total': 'total' },
    ExpressionAttributeValues: { ':customer': 'customer-1', ':minimum': 100 },
    ScanIndexForward: false,
    ConsistentRead: true,
  };
  ex.show('Query request: the large orders of customer-1, largest first', request);
  const { Items } = await ex.doc.send(new QueryCommand(request));
  ex.show('Items', Items);
  const expected = ORDERS.filter((order) => order.customerId === 'customer-1' && order.total >= 100).sort((a, b) => b.total - a.total);
  assert.deepEqual(
    valuesOf(Items, 'orderId'),
    expected.map((order) => order.orderId),
  );
  assert.deepEqual(
    valuesOf(Items, 'total'),
    expected.map((order) => order.total),
  );
  ex.say('An LSI lives in the same partition as the items it indexes and is updated with them, so ConsistentRead works,');
  ex.say('and the index reflects the writes just made. Each item came back with the projected attributes only: the keys and');
  ex.say('status. (The price: all items of one partition key value, table and LSIs together, must fit in 10 GB.)');
  assert.deepEqual(Object.keys(Items?.[0] ?? {}).sort(), ['customerId', 'orderId', 'status', 'total']);

  ex.say('An LSI query may also ask for attributes the index does not hold: DynamoDB fetches them from the table, item by');
  ex.say('item, at extra read cost. (A GSI cannot do that; see the projections example.)');
  const withDate = await ex.doc.send(new QueryCommand({ ...request, ProjectionExpression: 'orderId, #total, orderedAt' }));
  ex.show('Items with orderedAt, which by-total does not project', withDate.Items);
  assert.deepEqual(
    valuesOf(withDate.Items, 'orderedAt'),
    expected.map((order) => order.orderedAt),
  );
});

/** The names of an item's attributes, sorted, to compare what different projections return. */
function attributeNames(item: Record<string, unknown> | undefined): string[] {
  return Object.keys(item ?? {}).sort();
}

const projections = example('projections', 'KEYS_ONLY, INCLUDE and ALL: what an index holds is what a query on it returns', async (ex) => {
  const indexKey = keySchema('category', 'price');
  const tableName = await ex.createTable({
    TableName: 'products',
    KeySchema: keySchema('productId'),
    AttributeDefinitions: attributeTypes({ productId: 'S', category: 'S', price: 'N' }),
    GlobalSecondaryIndexes: [
      { IndexName: 'keys-only', KeySchema: indexKey, Projection: { ProjectionType: 'KEYS_ONLY' } },
      { IndexName: 'with-name', KeySchema: indexKey, Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: ['name'] } },
      { IndexName: 'everything', KeySchema: indexKey, Projection: { ProjectionType: 'ALL' } },
    ],
  });
  const products = Array.from({ length: 8 }, (_, n) => ({
    productId: `p-${n}`,
    category: n < 5 ? 'books' : 'games',
    price: 10 + n,
    name: `Product ${n}`,
    description: `A long description of product ${n}`,
    stock: 3 * n,
  }));
  await putEach(ex, tableName, products);
  ex.say('Three GSIs with the same key (category, price) and different projections, the attributes copied into them:');
  ex.say('KEYS_ONLY holds the index key and the table key; INCLUDE adds the listed attributes; ALL copies whole items.');

  const books = products.filter((product) => product.category === 'books');
  const returned: Record<string, string[]> = {};
  for (const indexName of ['keys-only', 'with-name', 'everything']) {
    const items = await queryIndexEventually(
      ex,
      { TableName: tableName, IndexName: indexName, KeyConditionExpression: 'category = :books', ExpressionAttributeValues: { ':books': 'books' } },
      (found) => assert.equal(found.length, books.length),
    );
    returned[indexName] = attributeNames(items[0]);
  }
  ex.show('Attributes of the items each index returns for category = books', returned);
  assert.deepEqual(returned['keys-only'], ['category', 'price', 'productId']);
  assert.deepEqual(returned['with-name'], ['category', 'name', 'price', 'productId']);
  assert.deepEqual(returned['everything'], attributeNames(products[0]));
  ex.say('A smaller projection makes the index cheaper to store and to write, and its items cheaper to read; the cost is');
  ex.say('that a query on it can only return what it holds.');

  ex.say('Asking a GSI for an attribute it does not project is an error: a GSI query never reads the table.');
  const request = {
    TableName: tableName,
    IndexName: 'keys-only',
    KeyConditionExpression: 'category = :books',
    ExpressionAttributeValues: { ':books': 'books' },
    ProjectionExpression: 'productId, description',
  };
  ex.show('Query request', request);
  await assert.rejects(ex.doc.send(new QueryCommand(request)), (error: Error) => {
    ex.show('Error', { name: error.name, message: error.message });
    assert.equal(error.name, 'ValidationException');
    return true;
  });
  ex.say('The usual answer is to query the KEYS_ONLY index for keys, then read the full items from the table by key');
  ex.say('(BatchGetItem), or to project the attributes the query needs.');
});

const sparseIndex = example('sparse-index', 'A sparse index holds only the items that have its key attribute: the open orders', async (ex) => {
  const tableName = await ex.createTable({
    TableName: 'orders',
    KeySchema: keySchema('customerId', 'orderId'),
    AttributeDefinitions: attributeTypes({ customerId: 'S', orderId: 'S', warehouse: 'S', awaitingShipmentSince: 'S' }),
    GlobalSecondaryIndexes: [
      {
        IndexName: 'awaiting-shipment',
        KeySchema: keySchema('warehouse', 'awaitingShipmentSince'),
        Projection: { ProjectionType: 'KEYS_ONLY' },
      },
    ],
  });
  ex.say('Every order has a warehouse; only orders not yet shipped have awaitingShipmentSince. An item is written to an');
  ex.say('index only when it has all of the index key attributes, so this index holds just the orders awaiting shipment.');
  const orders = Array.from({ length: 20 }, (_, n) => ({
    customerId: `customer-${n % 4}`,
    orderId: `order-${String(n).padStart(2, '0')}`,
    warehouse: 'berlin',
    ...(n % 5 === 0 ? { awaitingShipmentSince: `2025-04-${String(20 - n).padStart(2, '0')}T08:00:00Z` } : { shippedAt: '2025-04-01T12:00:00Z' }),
  }));
  await putEach(ex, tableName, orders);
  const awaiting = orders
    .filter((order) => 'awaitingShipmentSince' in order)
    .sort((a, b) => String(a.awaitingShipmentSince).localeCompare(String(b.awaitingShipmentSince)));

  const request = {
    TableName: tableName,
    IndexName: 'awaiting-shipment',
    KeyConditionExpression: 'warehouse = :warehouse',
    ExpressionAttributeValues: { ':warehouse': 'berlin' },
  };
  ex.show('Query request: what does the Berlin warehouse still have to ship, oldest first?', request);
  const open = await queryIndexEventually(ex, request, (found) =>
    assert.deepEqual(
      valuesOf(found, 'orderId'),
      awaiting.map((order) => order.orderId),
    ),
  );
  ex.show('Orders awaiting shipment', open);

  const indexScan = await eventually(async () => {
    const scanned = await ex.doc.send(new ScanCommand({ TableName: tableName, IndexName: 'awaiting-shipment' }));
    assert.equal(scanned.ScannedCount, awaiting.length, `the index holds ${awaiting.length} of the ${orders.length} orders`);
    return scanned;
  });
  ex.show('Scan of the whole index: ScannedCount', indexScan.ScannedCount);
  ex.say(
    `Even a Scan of this index reads ${awaiting.length} entries, not ${orders.length} orders: a sparse index is a cheap list of the few items in some state.`,
  );

  const shipping = awaiting[0]!;
  ex.say(`Shipping ${shipping.orderId}: removing awaitingShipmentSince takes it out of the index.`);
  await ex.doc.send(
    new UpdateCommand({
      TableName: tableName,
      Key: { customerId: shipping.customerId, orderId: shipping.orderId },
      UpdateExpression: 'REMOVE awaitingShipmentSince SET shippedAt = :now',
      ExpressionAttributeValues: { ':now': '2025-04-21T09:30:00Z' },
    }),
  );
  const stillOpen = await queryIndexEventually(ex, request, (found) =>
    assert.deepEqual(
      valuesOf(found, 'orderId'),
      awaiting.slice(1).map((order) => order.orderId),
    ),
  );
  ex.show('Orders awaiting shipment now', valuesOf(stillOpen, 'orderId'));
});

/** How long AWS may take to build an index on a table: minutes, even for a small one. */
const INDEX_CREATION_TIMEOUT_MS = 10 * 60 * 1000;

/**
 * Polls DescribeTable every second until the index is ACTIVE (and the table too, so it
 * can be deleted afterwards), returning each distinct state seen on the way.
 */
async function waitForIndexActive(ex: ExampleContext, tableName: string, indexName: string): Promise<string[]> {
  const statesSeen: string[] = [];
  const deadline = Date.now() + INDEX_CREATION_TIMEOUT_MS;
  for (;;) {
    const { Table } = await ex.client.send(new DescribeTableCommand({ TableName: tableName }));
    const index = Table?.GlobalSecondaryIndexes?.find((candidate) => candidate.IndexName === indexName);
    const state = `IndexStatus ${index?.IndexStatus}${index?.Backfilling === true ? ', Backfilling' : ''}`;
    if (statesSeen.at(-1) !== state) statesSeen.push(state);
    if (index?.IndexStatus === 'ACTIVE' && Table?.TableStatus === 'ACTIVE') return statesSeen;
    if (Date.now() > deadline) throw new Error(`index ${indexName} not ACTIVE after ${INDEX_CREATION_TIMEOUT_MS / 1000} s; last seen: ${state}`);
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

const addGsiToLiveTable = example(
  'add-gsi-to-live-table',
  'UpdateTable adds a GSI to a table in use; DynamoDB backfills it from the existing items',
  async (ex) => {
    const tableName = await ex.createTable({
      TableName: 'members',
      KeySchema: keySchema('memberId'),
      AttributeDefinitions: attributeTypes({ memberId: 'S' }),
    });
    const countries = ['NO', 'SE', 'DK'];
    const members = Array.from({ length: 30 }, (_, n) => ({
      memberId: `m-${String(n).padStart(2, '0')}`,
      country: countries[n % countries.length]!,
      // Eleven days apart: distinct dates, since items with equal index keys come back in no defined order.
      joinedOn: new Date(Date.UTC(2024, 0, 1 + 11 * n)).toISOString().slice(0, 10),
    }));
    await putEach(ex, tableName, members);
    ex.say('The table has been in use for a while: 30 members, keyed by memberId. Now the application needs the members of a');
    ex.say('country, by joining date. An index can be added to a live table; the table stays readable and writable meanwhile.');

    const update: UpdateTableCommandInput = {
      TableName: tableName,
      AttributeDefinitions: attributeTypes({ memberId: 'S', country: 'S', joinedOn: 'S' }),
      GlobalSecondaryIndexUpdates: [
        {
          Create: {
            IndexName: 'by-country',
            KeySchema: keySchema('country', 'joinedOn'),
            Projection: { ProjectionType: 'ALL' },
          },
        },
      ],
    };
    ex.show('UpdateTable request', update);
    await ex.client.send(new UpdateTableCommand(update));
    const lateMember = { memberId: 'm-99', country: 'NO', joinedOn: '2025-06-01' };
    await ex.doc.send(new PutCommand({ TableName: tableName, Item: lateMember }));
    ex.say('A member who joined while the index was being built is written as usual; the index will include them too.');

    ex.say('The index starts as CREATING: DynamoDB copies every existing item that has the index keys into it (backfilling),');
    ex.say('then marks it ACTIVE. On AWS that takes minutes even for a small table, so the wait polls DescribeTable every');
    ex.say('second for up to 10 minutes. Query the index once it is ACTIVE.');
    const statesSeen = await waitForIndexActive(ex, tableName, 'by-country');
    ex.show('States seen while polling', statesSeen);
    assert.equal(statesSeen.at(-1), 'IndexStatus ACTIVE');

    const norwegians = [...members, lateMember].filter((member) => member.country === 'NO').sort((a, b) => a.joinedOn.localeCompare(b.joinedOn));
    const found = await queryIndexEventually(
      ex,
      { TableName: tableName, IndexName: 'by-country', KeyConditionExpression: 'country = :country', ExpressionAttributeValues: { ':country': 'NO' } },
      (items) =>
        assert.deepEqual(
          valuesOf(items, 'memberId'),
          norwegians.map((member) => member.memberId),
        ),
    );
    ex.show(
      'Members in NO, by joining date',
      found.map((item) => [item['memberId'], item['joinedOn']]),
    );
    ex.say('Every member written before the index existed is in it, as is the one written during the backfill.');
  },
);

const indexes = chapter(import.meta.url, 'Secondary indexes: GSI and LSI', [gsiQuery, gsiNoStrongReads, lsiQuery, projections, sparseIndex, addGsiToLiveTable]);
export default indexes;

await runWhenMain(import.meta.url, indexes);
