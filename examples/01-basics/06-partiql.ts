import assert from 'node:assert/strict';
import type { BatchStatementResponse, CancellationReason } from '@aws-sdk/client-dynamodb';
import {
  BatchExecuteStatementCommand,
  ExecuteStatementCommand,
  ExecuteTransactionCommand,
  GetCommand,
  ScanCommand,
  type ExecuteStatementCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { chapter, example, type ExampleContext } from '../support/example.js';
import { attributeTypes, createSimpleTable, failureOf, itemOfSize, keyOf, keySchema, putEach } from '../support/helpers.js';
import { runWhenMain } from '../support/run.js';

/**
 * PartiQL is a SQL-like way to say what GetItem, Query, Scan, PutItem, UpdateItem and
 * DeleteItem say with expressions: ExecuteStatement runs one statement,
 * BatchExecuteStatement up to 25 independent ones, ExecuteTransaction up to 100 all
 * or nothing. It is a different syntax for the same engine, not a different engine:
 * a SELECT is still a Query when it names the partition key and a Scan when it does
 * not, and it costs what that Query or Scan costs.
 *
 * Strings are in single quotes ('Ada'), names in double quotes ("orders-1a2b"). The
 * course's tables have a random suffix after a hyphen, which is not allowed in a bare
 * name, so every statement here quotes its table's name. Values usually come as `?`
 * parameters, which the document client marshals like any other attribute value.
 *
 * Reads here are strongly consistent (ConsistentRead): they read what was just
 * written, and the capacity arithmetic is one unit per 4 KB.
 */

type Item = Record<string, unknown>;

/** Orders keyed by customer (partition key) and order id (sort key). */
function createOrdersTable(ex: ExampleContext): Promise<string> {
  return ex.createTable({
    TableName: 'orders',
    KeySchema: keySchema('customerId', 'orderId'),
    AttributeDefinitions: attributeTypes({ customerId: 'S', orderId: 'S' }),
  });
}

/** Runs one statement with the document client: parameters and items as plain values. */
function execute(ex: ExampleContext, input: ExecuteStatementCommandInput) {
  return ex.doc.send(new ExecuteStatementCommand(input));
}

/** Read capacity units a request reported with ReturnConsumedCapacity TOTAL. */
function capacityUnits(response: { ConsumedCapacity?: { CapacityUnits?: number | undefined } | undefined }): number {
  const units = response.ConsumedCapacity?.CapacityUnits;
  assert.ok(units !== undefined, 'the response should report ConsumedCapacity');
  return units;
}

/** The item stored under `key`, read strongly consistently; undefined when there is none. */
async function readItem(ex: ExampleContext, tableName: string, key: Item): Promise<Item | undefined> {
  const { Item } = await ex.doc.send(new GetCommand({ TableName: tableName, Key: key, ConsistentRead: true }));
  return Item;
}

const selectByKey = example('select-by-key', 'A SELECT that fixes the partition key is a Query; with the whole key, a GetItem', async (ex) => {
  const tableName = await createOrdersTable(ex);
  const orders = ['c-1', 'c-2', 'c-3'].flatMap((customerId, c) =>
    Array.from({ length: 5 }, (_, n) => ({ customerId, orderId: keyOf('o', n + 1), total: 10 * (c + 1) + n })),
  );
  await putEach(ex, tableName, orders);
  ex.say('Three customers with five orders each. The partition key is customerId, the sort key orderId.');

  const byCustomer = { Statement: `SELECT * FROM "${tableName}" WHERE customerId = ?`, Parameters: ['c-2'], ConsistentRead: true };
  ex.show('ExecuteStatement request', byCustomer);
  const { Items: all = [] } = await execute(ex, byCustomer);
  ex.show(
    'Items (orderId)',
    all.map((item) => item['orderId']),
  );
  ex.say('customerId = ? pins one partition, so this runs as a Query of that item collection: only c-2 orders are read,');
  ex.say('and they come back in sort key order, as a Query returns them.');
  assert.deepEqual(
    all,
    orders.filter((order) => order.customerId === 'c-2'),
  );

  ex.say('Conditions on the sort key narrow the range the Query reads, as a KeyConditionExpression would.');
  const { Items: range = [] } = await execute(ex, {
    Statement: `SELECT orderId, total FROM "${tableName}" WHERE customerId = ? AND orderId BETWEEN ? AND ?`,
    Parameters: ['c-2', 'o-002', 'o-004'],
    ConsistentRead: true,
  });
  ex.show('orderId BETWEEN o-002 AND o-004, projected to orderId and total', range);
  assert.deepEqual(range, [
    { orderId: 'o-002', total: 21 },
    { orderId: 'o-003', total: 22 },
    { orderId: 'o-004', total: 23 },
  ]);

  ex.say('With the whole primary key the SELECT names one item: that is a GetItem, and the answer is a list of at most one.');
  const one = await execute(ex, {
    Statement: `SELECT * FROM "${tableName}" WHERE customerId = ? AND orderId = ?`,
    Parameters: ['c-3', 'o-005'],
    ConsistentRead: true,
    ReturnConsumedCapacity: 'TOTAL',
  });
  ex.show('Response', { Items: one.Items, ConsumedCapacity: one.ConsumedCapacity });
  assert.deepEqual(one.Items, [{ customerId: 'c-3', orderId: 'o-005', total: 34 }]);
  assert.equal(capacityUnits(one), 1, 'one small item, strongly consistent: one read unit');

  ex.say('IN (with square brackets) or OR of partition key equalities reads those partitions, one Query each.');
  const { Items: two = [] } = await execute(ex, {
    Statement: `SELECT customerId, orderId FROM "${tableName}" WHERE customerId IN ['c-1', 'c-3'] AND orderId = 'o-001'`,
    ConsistentRead: true,
  });
  ex.show('customerId IN [c-1, c-3] AND orderId = o-001', two);
  assert.deepEqual(two, [
    { customerId: 'c-1', orderId: 'o-001' },
    { customerId: 'c-3', orderId: 'o-001' },
  ]);
});

const CATALOG_ITEMS = 40;
const ONE_KB = 1024;

/** A catalog of CATALOG_ITEMS items of exactly 1 KB each; two of them are in category 'matcha', the rest 'tea'. */
async function createCatalog(ex: ExampleContext): Promise<{ tableName: string; items: Record<string, string>[] }> {
  const tableName = await createSimpleTable(ex, 'catalog');
  const items = Array.from({ length: CATALOG_ITEMS }, (_, n) => itemOfSize({ id: keyOf('sku', n), category: n === 7 || n === 23 ? 'matcha' : 'tea' }, ONE_KB));
  await putEach(ex, tableName, items);
  return { tableName, items };
}

const selectBecomesScan = example('select-becomes-scan', 'A WHERE without the partition key is a full Scan, and pays for every item read', async (ex) => {
  const { tableName, items } = await createCatalog(ex);
  ex.say(`${items.length} products of exactly 1 KB each, keyed by id; two are in category matcha.`);

  const byKey = await execute(ex, {
    Statement: `SELECT * FROM "${tableName}" WHERE id = ?`,
    Parameters: [keyOf('sku', 7)],
    ConsistentRead: true,
    ReturnConsumedCapacity: 'TOTAL',
  });
  ex.show('WHERE id = ? : ConsumedCapacity', byKey.ConsumedCapacity);
  assert.equal(byKey.Items?.length, 1);
  assert.equal(capacityUnits(byKey), 1);

  const request = {
    Statement: `SELECT * FROM "${tableName}" WHERE category = ?`,
    Parameters: ['matcha'],
    ConsistentRead: true,
    ReturnConsumedCapacity: 'TOTAL' as const,
  };
  ex.show('A SELECT on a non-key attribute', request);
  const byCategory = await execute(ex, request);
  ex.show('Items (id) and ConsumedCapacity', { ids: byCategory.Items?.map((item) => item['id']), ConsumedCapacity: byCategory.ConsumedCapacity });
  ex.say('Nothing in the WHERE tells DynamoDB which partition to look in, so the statement runs as a Scan of the whole');
  ex.say('table with the WHERE as its filter. It reads all 40 KB to return 2 KB: 40 KB / 4 KB = 10 units, against 1 for the');
  ex.say('key. There is no error and no warning: the statement looks as innocent as the first one.');
  assert.deepEqual(byCategory.Items?.map((item) => item['id']).sort(), [keyOf('sku', 7), keyOf('sku', 23)]);
  assert.equal(capacityUnits(byCategory), (CATALOG_ITEMS * ONE_KB) / 4096);

  const scan = await ex.doc.send(
    new ScanCommand({
      TableName: tableName,
      FilterExpression: 'category = :category',
      ExpressionAttributeValues: { ':category': 'matcha' },
      ConsistentRead: true,
      ReturnConsumedCapacity: 'TOTAL',
    }),
  );
  ex.show('The same question as a Scan with a FilterExpression', {
    Count: scan.Count,
    ScannedCount: scan.ScannedCount,
    ConsumedCapacity: scan.ConsumedCapacity,
  });
  assert.equal(capacityUnits(scan), capacityUnits(byCategory), 'the SELECT cost exactly what the Scan costs');

  ex.say('An OR with a non-key term needs a Scan too: an item can match the other side in any partition.');
  const either = await execute(ex, {
    Statement: `SELECT id FROM "${tableName}" WHERE id = ? OR category = ?`,
    Parameters: [keyOf('sku', 1), 'matcha'],
    ConsistentRead: true,
    ReturnConsumedCapacity: 'TOTAL',
  });
  ex.show('WHERE id = ? OR category = ? : ConsumedCapacity', either.ConsumedCapacity);
  assert.equal(either.Items?.length, 3);
  assert.equal(capacityUnits(either), capacityUnits(scan));
  ex.say('For a question asked often, give it a key: a GSI on category makes it a Query of that index');
  ex.say('(SELECT * FROM "table"."index" WHERE category = ?).');
});

const pagingWithNextToken = example('paging-with-next-token', 'Limit counts items read, not returned; follow NextToken until it is absent', async (ex) => {
  const { tableName, items } = await createCatalog(ex);
  ex.say("PartiQL has no LIMIT clause; the request has a Limit field, and like a Scan's it caps the items read, before the");
  ex.say('WHERE. A page that stops early carries a NextToken; passing it back with the same statement and parameters');
  ex.say('continues from there. The result is complete only when a page comes without one.');
  const request = { Statement: `SELECT id FROM "${tableName}" WHERE category = ?`, Parameters: ['matcha'], Limit: 10, ConsistentRead: true };
  ex.show('Request', request);
  const pages: unknown[][] = [];
  let nextToken: string | undefined;
  do {
    const page = await execute(ex, { ...request, NextToken: nextToken });
    pages.push((page.Items ?? []).map((item) => item['id']));
    nextToken = page.NextToken;
  } while (nextToken !== undefined);
  ex.show('ids on each page', pages);
  ex.say('Most pages are empty: each read 10 products and none of them was matcha. An empty page with a NextToken is not');
  ex.say('the end, and code that stops at the first empty page misses results.');
  assert.ok(pages.length >= CATALOG_ITEMS / 10, `${CATALOG_ITEMS} items read 10 at a time take at least 4 pages, got ${pages.length}`);
  assert.ok(
    pages.some((page) => page.length === 0),
    'some page is empty yet not the last',
  );
  assert.deepEqual(pages.flat().sort(), [keyOf('sku', 7), keyOf('sku', 23)]);

  ex.say('Reads by key are paged the same way: an IN of four ids with Limit 3 reads three, and the fourth is on the next');
  ex.say('page.');
  const { Items = [], NextToken } = await execute(ex, {
    Statement: `SELECT id FROM "${tableName}" WHERE id IN [?, ?, ?, ?]`,
    Parameters: items.slice(0, 4).map((item) => item['id']),
    Limit: 3,
    ConsistentRead: true,
  });
  ex.show('WHERE id IN [four ids], Limit 3', { Items, hasNextToken: NextToken !== undefined });
  assert.equal(Items.length, 3);
  assert.ok(NextToken !== undefined, 'the fourth id is on the next page');
});

const insertRefusesDuplicate = example('insert-refuses-duplicate', 'INSERT never overwrites: an existing key is a DuplicateItemException', async (ex) => {
  const tableName = await createSimpleTable(ex, 'users');
  const insert = { Statement: `INSERT INTO "${tableName}" VALUE {'id': ?, 'name': ?, 'bio': 'It''s me'}`, Parameters: ['u-1', 'Ada'] };
  ex.show('INSERT request', insert);
  const inserted = await execute(ex, insert);
  assert.deepEqual(inserted.Items, []);
  ex.say('The item is a tuple in braces; its attribute names are written as strings, in single quotes. A single quote inside');
  ex.say("a string is doubled: 'It''s me' is the text It's me.");
  assert.deepEqual(await readItem(ex, tableName, { id: 'u-1' }), { id: 'u-1', name: 'Ada', bio: "It's me" });

  ex.say('The same INSERT with another name: PutItem would replace the item, INSERT refuses to.');
  const error = await failureOf(execute(ex, { ...insert, Parameters: ['u-1', 'Grace'] }));
  ex.show('Error', { name: error.name, message: error.message });
  assert.equal(error.name, 'DuplicateItemException');
  assert.equal(error.message, 'Duplicate primary key exists in table');
  assert.deepEqual(await readItem(ex, tableName, { id: 'u-1' }), { id: 'u-1', name: 'Ada', bio: "It's me" }, 'the first item is untouched');
  ex.say('INSERT is PutItem with the condition attribute_not_exists on the key built in. To replace a whole item, use');
  ex.say('PutItem; PartiQL has no statement for that.');
});

const updateWithReturning = example(
  'update-with-returning',
  'UPDATE changes one existing item, returns what RETURNING asks, and never creates one',
  async (ex) => {
    const tableName = await createSimpleTable(ex, 'products');
    await putEach(ex, tableName, [{ id: 'p-1', title: 'Teapot', stock: 5 }]);

    const update = {
      Statement: `UPDATE "${tableName}" SET stock = stock - ? SET restocked = false WHERE id = ? RETURNING ALL NEW *`,
      Parameters: [2, 'p-1'],
    };
    ex.show('UPDATE request', update);
    const { Items: allNew } = await execute(ex, update);
    ex.show('RETURNING ALL NEW *', allNew);
    ex.say('The WHERE must name the whole primary key: an UPDATE changes exactly one item. Each SET is an action of an');
    ex.say('UpdateExpression; the returned item arrives as the only element of Items.');
    assert.deepEqual(allNew, [{ id: 'p-1', title: 'Teapot', stock: 3, restocked: false }]);

    const { Items: modifiedOld } = await execute(ex, {
      Statement: `UPDATE "${tableName}" SET stock = stock + ? SET restocked = true WHERE id = ? RETURNING MODIFIED OLD *`,
      Parameters: [10, 'p-1'],
    });
    ex.show('RETURNING MODIFIED OLD *: the changed attributes as they were', modifiedOld);
    assert.deepEqual(modifiedOld, [{ stock: 3, restocked: false }]);
    ex.say('ALL OLD, ALL NEW, MODIFIED OLD and MODIFIED NEW are ReturnValues ALL_OLD, ALL_NEW, UPDATED_OLD and UPDATED_NEW.');

    ex.say('Any other term of the WHERE is a condition, checked atomically with the write: stock >= 20 is false.');
    const failed = await failureOf(
      execute(ex, { Statement: `UPDATE "${tableName}" SET stock = stock - ? WHERE id = ? AND stock >= ?`, Parameters: [20, 'p-1', 20] }),
    );
    ex.show('Error', { name: failed.name, message: failed.message });
    assert.equal(failed.name, 'ConditionalCheckFailedException');

    ex.say('UpdateItem creates an item that is not there. A PartiQL UPDATE does not: its WHERE must match an item, so the');
    ex.say('UPDATE of a key that does not exist fails the same way, and nothing is written.');
    const missing = await failureOf(execute(ex, { Statement: `UPDATE "${tableName}" SET stock = ? WHERE id = ?`, Parameters: [1, 'p-2'] }));
    ex.show('UPDATE of p-2, which does not exist', { name: missing.name, message: missing.message });
    assert.equal(missing.name, 'ConditionalCheckFailedException');
    assert.equal(await readItem(ex, tableName, { id: 'p-2' }), undefined, 'no item was created');
    assert.deepEqual(await readItem(ex, tableName, { id: 'p-1' }), { id: 'p-1', title: 'Teapot', stock: 13, restocked: true });
  },
);

const deleteReturningOld = example('delete-returning-old', 'DELETE removes one item by its key; deleting a missing item is no error', async (ex) => {
  const tableName = await createSimpleTable(ex, 'sessions');
  await putEach(ex, tableName, [{ id: 's-1', user: 'u-1' }]);
  const remove = { Statement: `DELETE FROM "${tableName}" WHERE id = ? RETURNING ALL OLD *`, Parameters: ['s-1'] };
  ex.show('DELETE request', remove);
  const first = await execute(ex, remove);
  ex.show('First DELETE: Items', first.Items);
  assert.deepEqual(first.Items, [{ id: 's-1', user: 'u-1' }]);
  assert.equal(await readItem(ex, tableName, { id: 's-1' }), undefined);

  const second = await execute(ex, remove);
  ex.show('The same DELETE again: Items', second.Items);
  ex.say('Unlike UPDATE, a DELETE whose key matches nothing succeeds and returns nothing, as DeleteItem does; only ALL OLD');
  ex.say('may follow RETURNING in a DELETE. An extra WHERE term would again be a condition on the item, if there is one.');
  assert.deepEqual(second.Items, []);
});

/** Each response's error code, or 'ok' for a statement that succeeded. */
function outcomesOf(responses: readonly BatchStatementResponse[] | undefined): string[] {
  return (responses ?? []).map((response) => response.Error?.Code ?? 'ok');
}

const batchStatements = example('batch-statements', 'BatchExecuteStatement: up to 25 independent statements, each with its own outcome', async (ex) => {
  const tableName = await createSimpleTable(ex, 'users');
  await putEach(ex, tableName, [{ id: 'u-2', name: 'Grace' }]);
  const insert = `INSERT INTO "${tableName}" VALUE {'id': ?, 'name': ?}`;
  const writes = {
    Statements: [
      { Statement: insert, Parameters: ['u-1', 'Ada'] },
      { Statement: insert, Parameters: ['u-2', 'Someone else'] },
      { Statement: insert, Parameters: ['u-3', 'Edsger'] },
      { Statement: `UPDATE "${tableName}" SET name = ? WHERE id = ?`, Parameters: ['Barbara', 'u-4'] },
    ],
  };
  ex.show('BatchExecuteStatement request', writes);
  const { Responses: written } = await ex.doc.send(new BatchExecuteStatementCommand(writes));
  ex.show('Responses', written);
  ex.say('The request succeeded (HTTP 200), but two of its statements did not: each response, in request order, holds the');
  ex.say('Error of its statement, with a short Code. A batch is not a transaction: the other two were applied.');
  assert.deepEqual(outcomesOf(written), ['ok', 'DuplicateItem', 'ok', 'ConditionalCheckFailed']);
  assert.deepEqual(await readItem(ex, tableName, { id: 'u-2' }), { id: 'u-2', name: 'Grace' });
  assert.deepEqual(await readItem(ex, tableName, { id: 'u-3' }), { id: 'u-3', name: 'Edsger' });

  ex.say('A batch is all reads or all writes. Each SELECT must name one item by its whole key: a batch of reads is a');
  ex.say('BatchGetItem. A missing item is a response without Item; a SELECT that is not by key is refused alone.');
  const select = `SELECT * FROM "${tableName}" WHERE id = ?`;
  const { Responses: read } = await ex.doc.send(
    new BatchExecuteStatementCommand({
      Statements: [
        { Statement: select, Parameters: ['u-1'], ConsistentRead: true },
        { Statement: select, Parameters: ['u-4'], ConsistentRead: true },
        { Statement: `SELECT * FROM "${tableName}" WHERE name = ?`, Parameters: ['Ada'] },
      ],
    }),
  );
  ex.show('Responses', read);
  assert.deepEqual(read?.[0]?.Item, { id: 'u-1', name: 'Ada' });
  assert.equal(read?.[1]?.Item, undefined);
  assert.deepEqual(outcomesOf(read), ['ok', 'ok', 'ValidationError']);
  ex.say('So check every response of a batch, as you check UnprocessedItems after BatchWriteItem.');
});

/** Why DynamoDB cancelled a transaction: one reason per statement, in request order. */
async function cancellationOf(transaction: Promise<unknown>): Promise<CancellationReason[]> {
  const error = await failureOf(transaction);
  assert.equal(error.name, 'TransactionCanceledException');
  const reasons = (error as Error & { CancellationReasons?: CancellationReason[] }).CancellationReasons;
  assert.ok(reasons !== undefined, 'a cancelled transaction reports CancellationReasons');
  return reasons;
}

const transactionWithExists = example(
  'transaction-with-exists',
  'ExecuteTransaction: writes and EXISTS checks, all applied or none, with a reason per statement',
  async (ex) => {
    const tableName = await ex.createTable({
      TableName: 'shop',
      KeySchema: keySchema('pk'),
      AttributeDefinitions: attributeTypes({ pk: 'S' }),
    });
    await putEach(ex, tableName, [
      { pk: 'CUSTOMER#c-1', name: 'Ada', active: true },
      { pk: 'CUSTOMER#c-2', name: 'Grace', active: false },
      { pk: 'PRODUCT#p-1', title: 'Teapot', stock: 5 },
    ]);
    const placeOrder = (customerId: string, orderId: string) => ({
      TransactStatements: [
        { Statement: `EXISTS(SELECT * FROM "${tableName}" WHERE pk = ? AND active = true)`, Parameters: [`CUSTOMER#${customerId}`] },
        { Statement: `UPDATE "${tableName}" SET stock = stock - 1 WHERE pk = 'PRODUCT#p-1' AND stock >= 1` },
        { Statement: `INSERT INTO "${tableName}" VALUE {'pk': ?, 'customer': ?, 'product': 'p-1'}`, Parameters: [`ORDER#${orderId}`, customerId] },
      ],
    });
    ex.say('An order is three statements that must happen together: the customer must exist and be active (EXISTS, the');
    ex.say("PartiQL form of a ConditionCheck, which needs the item's whole key and one more condition), the stock goes down");
    ex.say('if there is any, and the order is inserted.');
    const order = placeOrder('c-1', 'o-1');
    ex.show('ExecuteTransaction request', order);
    await ex.doc.send(new ExecuteTransactionCommand(order));
    assert.deepEqual(await readItem(ex, tableName, { pk: 'PRODUCT#p-1' }), { pk: 'PRODUCT#p-1', title: 'Teapot', stock: 4 });
    assert.deepEqual(await readItem(ex, tableName, { pk: 'ORDER#o-1' }), { pk: 'ORDER#o-1', customer: 'c-1', product: 'p-1' });

    ex.say('Customer c-2 is not active: the EXISTS is false and the transaction is cancelled, reasons in statement order.');
    const inactive = await cancellationOf(ex.doc.send(new ExecuteTransactionCommand(placeOrder('c-2', 'o-2'))));
    ex.show('CancellationReasons', inactive);
    assert.deepEqual(
      inactive.map((reason) => reason.Code),
      ['ConditionalCheckFailed', 'None', 'None'],
    );
    assert.equal(await readItem(ex, tableName, { pk: 'ORDER#o-2' }), undefined, 'no order o-2');

    ex.say('Placing order o-1 a second time: its INSERT finds the order, and cancels everything with reason DuplicateItem.');
    const again = await cancellationOf(ex.doc.send(new ExecuteTransactionCommand(placeOrder('c-1', 'o-1'))));
    ex.show('CancellationReasons', again);
    assert.deepEqual(
      again.map((reason) => reason.Code),
      ['None', 'None', 'DuplicateItem'],
    );
    assert.deepEqual(await readItem(ex, tableName, { pk: 'PRODUCT#p-1' }), { pk: 'PRODUCT#p-1', title: 'Teapot', stock: 4 }, 'the stock did not move');
    ex.say('As with TransactWriteItems, one transaction touches each item once, and costs two write units per 1 KB. A');
    ex.say('transaction is all reads (SELECTs by key, a TransactGetItems) or all writes; RETURNING is not allowed in it.');
  },
);

const quotingAndParameters = example(
  'quoting-and-parameters',
  'Single quotes for values, double quotes for names, ? for parameters; reserved words need quotes',
  async (ex) => {
    const tableName = await createSimpleTable(ex, 'shirts');
    await putEach(ex, tableName, [{ id: 'sh-1', size: 'L', colour: 'blue' }]);

    ex.say('size is a reserved word (it is also a function), so as a bare name the statement does not parse.');
    const bare = await failureOf(execute(ex, { Statement: `SELECT size FROM "${tableName}" WHERE id = 'sh-1'` }));
    ex.show('SELECT size ...', { name: bare.name, message: bare.message });
    assert.equal(bare.name, 'ValidationException');
    assert.match(bare.message, /^Statement wasn't well formed, can't be processed/);

    const quoted = await execute(ex, { Statement: `SELECT "size", colour FROM "${tableName}" WHERE id = 'sh-1'`, ConsistentRead: true });
    ex.show('SELECT "size", colour ...', quoted.Items);
    assert.deepEqual(quoted.Items, [{ size: 'L', colour: 'blue' }]);

    ex.say('A table name with a hyphen (every table of this course has one) must be quoted as well.');
    const unquoted = await failureOf(execute(ex, { Statement: `SELECT * FROM ${tableName} WHERE id = 'sh-1'` }));
    ex.show(`SELECT * FROM ${tableName} ...`, { name: unquoted.name, message: unquoted.message });
    assert.equal(unquoted.name, 'ValidationException');

    ex.say("Each ? takes the next value of Parameters, typed like any attribute value; it is never quoted ('?' is the");
    ex.say('one-character string). Too few values is an error. Parameters also keep values out of the text, so user input');
    ex.say('cannot change what the statement means.');
    const tooFew = await failureOf(execute(ex, { Statement: `SELECT * FROM "${tableName}" WHERE id = ? AND colour = ?`, Parameters: ['sh-1'] }));
    ex.show('Two ? and one parameter', { name: tooFew.name, message: tooFew.message });
    assert.equal(tooFew.message, "Number of parameters in request and statement don't match.");
    const hostile = await execute(ex, { Statement: `SELECT * FROM "${tableName}" WHERE id = ?`, Parameters: ["sh-1' OR id <> '"], ConsistentRead: true });
    ex.show("id = ? with the parameter sh-1' OR id <> '", hostile.Items);
    assert.deepEqual(hostile.Items, [], 'the parameter is one string value, not statement text');
  },
);

const partiql = chapter(import.meta.url, 'PartiQL: ExecuteStatement, BatchExecuteStatement and ExecuteTransaction', [
  selectByKey,
  selectBecomesScan,
  pagingWithNextToken,
  insertRefusesDuplicate,
  updateWithReturning,
  deleteReturningOld,
  batchStatements,
  transactionWithExists,
  quotingAndParameters,
]);
export default partiql;

await runWhenMain(import.meta.url, partiql);
