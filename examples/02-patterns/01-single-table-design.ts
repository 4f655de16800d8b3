import assert from 'node:assert/strict';
import { QueryCommand, ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { chapter, eventually, example, type ExampleContext } from '../support/example.js';
import { attributeTypes, keySchema } from '../support/helpers.js';
import { runWhenMain } from '../support/run.js';
import { putAll, type Item } from './batching.js';

/**
 * A small shop in one table. Customers, their addresses, their orders and the lines of
 * those orders all live side by side, told apart by the shape of their keys:
 *
 *   entity      PK              SK                                  GSI1PK              GSI1SK
 *   Customer    CUSTOMER#<id>   PROFILE                             EMAIL#<email>       PROFILE
 *   Address     CUSTOMER#<id>   ADDRESS#<label>                     -                   -
 *   Order       CUSTOMER#<id>   ORDER#<date>#<orderId>              STATUS#<status>     <date>#<orderId>
 *   OrderItem   CUSTOMER#<id>   ORDER#<date>#<orderId>#ITEM#<nn>    -                   -
 *
 * The key attributes have generic names (PK, SK, GSI1PK, GSI1SK) because each holds a
 * different kind of value depending on the entity: the keys are "overloaded".
 */

const GSI1 = 'GSI1';

const ACCESS_PATTERNS = [
  { accessPattern: 'Customer page: profile and recent orders with their lines', request: 'Query PK = CUSTOMER#<id> AND SK >= ORDER#<since>, newest first' },
  { accessPattern: 'One order with its lines', request: 'Query PK = CUSTOMER#<id> AND begins_with(SK, ORDER#<date>#<orderId>)' },
  { accessPattern: 'Orders in a given status, across all customers, newest first', request: 'Query GSI1: GSI1PK = STATUS#<status>' },
  { accessPattern: 'Find a customer by email', request: 'Query GSI1: GSI1PK = EMAIL#<email>' },
];

interface Line {
  readonly product: string;
  readonly quantity: number;
  readonly price: number;
}

interface OrderSpec {
  readonly orderId: string;
  readonly placedOn: string;
  readonly status: 'PENDING' | 'SHIPPED' | 'DELIVERED';
  readonly lines: readonly Line[];
}

interface CustomerSpec {
  readonly customerId: string;
  readonly name: string;
  readonly email: string;
  readonly addresses: Readonly<Record<string, string>>;
  readonly orders: readonly OrderSpec[];
}

const CUSTOMERS: readonly CustomerSpec[] = [
  {
    customerId: 'c-1',
    name: 'Ada Lovelace',
    email: 'ada@example.com',
    addresses: { home: '12 St James Square, London', work: '1 Analytical Way, London' },
    orders: [
      {
        orderId: 'o-1001',
        placedOn: '2026-10-02',
        status: 'DELIVERED',
        lines: [
          { product: 'notebook', quantity: 3, price: 4.5 },
          { product: 'pencil', quantity: 10, price: 0.8 },
        ],
      },
      { orderId: 'o-1004', placedOn: '2026-11-05', status: 'SHIPPED', lines: [{ product: 'desk lamp', quantity: 1, price: 39 }] },
      {
        orderId: 'o-1007',
        placedOn: '2026-11-20',
        status: 'PENDING',
        lines: [
          { product: 'ink', quantity: 2, price: 6 },
          { product: 'fountain pen', quantity: 1, price: 55 },
          { product: 'blotting paper', quantity: 5, price: 1.2 },
        ],
      },
    ],
  },
  {
    customerId: 'c-2',
    name: 'Grace Hopper',
    email: 'grace@example.com',
    addresses: { home: '7 Compiler Court, Arlington' },
    orders: [
      { orderId: 'o-1002', placedOn: '2026-10-15', status: 'SHIPPED', lines: [{ product: 'stopwatch', quantity: 1, price: 25 }] },
      {
        orderId: 'o-1005',
        placedOn: '2026-11-12',
        status: 'PENDING',
        lines: [
          { product: 'cable', quantity: 4, price: 3 },
          { product: 'nanosecond wire', quantity: 100, price: 0.1 },
        ],
      },
    ],
  },
  { customerId: 'c-3', name: 'Alan Turing', email: 'alan@example.com', addresses: { home: '2 Bletchley Lane, Milton Keynes' }, orders: [] },
];

const customerKey = (customerId: string): string => `CUSTOMER#${customerId}`;
const orderSortKey = (order: OrderSpec): string => `ORDER#${order.placedOn}#${order.orderId}`;

/** Every item of the shop, in the key layout described at the top of the file. */
function shopItems(): Item[] {
  const items: Item[] = [];
  for (const customer of CUSTOMERS) {
    const PK = customerKey(customer.customerId);
    items.push({
      PK,
      SK: 'PROFILE',
      GSI1PK: `EMAIL#${customer.email}`,
      GSI1SK: 'PROFILE',
      entityType: 'Customer',
      customerId: customer.customerId,
      name: customer.name,
      email: customer.email,
    });
    for (const [label, address] of Object.entries(customer.addresses)) items.push({ PK, SK: `ADDRESS#${label}`, entityType: 'Address', label, address });
    for (const order of customer.orders) {
      const total = order.lines.reduce((sum, line) => sum + line.quantity * line.price, 0);
      items.push({
        PK,
        SK: orderSortKey(order),
        GSI1PK: `STATUS#${order.status}`,
        GSI1SK: `${order.placedOn}#${order.orderId}`,
        entityType: 'Order',
        orderId: order.orderId,
        customerId: customer.customerId,
        placedOn: order.placedOn,
        status: order.status,
        total: Math.round(total * 100) / 100,
      });
      order.lines.forEach((line, index) => {
        const lineNumber = String(index + 1).padStart(2, '0');
        items.push({ PK, SK: `${orderSortKey(order)}#ITEM#${lineNumber}`, entityType: 'OrderItem', orderId: order.orderId, ...line });
      });
    }
  }
  return items;
}

/** Creates the shop table with its one overloaded index and loads every item into it. */
async function createShop(ex: ExampleContext): Promise<string> {
  const tableName = await ex.createTable({
    TableName: 'shop',
    KeySchema: keySchema('PK', 'SK'),
    AttributeDefinitions: attributeTypes({ PK: 'S', SK: 'S', GSI1PK: 'S', GSI1SK: 'S' }),
    GlobalSecondaryIndexes: [
      {
        IndexName: GSI1,
        KeySchema: keySchema('GSI1PK', 'GSI1SK'),
        Projection: { ProjectionType: 'ALL' },
      },
    ],
  });
  await putAll(ex.doc, tableName, shopItems());
  return tableName;
}

/** Orders of one status, newest first, read from the overloaded index. */
async function ordersInStatus(ex: ExampleContext, tableName: string, status: string): Promise<Item[]> {
  const { Items = [] } = await ex.doc.send(
    new QueryCommand({
      TableName: tableName,
      IndexName: GSI1,
      KeyConditionExpression: 'GSI1PK = :status',
      ExpressionAttributeValues: { ':status': `STATUS#${status}` },
      ScanIndexForward: false,
    }),
  );
  return Items;
}

const accessPatternsAndData = example('access-patterns-and-data', 'Design from the access patterns, then load four entity types into one table', async (ex) => {
  ex.say(
    "In DynamoDB you start from the questions the application asks, not from the entities. These are the shop's access patterns, each answered by one request:",
  );
  ex.show('Access patterns', ACCESS_PATTERNS);
  ex.say(
    'Everything about a customer shares the partition key CUSTOMER#<id>: profile, addresses, orders and order lines form one item collection, kept sorted by SK. The sort key prefixes (ADDRESS#, ORDER#, PROFILE) decide which ranges a Query can cut out of it.',
  );
  const tableName = await createShop(ex);

  const { Items = [] } = await ex.doc.send(new ScanCommand({ TableName: tableName, ConsistentRead: true, ProjectionExpression: 'entityType' }));
  const countsByType: Record<string, number> = {};
  for (const item of Items) countsByType[String(item['entityType'])] = (countsByType[String(item['entityType'])] ?? 0) + 1;
  ex.show('Items per entity type (a Scan, for this demonstration only)', countsByType);
  assert.deepEqual(countsByType, { Customer: 3, Address: 4, Order: 5, OrderItem: 9 });

  const collection = await ex.doc.send(
    new QueryCommand({
      TableName: tableName,
      KeyConditionExpression: 'PK = :customer',
      ExpressionAttributeValues: { ':customer': customerKey('c-1') },
      ProjectionExpression: 'SK, entityType',
      ConsistentRead: true,
    }),
  );
  const sortKeys = (collection.Items ?? []).map((item) => item['SK']);
  ex.show("Ada's item collection, in sort key order", sortKeys);
  assert.deepEqual(sortKeys, [
    'ADDRESS#home',
    'ADDRESS#work',
    'ORDER#2026-10-02#o-1001',
    'ORDER#2026-10-02#o-1001#ITEM#01',
    'ORDER#2026-10-02#o-1001#ITEM#02',
    'ORDER#2026-11-05#o-1004',
    'ORDER#2026-11-05#o-1004#ITEM#01',
    'ORDER#2026-11-20#o-1007',
    'ORDER#2026-11-20#o-1007#ITEM#01',
    'ORDER#2026-11-20#o-1007#ITEM#02',
    'ORDER#2026-11-20#o-1007#ITEM#03',
    'PROFILE',
  ]);
  ex.say(
    'Each order sits right before its own lines, orders are in date order, and PROFILE sorts after every ORDER# key. The next examples cut ranges out of this one sorted collection instead of joining tables.',
  );
});

const customerWithRecentOrders = example(
  'customer-with-recent-orders',
  'One Query returns a customer profile and the recent orders with their lines',
  async (ex) => {
    const tableName = await createShop(ex);
    ex.say(
      'A relational database would join customers, orders and order lines. Here they already sit together in one item collection, so a single Query on a key range answers the customer page.',
    );
    ex.say(
      "'PROFILE' sorts after every 'ORDER#…' key and 'ADDRESS#…' before them, so SK >= 'ORDER#2026-11-01' covers exactly the orders since 1 November, their lines, and the profile. Reading backwards puts the profile first and the newest order next.",
    );
    const request = {
      TableName: tableName,
      KeyConditionExpression: 'PK = :customer AND SK >= :since',
      ExpressionAttributeValues: { ':customer': customerKey('c-1'), ':since': 'ORDER#2026-11-01' },
      ScanIndexForward: false,
      ConsistentRead: true,
    };
    ex.show('Query request', request);
    const { Items = [] } = await ex.doc.send(new QueryCommand(request));
    ex.show(
      'Returned (SK, entityType)',
      Items.map((item) => `${item['SK']}  ${item['entityType']}`),
    );

    const [profile, ...rest] = Items;
    assert.equal(profile?.['entityType'], 'Customer');
    assert.equal(profile?.['name'], 'Ada Lovelace');
    const orders = rest
      .filter((item) => item['entityType'] === 'Order')
      .map((order) => ({ orderId: order['orderId'], status: order['status'], total: order['total'] }));
    ex.show('Recent orders, newest first', orders);
    assert.deepEqual(orders, [
      { orderId: 'o-1007', status: 'PENDING', total: 73 },
      { orderId: 'o-1004', status: 'SHIPPED', total: 39 },
    ]);
    assert.equal(rest.filter((item) => item['entityType'] === 'OrderItem').length, 4);
    assert.ok(
      !Items.some((item) => item['entityType'] === 'Address' || item['orderId'] === 'o-1001'),
      'addresses and the October order are outside the key range',
    );
    ex.say('One request, one partition, billed for the items read: the October order and the addresses were never touched.');
  },
);

const orderWithItems = example('order-with-items', 'begins_with on the sort key reads an order together with its lines', async (ex) => {
  const tableName = await createShop(ex);
  ex.say(
    "An order's lines carry the order's own sort key as a prefix, so the order and its lines are one contiguous range: begins_with(SK, <the order's SK>) reads them in one Query. The order's full key comes from the customer page or from the status index.",
  );
  const request = {
    TableName: tableName,
    KeyConditionExpression: 'PK = :customer AND begins_with(SK, :order)',
    ExpressionAttributeValues: { ':customer': customerKey('c-2'), ':order': 'ORDER#2026-11-12#o-1005' },
    ConsistentRead: true,
  };
  ex.show('Query request', request);
  const { Items = [] } = await ex.doc.send(new QueryCommand(request));
  const [order, ...lines] = Items;
  ex.show('Order', order);
  ex.show(
    'Lines',
    lines.map((line) => ({ product: line['product'], quantity: line['quantity'], price: line['price'] })),
  );
  assert.equal(order?.['entityType'], 'Order');
  assert.equal(order?.['orderId'], 'o-1005');
  assert.equal(order?.['total'], 22);
  assert.deepEqual(
    lines.map((line) => [line['entityType'], line['product'], line['quantity']]),
    [
      ['OrderItem', 'cable', 4],
      ['OrderItem', 'nanosecond wire', 100],
    ],
  );
  ex.say("Order ids have a fixed width (o-1005), so the prefix of one order can never be the beginning of another order's key.");
});

const ordersByStatus = example('orders-by-status', 'The overloaded GSI finds pending orders across all customers', async (ex) => {
  const tableName = await createShop(ex);
  ex.say(
    "Orders are spread over their customers' partitions, so finding every PENDING order would need a Scan of the base table. Each order also carries GSI1PK = STATUS#<status> and GSI1SK = <date>#<orderId>: in the index, all orders of one status form one sorted collection.",
  );
  ex.say(
    'The same index holds customers under EMAIL#<email> keys (next example). Addresses and order lines have no GSI1PK at all, so they are left out of the index: it stays small and costs nothing to write for them.',
  );
  const pending = await eventually(async () => {
    const orders = await ordersInStatus(ex, tableName, 'PENDING');
    assert.deepEqual(
      orders.map((order) => [order['orderId'], order['customerId'], order['placedOn']]),
      [
        ['o-1007', 'c-1', '2026-11-20'],
        ['o-1005', 'c-2', '2026-11-12'],
      ],
    );
    return orders;
  });
  ex.show(
    'PENDING orders, newest first (from GSI1)',
    pending.map((order) => ({ orderId: order['orderId'], customerId: order['customerId'], placedOn: order['placedOn'], PK: order['PK'], SK: order['SK'] })),
  );
  ex.say(
    'The index returns the base-table keys too (PK, SK), which is all the order-with-items Query needs. GSI reads are eventually consistent: right after a write the index can lag a moment behind the table, which is why this read is retried until it settles.',
  );
  ex.say(
    'A real shop with thousands of orders per status would write them all to one index partition; the time-series chapter shows how to spread such a hot key over several shards.',
  );
});

const customerByEmail = example('customer-by-email', 'The same GSI looks a customer up by email', async (ex) => {
  const tableName = await createShop(ex);
  ex.say(
    'Customers are stored under their id, but people sign in with their email. The profile item carries GSI1PK = EMAIL#<email>, so the index that answered "orders by status" also answers "who has this email".',
  );
  const request = {
    TableName: tableName,
    IndexName: GSI1,
    KeyConditionExpression: 'GSI1PK = :email',
    ExpressionAttributeValues: { ':email': 'EMAIL#grace@example.com' },
  };
  ex.show('Query request', request);
  const found = await eventually(async () => {
    const { Items = [] } = await ex.doc.send(new QueryCommand(request));
    assert.equal(Items.length, 1);
    return Items[0];
  });
  ex.show('Found', { customerId: found?.['customerId'], name: found?.['name'], PK: found?.['PK'] });
  assert.equal(found?.['customerId'], 'c-2');
  assert.equal(found?.['name'], 'Grace Hopper');

  const { Items: nobody = [] } = await ex.doc.send(new QueryCommand({ ...request, ExpressionAttributeValues: { ':email': 'EMAIL#nobody@example.com' } }));
  assert.equal(nobody.length, 0);
  ex.say(
    'An unknown email simply returns no items. Note that a GSI does not enforce uniqueness: two profiles with the same email would both be returned. To guarantee one account per email, also write an item keyed by the email with attribute_not_exists in the same transaction as the profile.',
  );
});

const statusChangeMovesOrder = example('status-change-moves-order', "Changing an order's status moves it between index partitions in one write", async (ex) => {
  const tableName = await createShop(ex);
  ex.say(
    'The index key GSI1PK is derived from the status, so the two must change together. One UpdateItem sets both; DynamoDB then removes the order from the STATUS#PENDING collection of the index and adds it to STATUS#SHIPPED.',
  );
  const request = {
    TableName: tableName,
    Key: { PK: customerKey('c-2'), SK: 'ORDER#2026-11-12#o-1005' },
    UpdateExpression: 'SET #status = :shipped, GSI1PK = :shippedKey',
    ConditionExpression: '#status = :pending',
    ExpressionAttributeNames: { '#status': 'status' },
    ExpressionAttributeValues: { ':shipped': 'SHIPPED', ':shippedKey': 'STATUS#SHIPPED', ':pending': 'PENDING' },
    ReturnValues: 'UPDATED_NEW' as const,
  };
  ex.show('UpdateItem request', request);
  const { Attributes } = await ex.doc.send(new UpdateCommand(request));
  ex.show('UPDATED_NEW', Attributes);
  assert.deepEqual(Attributes, { status: 'SHIPPED', GSI1PK: 'STATUS#SHIPPED' });

  await eventually(async () => {
    const pending = await ordersInStatus(ex, tableName, 'PENDING');
    const shipped = await ordersInStatus(ex, tableName, 'SHIPPED');
    assert.deepEqual(
      pending.map((order) => order['orderId']),
      ['o-1007'],
    );
    assert.deepEqual(
      shipped.map((order) => order['orderId']),
      ['o-1005', 'o-1004', 'o-1002'],
    );
    ex.show('Index after the update', { PENDING: pending.map((order) => order['orderId']), SHIPPED: shipped.map((order) => order['orderId']) });
  });
  ex.say(
    'The condition (status must still be PENDING) keeps two workers from shipping the same order twice; writing status and GSI1PK in one request means the item never has a status that disagrees with its index key.',
  );
});

const singleTableDesign = chapter(import.meta.url, 'Single-table design: many entity types, one table', [
  accessPatternsAndData,
  customerWithRecentOrders,
  orderWithItems,
  ordersByStatus,
  customerByEmail,
  statusChangeMovesOrder,
]);
export default singleTableDesign;

await runWhenMain(import.meta.url, singleTableDesign);
