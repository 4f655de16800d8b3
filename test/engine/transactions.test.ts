import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Engine } from '../../src/engine/engine.js';
import { CLIENT_WRITES } from '../../src/engine/mutation.js';
import { keyFromKeyParameter, keyOfItem } from '../../src/engine/primary-key.js';
import type { TableDefinition } from '../../src/engine/table-definition.js';
import type { TransactionAction } from '../../src/engine/transactions.js';
import type { Item } from '../../src/model/attribute-value.js';
import { DynamoDBError } from '../../src/model/errors.js';
import { N, NAMESPACE, S, addNumber, attributeEquals, attributeExists, hashKeyTable, withEngine } from './engine-fixture.js';

/** transactWriteItems: all actions or none, a reason per action, and ClientRequestToken idempotency. */

const TOKEN_LIFETIME_MS = 10 * 60 * 1000;

async function current(engine: Engine, table: TableDefinition, id: string): Promise<Item | undefined> {
  return (await engine.getItem(keyFromKeyParameter(table, { id: S(id) })))?.item;
}

function putAction(table: TableDefinition, item: Item, condition?: ReturnType<typeof attributeExists>): TransactionAction {
  return { mutation: CLIENT_WRITES.put(table, keyOfItem(table, item), item, { condition }) };
}

function addAction(table: TableDefinition, id: string, amount: number): TransactionAction {
  return { mutation: CLIENT_WRITES.update(table, keyFromKeyParameter(table, { id: S(id) }), { id: S(id) }, addNumber('n', amount)) };
}

async function cancellation(transaction: Promise<unknown>): Promise<DynamoDBError> {
  const error = await transaction.then(
    () => assert.fail('the transaction should have been cancelled'),
    (failure: unknown) => failure,
  );
  assert.ok(error instanceof DynamoDBError);
  assert.equal(error.type, 'TransactionCanceledException');
  return error;
}

async function withTable(body: (engine: Engine, table: TableDefinition, advance: (ms: number) => Promise<void>) => Promise<void>): Promise<void> {
  await withEngine(async ({ engine, clock }) => body(engine, await engine.createTable(NAMESPACE, hashKeyTable('ledger')), (ms) => clock.advance(ms)));
}

describe('transactWriteItems', () => {
  it('commits every action, with outcomes in order', async () => {
    await withTable(async (engine, table) => {
      const result = await engine.transactWriteItems(NAMESPACE, [putAction(table, { id: S('a'), n: N(1) }), addAction(table, 'b', 5)]);
      assert.equal(result.repeated, false);
      assert.deepEqual(result.repeated === false && result.outcomes.map((outcome) => outcome.next?.item), [
        { id: S('a'), n: N(1) },
        { id: S('b'), n: N(5) },
      ]);
    });
  });

  it('cancels with one reason per action, in order, and writes nothing', async () => {
    await withTable(async (engine, table) => {
      await engine.writeItem(CLIENT_WRITES.put(table, keyOfItem(table, { id: S('held') }), { id: S('held'), n: N(1) }));
      const error = await cancellation(
        engine.transactWriteItems(NAMESPACE, [
          putAction(table, { id: S('fresh') }),
          {
            mutation: CLIENT_WRITES.conditionCheck(table, keyFromKeyParameter(table, { id: S('held') }), {
              condition: attributeEquals('n', N(2)),
              returnItemOnConditionFailure: true,
            }),
          },
          { refusal: 'One or more parameter values were invalid: Missing the key id in the item' },
          addAction(table, 'held', 1),
        ]),
      );
      assert.equal(
        error.message,
        'Transaction cancelled, please refer cancellation reasons for specific reasons [None, ConditionalCheckFailed, ValidationError, None]',
      );
      assert.deepEqual(error.extraFields.CancellationReasons, [
        { Code: 'None' },
        { Code: 'ConditionalCheckFailed', Message: 'The conditional request failed.', Item: { id: S('held'), n: N(1) } },
        { Code: 'ValidationError', Message: 'One or more parameter values were invalid: Missing the key id in the item' },
        { Code: 'None' },
      ]);
      assert.equal(await current(engine, table, 'fresh'), undefined);
      assert.deepEqual(await current(engine, table, 'held'), { id: S('held'), n: N(1) });
    });
  });

  it('words a failed Put condition without the final period of a ConditionCheck', async () => {
    await withTable(async (engine, table) => {
      const error = await cancellation(engine.transactWriteItems(NAMESPACE, [putAction(table, { id: S('a') }, attributeExists('id'))]));
      assert.deepEqual(error.extraFields.CancellationReasons, [{ Code: 'ConditionalCheckFailed', Message: 'The conditional request failed' }]);
    });
  });

  it('applies nothing on a repeat of the same token and request, and says it was repeated', async () => {
    await withTable(async (engine, table) => {
      const token = { token: 'once', requestHash: 'hash-1' };
      const first = await engine.transactWriteItems(NAMESPACE, [addAction(table, 'a', 1)], token);
      assert.equal(first.repeated, false);
      const again = await engine.transactWriteItems(NAMESPACE, [addAction(table, 'a', 1)], token);
      assert.equal(again.repeated, true);
      assert.deepEqual(again.repeated === true && again.items.map((item) => item?.item), [{ id: S('a'), n: N(1) }]);
      assert.deepEqual(await current(engine, table, 'a'), { id: S('a'), n: N(1) });
      // Another namespace does not share the token.
      const otherTable = await engine.createTable('other', hashKeyTable('ledger'));
      assert.equal((await engine.transactWriteItems('other', [addAction(otherTable, 'a', 1)], token)).repeated, false);
    });
  });

  it('refuses the token with different request parameters', async () => {
    await withTable(async (engine, table) => {
      await engine.transactWriteItems(NAMESPACE, [addAction(table, 'a', 1)], { token: 't', requestHash: 'hash-1' });
      await assert.rejects(engine.transactWriteItems(NAMESPACE, [addAction(table, 'a', 2)], { token: 't', requestHash: 'hash-2' }), {
        name: 'IdempotentParameterMismatchException',
        message: 'Request parameters do not match the request with the same client token',
      });
      assert.deepEqual(await current(engine, table, 'a'), { id: S('a'), n: N(1) });
    });
  });

  it('takes the token as new once its 10 minutes have passed', async () => {
    await withTable(async (engine, table, advance) => {
      const token = { token: 't', requestHash: 'hash-1' };
      await engine.transactWriteItems(NAMESPACE, [addAction(table, 'a', 1)], token);
      await advance(TOKEN_LIFETIME_MS - 1);
      assert.equal((await engine.transactWriteItems(NAMESPACE, [addAction(table, 'a', 1)], token)).repeated, true);
      await advance(1);
      assert.equal((await engine.transactWriteItems(NAMESPACE, [addAction(table, 'a', 1)], token)).repeated, false);
      assert.deepEqual(await current(engine, table, 'a'), { id: S('a'), n: N(2) });
      // A mismatch is no longer one either, once the token expired with its first use.
      await advance(TOKEN_LIFETIME_MS);
      assert.equal((await engine.transactWriteItems(NAMESPACE, [addAction(table, 'a', 1)], { token: 't', requestHash: 'hash-2' })).repeated, false);
    });
  });

  it('does not remember the token of a cancelled transaction', async () => {
    await withTable(async (engine, table) => {
      const token = { token: 'cancelled', requestHash: 'hash-1' };
      await cancellation(engine.transactWriteItems(NAMESPACE, [putAction(table, { id: S('a') }, attributeExists('id'))], token));
      assert.equal((await engine.transactWriteItems(NAMESPACE, [putAction(table, { id: S('a') })], token)).repeated, false);
    });
  });
});
