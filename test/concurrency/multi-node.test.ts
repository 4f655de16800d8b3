import assert from 'node:assert/strict';
import { after, before, describe, it, type TestContext } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { assertLedgerHolds, openBank, randomTransfer, transfer, type Bank, type Transfer } from '../support/bank.js';
import { Engine } from '../../src/engine/engine.js';
import { createLogger } from '../../src/model/logger.js';
import { openStore } from '../../src/storage/index.js';
import { CLI_PATH } from '../support/cli-process.js';
import { randomInt, repeatUntilDeadline } from '../support/concurrent-load.js';
import { postgresSkipReason, testPostgresDatabase, type TestPostgresDatabase } from '../support/postgres-server.js';
import { RawDynamoDBClient, refusal, type RawAttributeValue, type RawItem } from '../support/raw-client.js';
import { freePort, startServerProcess, type ServerProcess } from '../support/server-process.js';
import { onDemandTable } from '../support/strata.js';

/**
 * Two Strata processes on one PostgreSQL database, driven at once: every request of
 * 32 clients goes to a node picked at random, so a read on one node is followed by a
 * write on the other as often as not, and writes from both processes race for the
 * same few items. Nothing but the database stands between the nodes, so whatever the
 * clients were told must be what the database holds, read back through either node:
 *
 * - conditional increments (GetItem, then `SET n = n + :one` on condition that `n`
 *   still holds what was read) on 4 hot counters: a counter must end equal to the
 *   number of acknowledged increments, and since each returns its new value
 *   (UPDATED_NEW), those values must be exactly 1 to that number. A condition that
 *   passes against a stale value shows as a new value other than the one read plus
 *   one; a lost update, as a value returned twice and a counter short of its count.
 * - `ADD n :one` on 4 other hot counters, checked the same way.
 * - transfers between 20 accounts (TransactWriteItems: a conditional debit and a
 *   credit, see test/support/bank.ts): every balance must equal the ledger of
 *   acknowledged transfers and the total must be unchanged, so a transfer applied by
 *   halves, twice, or though cancelled shows.
 *
 * A first test checks the catalog across nodes: a table created through one node is
 * usable through the other at once, and once deleted, writes through the other node
 * fail at once even though its cached definition is still fresh; reads may lag by
 * the cache's lifetime, and no longer.
 *
 * The nodes run the built CLI (dist/), as deployed: `npm test` builds it first.
 */

const CLIENTS = 32;
const LOAD_MS = 30_000;
/** Few counters of each kind, so 32 clients collide on them all the time. */
const HOT_COUNTERS = 4;
const COUNTERS_TABLE = 'counters';
const BANK: Bank = { table: 'accounts', accounts: 20, initialBalance: 100 };
/** Above the initial balance, so a share of transfers find too little money and are cancelled. */
const TRANSFER_AMOUNT_MAX = 120;
/**
 * Where DynamoDB refuses a write that collides with a transaction in progress
 * (TransactionConflictException, or a transaction cancelled with reason
 * TransactionConflict), Strata runs the losing commit again from its reads, up to
 * 1,000 times with backoff (src/storage/transaction.ts). A conflict reaching a client
 * thus means a request starved through all its attempts: not expected at this load,
 * so none is allowed. They are counted apart from other errors (which stop the run
 * at once), so the report shows how many there were if this ever fails.
 */
const CONFLICTS_MAX = 0;
/** A node starts in about a second (schema check, connection pools); the rest is slack for a loaded machine. */
const NODE_STARTUP_TIMEOUT_MS = 30_000;
/**
 * How long a node may keep answering reads from its cached table definition after
 * another node changed it: CATALOG_CACHE_TTL_MS (1 s) in src/engine/catalog.ts, plus
 * slack for timers on a loaded machine.
 */
const CATALOG_READ_LAG_MS_MAX = 1_000 + 250;
const ONE: RawAttributeValue = { N: '1' };

interface StrataNode {
  readonly name: string;
  readonly server: ServerProcess;
  readonly client: RawDynamoDBClient;
}

type CounterKind = 'conditional' | 'add';
const COUNTER_KINDS: readonly CounterKind[] = ['conditional', 'add'];

interface LoadTally {
  /** Per kind, per counter: the new value each acknowledged increment returned. */
  readonly acknowledged: Record<CounterKind, number[][]>;
  conditionFailures: number;
  readonly transfers: Transfer[];
  insufficientFunds: number;
  /** TransactionConflictException answers and transfers cancelled for TransactionConflict (see CONFLICTS_MAX). */
  conflicts: number;
}

async function startNode(name: string, databaseUrl: string): Promise<StrataNode> {
  const port = await freePort();
  const server = await startServerProcess({
    name,
    command: process.execPath,
    args: [CLI_PATH, 'serve', '--port', String(port), '--shared-db', '--storage', databaseUrl, '--log-level', 'warn'],
    port,
    timeoutMs: NODE_STARTUP_TIMEOUT_MS,
  });
  return { name, server, client: new RawDynamoDBClient(server.endpoint) };
}

function anyNode(nodes: readonly StrataNode[]): RawDynamoDBClient {
  return nodes[randomInt(nodes.length)]!.client;
}

function counterId(kind: CounterKind, counter: number): string {
  return `${kind}-${counter}`;
}

function counterKey(kind: CounterKind, counter: number): RawItem {
  return { id: { S: counterId(kind, counter) } };
}

async function createCounters(client: RawDynamoDBClient): Promise<void> {
  await client.send('CreateTable', onDemandTable(COUNTERS_TABLE, [{ name: 'id', type: 'S' }]));
  for (const kind of COUNTER_KINDS) {
    for (let counter = 0; counter < HOT_COUNTERS; counter++) {
      await client.send('PutItem', { TableName: COUNTERS_TABLE, Item: { ...counterKey(kind, counter), n: { N: '0' } } });
    }
  }
}

/** Sends an UpdateItem to a counter and returns the counter's new value. */
async function updateCounter(client: RawDynamoDBClient, key: RawItem, update: object): Promise<number> {
  const answer = (await client.send('UpdateItem', { TableName: COUNTERS_TABLE, Key: key, ReturnValues: 'UPDATED_NEW', ...update })) as { Attributes: RawItem };
  return Number(answer.Attributes.n!.N);
}

/** Counts a TransactionConflictException; any other refusal fails the test. */
function tallyConflict(error: unknown, tally: LoadTally): void {
  const refused = refusal(error);
  assert.equal(refused.type, 'TransactionConflictException', refused.message);
  tally.conflicts++;
}

async function conditionalIncrement(nodes: readonly StrataNode[], tally: LoadTally): Promise<void> {
  const counter = randomInt(HOT_COUNTERS);
  const key = counterKey('conditional', counter);
  const read = (await anyNode(nodes).send('GetItem', { TableName: COUNTERS_TABLE, Key: key, ConsistentRead: true })) as { Item: RawItem };
  const expected = Number(read.Item.n!.N);
  let next: number;
  try {
    next = await updateCounter(anyNode(nodes), key, {
      UpdateExpression: 'SET n = n + :one',
      ConditionExpression: 'n = :expected',
      ExpressionAttributeValues: { ':one': ONE, ':expected': { N: String(expected) } },
    });
  } catch (error) {
    if (refusal(error).type === 'ConditionalCheckFailedException') tally.conditionFailures++;
    else tallyConflict(error, tally);
    return;
  }
  assert.equal(next, expected + 1, `${counterId('conditional', counter)} passed the condition n = ${expected}, yet became ${next}`);
  tally.acknowledged.conditional[counter]!.push(next);
}

async function addIncrement(nodes: readonly StrataNode[], tally: LoadTally): Promise<void> {
  const counter = randomInt(HOT_COUNTERS);
  let next: number;
  try {
    next = await updateCounter(anyNode(nodes), counterKey('add', counter), { UpdateExpression: 'ADD n :one', ExpressionAttributeValues: { ':one': ONE } });
  } catch (error) {
    tallyConflict(error, tally);
    return;
  }
  tally.acknowledged.add[counter]!.push(next);
}

async function transferOnce(nodes: readonly StrataNode[], tally: LoadTally): Promise<void> {
  const move = randomTransfer(0, BANK.accounts, TRANSFER_AMOUNT_MAX);
  const outcome = await transfer(anyNode(nodes), BANK, move);
  if (outcome === 'transferred') tally.transfers.push(move);
  else if (outcome === 'insufficient-funds') tally.insufficientFunds++;
  else tally.conflicts++;
}

const OPERATIONS = [conditionalIncrement, addIncrement, transferOnce];

/**
 * The values a counter's acknowledged increments returned must be 1, 2, … up to their
 * number, each once: a value returned twice means two increments built on one state
 * (so one was lost), and a gap an increment applied though its request was refused.
 */
function assertEachValueReturnedOnce(tally: LoadTally): void {
  for (const kind of COUNTER_KINDS) {
    tally.acknowledged[kind].forEach((values, counter) => {
      const sorted = [...values].sort((a, b) => a - b);
      const firstWrong = sorted.findIndex((value, position) => value !== position + 1);
      assert.equal(
        firstWrong,
        -1,
        `${counterId(kind, counter)}: its ${sorted.length} acknowledged increments returned ${sorted[firstWrong]} where ${firstWrong + 1} was due`,
      );
    });
  }
}

async function assertCountersMatch(node: StrataNode, tally: LoadTally): Promise<void> {
  const values = new Map((await node.client.scanAll(COUNTERS_TABLE)).map((item) => [item.id!.S!, Number(item.n!.N)]));
  assert.equal(values.size, COUNTER_KINDS.length * HOT_COUNTERS, `every counter, and only they, scanned through ${node.name}`);
  for (const kind of COUNTER_KINDS) {
    tally.acknowledged[kind].forEach((acknowledged, counter) => {
      const id = counterId(kind, counter);
      assert.equal(values.get(id), acknowledged.length, `${id}, read through ${node.name}, differs from its number of acknowledged increments`);
    });
  }
}

function describeTally(tally: LoadTally, elapsedMs: number): string {
  const seconds = elapsedMs / 1000;
  const counts = (kind: CounterKind): string => {
    const perCounter = tally.acknowledged[kind].map((values) => values.length);
    const total = perCounter.reduce((sum, count) => sum + count, 0);
    return `${total} (${(total / seconds).toFixed(0)}/s; per counter ${perCounter.join('/')})`;
  };
  return (
    `in ${seconds.toFixed(1)} s: conditional increments ${counts('conditional')} acknowledged, ${tally.conditionFailures} refused by their condition; ` +
    `ADD ${counts('add')} acknowledged; ` +
    `transfers ${tally.transfers.length} (${(tally.transfers.length / seconds).toFixed(0)}/s) done, ${tally.insufficientFunds} cancelled for insufficient funds; ` +
    `conflicts ${tally.conflicts}`
  );
}

/** Runs the load and reports what it did, however it ended. */
async function runLoad(t: TestContext, nodes: readonly StrataNode[], tally: LoadTally): Promise<void> {
  const clients = Array.from({ length: CLIENTS }, (_, client) => client);
  const startedAt = performance.now();
  try {
    await repeatUntilDeadline(clients, LOAD_MS, () => OPERATIONS[randomInt(OPERATIONS.length)]!(nodes, tally));
  } finally {
    t.diagnostic(describeTally(tally, performance.now() - startedAt));
  }
}

/** Whatever the nodes logged (at warn and above), so a failure shows their side too. */
function reportNodeOutput(t: TestContext, nodes: readonly StrataNode[]): void {
  for (const node of nodes) {
    const output = node.server.output().trim();
    if (output !== '') t.diagnostic(`${node.name} logged:\n${output}`);
  }
}

describe('two Strata nodes on one PostgreSQL database', { skip: postgresSkipReason() }, () => {
  let database: TestPostgresDatabase;
  let nodes: StrataNode[] = [];

  before(async () => {
    database = await testPostgresDatabase();
    // Started together, so they also race to create the schema.
    nodes = await Promise.all(['node A', 'node B'].map((name) => startNode(name, database.url)));
  });

  after(async () => {
    await Promise.all(
      nodes.map(async (node) => {
        node.client.close();
        await node.server.stop();
      }),
    );
    await database?.drop();
  });

  it('serves a table created through one node through the other at once, and refuses writes through it once deleted', async () => {
    const [creator, other] = nodes as [StrataNode, StrataNode];
    const table = 'lifecycle';
    const key = { id: { S: 'item' } };
    const item = { ...key, n: { N: '1' } };
    await creator.client.send('CreateTable', onDemandTable(table, [{ name: 'id', type: 'S' }]));
    await other.client.send('PutItem', { TableName: table, Item: item });
    for (const node of nodes) {
      const answer = (await node.client.send('GetItem', { TableName: table, Key: key, ConsistentRead: true })) as { Item?: RawItem };
      assert.deepEqual(answer.Item, item, `the item written through ${other.name}, read through ${node.name}`);
    }

    // `other` has the table's definition cached now; a write must not trust it.
    await creator.client.send('DeleteTable', { TableName: table });
    const writes: ReadonlyArray<readonly [string, object]> = [
      ['PutItem', { TableName: table, Item: item }],
      ['UpdateItem', { TableName: table, Key: key, UpdateExpression: 'ADD n :one', ExpressionAttributeValues: { ':one': ONE } }],
      ['DeleteItem', { TableName: table, Key: key }],
      ['BatchWriteItem', { RequestItems: { [table]: [{ PutRequest: { Item: item } }] } }],
      ['TransactWriteItems', { TransactItems: [{ Put: { TableName: table, Item: item } }] }],
    ];
    for (const [operation, request] of writes) {
      const refused = await other.client.send(operation, request).then(() => undefined, refusal);
      assert.equal(refused?.type, 'ResourceNotFoundException', `${operation} through ${other.name} right after DeleteTable through ${creator.name}`);
    }

    await sleep(CATALOG_READ_LAG_MS_MAX);
    const reads: ReadonlyArray<readonly [string, object]> = [
      ['GetItem', { TableName: table, Key: key }],
      ['Scan', { TableName: table }],
      ['DescribeTable', { TableName: table }],
    ];
    for (const [operation, request] of reads) {
      const refused = await other.client.send(operation, request).then(() => undefined, refusal);
      assert.equal(
        refused?.type,
        'ResourceNotFoundException',
        `${operation} through ${other.name} ${CATALOG_READ_LAG_MS_MAX} ms after DeleteTable through ${creator.name}`,
      );
    }
  });

  it(`counts every acknowledged increment and keeps every transfer whole with ${CLIENTS} clients across both nodes for ${LOAD_MS / 1000} s`, async (t) => {
    const [setup] = nodes as [StrataNode, StrataNode];
    await createCounters(setup.client);
    await openBank(setup.client, BANK);
    const tally: LoadTally = {
      acknowledged: { conditional: Array.from({ length: HOT_COUNTERS }, () => []), add: Array.from({ length: HOT_COUNTERS }, () => []) },
      conditionFailures: 0,
      transfers: [],
      insufficientFunds: 0,
      conflicts: 0,
    };
    try {
      await runLoad(t, nodes, tally);
      assertEachValueReturnedOnce(tally);
      for (const node of nodes) {
        await assertCountersMatch(node, tally);
        await assertLedgerHolds(node.client, BANK, tally.transfers, node.name);
      }
    } catch (error) {
      reportNodeOutput(t, nodes);
      throw error;
    }
    assert.ok(tally.conflicts <= CONFLICTS_MAX, `${tally.conflicts} requests ended in a transaction conflict`);
    for (const kind of COUNTER_KINDS)
      assert.ok(
        tally.acknowledged[kind].every((values) => values.length > 0),
        `every ${kind} counter was incremented`,
      );
    assert.ok(tally.conditionFailures > 0, 'some conditional increments lost the race, so the counters were contended');
    assert.ok(tally.transfers.length > 0, 'some transfers succeed');
    assert.ok(tally.insufficientFunds > 0, 'some transfers are cancelled by their condition');
  });

  it('leaves the database consistent, as a fresh engine on it finds once both nodes have stopped', async () => {
    await Promise.all(nodes.map((node) => node.server.stop()));
    const engine = new Engine(await openStore({ kind: 'postgres', url: database.url }), { logger: createLogger('error', () => {}) });
    try {
      assert.deepEqual(await engine.check(), []);
    } finally {
      await engine.close();
    }
  });
});
