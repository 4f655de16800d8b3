import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { startStrata } from '../../src/index.js';
import { RawDynamoDBClient } from '../support/raw-client.js';
import { onDemandTable } from '../support/strata.js';

/**
 * A bank under load: 32 clients move money between 1,000 accounts with
 * TransactWriteItems and read balances with TransactGetItems, all at once.
 *
 * Half the accounts sit in fixed groups of 50, and money only moves inside a group, so
 * every group's total is a constant: one TransactGetItems of a whole group must see
 * exactly that total, and a transfer seen half-applied (the debit without the credit,
 * or the reverse) breaks it. The other half move money freely among themselves.
 *
 * Debits and credits are relative updates (`balance - :amount`, `ADD`), so the final
 * balance of every account is fixed by which transfers succeeded, whatever their order:
 * the closing Scan must match the ledger of acknowledged transfers account by account.
 * A lost update, a transfer applied though cancelled, or one applied twice shows there.
 *
 * The clients speak raw DynamoDB JSON over keep-alive HTTP rather than through the AWS
 * SDK: client and server share this process and, on a small machine, one or two cores;
 * the SDK's per-request cost (middleware, signing, parsing) would cut the transactions
 * per second several times, and the number of interleavings the server sees with it.
 */

const TABLE = 'accounts';
const ACCOUNTS = 1_000;
const GROUP_SIZE = 50;
/** Accounts [0, GROUPED_ACCOUNTS) form the groups; the rest move money freely. */
const GROUPED_ACCOUNTS = 500;
const GROUPS = GROUPED_ACCOUNTS / GROUP_SIZE;
const INITIAL_BALANCE = 100;
/** Above INITIAL_BALANCE, so a share of transfers find too little money and are cancelled. */
const TRANSFER_AMOUNT_MAX = 120;
const CLIENTS = 32;
/** One operation in this many is a group read. */
const READ_EVERY = 4;
const BATCH_WRITE_REQUESTS_MAX = 25;

interface Transfer {
  readonly from: number;
  readonly to: number;
  readonly amount: number;
}

interface CancellationReason {
  readonly Code: string;
  readonly Item?: { balance?: { N: string } };
}

interface RunTally {
  readonly transfers: Transfer[];
  insufficientFunds: number;
  writeConflicts: number;
  groupReads: number;
  readConflicts: number;
}

function accountId(account: number): string {
  return `acct-${String(account).padStart(4, '0')}`;
}

function randomInt(bound: number): number {
  return Math.floor(Math.random() * bound);
}

/** Two distinct accounts of one group, or two distinct free accounts. */
function pickTransfer(): Transfer {
  const [first, size] = Math.random() < 0.5 ? [randomInt(GROUPS) * GROUP_SIZE, GROUP_SIZE] : [GROUPED_ACCOUNTS, ACCOUNTS - GROUPED_ACCOUNTS];
  const from = first + randomInt(size);
  const to = first + ((from - first + 1 + randomInt(size - 1)) % size);
  return { from, to, amount: 1 + randomInt(TRANSFER_AMOUNT_MAX) };
}

/**
 * The DynamoDB error a raw request was refused with. RawDynamoDBClient rejects with
 * "<operation> failed with <status>: <body>"; anything else (a socket error) is
 * rethrown, so it fails the test.
 */
function refusal(error: unknown): { type: string; reasons: CancellationReason[] } {
  const match = error instanceof Error ? /^\w+ failed with \d+: (.*)$/s.exec(error.message) : null;
  if (match === null) throw error;
  const body = JSON.parse(match[1]!) as { __type?: string; CancellationReasons?: CancellationReason[] };
  return { type: (body.__type ?? '').split('#').pop()!, reasons: body.CancellationReasons ?? [] };
}

function isCancellation(refused: { type: string }): boolean {
  return refused.type === 'TransactionCanceledException';
}

async function createAccounts(client: RawDynamoDBClient): Promise<void> {
  await client.send('CreateTable', onDemandTable(TABLE, [{ name: 'id', type: 'S' }]));
  for (let first = 0; first < ACCOUNTS; first += BATCH_WRITE_REQUESTS_MAX) {
    const requests = Array.from({ length: BATCH_WRITE_REQUESTS_MAX }, (_, offset) => ({
      PutRequest: { Item: { id: { S: accountId(first + offset) }, balance: { N: String(INITIAL_BALANCE) } } },
    }));
    const answer = (await client.send('BatchWriteItem', { RequestItems: { [TABLE]: requests } })) as { UnprocessedItems?: object };
    assert.deepEqual(answer.UnprocessedItems ?? {}, {}, 'a small BatchWriteItem leaves nothing unprocessed');
  }
}

async function transfer(client: RawDynamoDBClient, tally: RunTally): Promise<void> {
  const move = pickTransfer();
  const amount = { ':amount': { N: String(move.amount) } };
  try {
    await client.send('TransactWriteItems', {
      TransactItems: [
        {
          Update: {
            TableName: TABLE,
            Key: { id: { S: accountId(move.from) } },
            UpdateExpression: 'SET balance = balance - :amount',
            ConditionExpression: 'balance >= :amount',
            ExpressionAttributeValues: amount,
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          },
        },
        { Update: { TableName: TABLE, Key: { id: { S: accountId(move.to) } }, UpdateExpression: 'ADD balance :amount', ExpressionAttributeValues: amount } },
      ],
    });
    tally.transfers.push(move);
  } catch (error) {
    const refused = refusal(error);
    assert.ok(isCancellation(refused), `a transfer failed with ${refused.type}`);
    const [debit, credit] = refused.reasons;
    assert.equal(refused.reasons.length, 2, 'one cancellation reason per action');
    assert.ok(['None', 'TransactionConflict'].includes(credit!.Code), `the unconditional credit was cancelled with ${credit!.Code}`);
    if (debit!.Code === 'ConditionalCheckFailed') {
      // ALL_OLD shows the balance the condition saw: it must really be short.
      const seen = Number(debit!.Item?.balance?.N);
      assert.ok(seen < move.amount, `a debit of ${move.amount} from ${accountId(move.from)} was refused though the balance was ${seen}`);
      tally.insufficientFunds++;
    } else {
      assert.equal(debit!.Code, 'TransactionConflict', `the debit was cancelled with ${debit!.Code}`);
      tally.writeConflicts++;
    }
  }
}

async function readGroup(client: RawDynamoDBClient, tally: RunTally): Promise<void> {
  const first = randomInt(GROUPS) * GROUP_SIZE;
  const ids = Array.from({ length: GROUP_SIZE }, (_, offset) => accountId(first + offset));
  let answer: { Responses: Array<{ Item?: { id: { S: string }; balance: { N: string } } }> };
  try {
    answer = (await client.send('TransactGetItems', { TransactItems: ids.map((id) => ({ Get: { TableName: TABLE, Key: { id: { S: id } } } })) })) as typeof answer;
  } catch (error) {
    const refused = refusal(error);
    assert.ok(isCancellation(refused), `a group read failed with ${refused.type}`);
    const codes = refused.reasons.map((reason) => reason.Code);
    assert.ok(codes.includes('TransactionConflict') && codes.every((code) => code === 'None' || code === 'TransactionConflict'), `a group read was cancelled with ${codes.join(', ')}`);
    tally.readConflicts++;
    return;
  }
  assert.deepEqual(
    answer.Responses.map((response) => response.Item?.id.S),
    ids,
    'TransactGetItems answers every Get, in request order',
  );
  const balances = answer.Responses.map((response) => Number(response.Item!.balance.N));
  assert.ok(balances.every((balance) => balance >= 0), `a negative balance in group ${first / GROUP_SIZE}: ${balances.join(',')}`);
  const total = balances.reduce((sum, balance) => sum + balance, 0);
  assert.equal(total, GROUP_SIZE * INITIAL_BALANCE, `group ${first / GROUP_SIZE} read with a transfer half-applied`);
  tally.groupReads++;
}

/** What every account must hold once the acknowledged transfers, and only they, are applied. */
function ledger(transfers: readonly Transfer[]): number[] {
  const balances = Array.from({ length: ACCOUNTS }, () => INITIAL_BALANCE);
  for (const { from, to, amount } of transfers) {
    balances[from]! -= amount;
    balances[to]! += amount;
  }
  return balances;
}

async function scanBalances(client: RawDynamoDBClient): Promise<Map<string, number>> {
  const balances = new Map<string, number>();
  let startKey: unknown;
  do {
    const page = (await client.send('Scan', { TableName: TABLE, ConsistentRead: true, ...(startKey === undefined ? {} : { ExclusiveStartKey: startKey }) })) as {
      Items: Array<{ id: { S: string }; balance: { N: string } }>;
      LastEvaluatedKey?: unknown;
    };
    for (const item of page.Items) {
      assert.equal(balances.has(item.id.S), false, `${item.id.S} scanned twice`);
      balances.set(item.id.S, Number(item.balance.N));
    }
    startKey = page.LastEvaluatedKey;
  } while (startKey !== undefined);
  return balances;
}

async function runBank(endpoint: string, runMs: number): Promise<RunTally> {
  const setup = new RawDynamoDBClient(endpoint);
  const clients = Array.from({ length: CLIENTS }, () => new RawDynamoDBClient(endpoint));
  try {
    await createAccounts(setup);
    const tally: RunTally = { transfers: [], insufficientFunds: 0, writeConflicts: 0, groupReads: 0, readConflicts: 0 };
    const deadline = performance.now() + runMs;
    // The first failure stops every client, so the test reports it without running on.
    let failed = false;
    await Promise.all(
      clients.map(async (client) => {
        try {
          while (!failed && performance.now() < deadline) {
            if (randomInt(READ_EVERY) === 0) await readGroup(client, tally);
            else await transfer(client, tally);
          }
        } catch (error) {
          failed = true;
          throw error;
        }
      }),
    );

    const expected = ledger(tally.transfers);
    const scanned = await scanBalances(setup);
    assert.equal(scanned.size, ACCOUNTS);
    for (let account = 0; account < ACCOUNTS; account++) {
      assert.equal(scanned.get(accountId(account)), expected[account], `${accountId(account)} differs from the ledger of acknowledged transfers`);
    }
    const grandTotal = [...scanned.values()].reduce((sum, balance) => sum + balance, 0);
    assert.equal(grandTotal, ACCOUNTS * INITIAL_BALANCE);
    return tally;
  } finally {
    for (const client of clients) client.close();
    setup.close();
  }
}

function report(backend: string, runMs: number, tally: RunTally): void {
  const seconds = runMs / 1000;
  process.stdout.write(
    `# ${backend}: ${tally.transfers.length} transfers (${(tally.transfers.length / seconds).toFixed(0)}/s), ` +
      `${tally.insufficientFunds} cancelled for insufficient funds, ${tally.writeConflicts} for conflicts; ` +
      `${tally.groupReads} group reads, ${tally.readConflicts} cancelled, in ${seconds} s\n`,
  );
}

function assertExercised(tally: RunTally): void {
  assert.ok(tally.transfers.length > 0, 'some transfers succeed');
  assert.ok(tally.insufficientFunds > 0, 'some transfers are cancelled by their condition');
  assert.ok(tally.groupReads > 0, 'some group reads succeed');
}

describe('bank transfers under concurrency', () => {
  const directory = mkdtempSync(join(tmpdir(), 'strata-bank-'));
  after(() => rmSync(directory, { recursive: true, force: true }));

  // LMDB runs the full 30 s: its commits share batched write transactions, the path
  // most likely to let one transfer's halves land apart. The memory store shares the
  // engine's optimistic transactions and differs only in its commit and snapshot
  // read, so a short run covers it.
  for (const [backend, runMs] of [
    ['lmdb', 30_000],
    ['memory', 4_000],
  ] as const) {
    it(`keeps every group total and the ledger with ${CLIENTS} clients for ${runMs / 1000} s (${backend})`, async () => {
      const strata = await startStrata(backend === 'lmdb' ? { dbPath: join(directory, 'db') } : {});
      try {
        const tally = await runBank(strata.endpoint, runMs);
        report(backend, runMs, tally);
        assertExercised(tally);
      } finally {
        await strata.close();
      }
    });
  }
});
