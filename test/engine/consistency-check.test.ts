import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Engine } from '../../src/engine/engine.js';
import { indexEntry } from '../../src/engine/indexes.js';
import { itemCollectionKey } from '../../src/engine/keyspace.js';
import { keyFromKeyParameter } from '../../src/engine/primary-key.js';
import type { IndexDefinition, TableDefinition } from '../../src/engine/table-definition.js';
import type { TableSpec } from '../../src/engine/table-spec.js';
import type { Item } from '../../src/model/attribute-value.js';
import { StoredItem } from '../../src/model/stored-item.js';
import type { MemoryStore } from '../../src/storage/memory-store.js';
import { transact } from '../../src/storage/transaction.js';
import { keySchemaOf, N, NAMESPACE, S, put, remove, setAndRemove, update, withEngine } from './engine-fixture.js';

/**
 * Engine.check: silent on whatever the write path leaves, loud on each kind of damage
 * done to the store behind the engine's back.
 */

/** Forum posts: two LSIs (one projecting everything, one keys only), a sparse GSI with INCLUDE, a GSI with ALL. */
const POSTS: TableSpec = {
  name: 'posts',
  keySchema: keySchemaOf('forum', 'subject'),
  attributeDefinitions: [
    { name: 'forum', type: 'S' },
    { name: 'subject', type: 'S' },
    { name: 'posted', type: 'N' },
    { name: 'author', type: 'S' },
    { name: 'tag', type: 'S' },
  ],
  billingMode: 'PAY_PER_REQUEST',
  localIndexes: [
    {
      name: 'byPosted',
      keySchema: keySchemaOf('forum', 'posted'),
      projection: { type: 'ALL' },
    },
    {
      name: 'byAuthor',
      keySchema: keySchemaOf('forum', 'author'),
      projection: { type: 'KEYS_ONLY' },
    },
  ],
  globalIndexes: [
    { name: 'byTag', keySchema: [{ attributeName: 'tag', keyType: 'HASH' }], projection: { type: 'INCLUDE', nonKeyAttributes: ['title'] } },
    {
      name: 'authorPosted',
      keySchema: keySchemaOf('author', 'posted'),
      projection: { type: 'ALL' },
    },
  ],
};

/** A numeric partition key with an LSI: its item collection records hold encoded numbers. */
const READINGS: TableSpec = {
  name: 'readings',
  keySchema: keySchemaOf('sensor', 'at'),
  attributeDefinitions: [
    { name: 'sensor', type: 'N' },
    { name: 'at', type: 'S' },
    { name: 'value', type: 'N' },
  ],
  billingMode: 'PAY_PER_REQUEST',
  localIndexes: [
    {
      name: 'byValue',
      keySchema: keySchemaOf('sensor', 'value'),
      projection: { type: 'KEYS_ONLY' },
    },
  ],
};

function post(forum: string, subject: string, posted: number, author: string, tag?: string): Item {
  return {
    forum: S(forum),
    subject: S(subject),
    posted: N(posted),
    author: S(author),
    title: S(`${subject} in ${forum}`),
    ...(tag === undefined ? {} : { tag: S(tag) }),
  };
}

interface Populated {
  readonly posts: TableDefinition;
  readonly readings: TableDefinition;
}

/** Puts, updates that move index keys in and out of indexes, deletes, and a partition emptied. */
async function populate(engine: Engine): Promise<Populated> {
  const posts = await engine.createTable(NAMESPACE, POSTS);
  const readings = await engine.createTable(NAMESPACE, READINGS);
  for (let i = 0; i < 40; i++) await put(engine, posts, post(`forum${i % 7}`, `subject${i}`, i, `author${i % 5}`, i % 3 === 0 ? `tag${i % 4}` : undefined));
  for (let i = 0; i < 10; i++) {
    await update(engine, posts, { forum: S(`forum${i % 7}`), subject: S(`subject${i}`) }, setAndRemove({ posted: N(100 + i), author: S('mover') }));
  }
  await update(engine, posts, { forum: S('forum0'), subject: S('subject0') }, setAndRemove({}, ['tag']));
  await update(engine, posts, { forum: S('forum1'), subject: S('subject1') }, setAndRemove({ tag: S('late') }));
  await update(engine, posts, { forum: S('forum2'), subject: S('subject2') }, setAndRemove({}, ['author']));
  for (let i = 20; i < 30; i++) await remove(engine, posts, { forum: S(`forum${i % 7}`), subject: S(`subject${i}`) });
  for (const subject of ['subject6', 'subject13', 'subject34']) await remove(engine, posts, { forum: S('forum6'), subject: S(subject) });
  for (let i = 0; i < 12; i++) await put(engine, readings, { sensor: N([-2.5, 0, 7, 1e20][i % 4]!), at: S(`t${i}`), value: N(i * 3) });
  await update(engine, readings, { sensor: N(7), at: S('t2') }, setAndRemove({ value: N(-1) }));
  for (const at of ['t1', 't5', 't9']) await remove(engine, readings, { sensor: N(0), at: S(at) });
  return { posts, readings };
}

function indexNamed(table: TableDefinition, name: string): IndexDefinition {
  return table.indexes!.find((index) => index.name === name)!;
}

function entryOf(table: TableDefinition, indexName: string, item: Item): { key: Uint8Array; value: StoredItem } {
  return indexEntry(table, indexNamed(table, indexName), StoredItem.fromItem(item))!;
}

async function storedItem(engine: Engine, table: TableDefinition, forum: string, subject: string): Promise<Item> {
  return (await engine.getItem(keyFromKeyParameter(table, { forum: S(forum), subject: S(subject) })))!.item;
}

/** Populates a fresh engine, damages its store with `corrupt`, and returns what the check reports. */
async function problemsAfter(corrupt: (store: MemoryStore, engine: Engine, tables: Populated) => Promise<void>): Promise<string[]> {
  let problems: string[] = [];
  await withEngine(async ({ store, engine }) => {
    const tables = await populate(engine);
    assert.deepEqual(await engine.check(), [], 'the store is consistent before the damage');
    await corrupt(store, engine, tables);
    problems = await engine.check();
  });
  return problems;
}

function assertOneProblem(problems: readonly string[], pattern: RegExp): void {
  assert.equal(problems.length, 1, `one problem expected, got:\n${problems.join('\n')}`);
  assert.match(problems[0]!, pattern);
}

describe('consistency check', () => {
  it('finds nothing wrong after puts, updates moving index keys, and deletes', async () => {
    const problems = await problemsAfter(async () => {});
    assert.deepEqual(problems, []);
  });

  it('finds nothing wrong in an empty store, nor after a table is deleted', async () => {
    await withEngine(async ({ engine }) => {
      assert.deepEqual(await engine.check(), []);
      const { posts } = await populate(engine);
      await engine.deleteTable(NAMESPACE, posts.name);
      assert.deepEqual(await engine.check(), []);
    });
  });

  it('reports an index entry missing', async () => {
    const problems = await problemsAfter(async (store, engine, { posts }) => {
      const { key } = entryOf(posts, 'authorPosted', await storedItem(engine, posts, 'forum4', 'subject11'));
      await transact(store, async (txn) => txn.delete(key));
    });
    assertOneProblem(problems, /^table ns\/posts: index authorPosted lacks the entry of item \{"forum":\{"S":"forum4"\},"subject":\{"S":"subject11"\}\}$/);
  });

  it('reports an orphan entry, whose item does not exist', async () => {
    const problems = await problemsAfter(async (store, _engine, { posts }) => {
      const { key, value } = entryOf(posts, 'byTag', post('forum3', 'ghost', 1, 'nobody', 'tag1'));
      await transact(store, async (txn) => txn.put(key, value.bytes));
    });
    assertOneProblem(problems, /^table ns\/posts, index byTag: orphan entry of item \{"forum":\{"S":"forum3"\},"subject":\{"S":"ghost"\}\}/);
  });

  it('reports a stale entry, left under the index key an item had before', async () => {
    const problems = await problemsAfter(async (store, engine, { posts }) => {
      const current = await storedItem(engine, posts, 'forum3', 'subject3');
      const { key, value } = entryOf(posts, 'byPosted', { ...current, posted: N(3) });
      await transact(store, async (txn) => txn.put(key, value.bytes));
    });
    assertOneProblem(problems, /^table ns\/posts, index byPosted: stale entry of item \{"forum":\{"S":"forum3"\},"subject":\{"S":"subject3"\}\}/);
  });

  it('reports an entry whose bytes differ from what its item projects', async () => {
    const problems = await problemsAfter(async (store, engine, { posts }) => {
      const current = await storedItem(engine, posts, 'forum5', 'subject33');
      const { key } = entryOf(posts, 'byTag', current);
      await transact(store, async (txn) => txn.put(key, StoredItem.fromItem({ ...current, title: S('edited behind the engine') }).bytes));
    });
    assertOneProblem(problems, /^table ns\/posts, index byTag: the entry of item \{"forum":\{"S":"forum5"\},"subject":\{"S":"subject33"\}\} holds other bytes/);
  });

  it('reports an entry that does not decode', async () => {
    const problems = await problemsAfter(async (store, engine, { posts }) => {
      const { key } = entryOf(posts, 'byAuthor', await storedItem(engine, posts, 'forum1', 'subject8'));
      await transact(store, async (txn) => txn.put(key, Buffer.from('\u0000\u0000\u0000\u0001not json')));
    });
    assertOneProblem(problems, /^table ns\/posts, index byAuthor: an entry does not hold an item's table key/);
  });

  it('reports an item collection size that differs from its items', async () => {
    const problems = await problemsAfter(async (store, _engine, { posts }) => {
      const key = itemCollectionKey(posts.id, { type: 'S', value: 'forum2' });
      await transact(store, async (txn) => txn.put(key, Buffer.from(String(Number(Buffer.from((await txn.get(key))!).toString()) + 1))));
    });
    assertOneProblem(problems, /^table ns\/posts: item collection \{"forum":\{"S":"forum2"\}\} is recorded as \d+ bytes, its items and LSI entries take \d+$/);
  });

  it('reports an item collection size missing', async () => {
    const problems = await problemsAfter(async (store, _engine, { readings }) => {
      await transact(store, async (txn) => txn.delete(itemCollectionKey(readings.id, { type: 'N', value: '-2.5' })));
    });
    assertOneProblem(problems, /^table ns\/readings: item collection \{"sensor":\{"N":"-2.5"\}\} is recorded as absent bytes/);
  });

  it('reports a size record for a partition without items, by its decoded key', async () => {
    for (const [tableName, partition] of [
      ['posts', { type: 'S', value: 'nobody\u0000here' }],
      ['readings', { type: 'N', value: '-0.0031' }],
      ['readings', { type: 'N', value: '200000000000000000000' }],
    ] as const) {
      const problems = await problemsAfter(async (store, _engine, tables) => {
        const table = tableName === 'posts' ? tables.posts : tables.readings;
        await transact(store, async (txn) => txn.put(itemCollectionKey(table.id, partition), Buffer.from('100')));
      });
      const attribute = tableName === 'posts' ? 'forum' : 'sensor';
      const described = JSON.stringify({ [attribute]: { [partition.type]: partition.value } });
      assert.deepEqual(problems, [`table ns/${tableName}: item collection ${described} has a size record but no items`]);
    }
  });
});
