import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CreateTableCommand,
  DeleteItemCommand,
  GetItemCommand,
  ListTablesCommand,
  PutItemCommand,
  ResourceNotFoundException,
  type AttributeValue,
  type DynamoDBClient,
  UpdateItemCommand,
  type UpdateItemCommandInput,
} from '@aws-sdk/client-dynamodb';
import { DeleteCommand, DynamoDBDocumentClient, GetCommand, NumberValue, PutCommand } from '@aws-sdk/lib-dynamodb';
import { clientFor, onDemandTable, startStrataWithClient, startTestStrata, uniqueTableName, type StrataUnderTest } from '../support/strata.js';

/** Items through both SDK clients against a real Strata server: every type, sizes, return values, capacity, namespaces. */

type Item = Record<string, AttributeValue>;

/** DynamoDB's item size limit: 400 KB, counting attribute names and values in UTF-8 bytes. */
const ITEM_BYTES_MAX = 400 * 1024;
const TOO_LARGE = { name: 'ValidationException', message: 'Item size has exceeded the maximum allowed size' };

/** Sets come back in no particular order; sort them so items compare by content. */
function withSortedSets(value: AttributeValue): AttributeValue {
  if (value.SS !== undefined) return { SS: [...value.SS].sort() };
  if (value.NS !== undefined) return { NS: [...value.NS].sort() };
  if (value.BS !== undefined) return { BS: [...value.BS].sort(Buffer.compare) };
  if (value.M !== undefined) return { M: sortedItem(value.M) };
  if (value.L !== undefined) return { L: value.L.map(withSortedSets) };
  return value;
}

function sortedItem(item: Item): Item {
  return Object.fromEntries(Object.entries(item).map(([name, value]) => [name, withSortedSets(value)]));
}

/** A value nested `levels` deep, alternating maps and lists, with a string at the bottom. */
function nested(levels: number): AttributeValue {
  let value: AttributeValue = { S: 'bottom' };
  for (let level = 0; level < levels; level++) value = level % 2 === 0 ? { M: { down: value } } : { L: [value] };
  return value;
}

describe('items through the low-level client', () => {
  let server: StrataUnderTest;
  let table: string;
  before(async () => {
    server = await startStrataWithClient();
    table = uniqueTableName('items');
    await server.client.send(new CreateTableCommand(onDemandTable(table, [{ name: 'id', type: 'S' }])));
  });
  after(async () => {
    await server.close();
  });

  async function put(item: Item): Promise<void> {
    await server.client.send(new PutItemCommand({ TableName: table, Item: item }));
  }

  async function get(id: string): Promise<Item | undefined> {
    const { Item } = await server.client.send(new GetItemCommand({ TableName: table, Key: { id: { S: id } }, ConsistentRead: true }));
    return Item;
  }

  it('round-trips every attribute type', async () => {
    const item: Item = {
      id: { S: 'all-types' },
      text: { S: 'plain' },
      empty: { S: '' },
      number: { N: '42' },
      bytes: { B: Uint8Array.from({ length: 256 }, (_, index) => index) },
      noBytes: { B: new Uint8Array(0) },
      yes: { BOOL: true },
      no: { BOOL: false },
      nothing: { NULL: true },
      map: { M: { inner: { S: 'x' }, list: { L: [{ N: '1' }, { S: 'two' }, { NULL: true }] } } },
      emptyMap: { M: {} },
      list: { L: [{ BOOL: false }, { M: { deep: { SS: ['x'] } } }, { B: Uint8Array.from([7]) }] },
      emptyList: { L: [] },
      strings: { SS: ['b', 'a', 'c'] },
      numbers: { NS: ['3', '-1', '2.5'] },
      binaries: { BS: [Uint8Array.from([2]), Uint8Array.from([1, 0])] },
    };
    await put(item);
    const stored = await get('all-types');
    assert.ok(stored !== undefined);
    assert.deepEqual(sortedItem(stored), sortedItem(item));
  });

  it('round-trips unicode in names and values, byte for byte', async () => {
    const text = 'héllo wörld 😀 𝄞 日本語 e\u0301 \u0000 \uFEFF';
    const item: Item = { id: { S: '鍵-🔑' }, [text]: { S: text }, ключ: { SS: ['😀', 'a', '\u00e9'] }, مفتاح: { M: { '𝄞': { S: text } } } };
    await put(item);
    const stored = await get('鍵-🔑');
    assert.ok(stored !== undefined);
    assert.deepEqual(sortedItem(stored), sortedItem(item));
  });

  it('keeps 32 levels of nesting and refuses a 33rd', async () => {
    await put({ id: { S: 'deep' }, value: nested(31) });
    assert.deepEqual((await get('deep'))?.value, nested(31));
    await assert.rejects(put({ id: { S: 'too-deep' }, value: nested(32) }), {
      name: 'ValidationException',
      message: /Nesting Levels have exceeded supported limits/,
    });
  });

  it('returns numbers in canonical form, in N and NS alike', async () => {
    const canonical: ReadonlyArray<readonly [string, string]> = [
      ['-12.500', '-12.5'],
      ['00012', '12'],
      ['0.0', '0'],
      ['-0', '0'],
      ['1E+3', '1000'],
      ['1.5e2', '150'],
      ['1e-5', '0.00001'],
      ['+7', '7'],
      ['12345678901234567890123456789012345678', '12345678901234567890123456789012345678'],
      ['9.9999999999999999999999999999999999999E+125', '9'.repeat(38) + '0'.repeat(88)],
      ['1E-130', '0.' + '0'.repeat(129) + '1'],
    ];
    for (const [sent, expected] of canonical) {
      await put({ id: { S: 'number' }, value: { N: sent }, set: { NS: [sent, '3'] } });
      const stored = await get('number');
      assert.equal(stored?.value?.N, expected, sent);
      assert.deepEqual([...(stored?.set?.NS ?? [])].sort(), [expected, '3'].sort(), sent);
    }
    for (const invalid of ['1e126', '1e-131', '123456789012345678901234567890123456789', 'NaN', 'Infinity', '0x10', '1 ', '']) {
      await assert.rejects(put({ id: { S: 'number' }, value: { N: invalid } }), { name: 'ValidationException' }, JSON.stringify(invalid));
    }
    await assert.rejects(put({ id: { S: 'number' }, set: { NS: ['1', '1.0'] } }), { name: 'ValidationException', message: /duplicates/ });
  });

  it('takes an item of exactly 400 KB, counting UTF-8 bytes, and refuses one byte more', async () => {
    // "id" + "big" + "blob" = 9 bytes; "€" is 3 bytes in UTF-8, so the blob mixes it with ASCII.
    const blobBytes = ITEM_BYTES_MAX - 9;
    const euros = '€'.repeat(Math.floor(blobBytes / 3));
    const blob = euros + 'x'.repeat(blobBytes - Buffer.byteLength(euros));
    assert.equal(Buffer.byteLength(blob), blobBytes);
    await put({ id: { S: 'big' }, blob: { S: blob } });
    assert.equal((await get('big'))?.blob?.S, blob);
    await assert.rejects(put({ id: { S: 'big' }, blob: { S: blob + 'x' } }), TOO_LARGE);
    await assert.rejects(put({ id: { S: 'big' }, blob: { B: new Uint8Array(ITEM_BYTES_MAX) } }), TOO_LARGE);
  });

  it('refuses an update that would take an item past 400 KB, in the words UpdateItem uses', async () => {
    const half = 'x'.repeat(ITEM_BYTES_MAX / 2);
    const update = (input: Omit<UpdateItemCommandInput, 'TableName' | 'Key'>) =>
      server.client.send(new UpdateItemCommand({ TableName: table, Key: { id: { S: 'grown' } }, ...input }));
    await update({ UpdateExpression: 'SET a = :half', ExpressionAttributeValues: { ':half': { S: half } } });
    const updatedTooLarge = { name: 'ValidationException', message: 'Item size to update has exceeded the maximum allowed size' };
    await assert.rejects(update({ UpdateExpression: 'SET b = :half', ExpressionAttributeValues: { ':half': { S: half } } }), updatedTooLarge);
    await assert.rejects(update({ AttributeUpdates: { b: { Value: { S: half } } } }), updatedTooLarge);
    assert.equal((await get('grown'))?.b, undefined);
  });

  it('returns the old item with ReturnValues ALL_OLD, and nothing when there was none', async () => {
    const key = { id: { S: 'versions' } };
    const first = await server.client.send(new PutItemCommand({ TableName: table, Item: { ...key, version: { N: '1' } }, ReturnValues: 'ALL_OLD' }));
    assert.equal(first.Attributes, undefined);
    const second = await server.client.send(new PutItemCommand({ TableName: table, Item: { ...key, version: { N: '2' } }, ReturnValues: 'ALL_OLD' }));
    assert.deepEqual(second.Attributes, { ...key, version: { N: '1' } });
    const quiet = await server.client.send(new PutItemCommand({ TableName: table, Item: { ...key, version: { N: '3' } }, ReturnValues: 'NONE' }));
    assert.equal(quiet.Attributes, undefined);
    const removed = await server.client.send(new DeleteItemCommand({ TableName: table, Key: key, ReturnValues: 'ALL_OLD' }));
    assert.deepEqual(removed.Attributes, { ...key, version: { N: '3' } });
    const again = await server.client.send(new DeleteItemCommand({ TableName: table, Key: key, ReturnValues: 'ALL_OLD' }));
    assert.equal(again.Attributes, undefined);
    assert.equal(await get('versions'), undefined);
    await assert.rejects(server.client.send(new PutItemCommand({ TableName: table, Item: key, ReturnValues: 'ALL_NEW' })), { name: 'ValidationException' });
  });

  it('reports consumed capacity in DynamoDB units: 1 KB per write unit, 4 KB per read unit', async () => {
    // 2 + 5 ("id", "sized") + 4 + 5,000 ("blob", the value) = 5,011 bytes: 5 write units, 2 strongly consistent read units.
    const item = { id: { S: 'sized' }, blob: { S: 'x'.repeat(5_000) } };
    const written = await server.client.send(new PutItemCommand({ TableName: table, Item: item, ReturnConsumedCapacity: 'TOTAL' }));
    assert.deepEqual(written.ConsumedCapacity, { TableName: table, CapacityUnits: 5 });
    const strong = await server.client.send(
      new GetItemCommand({ TableName: table, Key: { id: item.id }, ConsistentRead: true, ReturnConsumedCapacity: 'TOTAL' }),
    );
    assert.deepEqual(strong.ConsumedCapacity, { TableName: table, CapacityUnits: 2 });
    const eventual = await server.client.send(new GetItemCommand({ TableName: table, Key: { id: item.id }, ReturnConsumedCapacity: 'INDEXES' }));
    assert.deepEqual(eventual.ConsumedCapacity, { TableName: table, CapacityUnits: 1, Table: { CapacityUnits: 1 } });
    const missing = await server.client.send(
      new GetItemCommand({ TableName: table, Key: { id: { S: 'absent' } }, ConsistentRead: true, ReturnConsumedCapacity: 'TOTAL' }),
    );
    assert.deepEqual(missing.ConsumedCapacity, { TableName: table, CapacityUnits: 1 });
    const deleted = await server.client.send(new DeleteItemCommand({ TableName: table, Key: { id: item.id }, ReturnConsumedCapacity: 'TOTAL' }));
    assert.deepEqual(deleted.ConsumedCapacity, { TableName: table, CapacityUnits: 5 });
    const silent = await server.client.send(new GetItemCommand({ TableName: table, Key: { id: item.id } }));
    assert.equal(silent.ConsumedCapacity, undefined);
  });

  it('returns only the attributes named in AttributesToGet', async () => {
    await put({ id: { S: 'projected' }, a: { S: 'A' }, b: { N: '2' }, c: { BOOL: true } });
    const { Item } = await server.client.send(
      new GetItemCommand({ TableName: table, Key: { id: { S: 'projected' } }, AttributesToGet: ['a', 'c', 'missing'] }),
    );
    assert.deepEqual(Item, { a: { S: 'A' }, c: { BOOL: true } });
  });

  it('answers an absent item without an Item, and a missing table with ResourceNotFoundException', async () => {
    const absent = await server.client.send(new GetItemCommand({ TableName: table, Key: { id: { S: 'never-put' } } }));
    assert.equal(absent.Item, undefined);
    assert.equal(absent.$metadata.httpStatusCode, 200);
    await assert.rejects(server.client.send(new GetItemCommand({ TableName: 'no-such-table', Key: { id: { S: 'x' } } })), ResourceNotFoundException);
    await assert.rejects(server.client.send(new PutItemCommand({ TableName: 'no-such-table', Item: { id: { S: 'x' } } })), ResourceNotFoundException);
    await assert.rejects(server.client.send(new DeleteItemCommand({ TableName: 'no-such-table', Key: { id: { S: 'x' } } })), ResourceNotFoundException);
  });
});

describe('items through lib-dynamodb', () => {
  let server: StrataUnderTest;
  let documents: DynamoDBDocumentClient;
  let table: string;
  before(async () => {
    server = await startStrataWithClient();
    documents = DynamoDBDocumentClient.from(server.client);
    table = uniqueTableName('documents');
    await server.client.send(
      new CreateTableCommand(
        onDemandTable(table, [
          { name: 'pk', type: 'N' },
          { name: 'sk', type: 'B' },
        ]),
      ),
    );
  });
  after(async () => {
    await server.close();
  });

  it('round-trips plain JavaScript values: objects, arrays, sets, numbers, binary, null', async () => {
    const key = { pk: 7, sk: Uint8Array.from([1, 2, 3]) };
    const value = {
      ...key,
      name: 'Ada',
      tags: new Set(['a', 'b']),
      primes: new Set([2, 3, 5]),
      blobs: new Set([Uint8Array.from([9]), Uint8Array.from([8, 8])]),
      scores: [1, 2.5, -3, 0],
      profile: { active: true, retired: false, nickname: null, address: { city: 'London', lines: ['1 Main St'] } },
      empty: '',
    };
    await documents.send(new PutCommand({ TableName: table, Item: value }));
    const { Item } = await documents.send(new GetCommand({ TableName: table, Key: key }));
    assert.deepEqual(Item, value);
    const { Attributes } = await documents.send(new DeleteCommand({ TableName: table, Key: key, ReturnValues: 'ALL_OLD' }));
    assert.deepEqual(Attributes, value);
    assert.equal((await documents.send(new GetCommand({ TableName: table, Key: key }))).Item, undefined);
  });

  it('keeps numbers beyond double precision exact with NumberValue', async () => {
    const exact = DynamoDBDocumentClient.from(server.client, { unmarshallOptions: { wrapNumbers: true } });
    const key = { pk: 1, sk: Uint8Array.from([0]) };
    const huge = '12345678901234567890.000000000000000001';
    await exact.send(new PutCommand({ TableName: table, Item: { ...key, huge: NumberValue.from(huge) } }));
    const { Item } = await exact.send(new GetCommand({ TableName: table, Key: key }));
    assert.ok(Item?.huge instanceof NumberValue);
    assert.equal(Item.huge.toString(), huge);
  });

  it('refuses an item over 400 KB', async () => {
    await assert.rejects(
      documents.send(new PutCommand({ TableName: table, Item: { pk: 2, sk: Uint8Array.from([0]), blob: 'x'.repeat(ITEM_BYTES_MAX) } })),
      TOO_LARGE,
    );
  });
});

describe('namespaces', () => {
  const credentials = (accessKeyId: string) => ({ accessKeyId, secretAccessKey: 'any' });

  /** Alice creates a table and writes to it; returns what Bob and Alice-in-another-region then see. */
  async function whatOthersSee(sharedDb: boolean): Promise<Array<{ tables: string[] | undefined; item: Item | undefined }>> {
    const strata = await startTestStrata({ sharedDb });
    const alice = clientFor(strata.endpoint, { credentials: credentials('alice') });
    const others: DynamoDBClient[] = [
      clientFor(strata.endpoint, { credentials: credentials('bob') }),
      clientFor(strata.endpoint, { credentials: credentials('alice'), region: 'eu-west-1' }),
    ];
    try {
      await alice.send(new CreateTableCommand(onDemandTable('mine', [{ name: 'id', type: 'S' }])));
      await alice.send(new PutItemCommand({ TableName: 'mine', Item: { id: { S: 'from-alice' } } }));
      const seen = [];
      for (const other of others) {
        const { TableNames } = await other.send(new ListTablesCommand({}));
        const read = await other.send(new GetItemCommand({ TableName: 'mine', Key: { id: { S: 'from-alice' } } })).catch((error: unknown) => {
          assert.ok(error instanceof ResourceNotFoundException);
          return { Item: undefined };
        });
        seen.push({ tables: TableNames, item: read.Item });
      }
      return seen;
    } finally {
      for (const client of [alice, ...others]) client.destroy();
      await strata.close();
    }
  }

  it('keeps each access key and region apart without a shared database', async () => {
    for (const seen of await whatOthersSee(false)) assert.deepEqual(seen, { tables: [], item: undefined });
  });

  it('shares one set of tables across access keys and regions with a shared database', async () => {
    for (const seen of await whatOthersSee(true)) assert.deepEqual(seen, { tables: ['mine'], item: { id: { S: 'from-alice' } } });
  });

  it('lets the same table name exist separately in two namespaces', async () => {
    const strata = await startTestStrata({ sharedDb: false });
    const [alice, bob] = [clientFor(strata.endpoint, { credentials: credentials('alice') }), clientFor(strata.endpoint, { credentials: credentials('bob') })];
    try {
      for (const [client, owner] of [
        [alice, 'alice'],
        [bob, 'bob'],
      ] as const) {
        await client.send(new CreateTableCommand(onDemandTable('same-name', [{ name: 'id', type: 'S' }])));
        await client.send(new PutItemCommand({ TableName: 'same-name', Item: { id: { S: 'k' }, owner: { S: owner } } }));
      }
      assert.equal((await alice.send(new GetItemCommand({ TableName: 'same-name', Key: { id: { S: 'k' } } }))).Item?.owner?.S, 'alice');
      assert.equal((await bob.send(new GetItemCommand({ TableName: 'same-name', Key: { id: { S: 'k' } } }))).Item?.owner?.S, 'bob');
    } finally {
      alice.destroy();
      bob.destroy();
      await strata.close();
    }
  });
});
