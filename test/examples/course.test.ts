import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { spawnServer, type ServerProcess } from '../support/cli-process.js';
import { runProcess } from '../support/run-process.js';

/**
 * The course (examples/) is part of the product: every example must pass against
 * Strata, both through `npm run examples` (an in-process server) and with each chapter
 * file run on its own against `strata serve`, as the README tells learners to do.
 */

const root = fileURLToPath(new URL('../..', import.meta.url));
const TSX = fileURLToPath(new URL('../../node_modules/.bin/tsx', import.meta.url));
/** The course promises at least this many self-checking examples. */
const EXAMPLES_MIN = 40;
const SUMMARY_LINE = /^(\d+) passed, (\d+) failed$/m;

function chapterFiles(): string[] {
  const numbered = /^\d\d-/;
  return readdirSync(`${root}/examples`)
    .filter((folder) => numbered.test(folder))
    .flatMap((folder) =>
      readdirSync(`${root}/examples/${folder}`)
        .filter((file) => numbered.test(file) && file.endsWith('.ts'))
        .map((file) => `examples/${folder}/${file}`),
    )
    .sort();
}

/** The counts from a run's closing line, with its output when the line is missing. */
function summaryOf(stdout: string, stderr: string): { passed: number; failed: number } {
  const match = SUMMARY_LINE.exec(stdout);
  assert.ok(match, `no "N passed, M failed" line; output:\n${stdout}\n${stderr}`);
  return { passed: Number(match[1]), failed: Number(match[2]) };
}

describe('the course examples', () => {
  it(`npm run examples passes at least ${EXAMPLES_MIN} examples on an in-process Strata`, async () => {
    const environment = { ...process.env };
    delete environment['AWS_ENDPOINT_URL'];
    const { status, stdout, stderr } = await runProcess('npm', ['run', '--silent', 'examples'], environment);
    const { passed, failed } = summaryOf(stdout, stderr);
    assert.equal(failed, 0, stdout);
    assert.equal(status, 0, stderr);
    assert.ok(passed >= EXAMPLES_MIN, `only ${passed} examples`);
  });

  it('npm run example runs one chapter, and names the chapters when asked for an unknown one', async () => {
    const one = await runProcess('npm', ['run', '--silent', 'example', '--', '01-basics/01-key-value-operations']);
    assert.equal(one.status, 0, one.stdout + one.stderr);
    assert.match(one.stdout, /^01-basics\/01-key-value-operations: /m);
    assert.doesNotMatch(one.stdout, /^02-patterns\//m);

    const unknown = await runProcess('npm', ['run', '--silent', 'example', '--', 'no-such-chapter']);
    assert.equal(unknown.status, 2);
    assert.match(unknown.stderr, /01-basics\/01-key-value-operations/);
  });

  describe('each chapter file on its own against strata serve', () => {
    let server: ServerProcess;
    before(async () => {
      server = await spawnServer(['--port', '0', '--in-memory', '--log-level', 'warn']);
    });
    after(async () => {
      server.child.kill('SIGTERM');
      await server.exited();
    });

    for (const file of chapterFiles()) {
      it(file, async () => {
        const { status, stdout, stderr } = await runProcess(TSX, [file], { ...process.env, AWS_ENDPOINT_URL: server.endpoint });
        const { passed, failed } = summaryOf(stdout, stderr);
        assert.equal(failed, 0, stdout);
        assert.ok(passed > 0);
        assert.equal(status, 0, stderr);
      });
    }
  });
});
