import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { startStrata } from '../../src/index.js';
import type { RunningStrata } from '../../src/strata.js';

const SCRIPT = fileURLToPath(new URL('./expressions.py', import.meta.url));

function boto3SkipReason(): string | undefined {
  const probe = spawnSync('python3', ['-c', 'import boto3'], { encoding: 'utf8' });
  if (probe.error !== undefined) return 'python3 is not installed';
  return probe.status === 0 ? undefined : 'boto3 is not installed';
}

const skipReason = boto3SkipReason();

describe('expressions through boto3', skipReason === undefined ? {} : { skip: skipReason }, () => {
  let strata: RunningStrata;
  before(async () => {
    strata = await startStrata();
  });
  after(async () => {
    await strata.close();
  });

  it('runs conditional writes, updates and projections with boto3 and its CRC32 checks', async () => {
    // Asynchronous: the server answering the script runs in this very process.
    const run = await new Promise<{ status: number | null; output: string }>((resolve) => {
      const child = spawn('python3', [SCRIPT, strata.endpoint], { stdio: ['ignore', 'pipe', 'pipe'] });
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.on('close', (status: number | null) => resolve({ status, output }));
    });
    assert.equal(run.status, 0, run.output);
    assert.match(run.output, /boto3 expressions: ok/);
  });
});
