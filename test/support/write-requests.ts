import assert from 'node:assert/strict';
import {
  BatchWriteItemCommand,
  ConditionalCheckFailedException,
  DeleteItemCommand,
  PutItemCommand,
  TransactionCanceledException,
  TransactWriteItemsCommand,
  UpdateItemCommand,
  type AttributeValue,
  type DynamoDBClient,
  type TransactWriteItem,
  type WriteRequest,
} from '@aws-sdk/client-dynamodb';
import {
  itemOf,
  keyItem,
  keyTextOf,
  ttlAttribute,
  type ItemWrite,
  type TtlSeconds,
  type UpdateActions,
  type WriteCondition,
  type WriteStep,
} from './random-writes.js';
import type { Item } from './stream-replay.js';

/**
 * The writes of test/support/random-writes.ts sent through the SDK, each with what its
 * answer tells of the item it wrote: ReturnValues asks for the item before a Put or a
 * Delete and after an Update; a Put's item is the one sent, and a Delete leaves none.
 * A failed condition, or a transaction cancelled by one, is an answer too; any other
 * error fails the test.
 */

/** BatchWriteItem may hand back unprocessed writes; they are sent again this many times at most. */
const BATCH_ATTEMPTS_MAX = 10;

/** What the server's answer tells of a write's item: its state before and after, where the answer shows it. */
export const UNKNOWN = Symbol('unknown');
export type Known = Item | undefined | typeof UNKNOWN;

export interface WriteEffect {
  readonly itemKey: string;
  readonly before: Known;
  readonly after: Known;
}

/** A step's answer: refused (a condition failed, or a transaction was cancelled by one), or the effect of each of its writes. */
export type StepAnswer = { readonly refused: true } | { readonly refused: false; readonly effects: readonly WriteEffect[] };

/** Expression attribute names and values, registered as an expression uses them: DynamoDB refuses unused ones. */
class ExpressionParameters {
  private readonly names: Record<string, string> = {};
  private readonly values: Record<string, AttributeValue> = {};
  private valueCount = 0;

  name(attribute: string): string {
    this.names[`#${attribute}`] = attribute;
    return `#${attribute}`;
  }

  value(value: AttributeValue): string {
    const placeholder = `:v${this.valueCount++}`;
    this.values[placeholder] = value;
    return placeholder;
  }

  members(): { ExpressionAttributeNames?: Record<string, string>; ExpressionAttributeValues?: Record<string, AttributeValue> } {
    return {
      ...(Object.keys(this.names).length === 0 ? {} : { ExpressionAttributeNames: this.names }),
      ...(this.valueCount === 0 ? {} : { ExpressionAttributeValues: this.values }),
    };
  }
}

function conditionExpression(condition: WriteCondition, parameters: ExpressionParameters): string {
  switch (condition.kind) {
    case 'exists':
      return `attribute_exists(${parameters.name('pk')})`;
    case 'absent':
      return `attribute_not_exists(${parameters.name('pk')})`;
    case 'vEquals':
      return `${parameters.name('v')} = ${parameters.value({ N: String(condition.n) })}`;
    case 'vBelow':
      return `${parameters.name('v')} < ${parameters.value({ N: String(condition.n) })}`;
  }
}

/** The UpdateExpression of `actions`, or undefined when they are none (an update of nothing, which creates the item if absent). */
function updateExpression(actions: UpdateActions, parameters: ExpressionParameters, seconds: TtlSeconds): string | undefined {
  const set: string[] = [];
  const remove: string[] = [];
  const add: string[] = [];
  const { v, s, tags, ttl } = actions;
  if (v !== undefined) {
    const name = parameters.name('v');
    if (v.op === 'remove') remove.push(name);
    else if (v.op === 'add') add.push(`${name} ${parameters.value({ N: String(v.n) })}`);
    else if (v.op === 'set') set.push(`${name} = ${parameters.value({ N: String(v.n) })}`);
    else set.push(`${name} = if_not_exists(${name}, ${parameters.value({ N: String(v.n) })})`);
  }
  if (s !== undefined) {
    if (s.op === 'remove') remove.push(parameters.name('s'));
    else set.push(`${parameters.name('s')} = ${parameters.value({ S: s.text })}`);
  }
  if (tags !== undefined) {
    if (tags.op === 'remove') remove.push(parameters.name('tags'));
    else add.push(`${parameters.name('tags')} ${parameters.value({ SS: [...tags.members] })}`);
  }
  if (ttl !== undefined) {
    if (ttl.op === 'remove') remove.push(parameters.name('ttl'));
    else set.push(`${parameters.name('ttl')} = ${parameters.value(ttlAttribute(ttl.value, seconds))}`);
  }
  const clauses = [
    ...(set.length === 0 ? [] : [`SET ${set.join(', ')}`]),
    ...(remove.length === 0 ? [] : [`REMOVE ${remove.join(', ')}`]),
    ...(add.length === 0 ? [] : [`ADD ${add.join(', ')}`]),
  ];
  return clauses.length === 0 ? undefined : clauses.join(' ');
}

type WriteOf<Kind extends ItemWrite['kind']> = Extract<ItemWrite, { kind: Kind }>;

function conditionMember(condition: WriteCondition | undefined, parameters: ExpressionParameters): { ConditionExpression?: string } {
  return condition === undefined ? {} : { ConditionExpression: conditionExpression(condition, parameters) };
}

function putRequest(write: WriteOf<'put'>, tableName: string, seconds: TtlSeconds) {
  const parameters = new ExpressionParameters();
  const condition = conditionMember(write.condition, parameters);
  return { TableName: tableName, Item: itemOf(write.key, write.body, seconds), ...condition, ...parameters.members() };
}

function updateRequest(write: WriteOf<'update'>, tableName: string, seconds: TtlSeconds) {
  const parameters = new ExpressionParameters();
  const update = updateExpression(write.actions, parameters, seconds);
  const condition = conditionMember(write.condition, parameters);
  return {
    TableName: tableName,
    Key: keyItem(write.key),
    ...(update === undefined ? {} : { UpdateExpression: update }),
    ...condition,
    ...parameters.members(),
  };
}

function deleteRequest(write: WriteOf<'delete'>, tableName: string) {
  const parameters = new ExpressionParameters();
  const condition = conditionMember(write.condition, parameters);
  return { TableName: tableName, Key: keyItem(write.key), ...condition, ...parameters.members() };
}

function checkRequest(write: WriteOf<'check'>, tableName: string) {
  const parameters = new ExpressionParameters();
  const condition = conditionExpression(write.condition, parameters);
  return { TableName: tableName, Key: keyItem(write.key), ConditionExpression: condition, ...parameters.members() };
}

function transactItem(write: ItemWrite, tableName: string, seconds: TtlSeconds): TransactWriteItem {
  switch (write.kind) {
    case 'put':
      return { Put: putRequest(write, tableName, seconds) };
    case 'update': {
      const request = updateRequest(write, tableName, seconds);
      // The generator gives a transaction's updates at least one action: TransactWriteItems requires an UpdateExpression.
      assert.ok(request.UpdateExpression !== undefined, 'an update without actions in a transaction');
      return { Update: { ...request, UpdateExpression: request.UpdateExpression } };
    }
    case 'delete':
      return { Delete: deleteRequest(write, tableName) };
    case 'check':
      return { ConditionCheck: checkRequest(write, tableName) };
  }
}

function batchRequest(write: ItemWrite, seconds: TtlSeconds): WriteRequest {
  if (write.kind === 'put') return { PutRequest: { Item: itemOf(write.key, write.body, seconds) } };
  assert.ok(write.kind === 'delete', `a ${write.kind} in a batch`);
  return { DeleteRequest: { Key: keyItem(write.key) } };
}

/** What an applied write left, as far as the request alone tells: the item a Put sent, none after a Delete; an update's or a check's depends on the item before. */
function knownAfter(write: ItemWrite, seconds: TtlSeconds): Known {
  if (write.kind === 'put') return itemOf(write.key, write.body, seconds);
  return write.kind === 'delete' ? undefined : UNKNOWN;
}

/** The single write `write`, with the item before (Put, Delete) or after (Update) as ReturnValues gives it; undefined when its condition failed. */
async function sendSingle(client: DynamoDBClient, tableName: string, write: ItemWrite, seconds: TtlSeconds): Promise<WriteEffect | undefined> {
  const itemKey = keyTextOf(write.key);
  try {
    switch (write.kind) {
      case 'put': {
        const { Attributes } = await client.send(new PutItemCommand({ ...putRequest(write, tableName, seconds), ReturnValues: 'ALL_OLD' }));
        return { itemKey, before: Attributes, after: knownAfter(write, seconds) };
      }
      case 'update': {
        const { Attributes } = await client.send(new UpdateItemCommand({ ...updateRequest(write, tableName, seconds), ReturnValues: 'ALL_NEW' }));
        return { itemKey, before: UNKNOWN, after: Attributes };
      }
      case 'delete': {
        const { Attributes } = await client.send(new DeleteItemCommand({ ...deleteRequest(write, tableName), ReturnValues: 'ALL_OLD' }));
        return { itemKey, before: Attributes, after: undefined };
      }
      case 'check':
        assert.fail('a ConditionCheck outside a transaction');
    }
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return undefined;
    throw error;
  }
}

async function sendBatch(client: DynamoDBClient, tableName: string, writes: readonly ItemWrite[], seconds: TtlSeconds): Promise<void> {
  let requests: WriteRequest[] = writes.map((write) => batchRequest(write, seconds));
  for (let attempt = 0; attempt < BATCH_ATTEMPTS_MAX && requests.length > 0; attempt++) {
    const { UnprocessedItems } = await client.send(new BatchWriteItemCommand({ RequestItems: { [tableName]: requests } }));
    requests = UnprocessedItems?.[tableName] ?? [];
  }
  assert.deepEqual(requests, [], `BatchWriteItem left writes unprocessed after ${BATCH_ATTEMPTS_MAX} attempts`);
}

/** Sends the transaction; false when it was cancelled, which only a failed condition may do. */
async function sendTransaction(client: DynamoDBClient, tableName: string, writes: readonly ItemWrite[], seconds: TtlSeconds): Promise<boolean> {
  try {
    await client.send(new TransactWriteItemsCommand({ TransactItems: writes.map((write) => transactItem(write, tableName, seconds)) }));
    return true;
  } catch (error) {
    if (!(error instanceof TransactionCanceledException)) throw error;
    const codes = (error.CancellationReasons ?? []).map((reason) => reason.Code);
    assert.ok(
      codes.includes('ConditionalCheckFailed') && codes.every((code) => code === 'None' || code === 'ConditionalCheckFailed'),
      `cancelled for ${codes.join(', ')}`,
    );
    return false;
  }
}

/**
 * Sends a step's writes (not its clock moves, which are the caller's). An expire
 * step's writes are sent one by one, unconditionally.
 */
export async function sendStep(client: DynamoDBClient, tableName: string, step: WriteStep, seconds: TtlSeconds): Promise<StepAnswer> {
  const effectsOf = (writes: readonly ItemWrite[]): WriteEffect[] =>
    writes.map((write) => ({ itemKey: keyTextOf(write.key), before: UNKNOWN, after: knownAfter(write, seconds) }));
  switch (step.kind) {
    case 'single': {
      const effect = await sendSingle(client, tableName, step.write, seconds);
      return effect === undefined ? { refused: true } : { refused: false, effects: [effect] };
    }
    case 'batch':
      await sendBatch(client, tableName, step.writes, seconds);
      return { refused: false, effects: effectsOf(step.writes) };
    case 'transaction':
      return (await sendTransaction(client, tableName, step.writes, seconds)) ? { refused: false, effects: effectsOf(step.writes) } : { refused: true };
    case 'expire': {
      const effects: WriteEffect[] = [];
      for (const write of step.writes) {
        const effect = await sendSingle(client, tableName, write, seconds);
        assert.ok(effect !== undefined, 'an unconditional write failed its condition');
        effects.push(effect);
      }
      return { refused: false, effects };
    }
    case 'rollover':
      return { refused: false, effects: [] };
  }
}
