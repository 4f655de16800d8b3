import { framingCase, type FramingCase } from './framing.js';
import type { JsonObject } from './json-text.js';
import { modelRequest } from './model-requests.js';
import { mutatedRequest } from './mutations.js';
import type { ObservedValues } from './observed-values.js';
import { Random, requestSeed } from './random.js';
import type { FuzzedService, FuzzedServices } from './services.js';

/**
 * The requests of a campaign, each made from its seed (and, for a request that takes
 * values from earlier answers, those answers: observed-values.ts): a valid-ish
 * request of an operation Strata serves, the same mutated, or the same broken at the
 * HTTP level.
 */
export type RequestKind = 'valid' | 'mutated' | 'framing';

interface RequestOrigin {
  readonly index: number;
  readonly service: FuzzedService;
  readonly operation: string;
}

export type PlannedRequest =
  | (RequestOrigin & { readonly kind: 'valid' | 'mutated'; readonly body: JsonObject })
  | (RequestOrigin & { readonly kind: 'framing'; readonly framing: FramingCase });

const KIND_WEIGHTS: ReadonlyArray<readonly [number, RequestKind]> = [
  [35, 'valid'],
  [50, 'mutated'],
  [15, 'framing'],
];

/**
 * The share of requests sent to DynamoDB Streams: its four operations get about 3 %
 * each, a DynamoDB operation about 5 %, so that the mix stays DynamoDB's (whose writes
 * make the records Streams serves) while each Streams operation is fuzzed thoroughly.
 */
const STREAMS_REQUEST_SHARE = 0.12;

/** Request `index` of the campaign seeded with `seed`, for a server at `host` (host:port). */
export function plannedRequest(services: FuzzedServices, observed: ObservedValues, seed: number, index: number, host: string): PlannedRequest {
  const random = new Random(requestSeed(seed, index));
  const kind = random.weighted(KIND_WEIGHTS);
  const service = random.chance(STREAMS_REQUEST_SHARE) ? services.streams : services.dynamoDB;
  const request = modelRequest(random, service, random.pick(service.operations), observed);
  if (kind === 'framing') return { kind, index, service, operation: request.operation, framing: framingCase(random, host, request) };
  if (kind === 'mutated') return { kind, index, ...mutatedRequest(random, request, observed) };
  return { kind, index, ...request };
}
