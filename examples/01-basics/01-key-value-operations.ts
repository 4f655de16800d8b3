import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { ConditionalCheckFailedException, PutItemCommand } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  DeleteCommand,
  GetCommand,
  PutCommand,
  UpdateCommand,
  type BatchGetCommandInput,
  type BatchGetCommandOutput,
  type UpdateCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { chapter, example, type ExampleContext } from '../support/example.js';
import { attributeTypes, failureOf, keySchema } from '../support/helpers.js';
import { runWhenMain } from '../support/run.js';

/**
 * The four single-item operations: PutItem writes a whole item, GetItem reads one by its
 * full primary key, UpdateItem changes some attributes in place, DeleteItem removes one.
 * Each touches exactly one item, found by its key, so each costs the same whatever the
 * size of the table. Conditions turn them into safe building blocks for concurrent
 * programs: a write that happens only if the item is in the state the writer expects.
 *
 * Every read here is strongly consistent (ConsistentRead): the examples read what they
 * have just written, and on AWS an eventually consistent read might not see it yet.
 */

type Item = Record<string, unknown>;

/** A table whose primary key is the single string attribute `keyName`. */
function createTableKeyedBy(ex: ExampleContext, baseName: string, keyName: string): Promise<string> {
  return ex.createTable({
    TableName: baseName,
    KeySchema: keySchema(keyName),
    AttributeDefinitions: attributeTypes({ [keyName]: 'S' }),
  });
}

/** The item stored under `key`, read strongly consistently; undefined when there is none. */
async function readItem(ex: ExampleContext, tableName: string, key: Item): Promise<Item | undefined> {
  const { Item } = await ex.doc.send(new GetCommand({ TableName: tableName, Key: key, ConsistentRead: true }));
  return Item;
}

/** The current time in epoch seconds, the format DynamoDB's Time to Live reads. */
function epochSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

const putAndGet = example('put-and-get', 'PutItem stores an item; GetItem reads it back by its key', async (ex) => {
  const tableName = await createTableKeyedBy(ex, 'users', 'userId');
  ex.say('A table with a simple primary key: every item is found by its userId alone.');
  const item = { userId: 'u-100', name: 'Ada', email: 'ada@example.com', loginCount: 0 };
  ex.show('PutItem request', { TableName: tableName, Item: item });
  await ex.doc.send(new PutCommand({ TableName: tableName, Item: item }));

  const { Item } = await ex.doc.send(new GetCommand({ TableName: tableName, Key: { userId: 'u-100' }, ConsistentRead: true }));
  ex.show('GetItem response Item', Item);
  assert.deepEqual(Item, item);

  ex.say('PutItem replaces the whole item: attributes left out of the new version are gone, not kept.');
  const replacement = { userId: 'u-100', name: 'Ada Lovelace' };
  await ex.doc.send(new PutCommand({ TableName: tableName, Item: replacement }));
  const replaced = await readItem(ex, tableName, { userId: 'u-100' });
  ex.show('After a second PutItem with fewer attributes', replaced);
  assert.deepEqual(replaced, replacement);
});

const getWithProjection = example('get-with-projection', 'GetItem with a ProjectionExpression, and placeholders for reserved words', async (ex) => {
  const tableName = await createTableKeyedBy(ex, 'users', 'userId');
  await ex.doc.send(
    new PutCommand({
      TableName: tableName,
      Item: {
        userId: 'u-200',
        name: 'Grace',
        email: 'grace@example.com',
        address: { street: '1 Navy Way', city: 'Arlington', country: 'US' },
        teams: ['platform', 'compilers'],
      },
    }),
  );

  ex.say('A ProjectionExpression names the attributes to return, top-level or nested (address.city), or list elements');
  ex.say("(teams[0]). `name` is one of DynamoDB's several hundred reserved words, so the expression refers to it through");
  ex.say('an expression attribute name, #name, defined in ExpressionAttributeNames.');
  const request = {
    TableName: tableName,
    Key: { userId: 'u-200' },
    ProjectionExpression: '#name, email, address.city, teams[0]',
    ExpressionAttributeNames: { '#name': 'name' },
    ConsistentRead: true,
  };
  ex.show('GetItem request', request);
  const { Item } = await ex.doc.send(new GetCommand(request));
  ex.show('GetItem response Item', Item);
  assert.deepEqual(Item, { name: 'Grace', email: 'grace@example.com', address: { city: 'Arlington' }, teams: ['platform'] });
  ex.say('Nested attributes come back inside their parents. The key was not asked for, so it is not returned.');

  ex.say('Writing the reserved word directly is rejected before anything is read:');
  const error = await failureOf(ex.doc.send(new GetCommand({ TableName: tableName, Key: { userId: 'u-200' }, ProjectionExpression: 'name, email' })));
  ex.show('Error', { name: error.name, message: error.message });
  assert.equal(error.name, 'ValidationException');

  ex.say('Asking for a key that has no item is not an error: the response simply has no Item.');
  const missing = await ex.doc.send(new GetCommand({ TableName: tableName, Key: { userId: 'u-404' }, ConsistentRead: true }));
  assert.equal(missing.Item, undefined);
});

const updateSetAttributes = example('update-set-attributes', 'UpdateItem SET adds and changes attributes in place; REMOVE deletes them', async (ex) => {
  const tableName = await createTableKeyedBy(ex, 'accounts', 'accountId');
  await ex.doc.send(new PutCommand({ TableName: tableName, Item: { accountId: 'a-1', owner: 'Ada', plan: 'free', trialEndsOn: '2025-01-31' } }));

  ex.say('Unlike PutItem, UpdateItem touches only the attributes its update expression names. Here SET changes plan, adds');
  ex.say('upgradedOn (which did not exist), and REMOVE deletes trialEndsOn; owner is left as it was.');
  const request: UpdateCommandInput = {
    TableName: tableName,
    Key: { accountId: 'a-1' },
    UpdateExpression: 'SET #plan = :pro, upgradedOn = :today REMOVE trialEndsOn',
    ExpressionAttributeNames: { '#plan': 'plan' },
    ExpressionAttributeValues: { ':pro': 'pro', ':today': '2025-01-15' },
    ReturnValues: 'ALL_NEW',
  };
  ex.show('UpdateItem request', request);
  const { Attributes } = await ex.doc.send(new UpdateCommand(request));
  ex.show('The item after the update (ReturnValues ALL_NEW)', Attributes);
  assert.deepEqual(Attributes, { accountId: 'a-1', owner: 'Ada', plan: 'pro', upgradedOn: '2025-01-15' });

  ex.say('UpdateItem on a key with no item creates one (an "upsert"), holding the key and the attributes that were SET.');
  await ex.doc.send(new UpdateCommand({ ...request, Key: { accountId: 'a-2' }, ReturnValues: 'NONE' }));
  assert.deepEqual(await readItem(ex, tableName, { accountId: 'a-2' }), { accountId: 'a-2', plan: 'pro', upgradedOn: '2025-01-15' });

  ex.say('When an update must only change existing items, add the condition attribute_exists on the key:');
  const guarded = ex.doc.send(new UpdateCommand({ ...request, Key: { accountId: 'a-3' }, ConditionExpression: 'attribute_exists(accountId)' }));
  await assert.rejects(guarded, { name: 'ConditionalCheckFailedException' });
  assert.equal(await readItem(ex, tableName, { accountId: 'a-3' }), undefined, 'the failed update created nothing');
});

const atomicCounter = example('atomic-counter', 'Atomic counters: SET #views = #views + :one and ADD, safe under concurrent increments', async (ex) => {
  const tableName = await createTableKeyedBy(ex, 'pages', 'page');
  await ex.doc.send(new PutCommand({ TableName: tableName, Item: { page: '/home', views: 0 } }));

  const increment: UpdateCommandInput = {
    TableName: tableName,
    Key: { page: '/home' },
    UpdateExpression: 'SET #views = #views + :one',
    ExpressionAttributeNames: { '#views': 'views' },
    ExpressionAttributeValues: { ':one': 1 },
    ReturnValues: 'UPDATED_NEW',
  };
  const concurrentIncrements = 20;
  ex.say(`An increment is computed by the server, in one step: no read-modify-write in the client. ${concurrentIncrements} increments`);
  ex.say('are sent at once; each returns the value it produced (ReturnValues UPDATED_NEW).');
  ex.show('UpdateItem request', increment);
  const responses = await Promise.all(Array.from({ length: concurrentIncrements }, () => ex.doc.send(new UpdateCommand(increment))));
  const producedValues = responses.map((response) => response.Attributes?.['views'] as number).sort((a, b) => a - b);
  ex.show('Values returned by the increments, sorted', producedValues);
  assert.deepEqual(
    producedValues,
    Array.from({ length: concurrentIncrements }, (_, n) => n + 1),
    'every increment saw a distinct value: none was lost',
  );
  assert.equal((await readItem(ex, tableName, { page: '/home' }))?.['views'], concurrentIncrements);

  ex.say('SET #views = #views + :one needs the attribute to exist. On an item without it the update is rejected:');
  const onMissing = await failureOf(ex.doc.send(new UpdateCommand({ ...increment, Key: { page: '/about' } })));
  ex.show('Error', { name: onMissing.name, message: onMissing.message });
  assert.equal(onMissing.name, 'ValidationException');

  ex.say('if_not_exists supplies a starting value: SET #views = if_not_exists(#views, :zero) + :one.');
  const fromZero = await ex.doc.send(
    new UpdateCommand({
      ...increment,
      Key: { page: '/about' },
      UpdateExpression: 'SET #views = if_not_exists(#views, :zero) + :one',
      ExpressionAttributeValues: { ':zero': 0, ':one': 1 },
    }),
  );
  assert.deepEqual(fromZero.Attributes, { views: 1 });

  ex.say('ADD does the same for numbers without the helper: a missing attribute counts as 0. A negative value subtracts.');
  const addRequest = (delta: number): UpdateCommandInput => ({
    TableName: tableName,
    Key: { page: '/pricing' },
    UpdateExpression: 'ADD downloads :delta',
    ExpressionAttributeValues: { ':delta': delta },
    ReturnValues: 'UPDATED_NEW',
  });
  const afterAdd = await ex.doc.send(new UpdateCommand(addRequest(5)));
  const afterSubtract = await ex.doc.send(new UpdateCommand(addRequest(-2)));
  ex.show('ADD downloads 5, then ADD downloads -2', [afterAdd.Attributes, afterSubtract.Attributes]);
  assert.deepEqual(afterAdd.Attributes, { downloads: 5 });
  assert.deepEqual(afterSubtract.Attributes, { downloads: 3 });
  ex.say('A counter update is not idempotent: if a request times out and the client retries it, the count may go up twice.');
  ex.say('That is fine for page views; for money, use a condition or a transaction with a client token instead.');
});

const listOperations = example('list-operations', 'Lists: list_append at either end, SET and REMOVE of an element by index', async (ex) => {
  const tableName = await createTableKeyedBy(ex, 'shopping-lists', 'listId');
  const key = { listId: 'weekly' };
  await ex.doc.send(new PutCommand({ TableName: tableName, Item: { ...key, entries: ['milk', 'eggs'] } }));

  /** Applies one update expression to the list and returns the list as it is afterwards. */
  async function change(updateExpression: string, values?: Item): Promise<unknown> {
    const { Attributes } = await ex.doc.send(
      new UpdateCommand({ TableName: tableName, Key: key, UpdateExpression: updateExpression, ExpressionAttributeValues: values, ReturnValues: 'ALL_NEW' }),
    );
    ex.show(updateExpression, Attributes?.['entries']);
    return Attributes?.['entries'];
  }

  ex.say('list_append(a, b) concatenates two lists; the order of its arguments decides which end the new elements go to.');
  assert.deepEqual(await change('SET entries = list_append(entries, :more)', { ':more': ['bread'] }), ['milk', 'eggs', 'bread']);
  assert.deepEqual(await change('SET entries = list_append(:first, entries)', { ':first': ['coffee'] }), ['coffee', 'milk', 'eggs', 'bread']);

  ex.say('SET with an index replaces that element. An index past the end appends (it does not leave gaps).');
  assert.deepEqual(await change('SET entries[1] = :oatMilk', { ':oatMilk': 'oat milk' }), ['coffee', 'oat milk', 'eggs', 'bread']);
  assert.deepEqual(await change('SET entries[10] = :apples', { ':apples': 'apples' }), ['coffee', 'oat milk', 'eggs', 'bread', 'apples']);

  ex.say('REMOVE with an index deletes that element and the ones after it shift down: remove by position, not by value.');
  assert.deepEqual(await change('REMOVE entries[0], entries[2]'), ['oat milk', 'bread', 'apples']);
  ex.say('Both indexes refer to the list as it was before the update: coffee (0) and eggs (2) went, not eggs and apples.');

  ex.say('list_append needs an existing list; on a new item, if_not_exists supplies an empty one:');
  const { Attributes } = await ex.doc.send(
    new UpdateCommand({
      TableName: tableName,
      Key: { listId: 'party' },
      UpdateExpression: 'SET entries = list_append(if_not_exists(entries, :empty), :more)',
      ExpressionAttributeValues: { ':empty': [], ':more': ['cake'] },
      ReturnValues: 'ALL_NEW',
    }),
  );
  assert.deepEqual(Attributes, { listId: 'party', entries: ['cake'] });
});

const nestedMapAttributes = example('nested-map-attributes', 'Maps: SET a.b.c on nested attributes, if_not_exists for defaults', async (ex) => {
  const tableName = await createTableKeyedBy(ex, 'profiles', 'userId');
  const key = { userId: 'u-300' };
  await ex.doc.send(new PutCommand({ TableName: tableName, Item: { ...key, preferences: { theme: 'light', notifications: { email: true } } } }));

  ex.say('A document path (preferences.notifications.sms) reaches inside maps: the update changes one nested value');
  ex.say('and leaves its siblings alone, without reading and rewriting the whole map.');
  const request: UpdateCommandInput = {
    TableName: tableName,
    Key: key,
    UpdateExpression:
      'SET preferences.theme = :dark, preferences.notifications.sms = :off, preferences.#language = if_not_exists(preferences.#language, :english)',
    ExpressionAttributeNames: { '#language': 'language' },
    ExpressionAttributeValues: { ':dark': 'dark', ':off': false, ':english': 'en' },
    ReturnValues: 'ALL_NEW',
  };
  ex.show('UpdateItem request', request);
  const first = await ex.doc.send(new UpdateCommand(request));
  ex.show('preferences after the update', first.Attributes?.['preferences']);
  assert.deepEqual(first.Attributes?.['preferences'], { theme: 'dark', language: 'en', notifications: { email: true, sms: false } });

  ex.say('if_not_exists(path, value) is the value at path if there is one, else the default: a second run with French as');
  ex.say('the default keeps the English already chosen. That makes "set a default" safe to repeat.');
  const second = await ex.doc.send(new UpdateCommand({ ...request, ExpressionAttributeValues: { ':dark': 'dark', ':off': false, ':english': 'fr' } }));
  assert.equal((second.Attributes?.['preferences'] as Item)['language'], 'en');

  ex.say('A nested SET needs its parent map to exist. address does not, so SET address.city is rejected:');
  const error = await failureOf(
    ex.doc.send(
      new UpdateCommand({ TableName: tableName, Key: key, UpdateExpression: 'SET address.city = :city', ExpressionAttributeValues: { ':city': 'Paris' } }),
    ),
  );
  ex.show('Error', { name: error.name, message: error.message });
  assert.equal(error.name, 'ValidationException');
  ex.say('Create the parent as a whole map first (SET address = :map), then nested paths work on it.');
  await ex.doc.send(
    new UpdateCommand({
      TableName: tableName,
      Key: key,
      UpdateExpression: 'SET address = :address',
      ExpressionAttributeValues: { ':address': { city: 'Paris' } },
    }),
  );
  const removed = await ex.doc.send(
    new UpdateCommand({
      TableName: tableName,
      Key: key,
      UpdateExpression: 'SET address.zip = :zip REMOVE preferences.notifications.email',
      ExpressionAttributeValues: { ':zip': '75001' },
      ReturnValues: 'ALL_NEW',
    }),
  );
  ex.show('After SET address.zip and REMOVE preferences.notifications.email', removed.Attributes);
  assert.deepEqual(removed.Attributes, {
    ...key,
    address: { city: 'Paris', zip: '75001' },
    preferences: { theme: 'dark', language: 'en', notifications: { sms: false } },
  });
});

const returnValues = example('return-values', 'ReturnValues: what UpdateItem returns with ALL_NEW, UPDATED_OLD, UPDATED_NEW, ALL_OLD', async (ex) => {
  const tableName = await createTableKeyedBy(ex, 'products', 'sku');
  const key = { sku: 'lamp-01' };
  await ex.doc.send(new PutCommand({ TableName: tableName, Item: { ...key, title: 'Desk lamp', stock: 10, lastSoldOn: '2025-03-01' } }));

  /** Sells one lamp on `day`, asking for `returnValues`, and returns what came back. */
  async function sellOne(day: string, returnValues: NonNullable<UpdateCommandInput['ReturnValues']>): Promise<Item | undefined> {
    const { Attributes } = await ex.doc.send(
      new UpdateCommand({
        TableName: tableName,
        Key: key,
        UpdateExpression: 'SET stock = stock - :one, lastSoldOn = :day',
        ExpressionAttributeValues: { ':one': 1, ':day': day },
        ReturnValues: returnValues,
      }),
    );
    ex.show(`ReturnValues ${returnValues}`, Attributes);
    return Attributes;
  }

  ex.say('The same update (sell one lamp) four times, each asking for a different view of the item. The values come from');
  ex.say('the write itself, atomically: no second request, and no chance of another writer slipping in between.');
  assert.deepEqual(await sellOne('2025-03-02', 'ALL_NEW'), { ...key, title: 'Desk lamp', stock: 9, lastSoldOn: '2025-03-02' });
  assert.deepEqual(await sellOne('2025-03-03', 'UPDATED_OLD'), { stock: 9, lastSoldOn: '2025-03-02' });
  assert.deepEqual(await sellOne('2025-03-04', 'UPDATED_NEW'), { stock: 7, lastSoldOn: '2025-03-04' });
  assert.deepEqual(await sellOne('2025-03-05', 'ALL_OLD'), { ...key, title: 'Desk lamp', stock: 7, lastSoldOn: '2025-03-04' });
  assert.equal(await sellOne('2025-03-06', 'NONE'), undefined);
  ex.say('UPDATED_* hold only the attributes the expression touched; ALL_* the whole item. NONE, the default, returns');
  ex.say('nothing. Asking for return values consumes no read capacity. PutItem and DeleteItem accept only NONE and ALL_OLD.');
});

const deleteReturningOld = example('delete-returning-old', 'DeleteItem with ReturnValues ALL_OLD, and a conditional delete', async (ex) => {
  const tableName = await createTableKeyedBy(ex, 'carts', 'cartId');
  await ex.doc.send(new PutCommand({ TableName: tableName, Item: { cartId: 'c-1', owner: 'Ada', lines: 3, state: 'open' } }));
  await ex.doc.send(new PutCommand({ TableName: tableName, Item: { cartId: 'c-2', owner: 'Alan', lines: 1, state: 'checked-out' } }));

  ex.say('ALL_OLD returns the item as it was just before the delete: handy to log, undo or move it elsewhere.');
  const request = { TableName: tableName, Key: { cartId: 'c-1' }, ReturnValues: 'ALL_OLD' as const };
  ex.show('DeleteItem request', request);
  const deleted = await ex.doc.send(new DeleteCommand(request));
  ex.show('DeleteItem response Attributes', deleted.Attributes);
  assert.deepEqual(deleted.Attributes, { cartId: 'c-1', owner: 'Ada', lines: 3, state: 'open' });
  assert.equal(await readItem(ex, tableName, { cartId: 'c-1' }), undefined);

  ex.say('Deleting a key that has no item succeeds too, with nothing returned: a delete can safely be retried.');
  const again = await ex.doc.send(new DeleteCommand(request));
  assert.equal(again.Attributes, undefined);

  ex.say('With a condition, the delete happens only if the item is in the expected state. c-2 is checked out, so a');
  ex.say('cleanup job that deletes only open carts leaves it alone:');
  const onlyOpen = ex.doc.send(
    new DeleteCommand({
      TableName: tableName,
      Key: { cartId: 'c-2' },
      ConditionExpression: '#state = :open',
      ExpressionAttributeNames: { '#state': 'state' },
      ExpressionAttributeValues: { ':open': 'open' },
    }),
  );
  await assert.rejects(onlyOpen, { name: 'ConditionalCheckFailedException' });
  assert.equal((await readItem(ex, tableName, { cartId: 'c-2' }))?.['state'], 'checked-out');
});

const putIfAbsent = example('put-if-absent', 'A put that refuses to overwrite: attribute_not_exists and ConditionalCheckFailedException', async (ex) => {
  const tableName = await createTableKeyedBy(ex, 'usernames', 'username');
  ex.say('Claiming a unique username: the first claim must win and later ones must fail, not silently overwrite it.');
  ex.say('The condition is checked against the item already stored under the same key; attribute_not_exists(username)');
  ex.say('holds only when there is no such item. This example uses the low-level client, so values are typed: { S: ... }.');
  const claim = (owner: string) =>
    new PutItemCommand({
      TableName: tableName,
      Item: { username: { S: 'ada' }, owner: { S: owner } },
      ConditionExpression: 'attribute_not_exists(username)',
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
    });
  ex.show('PutItem request', claim('account-1').input);
  await ex.client.send(claim('account-1'));

  const error = await failureOf(ex.client.send(claim('account-2')));
  assert.ok(error instanceof ConditionalCheckFailedException, `expected ConditionalCheckFailedException, got ${error.name}`);
  ex.show('The second claim fails', { name: error.name, message: error.message, Item: error.Item });
  ex.say('With ReturnValuesOnConditionCheckFailure ALL_OLD the error carries the item that made the condition fail,');
  ex.say('so the caller learns who holds the name without reading it again.');
  assert.deepEqual(error.Item, { username: { S: 'ada' }, owner: { S: 'account-1' } });
  assert.equal((await readItem(ex, tableName, { username: 'ada' }))?.['owner'], 'account-1', 'the first claim is intact');
});

const optimisticLocking = example('optimistic-locking', 'Two writers read version 1; a condition on the version lets only one update win', async (ex) => {
  const tableName = await createTableKeyedBy(ex, 'documents', 'docId');
  const key = { docId: 'readme' };
  await ex.doc.send(new PutCommand({ TableName: tableName, Item: { ...key, body: 'Hello', version: 1 } }));

  /** Saves `body` on top of the version the writer read; fails if someone saved in between. */
  const save = (body: string, versionRead: number) =>
    ex.doc.send(
      new UpdateCommand({
        TableName: tableName,
        Key: key,
        UpdateExpression: 'SET body = :body, version = :next',
        ConditionExpression: 'version = :read',
        ExpressionAttributeValues: { ':body': body, ':read': versionRead, ':next': versionRead + 1 },
      }),
    );

  ex.say('Alice and Bob both open the document and see version 1. Each then saves an edit, at the same moment. Without a');
  ex.say('condition the second write would silently erase the first (a lost update). With "version = :read" each save');
  ex.say('succeeds only if the version is still the one its writer read, and moves it on by one.');
  const [aliceRead, bobRead] = await Promise.all([readItem(ex, tableName, key), readItem(ex, tableName, key)]);
  assert.equal(aliceRead?.['version'], 1);
  assert.equal(bobRead?.['version'], 1);
  const edits = { alice: 'Hello from Alice', bob: 'Hello from Bob' };
  const outcomes = await Promise.allSettled([save(edits.alice, 1), save(edits.bob, 1)]);
  ex.show(
    'Outcomes',
    outcomes.map((outcome, n) => `${n === 0 ? 'alice' : 'bob'}: ${outcome.status === 'fulfilled' ? 'saved' : (outcome.reason as Error).name}`),
  );

  const winners = outcomes.filter((outcome) => outcome.status === 'fulfilled');
  const losers = outcomes.flatMap((outcome) => (outcome.status === 'rejected' ? [outcome.reason as Error] : []));
  assert.equal(winners.length, 1, 'exactly one save succeeds');
  assert.equal(losers[0]?.name, 'ConditionalCheckFailedException');
  const winnerBody = outcomes[0]?.status === 'fulfilled' ? edits.alice : edits.bob;
  const afterRace = await readItem(ex, tableName, key);
  ex.show('The stored document', afterRace);
  assert.deepEqual(afterRace, { ...key, body: winnerBody, version: 2 });

  ex.say('The loser rereads, sees version 2 and the other edit, merges its change and saves again on top of version 2.');
  const merged = `${winnerBody} (and the other edit)`;
  await save(merged, afterRace['version'] as number);
  assert.deepEqual(await readItem(ex, tableName, key), { ...key, body: merged, version: 3 });
});

const sessionStore = example('session-store', 'Use case: a session store with an expiry attribute, refresh and logout', async (ex) => {
  const tableName = await createTableKeyedBy(ex, 'sessions', 'sessionId');
  const sessionLifetimeSeconds = 30 * 60;
  ex.say('Each login creates an item keyed by a random session id, holding the user and an expiresAt in epoch seconds.');
  ex.say('In production you would also turn on Time to Live on expiresAt, and DynamoDB would delete expired sessions for free,');
  ex.say('on AWS typically within a few days. Until then an expired item is still returned by reads, so the application must');
  ex.say('check expiresAt itself, as every operation below does; this example does not rely on TTL.');

  async function login(userId: string, expiresAt: number): Promise<string> {
    const sessionId = randomUUID();
    await ex.doc.send(new PutCommand({ TableName: tableName, Item: { sessionId, userId, expiresAt }, ConditionExpression: 'attribute_not_exists(sessionId)' }));
    return sessionId;
  }
  /** Pushes the expiry back, only for a session that exists and has not expired; returns the new expiry. */
  async function refresh(sessionId: string): Promise<unknown> {
    const now = epochSeconds();
    const { Attributes } = await ex.doc.send(
      new UpdateCommand({
        TableName: tableName,
        Key: { sessionId },
        UpdateExpression: 'SET expiresAt = :newExpiry',
        ConditionExpression: 'attribute_exists(sessionId) AND expiresAt > :now',
        ExpressionAttributeValues: { ':now': now, ':newExpiry': now + sessionLifetimeSeconds },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    return Attributes?.['expiresAt'];
  }
  /** The user a live session belongs to; undefined for an unknown or expired session. */
  async function currentUser(sessionId: string): Promise<unknown> {
    const session = await readItem(ex, tableName, { sessionId });
    return session !== undefined && (session['expiresAt'] as number) > epochSeconds() ? session['userId'] : undefined;
  }

  const now = epochSeconds();
  const live = await login('ada', now + 60);
  const stale = await login('alan', now - 60);
  ex.show('Sessions created', { live, stale });
  assert.equal(await currentUser(live), 'ada');
  assert.equal(await currentUser(stale), undefined, 'the expired session is stored but not accepted');
  assert.ok(await readItem(ex, tableName, { sessionId: stale }), 'the expired item is still there until something deletes it');

  ex.say('Refreshing a live session moves expiresAt forward; the condition refuses to revive an expired one.');
  const newExpiry = await refresh(live);
  ex.show('Refreshed expiresAt', newExpiry);
  assert.ok(typeof newExpiry === 'number' && newExpiry >= now + sessionLifetimeSeconds);
  await assert.rejects(refresh(stale), { name: 'ConditionalCheckFailedException' });

  ex.say('Logout deletes the item; ALL_OLD tells whose session it was. A later refresh with the old id fails, and thanks to');
  ex.say('attribute_exists it does not recreate a half-empty session item, as a plain UpdateItem would.');
  const loggedOut = await ex.doc.send(new DeleteCommand({ TableName: tableName, Key: { sessionId: live }, ReturnValues: 'ALL_OLD' }));
  assert.equal(loggedOut.Attributes?.['userId'], 'ada');
  assert.equal(await currentUser(live), undefined);
  await assert.rejects(refresh(live), { name: 'ConditionalCheckFailedException' });
  assert.equal(await readItem(ex, tableName, { sessionId: live }), undefined);
});

const featureFlags = example('feature-flags', 'Use case: feature flags toggled with a condition on the expected value, read in one batch', async (ex) => {
  const tableName = await createTableKeyedBy(ex, 'feature-flags', 'flag');
  const flags = [
    { flag: 'new-checkout', enabled: false, description: 'One-page checkout' },
    { flag: 'dark-mode', enabled: true, description: 'Dark theme' },
    { flag: 'search-v2', enabled: false, description: 'New search engine' },
    { flag: 'beta-banner', enabled: true, description: 'Banner for beta users' },
  ];
  await Promise.all(flags.map((flag) => ex.doc.send(new PutCommand({ TableName: tableName, Item: flag }))));

  /** Sets `flag` to `enabled` if it is currently `!enabled`: a toggle based on what the admin saw. */
  const toggle = (flag: string, enabled: boolean, by: string) =>
    ex.doc.send(
      new UpdateCommand({
        TableName: tableName,
        Key: { flag },
        UpdateExpression: 'SET enabled = :new, changedBy = :by',
        ConditionExpression: 'enabled = :expected',
        ExpressionAttributeValues: { ':new': enabled, ':expected': !enabled, ':by': by },
        ReturnValues: 'ALL_NEW',
      }),
    );

  ex.say('One item per flag. An admin switching new-checkout on sends "set enabled to true if it is false": the condition');
  ex.say('states what the admin saw when deciding, so two admins acting on the same screen cannot undo each other.');
  const switchedOn = await toggle('new-checkout', true, 'ada');
  ex.show('new-checkout after the toggle', switchedOn.Attributes);
  assert.equal(switchedOn.Attributes?.['enabled'], true);
  ex.say('A second admin, whose screen still shows it off, also tries to switch it on. That toggle is refused instead of');
  ex.say('being applied a second time; the same condition makes a toggle of a misspelt flag fail rather than create it.');
  await assert.rejects(toggle('new-checkout', true, 'alan'), { name: 'ConditionalCheckFailedException' });
  await assert.rejects(toggle('new-chekout', true, 'alan'), { name: 'ConditionalCheckFailedException' });
  assert.equal((await readItem(ex, tableName, { flag: 'new-checkout' }))?.['changedBy'], 'ada');

  ex.say('An application reads all the flags it needs at startup with one BatchGetItem (up to 100 keys). Items come back');
  ex.say('in no particular order, keys without an item are simply absent, and keys DynamoDB could not read this time come');
  ex.say('back in UnprocessedKeys, to be asked for again.');
  const wanted = ['new-checkout', 'dark-mode', 'search-v2', 'no-such-flag'];
  const states = new Map<string, unknown>();
  let requestItems: BatchGetCommandInput['RequestItems'] = {
    [tableName]: { Keys: wanted.map((flag) => ({ flag })), ProjectionExpression: 'flag, enabled', ConsistentRead: true },
  };
  while (requestItems !== undefined && Object.keys(requestItems).length > 0) {
    const response: BatchGetCommandOutput = await ex.doc.send(new BatchGetCommand({ RequestItems: requestItems }));
    for (const item of response.Responses?.[tableName] ?? []) states.set(item['flag'] as string, item['enabled']);
    requestItems = response.UnprocessedKeys;
  }
  ex.show('Flags read', Object.fromEntries(states));
  assert.deepEqual(Object.fromEntries(states), { 'new-checkout': true, 'dark-mode': true, 'search-v2': false });
});

const keyValueOperations = chapter(import.meta.url, 'Key-value operations: PutItem, GetItem, UpdateItem, DeleteItem', [
  putAndGet,
  getWithProjection,
  updateSetAttributes,
  atomicCounter,
  listOperations,
  nestedMapAttributes,
  returnValues,
  deleteReturningOld,
  putIfAbsent,
  optimisticLocking,
  sessionStore,
  featureFlags,
]);
export default keyValueOperations;

await runWhenMain(import.meta.url, keyValueOperations);
