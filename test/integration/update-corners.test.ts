import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CreateTableCommand,
  GetItemCommand,
  PutItemCommand,
  TransactWriteItemsCommand,
  UpdateItemCommand,
  type AttributeValue,
  type UpdateItemCommandInput,
  type UpdateItemCommandOutput,
} from '@aws-sdk/client-dynamodb';
import { onDemandTable, startStrataWithClient, uniqueTableName, type StrataUnderTest } from '../support/strata.js';

/**
 * UpdateItem in its corners, through the SDK against a real server: updates that only
 * take attributes away, UPDATED_OLD and UPDATED_NEW of nested paths, list indexes past
 * the end and shifted by removals, and paths that cannot be updated.
 */

type Item = Record<string, AttributeValue>;
type UpdateInput = Omit<UpdateItemCommandInput, 'TableName' | 'Key'>;

const INVALID_PATH = { name: 'ValidationException', message: 'The document path provided in the update expression is invalid for update' };

/** The item every ReturnValues and list case starts from. */
const DOCUMENT: Item = {
  a: { M: { b: { S: 'keep' }, c: { L: [{ S: 'c0' }, { S: 'c1' }, { S: 'c2' }] } } },
  l: { L: [{ N: '1' }, { N: '2' }, { N: '3' }] },
  tags: { SS: ['p', 'q'] },
  word: { S: 'plain' },
};

describe('UpdateItem corners', () => {
  let server: StrataUnderTest;
  let table: string;
  let keyCounter = 0;
  before(async () => {
    server = await startStrataWithClient();
    table = uniqueTableName('update-corners');
    await server.client.send(new CreateTableCommand(onDemandTable(table, [{ name: 'id', type: 'S' }])));
  });
  after(async () => {
    await server.close();
  });

  /** A key no other test uses, holding DOCUMENT unless `item` is null. */
  async function freshKey(item: Item | null = DOCUMENT): Promise<Item> {
    keyCounter++;
    const key = { id: { S: `item-${keyCounter}` } };
    if (item !== null) await server.client.send(new PutItemCommand({ TableName: table, Item: { ...key, ...item } }));
    return key;
  }

  function update(key: Item, input: UpdateInput): Promise<UpdateItemCommandOutput> {
    return server.client.send(new UpdateItemCommand({ TableName: table, Key: key, ...input }));
  }

  async function attributesOf(key: Item, input: UpdateInput): Promise<Item | undefined> {
    return (await update(key, input)).Attributes;
  }

  async function stored(key: Item): Promise<Item | undefined> {
    const { Item } = await server.client.send(new GetItemCommand({ TableName: table, Key: key, ConsistentRead: true }));
    return Item;
  }

  describe('an update that only takes attributes away', () => {
    it('does not create an absent item, returns nothing and still consumes a write unit', async () => {
      for (const returnValues of ['ALL_NEW', 'ALL_OLD', 'UPDATED_NEW', 'UPDATED_OLD'] as const) {
        const key = await freshKey(null);
        const answer = await update(key, { UpdateExpression: 'REMOVE a, b', ReturnValues: returnValues, ReturnConsumedCapacity: 'TOTAL' });
        assert.equal(answer.Attributes, undefined, returnValues);
        assert.deepEqual(answer.ConsumedCapacity, { TableName: table, CapacityUnits: 1 });
        assert.equal(await stored(key), undefined, returnValues);
      }
    });

    it('does not create it with DELETE of set members, nor with AttributeUpdates DELETE', async () => {
      const deleted = await freshKey(null);
      await update(deleted, { UpdateExpression: 'DELETE tags :t REMOVE a', ExpressionAttributeValues: { ':t': { SS: ['p'] } } });
      assert.equal(await stored(deleted), undefined);
      const legacy = await freshKey(null);
      await update(legacy, { AttributeUpdates: { a: { Action: 'DELETE' }, tags: { Action: 'DELETE', Value: { SS: ['p'] } } } });
      assert.equal(await stored(legacy), undefined);
    });

    it('does not create it inside TransactWriteItems', async () => {
      const key = await freshKey(null);
      await server.client.send(new TransactWriteItemsCommand({ TransactItems: [{ Update: { TableName: table, Key: key, UpdateExpression: 'REMOVE a' } }] }));
      assert.equal(await stored(key), undefined);
    });

    it('still refuses a path it cannot update', async () => {
      const key = await freshKey(null);
      await assert.rejects(update(key, { UpdateExpression: 'REMOVE a.b' }), INVALID_PATH);
    });

    it('removes from an item that exists; an update with a value, or with no actions, creates one', async () => {
      const existing = await freshKey({ a: { S: 'x' }, b: { S: 'y' } });
      await update(existing, { UpdateExpression: 'REMOVE a' });
      assert.deepEqual(await stored(existing), { ...existing, b: { S: 'y' } });
      const mixed = await freshKey(null);
      await update(mixed, { UpdateExpression: 'REMOVE a SET b = :v', ExpressionAttributeValues: { ':v': { S: 'v' } } });
      assert.deepEqual(await stored(mixed), { ...mixed, b: { S: 'v' } });
      const empty = await freshKey(null);
      await update(empty, {});
      assert.deepEqual(await stored(empty), empty);
    });
  });

  describe('UPDATED_OLD and UPDATED_NEW', () => {
    it('return only the updated element of a nested list, not the whole attribute', async () => {
      const key = await freshKey();
      const set = { UpdateExpression: 'SET a.c[1] = :v', ExpressionAttributeValues: { ':v': { S: 'new' } } };
      assert.deepEqual(await attributesOf(key, { ...set, ReturnValues: 'UPDATED_OLD' }), { a: { M: { c: { L: [{ S: 'c1' }] } } } });
      assert.deepEqual(await attributesOf(key, { ...set, ReturnValues: 'UPDATED_NEW' }), { a: { M: { c: { L: [{ S: 'new' }] } } } });
    });

    it('merge several updated paths under one parent', async () => {
      const key = await freshKey();
      const attributes = await attributesOf(key, {
        UpdateExpression: 'SET a.d = :v, a.c[2] = :v, a.c[0] = :v, l[1] = :v',
        ExpressionAttributeValues: { ':v': { S: 'v' } },
        ReturnValues: 'UPDATED_NEW',
      });
      assert.deepEqual(attributes, { a: { M: { d: { S: 'v' }, c: { L: [{ S: 'v' }, { S: 'v' }] } } }, l: { L: [{ S: 'v' }] } });
    });

    it('return what REMOVE took away as UPDATED_OLD, and what moved into its place as UPDATED_NEW', async () => {
      const key = await freshKey();
      assert.deepEqual(await attributesOf(key, { UpdateExpression: 'REMOVE a.b, a.c[0]', ReturnValues: 'UPDATED_OLD' }), {
        a: { M: { b: { S: 'keep' }, c: { L: [{ S: 'c0' }] } } },
      });
      assert.deepEqual(await attributesOf(key, { UpdateExpression: 'REMOVE l[0]', ReturnValues: 'UPDATED_NEW' }), { l: { L: [{ N: '2' }] } });
      assert.equal(await attributesOf(key, { UpdateExpression: 'REMOVE word', ReturnValues: 'UPDATED_NEW' }), undefined);
    });

    it('return whole sets for ADD and DELETE, and nothing for a set DELETE emptied', async () => {
      const key = await freshKey();
      const add = { UpdateExpression: 'ADD tags :t', ExpressionAttributeValues: { ':t': { SS: ['r'] } } };
      assert.deepEqual(await attributesOf(key, { ...add, ReturnValues: 'UPDATED_OLD' }), { tags: { SS: ['p', 'q'] } });
      const emptied = { UpdateExpression: 'DELETE tags :t', ExpressionAttributeValues: { ':t': { SS: ['p', 'q', 'r'] } } };
      assert.equal(await attributesOf(key, { ...emptied, ReturnValues: 'UPDATED_NEW' }), undefined);
      assert.equal((await stored(key))?.tags, undefined);
    });

    it('leave out a path that held nothing: new attributes in UPDATED_OLD, appends past the end in both', async () => {
      const key = await freshKey();
      const fresh = { UpdateExpression: 'SET fresh = :v, a.fresh = :v', ExpressionAttributeValues: { ':v': { S: 'v' } } };
      assert.equal(await attributesOf(key, { ...fresh, ReturnValues: 'UPDATED_OLD' }), undefined);
      const append = { UpdateExpression: 'SET l[7] = :v', ExpressionAttributeValues: { ':v': { N: '8' } } };
      assert.equal(await attributesOf(key, { ...append, ReturnValues: 'UPDATED_NEW' }), undefined);
      assert.deepEqual((await stored(key))?.l, { L: [{ N: '1' }, { N: '2' }, { N: '3' }, { N: '8' }] });
    });
  });

  describe('list indexes', () => {
    it('append SETs past the end in index order', async () => {
      const key = await freshKey();
      await update(key, { UpdateExpression: 'SET l[11] = :b, l[10] = :a', ExpressionAttributeValues: { ':a': { S: 'a' }, ':b': { S: 'b' } } });
      assert.deepEqual((await stored(key))?.l, { L: [{ N: '1' }, { N: '2' }, { N: '3' }, { S: 'a' }, { S: 'b' }] });
    });

    it('mean what they meant before the update, whatever REMOVE takes out of the same list', async () => {
      const key = await freshKey();
      await update(key, { UpdateExpression: 'REMOVE l[0] ADD l[2] :one', ExpressionAttributeValues: { ':one': { N: '1' } } });
      assert.deepEqual((await stored(key))?.l, { L: [{ N: '2' }, { N: '4' }] });
      await update(key, { UpdateExpression: 'SET l[5] = :v REMOVE l[3]', ExpressionAttributeValues: { ':v': { N: '9' } } });
      assert.deepEqual((await stored(key))?.l, { L: [{ N: '2' }, { N: '4' }, { N: '9' }] });
    });
  });

  describe('paths that cannot be updated', () => {
    it('refuse a missing parent, and a parent that is not a map or list', async () => {
      const key = await freshKey();
      const one = { ':one': { N: '1' } };
      const sets = { ':s': { SS: ['x'] } };
      for (const [expression, values] of [
        ['SET absent.x = :one', one],
        ['SET word.x = :one', one],
        ['SET l[9].x = :one', one],
        ['REMOVE absent.x', undefined],
        ['REMOVE word[0]', undefined],
        ['DELETE absent.x :s', sets],
        ['DELETE word.x :s', sets],
      ] as const) {
        await assert.rejects(update(key, { UpdateExpression: expression, ExpressionAttributeValues: values }), INVALID_PATH, expression);
      }
      assert.deepEqual(await stored(key), { ...key, ...DOCUMENT });
    });

    it('ignore an absent member or an index past the end of a list that exists', async () => {
      const key = await freshKey();
      await update(key, { UpdateExpression: 'REMOVE a.absent, l[9] DELETE a.gone :s', ExpressionAttributeValues: { ':s': { SS: ['x'] } } });
      assert.deepEqual(await stored(key), { ...key, ...DOCUMENT });
    });
  });
});
