import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { CancellationReason } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, TransactGetCommand, TransactWriteCommand, UpdateCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { chapter, example, type ExampleContext } from '../support/example.js';
import { attributeTypes, keySchema } from '../support/helpers.js';
import { runWhenMain } from '../support/run.js';

/**
 * TransactWriteItems applies up to 100 writes (Put, Update, Delete) and condition checks,
 * on items of one or more tables of one account and region, all or nothing: if any
 * condition fails, none of the writes happens. TransactGetItems reads up to 100 items as
 * of one moment. Both cost twice the capacity of the plain operations.
 *
 * Reads here that check what a write did use ConsistentRead: an eventually consistent
 * read may, on AWS, still return the item as it was just before.
 */

/** Why DynamoDB cancelled a transaction: the error's name and one reason per action, in request order. */
async function cancellationOf(transaction: Promise<unknown>): Promise<CancellationReason[]> {
  try {
    await transaction;
  } catch (error) {
    assert.ok(error instanceof Error);
    assert.equal(error.name, 'TransactionCanceledException');
    const reasons = (error as Error & { CancellationReasons?: CancellationReason[] }).CancellationReasons;
    assert.ok(reasons !== undefined, 'a cancelled transaction reports CancellationReasons');
    return reasons;
  }
  assert.fail('the transaction should have been cancelled');
}

/** The Code of each cancellation reason: 'None' for an action that was not the problem. */
function codesOf(reasons: readonly CancellationReason[]): (string | undefined)[] {
  return reasons.map((reason) => reason.Code);
}

interface Shop {
  readonly customersTable: string;
  readonly productsTable: string;
}

/**
 * Two tables: customers, where a customer's profile, cart lines and orders share the
 * partition key customerId (told apart by the sort key `sk`), and products, with their
 * stock. Customer c-1 is active and has two of product p-1 in the cart; p-1 has 5 in stock.
 */
async function createShop(ex: ExampleContext): Promise<Shop> {
  const customersTable = await ex.createTable({
    TableName: 'customers',
    KeySchema: keySchema('customerId', 'sk'),
    AttributeDefinitions: attributeTypes({ customerId: 'S', sk: 'S' }),
  });
  const productsTable = await ex.createTable({
    TableName: 'products',
    KeySchema: keySchema('productId'),
    AttributeDefinitions: attributeTypes({ productId: 'S' }),
  });
  await Promise.all([
    ex.doc.send(new PutCommand({ TableName: customersTable, Item: { customerId: 'c-1', sk: 'PROFILE', name: 'Ada', active: true } })),
    ex.doc.send(new PutCommand({ TableName: customersTable, Item: { customerId: 'c-1', sk: 'CART#p-1', productId: 'p-1', quantity: 2 } })),
    ex.doc.send(new PutCommand({ TableName: productsTable, Item: { productId: 'p-1', title: 'Teapot', price: 30, stock: 5 } })),
  ]);
  return { customersTable, productsTable };
}

/**
 * Placing order `orderId` for `quantity` of p-1, as one transaction of four actions: the
 * customer must exist and be active; the stock must cover the quantity and goes down by
 * it; the order is written (unless one with that id exists); the cart line goes.
 */
function placeOrder(shop: Shop, orderId: string, quantity: number): TransactWriteCommandInput {
  return {
    TransactItems: [
      {
        ConditionCheck: {
          TableName: shop.customersTable,
          Key: { customerId: 'c-1', sk: 'PROFILE' },
          ConditionExpression: 'attribute_exists(customerId) AND active = :yes',
          ExpressionAttributeValues: { ':yes': true },
        },
      },
      {
        Update: {
          TableName: shop.productsTable,
          Key: { productId: 'p-1' },
          UpdateExpression: 'SET stock = stock - :quantity',
          ConditionExpression: 'stock >= :quantity',
          ExpressionAttributeValues: { ':quantity': quantity },
          // On failure, the reason carries the item as it was: how much stock there was.
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        },
      },
      {
        Put: {
          TableName: shop.customersTable,
          Item: { customerId: 'c-1', sk: `ORDER#${orderId}`, productId: 'p-1', quantity, total: 30 * quantity },
          ConditionExpression: 'attribute_not_exists(customerId)',
        },
      },
      { Delete: { TableName: shop.customersTable, Key: { customerId: 'c-1', sk: 'CART#p-1' } } },
    ],
  };
}

/** What the shop holds now, read strongly consistently: p-1's stock, whether the order exists, whether the cart line does. */
async function shopState(ex: ExampleContext, shop: Shop, orderId: string): Promise<{ stock: unknown; orderExists: boolean; cartLineExists: boolean }> {
  const read = (tableName: string, key: Record<string, string>) => ex.doc.send(new GetCommand({ TableName: tableName, Key: key, ConsistentRead: true }));
  const [product, order, cartLine] = await Promise.all([
    read(shop.productsTable, { productId: 'p-1' }),
    read(shop.customersTable, { customerId: 'c-1', sk: `ORDER#${orderId}` }),
    read(shop.customersTable, { customerId: 'c-1', sk: 'CART#p-1' }),
  ]);
  return { stock: product.Item?.['stock'], orderExists: order.Item !== undefined, cartLineExists: cartLine.Item !== undefined };
}

const placeOrderExample = example(
  'transact-write-across-tables',
  'TransactWriteItems: a condition check, an update, a put and a delete across two tables, all or nothing',
  async (ex) => {
    const shop = await createShop(ex);
    ex.say('Placing an order touches three items of two tables, and must not half happen: no order without its stock taken,');
    ex.say('no stock taken without an order. One transaction holds a ConditionCheck (the customer exists and is active: it');
    ex.say('reads, writes nothing), an Update (take 2 from stock, only if there are 2), a Put (the order) and a Delete (the');
    ex.say('cart line). DynamoDB checks every condition, then applies every write, or none.');
    const request = placeOrder(shop, 'o-1', 2);
    ex.show('TransactWriteItems request', request);
    await ex.doc.send(new TransactWriteCommand(request));

    const state = await shopState(ex, shop, 'o-1');
    ex.show('Afterwards', state);
    assert.deepEqual(state, { stock: 3, orderExists: true, cartLineExists: false });
    ex.say('One transaction may not touch the same item twice, and each item costs two units of write capacity instead of');
    ex.say('one: DynamoDB prepares then commits every item.');
  },
);

const cancellationReasons = example(
  'cancellation-reasons',
  'A failed condition cancels the whole transaction; CancellationReasons says which action failed',
  async (ex) => {
    const shop = await createShop(ex);
    ex.say('The same order, for 9 teapots when 5 are in stock: the Update condition stock >= 9 fails.');
    const request = placeOrder(shop, 'o-2', 9);
    const reasons = await cancellationOf(ex.doc.send(new TransactWriteCommand(request)));
    ex.show('CancellationReasons', reasons);
    ex.say('TransactionCanceledException carries one reason per action, in the order of TransactItems. Code None marks an');
    ex.say('action that was not the problem; ConditionalCheckFailed marks the one whose condition was false.');
    assert.deepEqual(codesOf(reasons), ['None', 'ConditionalCheckFailed', 'None', 'None']);
    ex.say('With ReturnValuesOnConditionCheckFailure ALL_OLD, the failing reason also holds the item as it was, so the caller');
    ex.say('sees the stock without another read. Errors are not converted by the document client: the item is in the raw');
    ex.say('attribute-value form, { N: "5" } for the number 5.');
    assert.deepEqual(reasons[1]?.Item?.['stock'], { N: '5' });

    const state = await shopState(ex, shop, 'o-2');
    ex.show('Afterwards', state);
    assert.deepEqual(state, { stock: 5, orderExists: false, cartLineExists: true }, 'no write of the cancelled transaction happened');
    ex.say('The condition check and the put would have succeeded on their own, and the delete needs no condition; none of');
    ex.say('them was applied.');
  },
);

const idempotencyToken = example(
  'idempotency-token',
  'ClientRequestToken: a retried transaction is applied once; a changed one with the same token is refused',
  async (ex) => {
    const tableName = await ex.createTable({
      TableName: 'loyalty',
      KeySchema: keySchema('memberId'),
      AttributeDefinitions: attributeTypes({ memberId: 'S' }),
    });
    await ex.doc.send(new PutCommand({ TableName: tableName, Item: { memberId: 'm-1', points: 0, awards: 0 } }));
    const award = (points: number): TransactWriteCommandInput['TransactItems'] => [
      {
        Update: {
          TableName: tableName,
          Key: { memberId: 'm-1' },
          UpdateExpression: 'ADD points :points, awards :one',
          ExpressionAttributeValues: { ':points': points, ':one': 1 },
        },
      },
    ];
    const token = randomUUID();
    ex.say('An application sends a transaction and the connection drops before the answer arrives: did it happen? Sending it');
    ex.say('again could apply it twice. A ClientRequestToken makes the retry safe: for 10 minutes after the first call with');
    ex.say('a token completes, a call with the same token and the same parameters succeeds without writing again.');
    const request = { ClientRequestToken: token, TransactItems: award(50) };
    ex.show('TransactWriteItems request', request);
    await ex.doc.send(new TransactWriteCommand(request));
    await ex.doc.send(new TransactWriteCommand(request));
    const { Item } = await ex.doc.send(new GetCommand({ TableName: tableName, Key: { memberId: 'm-1' }, ConsistentRead: true }));
    ex.show('The member after sending it twice', Item);
    assert.deepEqual(Item, { memberId: 'm-1', points: 50, awards: 1 }, 'the award was applied once');

    ex.say('The same token with different parameters, within those 10 minutes, is an error rather than a new transaction:');
    ex.say('a token stands for one request, and this is not that request.');
    await assert.rejects(ex.doc.send(new TransactWriteCommand({ ClientRequestToken: token, TransactItems: award(70) })), (error: Error) => {
      ex.show('Error', { name: error.name, message: error.message });
      assert.equal(error.name, 'IdempotentParameterMismatchException');
      return true;
    });
    ex.say('(The AWS SDKs fill in a random token when none is given, so their own automatic retries of one call are safe.');
    ex.say('To make retries by the application safe, generate the token once per logical operation and reuse it.)');
  },
);

/** Moves `amount` between two accounts in one transaction, only if the source can pay it. */
function transfer(tableName: string, from: string, to: string, amount: number): TransactWriteCommand {
  return new TransactWriteCommand({
    TransactItems: [
      {
        Update: {
          TableName: tableName,
          Key: { accountId: from },
          UpdateExpression: 'SET balance = balance - :amount',
          ConditionExpression: 'balance >= :amount',
          ExpressionAttributeValues: { ':amount': amount },
        },
      },
      {
        Update: {
          TableName: tableName,
          Key: { accountId: to },
          UpdateExpression: 'SET balance = balance + :amount',
          ExpressionAttributeValues: { ':amount': amount },
        },
      },
    ],
  });
}

/**
 * Runs `operation`, again when DynamoDB cancelled it because another transaction was
 * working on the same items at that moment (reason TransactionConflict): a transient
 * condition, unlike a failed condition expression.
 */
async function retryingConflicts<T>(operation: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await operation();
    } catch (error) {
      const reasons = (error as { CancellationReasons?: CancellationReason[] }).CancellationReasons ?? [];
      const conflict = (error as Error).name === 'TransactionCanceledException' && reasons.some((reason) => reason.Code === 'TransactionConflict');
      if (!conflict || attempt === 10) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20 * attempt));
    }
  }
}

const transactGetSnapshot = example(
  'transact-get-snapshot',
  'TransactGetItems reads several items as of one moment, even while transactions change them',
  async (ex) => {
    const tableName = await ex.createTable({
      TableName: 'accounts',
      KeySchema: keySchema('accountId'),
      AttributeDefinitions: attributeTypes({ accountId: 'S' }),
    });
    await Promise.all(['checking', 'savings'].map((accountId) => ex.doc.send(new PutCommand({ TableName: tableName, Item: { accountId, balance: 100 } }))));
    ex.say('Two accounts hold 100 each, and transfers move money between them in transactions, so the total stays 200.');
    ex.say('Two separate GetItem calls could read one account before a transfer and the other after it, and see 190 or 210.');
    ex.say('TransactGetItems reads both as of one moment: never halfway through a transaction.');
    const readBoth = { TransactItems: ['checking', 'savings'].map((accountId) => ({ Get: { TableName: tableName, Key: { accountId } } })) };
    ex.show('TransactGetItems request', readBoth);

    const transfers = 12;
    const runTransfers = async (): Promise<void> => {
      for (let n = 0; n < transfers; n++) {
        const [from, to] = n % 3 === 2 ? ['savings', 'checking'] : ['checking', 'savings'];
        await retryingConflicts(() => ex.doc.send(transfer(tableName, from!, to!, 10)));
      }
    };
    const totalsSeen: number[] = [];
    const readWhileTransferring = async (): Promise<void> => {
      for (let n = 0; n < transfers; n++) {
        const { Responses } = await retryingConflicts(() => ex.doc.send(new TransactGetCommand(readBoth)));
        totalsSeen.push((Responses ?? []).reduce((total, response) => total + Number(response.Item?.['balance']), 0));
      }
    };
    ex.say(`Now ${transfers} transfers run one after another while, at the same time, ${transfers} TransactGetItems read both balances.`);
    await Promise.all([runTransfers(), readWhileTransferring()]);
    ex.show('Total of the two balances at each read', totalsSeen);
    assert.equal(totalsSeen.length, transfers);
    assert.ok(
      totalsSeen.every((total) => total === 200),
      'every snapshot adds up to 200',
    );
    ex.say('If a read and a transaction touch the same item at the same moment, DynamoDB may cancel one of them with reason');
    ex.say('TransactionConflict; such a cancellation is transient, and these loops simply retry.');

    const { Responses } = await ex.doc.send(
      new TransactGetCommand({ TransactItems: [...readBoth.TransactItems, { Get: { TableName: tableName, Key: { accountId: 'closed' } } }] }),
    );
    ex.show('Responses, one per Get in request order (an item that does not exist has no Item)', Responses);
    assert.deepEqual(
      Responses?.map((response) => response?.Item),
      [{ accountId: 'checking', balance: 100 - 10 * 8 + 10 * 4 }, { accountId: 'savings', balance: 100 + 10 * 8 - 10 * 4 }, undefined],
    );
  },
);

const optimisticLocking = example(
  'optimistic-locking',
  'Optimistic locking: a version attribute and a condition catch a stale writer, who re-reads and retries',
  async (ex) => {
    const tableName = await ex.createTable({
      TableName: 'documents',
      KeySchema: keySchema('docId'),
      AttributeDefinitions: attributeTypes({ docId: 'S' }),
    });
    await ex.doc.send(new PutCommand({ TableName: tableName, Item: { docId: 'd-1', title: 'Draft', body: 'Hello', version: 1 } }));
    const read = async () => (await ex.doc.send(new GetCommand({ TableName: tableName, Key: { docId: 'd-1' }, ConsistentRead: true }))).Item!;
    /** Writes one attribute if the document is still at the version the writer read, and moves it to the next version. */
    const save = (attribute: 'title' | 'body', value: string, versionRead: number) =>
      ex.doc.send(
        new UpdateCommand({
          TableName: tableName,
          Key: { docId: 'd-1' },
          UpdateExpression: 'SET #attribute = :value, #v = :next',
          ConditionExpression: '#v = :expected',
          ExpressionAttributeNames: { '#attribute': attribute, '#v': 'version' },
          ExpressionAttributeValues: { ':value': value, ':expected': versionRead, ':next': versionRead + 1 },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );

    ex.say('Alice and Bob both open document d-1 and read version 1. Nothing is locked while they edit. Each save carries');
    ex.say('the condition "#v = the version I read" and moves the version on, so a save based on an old read fails.');
    const aliceRead = await read();
    const bobRead = await read();
    await save('title', 'Final title', aliceRead['version'] as number);
    ex.say('Alice saves first: the version was 1, as she read, so her title is written and the version becomes 2.');

    await assert.rejects(save('body', 'Hello, world', bobRead['version'] as number), (error: Error & { Item?: Record<string, unknown> }) => {
      ex.show("Bob's save, based on version 1", { name: error.name, currentItem: error.Item });
      assert.equal(error.name, 'ConditionalCheckFailedException');
      assert.deepEqual(error.Item?.['version'], { N: '2' }, 'ALL_OLD returns the item that failed the condition');
      return true;
    });
    ex.say("Bob's save is refused: he would have written over a document he has not seen. Without the condition his write");
    ex.say("would have succeeded, and if he had written the whole item, Alice's title would be lost.");

    ex.say('Bob re-reads, applies his change to the current document, and saves with the version he now read.');
    const bobReread = await read();
    await save('body', 'Hello, world', bobReread['version'] as number);
    const final = await read();
    ex.show('The document', final);
    assert.deepEqual(final, { docId: 'd-1', title: 'Final title', body: 'Hello, world', version: 3 });
    ex.say('No locks were held, so nobody waits; the cost falls on the writer who lost the race, who must redo the work.');
    ex.say('That suits items that are rarely written by two people at once.');
  },
);

const uniqueAttribute = example(
  'unique-attribute',
  'A transaction enforces a unique email: the user and an item keyed by the email are written together',
  async (ex) => {
    const tableName = await ex.createTable({
      TableName: 'accounts',
      KeySchema: keySchema('pk'),
      AttributeDefinitions: attributeTypes({ pk: 'S' }),
    });
    ex.say('A table guarantees one item per key, but nothing about other attributes, and a GSI key need not be unique either.');
    ex.say('To keep emails unique, each user is written with a second item whose key is the email, both with');
    ex.say('attribute_not_exists, in one transaction: if the email item exists, the user is not created either.');
    const register = (userId: string, email: string) =>
      ex.doc.send(
        new TransactWriteCommand({
          TransactItems: [
            { Put: { TableName: tableName, Item: { pk: `USER#${userId}`, email }, ConditionExpression: 'attribute_not_exists(pk)' } },
            { Put: { TableName: tableName, Item: { pk: `EMAIL#${email}`, userId }, ConditionExpression: 'attribute_not_exists(pk)' } },
          ],
        }),
      );
    await register('u-1', 'ada@example.com');
    const reasons = await cancellationOf(register('u-2', 'ada@example.com'));
    ex.show('Registering u-2 with the same email: CancellationReasons', reasons);
    assert.deepEqual(codesOf(reasons), ['None', 'ConditionalCheckFailed']);

    const { Item } = await ex.doc.send(new GetCommand({ TableName: tableName, Key: { pk: 'USER#u-2' }, ConsistentRead: true }));
    assert.equal(Item, undefined, 'u-2 was not created');
    await register('u-2', 'grace@example.com');
    const { Responses } = await ex.doc.send(
      new TransactGetCommand({
        TransactItems: ['EMAIL#ada@example.com', 'EMAIL#grace@example.com'].map((pk) => ({ Get: { TableName: tableName, Key: { pk } } })),
      }),
    );
    ex.show(
      'Who owns each email',
      Responses?.map((response) => response.Item),
    );
    assert.deepEqual(
      Responses?.map((response) => response.Item?.['userId']),
      ['u-1', 'u-2'],
    );
    ex.say('Changing an email is then one transaction too: delete the old email item, put the new one (attribute_not_exists),');
    ex.say('update the user.');
  },
);

const transactions = chapter(import.meta.url, 'Transactions: TransactWriteItems and TransactGetItems', [
  placeOrderExample,
  cancellationReasons,
  idempotencyToken,
  transactGetSnapshot,
  optimisticLocking,
  uniqueAttribute,
]);
export default transactions;

await runWhenMain(import.meta.url, transactions);
