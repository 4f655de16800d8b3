import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { campaignSeed, fuzz, SEED_ENVIRONMENT_VARIABLE } from './fuzz.js';
import type { FuzzStorage } from './fuzz-server.js';
import { failureLines, type CampaignReport } from './report.js';
import { loadFuzzedServices, type FuzzedService } from './services.js';

/**
 * Strata's own fuzzer, for 30 seconds in memory and 30 on LMDB: no request, however
 * malformed, may get a 5xx, go unanswered (when well-formed), get a malformed answer
 * or stop the server. Each campaign takes a fresh seed, printed first, so that a
 * failure can be run again with STRATA_FUZZ_SEED set to it; `npm run fuzz` runs
 * longer campaigns.
 */
const SENDING_MS_PER_STORAGE = 30_000;
/** Minimizing the requests of a failing run is bounded too, so that a failing run still ends soon. */
const MINIMIZING_MS = 15_000;

const loaded = loadFuzzedServices();
const services = 'missing' in loaded ? undefined : loaded;

/**
 * The operations of `service` that no request got a 200 from. A campaign that finds
 * nothing proves little about a service it only got refusals from: a Streams
 * operation answers 200 only to a stream ARN, shard id or iterator the server gave
 * (GetRecords' needs GetShardIterator's, which needs DescribeStream's), so a 200 from
 * each shows that the values learnt from answers reach the requests.
 */
function operationsNeverAnswered200(report: CampaignReport, service: FuzzedService): string[] {
  return service.operations.filter((operation) => (report.answersByOperation[operation]?.['200'] ?? 0) === 0);
}

describe('fuzzing', { skip: 'missing' in loaded ? `${loaded.missing}; the fuzzer generates its requests from it` : false }, () => {
  for (const storage of ['memory', 'lmdb'] satisfies FuzzStorage[]) {
    it(`gives no 5xx, leaves nothing unanswered and stays up, on ${storage}`, async (t) => {
      const { streams } = services!;
      const seed = campaignSeed();
      t.diagnostic(`seed ${seed} (replay with ${SEED_ENVIRONMENT_VARIABLE}=${seed})`);
      const report = await fuzz(services!, {
        seed,
        sendingMs: SENDING_MS_PER_STORAGE,
        storage,
        minimizingMs: MINIMIZING_MS,
        log: (line) => t.diagnostic(line),
      });
      assert.deepEqual(failureLines(report), [], `seed ${seed}: see the report above`);
      assert.ok((report.requestsByService[streams.name] ?? 0) > 0, `seed ${seed}: no ${streams.name} request was sent`);
      assert.deepEqual(operationsNeverAnswered200(report, streams), [], `seed ${seed}: these ${streams.name} operations never answered 200`);
    });
  }
});
