import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { API_MODEL_MISSING, loadApiModel } from '../support/api-model.js';
import { campaignSeed, fuzz, SEED_ENVIRONMENT_VARIABLE } from './fuzz.js';
import type { FuzzStorage } from './fuzz-server.js';
import { failureLines } from './report.js';

/**
 * Strata's own fuzzer, for 30 seconds in memory and 30 on LMDB: no request, however
 * malformed, may get a 5xx, go unanswered (when well-formed) or stop the server. Each
 * campaign takes a fresh seed, printed first, so that a failure can be run again with
 * STRATA_FUZZ_SEED set to it; `npm run fuzz` runs longer campaigns.
 */
const SENDING_MS_PER_STORAGE = 30_000;
/** Minimizing the requests of a failing run is bounded too, so that a failing run still ends soon. */
const MINIMIZING_MS = 15_000;

const model = loadApiModel();

describe('fuzzing', { skip: model === undefined ? `${API_MODEL_MISSING}; the fuzzer generates its requests from it` : false }, () => {
  for (const storage of ['memory', 'lmdb'] satisfies FuzzStorage[]) {
    it(`gives no 5xx, leaves nothing unanswered and stays up, on ${storage}`, async (t) => {
      const seed = campaignSeed();
      t.diagnostic(`seed ${seed} (replay with ${SEED_ENVIRONMENT_VARIABLE}=${seed})`);
      const report = await fuzz(model!, {
        seed,
        sendingMs: SENDING_MS_PER_STORAGE,
        storage,
        minimizingMs: MINIMIZING_MS,
        log: (line) => t.diagnostic(line),
      });
      assert.deepEqual(failureLines(report), [], `seed ${seed}: see the report above`);
    });
  }
});
