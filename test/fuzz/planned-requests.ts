import { dynamoDBOperationLoaders } from '../../src/api/operations.js';
import type { ApiModel } from '../support/api-model.js';
import { framingCase, type FramingCase } from './framing.js';
import type { JsonObject } from './json-text.js';
import { modelRequest } from './model-requests.js';
import { mutatedRequest } from './mutations.js';
import { Random, requestSeed } from './random.js';

/**
 * The requests of a campaign, each made from its seed alone: a valid-ish request of an
 * operation Strata serves, the same mutated, or the same broken at the HTTP level.
 */
export type RequestKind = 'valid' | 'mutated' | 'framing';

export type PlannedRequest =
  | { readonly kind: 'valid' | 'mutated'; readonly index: number; readonly operation: string; readonly body: JsonObject }
  | { readonly kind: 'framing'; readonly index: number; readonly operation: string; readonly framing: FramingCase };

/** Every operation Strata serves, by the registry (src/api/operations.ts), so a newly served one is fuzzed too. */
export const FUZZED_OPERATIONS: readonly string[] = Object.keys(dynamoDBOperationLoaders);

const KIND_WEIGHTS: ReadonlyArray<readonly [number, RequestKind]> = [
  [35, 'valid'],
  [50, 'mutated'],
  [15, 'framing'],
];

/** Request `index` of the campaign seeded with `seed`, for a server at `host` (host:port). */
export function plannedRequest(model: ApiModel, seed: number, index: number, host: string): PlannedRequest {
  const random = new Random(requestSeed(seed, index));
  const kind = random.weighted(KIND_WEIGHTS);
  const request = modelRequest(random, model, random.pick(FUZZED_OPERATIONS));
  if (kind === 'framing') return { kind, index, operation: request.operation, framing: framingCase(random, host, request) };
  if (kind === 'mutated') return { kind, index, ...mutatedRequest(random, model, request) };
  return { kind, index, ...request };
}
