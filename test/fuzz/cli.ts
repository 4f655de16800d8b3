import { parseArgs } from 'node:util';
import { campaignSeed, fuzz, parseSeed } from './fuzz.js';
import { failureLines } from './report.js';
import { loadFuzzedServices } from './services.js';

/**
 * `npm run fuzz -- [--minutes N] [--seed S] [--storage memory|lmdb] [--endpoint URL]
 * [--concurrency N]`: a longer campaign than the CI test's, of DynamoDB and DynamoDB
 * Streams requests, against Strata from the source (in memory by default) or any
 * running endpoint (DynamoDB Local, for a side-by-side count). Exits 1 when it found
 * a 5xx, an unanswered request, a malformed answer or the server's death.
 */
const USAGE = 'usage: npm run fuzz -- [--minutes N] [--seed S] [--storage memory|lmdb] [--endpoint URL] [--concurrency N]';

function fail(message: string): never {
  process.stderr.write(`fuzz: ${message}\n${USAGE}\n`);
  process.exit(2);
}

function positiveNumber(text: string, name: string): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0) fail(`--${name} must be a positive number, not ${text}`);
  return value;
}

const { values } = (() => {
  try {
    return parseArgs({
      options: {
        minutes: { type: 'string', default: '1' },
        seed: { type: 'string' },
        storage: { type: 'string', default: 'memory' },
        endpoint: { type: 'string' },
        concurrency: { type: 'string', default: '8' },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
    });
  } catch (error) {
    fail(error instanceof Error ? error.message : String(error));
  }
})();

if (values.help) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}
const storage = values.storage;
if (storage !== 'memory' && storage !== 'lmdb') fail(`--storage must be memory or lmdb, not ${storage}`);
const services = loadFuzzedServices();
if ('missing' in services) fail(`${services.missing}; the fuzzer generates its requests from it`);

const report = await fuzz(services, {
  seed: values.seed === undefined ? campaignSeed() : parseSeed(values.seed),
  sendingMs: positiveNumber(values.minutes, 'minutes') * 60_000,
  storage,
  ...(values.endpoint === undefined ? {} : { endpoint: values.endpoint }),
  concurrency: Math.ceil(positiveNumber(values.concurrency, 'concurrency')),
  log: (line) => process.stdout.write(`${line}\n`),
});
process.exit(failureLines(report).length > 0 ? 1 : 0);
