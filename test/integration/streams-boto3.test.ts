import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { startStrata } from '../../src/index.js';
import type { RunningStrata } from '../../src/strata.js';
import { runProcess, skipUnlessRuns } from '../support/run-process.js';
import { startTestStrata } from '../support/strata.js';

/**
 * boto3's dynamodbstreams client (test/clients/streams.py) on the storage backends:
 * test/clients runs it in memory; here it runs on LMDB, and on the test storage, which
 * is PostgreSQL when the runner's second pass makes it so.
 */

const skipReason = skipUnlessRuns('python3', ['-c', 'import boto3'], 'python3 with boto3 is not installed');
const SCRIPT = fileURLToPath(new URL('../clients/streams.py', import.meta.url));

async function runAgainst(strata: RunningStrata): Promise<void> {
  try {
    const { status, stdout, stderr } = await runProcess('python3', [SCRIPT, strata.endpoint]);
    assert.equal(status, 0, stdout + stderr);
    assert.match(stdout, /boto3 streams: ok/);
  } finally {
    await strata.close();
  }
}

describe('boto3 streams on the storage backends', skipReason === undefined ? {} : { skip: skipReason }, () => {
  it('reads every write path, every iterator type and a disabled stream on LMDB', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'strata-boto3-streams-'));
    try {
      await runAgainst(await startStrata({ dbPath: directory, sharedDb: false }));
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });

  it(`reads them on the test storage (${process.env['STRATA_TEST_STORAGE'] ?? 'memory'})`, async () => {
    await runAgainst(await startTestStrata({ sharedDb: false }));
  });
});
