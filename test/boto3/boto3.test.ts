import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { startStrata } from '../../src/index.js';
import type { RunningStrata } from '../../src/strata.js';


function boto3SkipReason(): string | undefined {
  const probe = spawnSync('python3', ['-c', 'import boto3'], { encoding: 'utf8' });
  if (probe.error !== undefined) return 'python3 is not installed';
  return probe.status === 0 ? undefined : 'boto3 is not installed';
}

const skipReason = boto3SkipReason();

describe('boto3 against Strata', skipReason === undefined ? {} : { skip: skipReason }, () => {
  let strata: RunningStrata;
  before(async () => {
    strata = await startStrata();
  });
  after(async () => {
    await strata.close();
  });

  /** Runs a script of this folder against the server; asynchronously, since the server answering it runs in this process. */
  function runScript(name: string): Promise<{ status: number | null; output: string }> {
    return new Promise((resolve) => {
      const child = spawn('python3', [fileURLToPath(new URL(name, import.meta.url)), strata.endpoint], { stdio: ['ignore', 'pipe', 'pipe'] });
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.on('close', (status: number | null) => resolve({ status, output }));
    });
  }

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
});
