import assert from 'node:assert/strict';
import { ScanCommand, type AttributeValue, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DescribeStreamCommand, GetRecordsCommand, GetShardIteratorCommand, type DynamoDBStreamsClient, type Shard } from '@aws-sdk/client-dynamodb-streams';

/**
 * A stream replayed onto an empty map, as a consumer that mirrors a table would do
 * it: every shard read from TRIM_HORIZON to its end, parents before children, each
 * record applied to its item (INSERT and MODIFY set it to NewImage, REMOVE deletes
 * it). On the way it checks what such a consumer relies on (DynamoDB Developer Guide,
 * "Change data capture for DynamoDB Streams": each record appears exactly once, and
 * an item's records appear in the order of its changes), for a NEW_AND_OLD_IMAGES
 * stream:
 *
 * - a record's OldImage is the item as the records before it left it (none for an
 *   INSERT), so a record missing, doubled or out of order within an item shows;
 * - all records of one item are in one shard lineage (a shard and its descendants),
 *   and their sequence numbers increase, as they do within each shard, each inside
 *   its shard's range;
 * - every record changes its item: a write that left it as it was makes none.
 *
 * Order across items is not promised, so none is checked. scanTable reads what the
 * replay must equal.
 */

export type Item = Record<string, AttributeValue>;

/** Shards per DescribeStream page: few, so a replay pages through ExclusiveStartShardId. */
const SHARDS_PER_PAGE = 10;
/** Records per GetRecords call: few, so a shard is read over several iterators. */
const RECORDS_PER_PAGE = 3;
/** Bounds on paging, so a server that never ends a listing fails the test instead of hanging it. */
const DESCRIBE_PAGES_MAX = 1_000;
const RECORD_PAGES_PER_SHARD_MAX = 1_000;

function canonicalValue(value: AttributeValue): unknown {
  if (value.S !== undefined) return { S: value.S };
  if (value.N !== undefined) return { N: value.N };
  if (value.B !== undefined) return { B: Buffer.from(value.B).toString('base64') };
  if (value.BOOL !== undefined) return { BOOL: value.BOOL };
  if (value.NULL !== undefined) return { NULL: value.NULL };
  // Sets have no order: two equal sets may come back listed differently.
  if (value.SS !== undefined) return { SS: [...value.SS].sort() };
  if (value.NS !== undefined) return { NS: [...value.NS].sort() };
  if (value.BS !== undefined) return { BS: value.BS.map((bytes) => Buffer.from(bytes).toString('base64')).sort() };
  if (value.L !== undefined) return { L: value.L.map(canonicalValue) };
  if (value.M !== undefined) return { M: canonicalMembers(value.M) };
  throw new Error(`unexpected attribute value ${JSON.stringify(value)}`);
}

function canonicalMembers(item: Item): Array<[string, unknown]> {
  return Object.keys(item)
    .sort()
    .map((name) => [name, canonicalValue(item[name]!)]);
}

/** An item as text that is equal for equal items (attributes in any order, set members in any order); 'absent' for no item. */
export function canonicalItem(item: Item | undefined): string {
  return item === undefined ? 'absent' : JSON.stringify(canonicalMembers(item));
}

/** The text that names an item by its key attributes: canonicalItem of the key alone. */
export function itemKeyText(item: Item, keyNames: readonly string[]): string {
  const key: Item = {};
  for (const name of keyNames) {
    const value = item[name];
    assert.ok(value !== undefined, `item ${canonicalItem(item)} lacks key attribute ${name}`);
    key[name] = value;
  }
  return canonicalItem(key);
}

export type StreamEventName = 'INSERT' | 'MODIFY' | 'REMOVE';

export interface ReplayedRecord {
  /** The item's key as itemKeyText gives it. */
  readonly itemKey: string;
  readonly eventName: StreamEventName;
  readonly newImage?: Item;
  readonly oldImage?: Item;
  /** The record names the Time to Live service as the remover. */
  readonly byTimeToLive: boolean;
}

export interface StreamReplay {
  /** The table as the stream tells it, by itemKeyText. */
  readonly items: ReadonlyMap<string, Item>;
  /** Every record, in the order applied: parents' shards before their children's. */
  readonly records: readonly ReplayedRecord[];
}

/** Every shard of the stream, a page of SHARDS_PER_PAGE at a time. */
async function describeShards(streams: DynamoDBStreamsClient, streamArn: string): Promise<Shard[]> {
  const shards: Shard[] = [];
  let exclusiveStartShardId: string | undefined;
  for (let page = 0; page < DESCRIBE_PAGES_MAX; page++) {
    const { StreamDescription } = await streams.send(
      new DescribeStreamCommand({
        StreamArn: streamArn,
        Limit: SHARDS_PER_PAGE,
        ...(exclusiveStartShardId === undefined ? {} : { ExclusiveStartShardId: exclusiveStartShardId }),
      }),
    );
    shards.push(...StreamDescription!.Shards!);
    exclusiveStartShardId = StreamDescription!.LastEvaluatedShardId;
    if (exclusiveStartShardId === undefined) return shards;
  }
  assert.fail(`DescribeStream still had shards after ${DESCRIBE_PAGES_MAX} pages`);
}

/**
 * The shards with each one after its parent, each with the first shard of its lineage.
 * Nothing is trimmed in a test that lasts minutes of the server's clock, so every parent
 * must be listed.
 */
function parentsFirst(shards: readonly Shard[]): Array<{ shard: Shard; lineage: string }> {
  const byId = new Map(shards.map((shard) => [shard.ShardId!, shard]));
  assert.equal(byId.size, shards.length, 'DescribeStream listed a shard twice');
  const ordered: Array<{ shard: Shard; lineage: string }> = [];
  const lineageOf = new Map<string, string>();
  const visit = (shard: Shard): string => {
    const placed = lineageOf.get(shard.ShardId!);
    if (placed !== undefined) return placed;
    const parentId = shard.ParentShardId;
    let lineage = shard.ShardId!;
    if (parentId !== undefined) {
      const parent = byId.get(parentId);
      assert.ok(parent !== undefined, `shard ${shard.ShardId} names parent ${parentId}, which DescribeStream does not list`);
      lineage = visit(parent);
    }
    lineageOf.set(shard.ShardId!, lineage);
    ordered.push({ shard, lineage });
    return lineage;
  };
  shards.forEach(visit);
  return ordered;
}

interface ShardRecord {
  readonly record: ReplayedRecord;
  readonly sequenceNumber: bigint;
}

/**
 * The shard's records, from TRIM_HORIZON to its end: a closed shard's end is where
 * GetRecords stops handing out an iterator; an open shard's is an empty page, as no
 * write is made while a replay reads.
 */
async function readShard(streams: DynamoDBStreamsClient, streamArn: string, shard: Shard, keyNames: readonly string[]): Promise<ShardRecord[]> {
  const firstSequence = BigInt(shard.SequenceNumberRange!.StartingSequenceNumber!);
  const endingSequence = shard.SequenceNumberRange!.EndingSequenceNumber;
  // A closed shard without records has no ending number either; it is read like an open one.
  const open = endingSequence === undefined;
  let { ShardIterator: iterator } = await streams.send(
    new GetShardIteratorCommand({ StreamArn: streamArn, ShardId: shard.ShardId, ShardIteratorType: 'TRIM_HORIZON' }),
  );
  const read: ShardRecord[] = [];
  for (let page = 0; page < RECORD_PAGES_PER_SHARD_MAX && iterator !== undefined; page++) {
    const { Records: records, NextShardIterator: next } = await streams.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: RECORDS_PER_PAGE }));
    for (const record of records!) {
      const change = record.dynamodb!;
      const sequenceNumber = BigInt(change.SequenceNumber!);
      assert.ok(
        sequenceNumber >= firstSequence && (open || sequenceNumber <= BigInt(endingSequence)),
        `record ${sequenceNumber} outside shard ${shard.ShardId}'s range ${firstSequence}…${endingSequence ?? ''}`,
      );
      const eventName = record.eventName as StreamEventName;
      assert.ok(['INSERT', 'MODIFY', 'REMOVE'].includes(eventName), `record with eventName ${record.eventName}`);
      read.push({
        sequenceNumber,
        record: {
          itemKey: itemKeyText(change.Keys as Item, keyNames),
          eventName,
          ...(change.NewImage === undefined ? {} : { newImage: change.NewImage as Item }),
          ...(change.OldImage === undefined ? {} : { oldImage: change.OldImage as Item }),
          byTimeToLive: record.userIdentity?.PrincipalId === 'dynamodb.amazonaws.com' && record.userIdentity.Type === 'Service',
        },
      });
    }
    if (open && records!.length === 0) return read;
    iterator = next;
  }
  assert.equal(iterator, undefined, `shard ${shard.ShardId} still had records after ${RECORD_PAGES_PER_SHARD_MAX} pages`);
  return read;
}

/** Checks that `record` follows from `current`, the item as the records before it left it. */
function assertFollows(record: ReplayedRecord, current: Item | undefined): void {
  const context = `${record.eventName} of ${record.itemKey}`;
  assert.equal(canonicalItem(record.oldImage), canonicalItem(current), `${context}: its OldImage is not the item as the records before it left it`);
  if (record.eventName === 'INSERT') assert.equal(record.oldImage, undefined, `${context} has an OldImage`);
  else assert.ok(record.oldImage !== undefined, `${context} has no OldImage`);
  if (record.eventName === 'REMOVE') assert.equal(record.newImage, undefined, `${context} has a NewImage`);
  else assert.ok(record.newImage !== undefined, `${context} has no NewImage`);
  assert.notEqual(canonicalItem(record.newImage), canonicalItem(record.oldImage), `${context} changes nothing`);
}

/** Replays the NEW_AND_OLD_IMAGES stream `streamArn` of a table keyed by `keyNames`, checking it on the way (see the top of this file). */
export async function replayStream(streams: DynamoDBStreamsClient, streamArn: string, keyNames: readonly string[]): Promise<StreamReplay> {
  const items = new Map<string, Item>();
  const records: ReplayedRecord[] = [];
  const lineageOfItem = new Map<string, string>();
  const lastSequenceOfItem = new Map<string, bigint>();
  for (const { shard, lineage } of parentsFirst(await describeShards(streams, streamArn))) {
    let lastInShard = -1n;
    for (const { record, sequenceNumber } of await readShard(streams, streamArn, shard, keyNames)) {
      const { itemKey } = record;
      assert.ok(sequenceNumber > lastInShard, `sequence numbers do not increase within shard ${shard.ShardId}`);
      lastInShard = sequenceNumber;
      assert.equal(lineageOfItem.get(itemKey) ?? lineage, lineage, `records of ${itemKey} are in two shard lineages`);
      lineageOfItem.set(itemKey, lineage);
      assert.ok(sequenceNumber > (lastSequenceOfItem.get(itemKey) ?? -1n), `sequence numbers of ${itemKey}'s records do not increase`);
      lastSequenceOfItem.set(itemKey, sequenceNumber);
      assertFollows(record, items.get(itemKey));
      if (record.newImage === undefined) items.delete(itemKey);
      else items.set(itemKey, record.newImage);
      records.push(record);
    }
  }
  return { items, records };
}

/** The table's items by itemKeyText, as a consistent Scan reads them. */
export async function scanTable(client: DynamoDBClient, tableName: string, keyNames: readonly string[]): Promise<Map<string, Item>> {
  const items = new Map<string, Item>();
  let exclusiveStartKey: Item | undefined;
  do {
    const page = await client.send(
      new ScanCommand({ TableName: tableName, ConsistentRead: true, ...(exclusiveStartKey === undefined ? {} : { ExclusiveStartKey: exclusiveStartKey }) }),
    );
    for (const item of page.Items!) items.set(itemKeyText(item, keyNames), item);
    exclusiveStartKey = page.LastEvaluatedKey;
  } while (exclusiveStartKey !== undefined);
  return items;
}

/** Checks that two tables, by item key, hold equal items. */
export function assertSameItems(actual: ReadonlyMap<string, Item>, expected: ReadonlyMap<string, Item>, message: string): void {
  const asText = (items: ReadonlyMap<string, Item>) => [...items.entries()].map(([key, item]) => `${key} → ${canonicalItem(item)}`).sort();
  assert.deepEqual(asText(actual), asText(expected), message);
}
