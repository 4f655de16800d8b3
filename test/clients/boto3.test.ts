import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { startStrata } from '../../src/index.js';
import type { RunningStrata } from '../../src/strata.js';
import { runProcess, skipUnlessRuns } from '../support/run-process.js';

const skipReason = skipUnlessRuns('python3', ['-c', 'import boto3'], 'python3 with boto3 is not installed');

describe('boto3 against Strata', skipReason === undefined ? {} : { skip: skipReason }, () => {
  let strata: RunningStrata;
  before(async () => {
    // Each script signs with its own access key, so it sees only its own tables.
    strata = await startStrata({ sharedDb: false });
  });
  after(async () => {
    await strata.close();
  });

  /** Runs a python script of this folder against the server. */
  async function runScript(name: string): Promise<{ status: number | null; output: string }> {
    const { status, stdout, stderr } = await runProcess('python3', [fileURLToPath(new URL(name, import.meta.url)), strata.endpoint]);
    return { status, output: stdout + stderr };
  }

  it('creates, describes, lists and deletes tables, and round-trips items of every type, with its CRC32 checks live', async () => {
    const run = await runScript('./tables_items.py');
    assert.equal(run.status, 0, run.output);
    assert.match(run.output, /boto3 tables and items: ok/);
  });

  it('runs conditional writes, updates and projections with boto3 and its CRC32 checks', async () => {
    const run = await runScript('./expressions.py');
    assert.equal(run.status, 0, run.output);
    assert.match(run.output, /boto3 expressions: ok/);
  });

  it("pages Query and parallel Scan with boto3's paginators", async () => {
    const run = await runScript('./query_scan.py');
    assert.equal(run.status, 0, run.output);
    assert.match(run.output, /boto3 query and scan: ok/);
  });

  it('queries and scans LSIs and GSIs (a multi-attribute one among them) and adds a GSI to a live table', async () => {
    const run = await runScript('./indexes.py');
    assert.equal(run.status, 0, run.output);
    assert.match(run.output, /boto3 indexes: ok/);
  });

  it("writes with the resource's batch_writer, follows batch_get_item's UnprocessedKeys past 16 MB, and runs transactions", async () => {
    const run = await runScript('./batch_transactions.py');
    assert.equal(run.status, 0, run.output);
    assert.match(run.output, /boto3 batches and transactions: ok/);
  });

  it('reads a stream with the dynamodbstreams client: every write path, every iterator type, a disabled stream', async () => {
    const run = await runScript('./streams.py');
    assert.equal(run.status, 0, run.output);
    assert.match(run.output, /boto3 streams: ok/);
  });
});
