import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { startStrata } from '../../src/index.js';
import { accountId, assertLedgerHolds, openBank, randomTransfer, transfer, type Bank, type Transfer } from '../support/bank.js';
import { randomInt, repeatUntilDeadline } from '../support/concurrent-load.js';
import { RawDynamoDBClient, refusal } from '../support/raw-client.js';

/**
 * A bank under load: 32 clients move money between 1,000 accounts with
 * TransactWriteItems and read balances with TransactGetItems, all at once.
 *
 * Half the accounts sit in fixed groups of 50, and money only moves inside a group, so
 * every group's total is a constant: one TransactGetItems of a whole group must see
 * exactly that total, and a transfer seen half-applied (the debit without the credit,
 * or the reverse) breaks it. The other half move money freely among themselves.
 *
 * The closing Scan must match the ledger of acknowledged transfers account by account
 * (see test/support/bank.ts).
 *
 * The clients speak raw DynamoDB JSON over keep-alive HTTP rather than through the AWS
 * SDK: client and server share this process and, on a small machine, one or two cores;
 * the SDK's per-request cost (middleware, signing, parsing) would cut the transactions
 * per second several times, and the number of interleavings the server sees with it.
 */

const BANK: Bank = { table: 'accounts', accounts: 1_000, initialBalance: 100 };
const GROUP_SIZE = 50;
/** Accounts [0, GROUPED_ACCOUNTS) form the groups; the rest move money freely. */
const GROUPED_ACCOUNTS = 500;
const GROUPS = GROUPED_ACCOUNTS / GROUP_SIZE;
/** Above the initial balance, so a share of transfers find too little money and are cancelled. */
const TRANSFER_AMOUNT_MAX = 120;
const CLIENTS = 32;
/** One operation in this many is a group read. */
const READ_EVERY = 4;

interface RunTally {
  readonly transfers: Transfer[];
  insufficientFunds: number;
  writeConflicts: number;
  groupReads: number;
  readConflicts: number;
}

/** Two distinct accounts of one group, or two distinct free accounts. */
function pickTransfer(): Transfer {
  return Math.random() < 0.5
    ? randomTransfer(randomInt(GROUPS) * GROUP_SIZE, GROUP_SIZE, TRANSFER_AMOUNT_MAX)
    : randomTransfer(GROUPED_ACCOUNTS, BANK.accounts - GROUPED_ACCOUNTS, TRANSFER_AMOUNT_MAX);
}

async function transferOnce(client: RawDynamoDBClient, tally: RunTally): Promise<void> {
  const move = pickTransfer();
  const outcome = await transfer(client, BANK, move);
  if (outcome === 'transferred') tally.transfers.push(move);
  else if (outcome === 'insufficient-funds') tally.insufficientFunds++;
  else tally.writeConflicts++;
}

async function readGroup(client: RawDynamoDBClient, tally: RunTally): Promise<void> {
  const first = randomInt(GROUPS) * GROUP_SIZE;
  const ids = Array.from({ length: GROUP_SIZE }, (_, offset) => accountId(first + offset));
  let answer: { Responses: Array<{ Item?: { id: { S: string }; balance: { N: string } } }> };
  try {
    answer = (await client.send('TransactGetItems', {
      TransactItems: ids.map((id) => ({ Get: { TableName: BANK.table, Key: { id: { S: id } } } })),
    })) as typeof answer;
  } catch (error) {
    const refused = refusal(error);
    assert.equal(refused.type, 'TransactionCanceledException', `a group read failed with ${refused.type}`);
    const codes = refused.cancellationReasons.map((reason) => reason.Code);
    assert.ok(
      codes.includes('TransactionConflict') && codes.every((code) => code === 'None' || code === 'TransactionConflict'),
      `a group read was cancelled with ${codes.join(', ')}`,
    );
    tally.readConflicts++;
    return;
  }
  assert.deepEqual(
    answer.Responses.map((response) => response.Item?.id.S),
    ids,
    'TransactGetItems answers every Get, in request order',
  );
  const balances = answer.Responses.map((response) => Number(response.Item!.balance.N));
  assert.ok(
    balances.every((balance) => balance >= 0),
    `a negative balance in group ${first / GROUP_SIZE}: ${balances.join(',')}`,
  );
  const total = balances.reduce((sum, balance) => sum + balance, 0);
  assert.equal(total, GROUP_SIZE * BANK.initialBalance, `group ${first / GROUP_SIZE} read with a transfer half-applied`);
  tally.groupReads++;
}

async function runBank(endpoint: string, runMs: number): Promise<RunTally> {
  const setup = new RawDynamoDBClient(endpoint);
  const clients = Array.from({ length: CLIENTS }, () => new RawDynamoDBClient(endpoint));
  try {
    await openBank(setup, BANK);
    const tally: RunTally = { transfers: [], insufficientFunds: 0, writeConflicts: 0, groupReads: 0, readConflicts: 0 };
    await repeatUntilDeadline(clients, runMs, (client) => (randomInt(READ_EVERY) === 0 ? readGroup(client, tally) : transferOnce(client, tally)));
    await assertLedgerHolds(setup, BANK, tally.transfers);
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
        assert.deepEqual(await strata.check(), [], 'the store is consistent after the run');
      } finally {
        await strata.close();
      }
    });
  }
});
