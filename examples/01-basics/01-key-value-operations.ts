import assert from 'node:assert/strict';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { chapter, example } from '../support/example.js';
import { runWhenMain } from '../support/run.js';

const putAndGet = example('put-and-get', 'PutItem stores an item; GetItem reads it back by its key', async (ex) => {
  const tableName = await ex.createTable({
    TableName: 'users',
    KeySchema: [{ AttributeName: 'userId', KeyType: 'HASH' }],
    AttributeDefinitions: [{ AttributeName: 'userId', AttributeType: 'S' }],
  });
  ex.say('A table with a simple primary key: every item is found by its userId alone.');
  const item = { userId: 'u-100', name: 'Ada', email: 'ada@example.com', loginCount: 0 };
  ex.show('PutItem request', { TableName: tableName, Item: item });
  await ex.doc.send(new PutCommand({ TableName: tableName, Item: item }));

  const { Item } = await ex.doc.send(new GetCommand({ TableName: tableName, Key: { userId: 'u-100' } }));
  ex.show('GetItem response Item', Item);
  assert.deepEqual(Item, item);
});

const keyValueOperations = chapter(import.meta.url, 'Key-value operations: PutItem, GetItem, UpdateItem, DeleteItem', [putAndGet]);
export default keyValueOperations;

await runWhenMain(import.meta.url, keyValueOperations);
