import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ConditionalCheckFailedException, CreateTableCommand } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { onDemandTable, startStrataWithClient, type StrataUnderTest } from '../support/strata.js';

/** The expression language as applications use it: through lib-dynamodb's document client. */
describe('expressions through @aws-sdk/lib-dynamodb', () => {
  let server: StrataUnderTest;
  let documents: DynamoDBDocumentClient;

  before(async () => {
    server = await startStrataWithClient();
    documents = DynamoDBDocumentClient.from(server.client, { marshallOptions: { removeUndefinedValues: true } });
    await server.client.send(new CreateTableCommand(onDemandTable('carts', [{ name: 'userId', type: 'S' }])));
  });

  after(async () => {
    await server.close();
  });

  it('creates with a condition, then updates nested documents, lists, sets and counters', async () => {
    await documents.send(
      new PutCommand({
        TableName: 'carts',
        Item: { userId: 'u1', items: [{ sku: 'a', qty: 1 }], tags: new Set(['new']), totals: { count: 1 } },
        ConditionExpression: 'attribute_not_exists(userId)',
      }),
    );
    const { Attributes } = await documents.send(
      new UpdateCommand({
        TableName: 'carts',
        Key: { userId: 'u1' },
        UpdateExpression:
          'SET #items = list_append(#items, :more), totals.#count = totals.#count + :one, lastSeen = if_not_exists(lastSeen, :now) ADD tags :tag',
        ExpressionAttributeNames: { '#items': 'items', '#count': 'count' },
        ExpressionAttributeValues: { ':more': [{ sku: 'b', qty: 2 }], ':one': 1, ':now': 1700000000, ':tag': new Set(['returning']) },
        ReturnValues: 'ALL_NEW',
      }),
    );
    assert.deepEqual(Attributes, {
      userId: 'u1',
      items: [
        { sku: 'a', qty: 1 },
        { sku: 'b', qty: 2 },
      ],
      tags: new Set(['new', 'returning']),
      totals: { count: 2 },
      lastSeen: 1700000000,
    });
  });

  it('refuses a duplicate create and returns the existing item on request', async () => {
    await assert.rejects(
      documents.send(
        new PutCommand({
          TableName: 'carts',
          Item: { userId: 'u1' },
          ConditionExpression: 'attribute_not_exists(userId)',
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      ),
      (error: unknown) => {
        assert.ok(error instanceof ConditionalCheckFailedException);
        assert.equal(error.Item?.userId?.S, 'u1');
        return true;
      },
    );
  });

  it('implements optimistic locking with a version attribute', async () => {
    await documents.send(new PutCommand({ TableName: 'carts', Item: { userId: 'u2', version: 1, note: 'first' } }));
    const writeAtVersion = (seen: number, note: string): Promise<unknown> =>
      documents.send(
        new UpdateCommand({
          TableName: 'carts',
          Key: { userId: 'u2' },
          UpdateExpression: 'SET note = :note, version = version + :one',
          ConditionExpression: 'version = :seen',
          ExpressionAttributeValues: { ':note': note, ':one': 1, ':seen': seen },
        }),
      );
    await writeAtVersion(1, 'second');
    await assert.rejects(writeAtVersion(1, 'stale'), ConditionalCheckFailedException);
    const { Item } = await documents.send(new GetCommand({ TableName: 'carts', Key: { userId: 'u2' }, ProjectionExpression: 'note, version' }));
    assert.deepEqual(Item, { note: 'second', version: 2 });
  });

  it('projects nested paths and deletes on a condition', async () => {
    const { Item } = await documents.send(
      new GetCommand({
        TableName: 'carts',
        Key: { userId: 'u1' },
        ProjectionExpression: '#items[1].sku, totals',
        ExpressionAttributeNames: { '#items': 'items' },
      }),
    );
    assert.deepEqual(Item, { items: [{ sku: 'b' }], totals: { count: 2 } });
    await assert.rejects(
      documents.send(
        new DeleteCommand({
          TableName: 'carts',
          Key: { userId: 'u1' },
          ConditionExpression: 'size(#items) > :n',
          ExpressionAttributeNames: { '#items': 'items' },
          ExpressionAttributeValues: { ':n': 5 },
        }),
      ),
      ConditionalCheckFailedException,
    );
    const { Attributes } = await documents.send(
      new DeleteCommand({
        TableName: 'carts',
        Key: { userId: 'u1' },
        ConditionExpression: 'contains(tags, :t)',
        ExpressionAttributeValues: { ':t': 'new' },
        ReturnValues: 'ALL_OLD',
      }),
    );
    assert.equal(Attributes?.userId, 'u1');
  });

  it('reports expression errors as ValidationException with DynamoDB messages', async () => {
    await assert.rejects(
      documents.send(
        new UpdateCommand({ TableName: 'carts', Key: { userId: 'u3' }, UpdateExpression: 'SET status = :s', ExpressionAttributeValues: { ':s': 'x' } }),
      ),
      { name: 'ValidationException', message: 'Invalid UpdateExpression: Attribute name is a reserved keyword; reserved keyword: status' },
    );
    await assert.rejects(
      documents.send(
        new UpdateCommand({ TableName: 'carts', Key: { userId: 'u3' }, UpdateExpression: 'SET userId = :s', ExpressionAttributeValues: { ':s': 'x' } }),
      ),
      { name: 'ValidationException', message: 'One or more parameter values were invalid: Cannot update attribute userId. This attribute is part of the key' },
    );
  });
});
