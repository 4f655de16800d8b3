import { randomInt } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCampaign } from './campaign.js';
import { endpointServer, startFuzzServer, type FuzzStorage } from './fuzz-server.js';
import { reportSummary, writeCampaignReport, type CampaignReport } from './report.js';
import type { FuzzedServices } from './services.js';

/**
 * A whole fuzzing run, as the CI test and `npm run fuzz` make one: start the server
 * (or take the endpoint), run the campaign, write the report, print its summary, stop.
 */
export interface FuzzOptions {
  readonly seed: number;
  readonly sendingMs: number;
  /** Strata on this storage, unless `endpoint` names a server already running. */
  readonly storage: FuzzStorage;
  readonly endpoint?: string;
  readonly concurrency?: number;
  readonly minimizingMs?: number;
  readonly log: (line: string) => void;
}

/** Well-formed requests are answered in milliseconds; ten seconds leaves room for a 16 MB body on a loaded machine. */
const ANSWER_TIMEOUT_MS = 10_000;
/** A malformed request's answer, if any, comes at once; after this the connection is dropped. */
const MALFORMED_WAIT_MS = 1_000;
const CONCURRENCY_DEFAULT = 8;
const MINIMIZING_MS_DEFAULT = 30_000;

/** The environment variable that fixes the seed of the CI test's campaigns, to replay one. */
export const SEED_ENVIRONMENT_VARIABLE = 'STRATA_FUZZ_SEED';

/** A fresh 32-bit seed, unless the environment fixes one. */
export function campaignSeed(): number {
  const fixed = process.env[SEED_ENVIRONMENT_VARIABLE];
  return fixed === undefined || fixed === '' ? randomInt(2 ** 32) : parseSeed(fixed);
}

export function parseSeed(text: string): number {
  const seed = Number(text);
  if (!Number.isInteger(seed) || seed < 0 || seed >= 2 ** 32) throw new Error(`a seed is a whole number from 0 to 2^32 - 1, not ${text}`);
  return seed;
}

export async function fuzz(services: FuzzedServices, options: FuzzOptions): Promise<CampaignReport> {
  const server = options.endpoint === undefined ? await startFuzzServer(options.storage) : endpointServer(options.endpoint);
  const reportDirectory = mkdtempSync(join(tmpdir(), 'strata-fuzz-report-'));
  try {
    options.log(`fuzzing ${server.description} for ${options.sendingMs / 1000} s with seed ${options.seed}`);
    const result = await runCampaign(server, services, {
      seed: options.seed,
      sendingMs: options.sendingMs,
      concurrency: options.concurrency ?? CONCURRENCY_DEFAULT,
      answerTimeoutMs: ANSWER_TIMEOUT_MS,
      malformedWaitMs: MALFORMED_WAIT_MS,
      minimizingMs: options.minimizingMs ?? MINIMIZING_MS_DEFAULT,
      progress: options.log,
    });
    const report = writeCampaignReport(result, server, reportDirectory);
    options.log(reportSummary(report, reportDirectory));
    return report;
  } finally {
    await server.stop();
  }
}
