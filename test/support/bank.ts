import assert from 'node:assert/strict';
import { randomInt } from './concurrent-load.js';
import { refusal, type RawDynamoDBClient } from './raw-client.js';
import { onDemandTable } from './strata.js';

/**
 * A bank for the concurrency tests: accounts (key `id`, attribute `balance`) and money
 * moved between them by TransactWriteItems, each transfer a conditional debit and a
 * credit that must land together or not at all.
 *
 * Debits and credits are relative updates (`balance - :amount`, `ADD`), so the final
 * balance of every account is fixed by which transfers succeeded, whatever their
 * order: a lost update, a transfer applied though cancelled, or one applied twice
 * shows as a balance that differs from the ledger of acknowledged transfers.
 */
export interface Bank {
  readonly table: string;
  readonly accounts: number;
  readonly initialBalance: number;
}

export interface Transfer {
  readonly from: number;
  readonly to: number;
  readonly amount: number;
}

/** Done; cancelled by its condition (too little money); or cancelled by a conflicting transaction. */
export type TransferOutcome = 'transferred' | 'insufficient-funds' | 'conflict';

const BATCH_WRITE_REQUESTS_MAX = 25;

export function accountId(account: number): string {
  return `acct-${String(account).padStart(4, '0')}`;
}

/** A transfer of 1 to `amountMax` between two distinct accounts of [first, first + count). */
export function randomTransfer(first: number, count: number, amountMax: number): Transfer {
  const from = first + randomInt(count);
  const to = first + ((from - first + 1 + randomInt(count - 1)) % count);
  return { from, to, amount: 1 + randomInt(amountMax) };
}

/** Creates the bank's table with every account at the initial balance. */
export async function openBank(client: RawDynamoDBClient, bank: Bank): Promise<void> {
  await client.send('CreateTable', onDemandTable(bank.table, [{ name: 'id', type: 'S' }]));
  for (let first = 0; first < bank.accounts; first += BATCH_WRITE_REQUESTS_MAX) {
    const requests = Array.from({ length: Math.min(BATCH_WRITE_REQUESTS_MAX, bank.accounts - first) }, (_, offset) => ({
      PutRequest: { Item: { id: { S: accountId(first + offset) }, balance: { N: String(bank.initialBalance) } } },
    }));
    const answer = (await client.send('BatchWriteItem', { RequestItems: { [bank.table]: requests } })) as { UnprocessedItems?: object };
    assert.deepEqual(answer.UnprocessedItems ?? {}, {}, 'a small BatchWriteItem leaves nothing unprocessed');
  }
}

/**
 * Sends one transfer. A cancellation must give its true reason: a debit refused for
 * want of money must show (through ALL_OLD) a balance really short of the amount, and
 * the unconditional credit can only have been cancelled along with it.
 */
export async function transfer(client: RawDynamoDBClient, bank: Bank, move: Transfer): Promise<TransferOutcome> {
  const amount = { ':amount': { N: String(move.amount) } };
  try {
    await client.send('TransactWriteItems', {
      TransactItems: [
        {
          Update: {
            TableName: bank.table,
            Key: { id: { S: accountId(move.from) } },
            UpdateExpression: 'SET balance = balance - :amount',
            ConditionExpression: 'balance >= :amount',
            ExpressionAttributeValues: amount,
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          },
        },
        {
          Update: { TableName: bank.table, Key: { id: { S: accountId(move.to) } }, UpdateExpression: 'ADD balance :amount', ExpressionAttributeValues: amount },
        },
      ],
    });
    return 'transferred';
  } catch (error) {
    const refused = refusal(error);
    assert.equal(refused.type, 'TransactionCanceledException', `a transfer failed with ${refused.type}`);
    const [debit, credit] = refused.cancellationReasons;
    assert.equal(refused.cancellationReasons.length, 2, 'one cancellation reason per action');
    assert.ok(['None', 'TransactionConflict'].includes(credit!.Code), `the unconditional credit was cancelled with ${credit!.Code}`);
    if (debit!.Code === 'ConditionalCheckFailed') {
      const seen = Number(debit!.Item?.balance?.N);
      assert.ok(seen < move.amount, `a debit of ${move.amount} from ${accountId(move.from)} was refused though the balance was ${seen}`);
      return 'insufficient-funds';
    }
    assert.equal(debit!.Code, 'TransactionConflict', `the debit was cancelled with ${debit!.Code}`);
    return 'conflict';
  }
}

/** What every account must hold once the acknowledged transfers, and only they, are applied. */
function ledger(bank: Bank, transfers: readonly Transfer[]): number[] {
  const balances = Array.from({ length: bank.accounts }, () => bank.initialBalance);
  for (const { from, to, amount } of transfers) {
    balances[from]! -= amount;
    balances[to]! += amount;
  }
  return balances;
}

/**
 * Scans the bank (consistent reads) and asserts that every account holds exactly what
 * the ledger of `transfers` says and that no money appeared or vanished. `reader`
 * names the client in failure messages when a test reads through several.
 */
export async function assertLedgerHolds(client: RawDynamoDBClient, bank: Bank, transfers: readonly Transfer[], reader = 'the server'): Promise<void> {
  const scanned = new Map<string, number>();
  for (const item of await client.scanAll(bank.table)) {
    assert.equal(scanned.has(item.id!.S!), false, `${item.id!.S} scanned twice through ${reader}`);
    scanned.set(item.id!.S!, Number(item.balance!.N));
  }
  assert.equal(scanned.size, bank.accounts, `every account scanned through ${reader}`);
  const expected = ledger(bank, transfers);
  for (let account = 0; account < bank.accounts; account++) {
    assert.equal(
      scanned.get(accountId(account)),
      expected[account],
      `${accountId(account)}, read through ${reader}, differs from the ledger of acknowledged transfers`,
    );
  }
  const total = [...scanned.values()].reduce((sum, balance) => sum + balance, 0);
  assert.equal(total, bank.accounts * bank.initialBalance, `the total of all balances, read through ${reader}`);
}
