import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parseTriggerSpec, resolveTriggers } from '../../src/triggers/trigger-options.js';

const noop = async (): Promise<void> => {};

describe('trigger settings', () => {
  it("takes the command line's TABLE=MODULE with settings after commas", () => {
    assert.deepEqual(parseTriggerSpec('Orders=./on-order.js'), { tableName: 'Orders', handler: './on-order.js' });
    assert.deepEqual(
      parseTriggerSpec(
        'Orders=./h.mjs,batchSize=10,maximumBatchingWindowInSeconds=5,startingPosition=LATEST,maximumRetryAttempts=-1,bisectBatchOnFunctionError=false,name=totals',
      ),
      {
        tableName: 'Orders',
        handler: './h.mjs',
        batchSize: 10,
        maximumBatchingWindowInSeconds: 5,
        startingPosition: 'LATEST',
        maximumRetryAttempts: -1,
        bisectBatchOnFunctionError: false,
        name: 'totals',
      },
    );
    for (const spec of [
      'Orders',
      '=./h.js',
      'Orders=',
      'Orders=./h.js,batchSize=many',
      'Orders=./h.js,colour=blue',
      'Orders=./h.js,bisectBatchOnFunctionError=yes',
    ]) {
      assert.throws(() => parseTriggerSpec(spec), Error, spec);
    }
  });

  it("fills in Lambda's defaults and names a trigger by its function or module", async () => {
    const [trigger] = await resolveTriggers([{ tableName: 'Orders', handler: noop }]);
    assert.deepEqual(
      { ...trigger, handler: undefined },
      {
        tableName: 'Orders',
        name: 'noop',
        handler: undefined,
        batchSize: 100,
        batchingWindowMs: 0,
        startingPosition: 'TRIM_HORIZON',
        maximumRetryAttempts: -1,
        bisectBatchOnFunctionError: true,
      },
    );
  });

  it("refuses settings outside Lambda's ranges, nameless functions and two triggers of one name on one table", async () => {
    const refusals: Array<[object, RegExp]> = [
      [{ batchSize: 0 }, /batchSize must be a whole number from 1 to 10000, not 0/],
      [{ batchSize: 10_001 }, /batchSize must be a whole number from 1 to 10000/],
      [{ maximumBatchingWindowInSeconds: 301 }, /maximumBatchingWindowInSeconds must be a whole number from 0 to 300/],
      [{ maximumRetryAttempts: -2 }, /maximumRetryAttempts must be a whole number from -1 to 10000/],
      [{ batchSize: 1.5 }, /batchSize must be a whole number/],
      [{ startingPosition: 'AT_TIMESTAMP' }, /startingPosition must be TRIM_HORIZON or LATEST, not AT_TIMESTAMP/],
    ];
    for (const [settings, message] of refusals) {
      await assert.rejects(resolveTriggers([{ tableName: 'Orders', handler: noop, ...settings }]), message);
    }
    await assert.rejects(
      resolveTriggers([{ tableName: 'Orders', handler: Object.defineProperty(async () => {}, 'name', { value: '' }) }]),
      /needs the trigger's name/,
    );
    await assert.rejects(
      resolveTriggers([
        { tableName: 'Orders', handler: noop },
        { tableName: 'Orders', handler: noop },
      ]),
      /two triggers on Orders are named noop/,
    );
    const distinct = await resolveTriggers([
      { tableName: 'Orders', handler: noop },
      { tableName: 'Orders', handler: noop, name: 'second' },
      { tableName: 'Invoices', handler: noop },
    ]);
    assert.equal(distinct.length, 3);
  });

  it("loads a module's handler export, or its default one", async () => {
    const directory = mkdtempSync(join(tmpdir(), 'strata-trigger-module-'));
    try {
      writeFileSync(join(directory, 'named.mjs'), 'export async function handler() { return "named"; }\n');
      writeFileSync(join(directory, 'default.mjs'), 'export default async function () { return "default"; }\n');
      writeFileSync(join(directory, 'neither.mjs'), 'export const value = 1;\n');
      const [named, fallback] = await resolveTriggers([
        { tableName: 'Orders', handler: join(directory, 'named.mjs') },
        { tableName: 'Orders', handler: join(directory, 'default.mjs') },
      ]);
      assert.equal(named!.name, join(directory, 'named.mjs'));
      assert.equal(await named!.handler({ Records: [] }, { functionName: 'x', awsRequestId: 'y' }), 'named');
      assert.equal(await fallback!.handler({ Records: [] }, { functionName: 'x', awsRequestId: 'y' }), 'default');
      await assert.rejects(resolveTriggers([{ tableName: 'Orders', handler: join(directory, 'neither.mjs') }]), /exports no function named handler/);
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
});
