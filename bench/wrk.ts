import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DYNAMODB_TARGET, SIGNED_HEADERS } from './signing.js';

/**
 * The load generator: wrk (Debian's `wrk` package), one client thread over keep-alive
 * connections, so that the client costs little CPU next to the server on a small
 * machine. Each workload is a Lua `request()` function building raw DynamoDB JSON
 * requests; `done()` reports the counts and latency percentiles as one JSON line.
 */

export interface LoadResult {
  readonly requests: number;
  readonly seconds: number;
  /** Socket errors, timeouts and non-2xx answers. */
  readonly errors: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly p999Ms: number;
}

export function wrkSkipReason(): string | undefined {
  const probe = spawnSync('wrk', ['--version'], { stdio: 'ignore' });
  return probe.error === undefined ? undefined : 'wrk is not installed (apt-get install wrk)';
}

/** The headers every request carries, as the fields of a Lua table. */
const LUA_HEADER_FIELDS = Object.entries(SIGNED_HEADERS)
  .map(([name, value]) => `  ["${name}"] = "${value}",`)
  .join('\n');

const PRELUDE = `
local headers = {
${LUA_HEADER_FIELDS}
}
local counter = 0
init = function(args)
  math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16))
end
local function call(operation, body)
  headers["X-Amz-Target"] = "${DYNAMODB_TARGET}." .. operation
  return wrk.format("POST", "/", headers, body)
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('RESULT {"requests":%d,"micros":%d,"errors":%d,"p50":%d,"p99":%d,"p999":%d}\\n',
    summary.requests, summary.duration, e.connect + e.read + e.write + e.timeout + e.status,
    latency:percentile(50), latency:percentile(99), latency:percentile(99.9)))
end
`;

/** Runs `requestLua` (which defines `request = function() ... end`) for `seconds` (whole: wrk takes no fractions) over `connections` connections. */
export async function runWrk(endpoint: string, requestLua: string, connections: number, seconds: number): Promise<LoadResult> {
  const directory = mkdtempSync(join(tmpdir(), 'strata-bench-'));
  const script = join(directory, 'workload.lua');
  writeFileSync(script, PRELUDE + requestLua);
  try {
    const output = await new Promise<string>((resolve, reject) => {
      const child = spawn('wrk', ['-t1', `-c${connections}`, `-d${seconds}s`, '--timeout', '10s', '-s', script, `${endpoint}/`], {
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let text = '';
      child.stdout.on('data', (chunk: Buffer) => (text += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (text += chunk.toString()));
      child.on('error', reject);
      child.on('exit', (code) => (code === 0 ? resolve(text) : reject(new Error(`wrk exited with ${code}:\n${text}`))));
    });
    const line = output.split('\n').find((candidate) => candidate.startsWith('RESULT '));
    if (line === undefined) throw new Error(`wrk printed no result:\n${output}`);
    const result = JSON.parse(line.slice('RESULT '.length)) as { requests: number; micros: number; errors: number; p50: number; p99: number; p999: number };
    return {
      requests: result.requests,
      seconds: result.micros / 1e6,
      errors: result.errors,
      p50Ms: result.p50 / 1000,
      p99Ms: result.p99 / 1000,
      p999Ms: result.p999 / 1000,
    };
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

/**
 * Runs the workload over several endpoints serving the same data (nodes on one
 * database) at once, the connections shared out among them (one endpoint when there
 * are fewer connections than endpoints). Counts add up; each latency percentile is the
 * worst endpoint's, an upper bound, since wrk's histograms cannot be merged.
 */
export async function runWrkSpread(endpoints: readonly string[], requestLua: string, connections: number, seconds: number): Promise<LoadResult> {
  const used = endpoints.slice(0, Math.max(1, Math.min(endpoints.length, connections)));
  const results = await Promise.all(
    used.map((endpoint, at) => runWrk(endpoint, requestLua, Math.floor(connections / used.length) + (at < connections % used.length ? 1 : 0), seconds)),
  );
  if (results.length === 1) return results[0]!;
  return {
    requests: results.reduce((total, result) => total + result.requests, 0),
    seconds: Math.max(...results.map((result) => result.seconds)),
    errors: results.reduce((total, result) => total + result.errors, 0),
    p50Ms: Math.max(...results.map((result) => result.p50Ms)),
    p99Ms: Math.max(...results.map((result) => result.p99Ms)),
    p999Ms: Math.max(...results.map((result) => result.p999Ms)),
  };
}
