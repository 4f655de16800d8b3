import assert from 'node:assert/strict';
import type { AttributeDefinition, KeySchemaElement, ScalarAttributeType } from '@aws-sdk/client-dynamodb';
import { PutCommand, QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import type { ExampleContext } from './example.js';

/**
 * Small pieces the chapters share. The key-schema builders keep CreateTable requests
 * short without hiding their shape: a KeySchema is a HASH element, then optionally a
 * RANGE element; AttributeDefinitions declare the type of every attribute used in a
 * key of the table or of an index, and only those.
 */

type Item = Record<string, unknown>;

/** `[{ AttributeName: partitionKey, KeyType: 'HASH' }, { AttributeName: sortKey, KeyType: 'RANGE' }]`, the second only with a sort key. */
export function keySchema(partitionKey: string, sortKey?: string): KeySchemaElement[] {
  const schema: KeySchemaElement[] = [{ AttributeName: partitionKey, KeyType: 'HASH' }];
  if (sortKey !== undefined) schema.push({ AttributeName: sortKey, KeyType: 'RANGE' });
  return schema;
}

/** `{ id: 'S', at: 'N' }` as AttributeDefinitions: `[{ AttributeName: 'id', AttributeType: 'S' }, …]`. */
export function attributeTypes(types: Readonly<Record<string, ScalarAttributeType>>): AttributeDefinition[] {
  return Object.entries(types).map(([AttributeName, AttributeType]) => ({ AttributeName, AttributeType }));
}

/** A table keyed by a string attribute `id` alone. */
export function createSimpleTable(ex: ExampleContext, baseName: string): Promise<string> {
  return ex.createTable({
    TableName: baseName,
    KeySchema: keySchema('id'),
    AttributeDefinitions: attributeTypes({ id: 'S' }),
  });
}

/** `prefix-007`: zero-padded, so every key has the same length (and size), and the keys sort as numbers. */
export function keyOf(prefix: string, n: number): string {
  return `${prefix}-${String(n).padStart(3, '0')}`;
}

/** Writes the items one PutItem each, all at once: the order of the writes does not matter to the reads that follow. */
export async function putEach(ex: ExampleContext, tableName: string, items: readonly Item[]): Promise<void> {
  await Promise.all(items.map((item) => ex.doc.send(new PutCommand({ TableName: tableName, Item: item }))));
}

/** The items of one Query page (none when the answer has no Items). */
export async function queryItems(ex: ExampleContext, input: QueryCommandInput): Promise<Item[]> {
  const { Items = [] } = await ex.doc.send(new QueryCommand(input));
  return Items;
}

/** The error `request` fails with; fails the example if it succeeds. */
export async function failureOf(request: Promise<unknown>): Promise<Error> {
  try {
    await request;
  } catch (error) {
    assert.ok(error instanceof Error);
    return error;
  }
  assert.fail('the request should have failed');
}

/**
 * An item's size as DynamoDB counts it, for items whose attributes are all strings:
 * each attribute costs the UTF-8 bytes of its name plus those of its value.
 */
export function stringItemSizeBytes(item: Readonly<Record<string, string>>): number {
  return Object.entries(item).reduce((total, [name, value]) => total + Buffer.byteLength(name) + Buffer.byteLength(value), 0);
}

/**
 * `fields` plus a `padding` attribute that brings the item to exactly `sizeBytes`, so
 * the capacity a read of it costs can be worked out by hand.
 */
export function itemOfSize(fields: Readonly<Record<string, string>>, sizeBytes: number): Record<string, string> {
  const item = { ...fields, padding: 'x'.repeat(sizeBytes - stringItemSizeBytes({ ...fields, padding: '' })) };
  assert.equal(stringItemSizeBytes(item), sizeBytes);
  return item;
}
