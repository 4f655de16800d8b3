import { answerLabel, type Answer } from './answers.js';
import type { PlannedRequest } from './planned-requests.js';

/**
 * What a campaign found: 5xx answers grouped by their cause, well-formed requests
 * left unanswered, successes whose body is not what the model describes, and the
 * server's death. Each group keeps the first request that showed it (to be minimized
 * and reported) and counts the rest.
 */

/** A request that showed a finding, and its body once minimized (for JSON requests). */
export interface Sample {
  readonly request: PlannedRequest;
  count: number;
  /** Whether the request, sent again on its own after the campaign, showed the finding again. */
  reproducedAlone?: boolean;
  minimalBody?: string;
}

export interface ServerErrorGroup {
  /** What the 5xx answers share: the server's error and the first frame of Strata's code it was thrown from. */
  readonly cause: string;
  /** The server's stack for the first of them, or the answer itself when the log is not readable. */
  readonly detail: string;
  /** By operation (the framing cases by their name too). */
  readonly samples: Map<string, Sample>;
}

const STACK_OVERFLOW = 'RangeError: Maximum call stack size exceeded';

/** A stack frame of Strata's code, its path from the repository root: `validate (src/api/validation/validate.ts:12:5)`. */
function strataFrames(stack: string): string[] {
  return stack
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.startsWith('at ') && line.includes('/src/'))
    .map((line) => line.slice('at '.length).replace(/(file:\/\/)?\/\S*?\/src\//, 'src/'));
}

/**
 * The cause of a 5xx. A stack overflow happens wherever the recursion was when the
 * stack ran out, so it is known by the functions that recurse rather than by its top
 * frame. Without the server's log, the answer's own type and message are all there is.
 */
export function causeOf(answer: Answer, stack: string | undefined): string {
  if (stack === undefined) return `${answerLabel(answer)}: ${answer.message ?? '(no message)'}`;
  const headline = stack.split('\n')[0] ?? '';
  const frames = strataFrames(stack);
  if (headline.startsWith(STACK_OVERFLOW)) {
    const functions = [...new Set(frames.map((frame) => frame.split(' ')[0]!))].sort();
    return `${STACK_OVERFLOW} recursing through ${functions.join(', ') || 'code outside src/'}`;
  }
  return `${headline} at ${frames[0] ?? 'code outside src/'}`;
}

/** Where a request came in: its operation, and for a framing case what was broken. */
export function sampleKey(request: PlannedRequest): string {
  return request.kind === 'framing' ? `${request.operation} (${request.framing.name})` : request.operation;
}

/** A request that showed a finding for `reason`: why it went unanswered, or what is wrong with its answer. */
export type ReasonedSample = Sample & { readonly reason: string };

/** Counts one more sample under `key` in `samples`, made by `first` when it is the first. */
function addSample<S extends Sample>(samples: Map<string, S>, key: string, first: () => S): void {
  const sample = samples.get(key);
  if (sample === undefined) samples.set(key, first());
  else sample.count++;
}

export class Findings {
  readonly serverErrors = new Map<string, ServerErrorGroup>();
  /** Well-formed requests nobody answered, by sample key and why. */
  readonly unanswered = new Map<string, ReasonedSample>();
  /** Successes whose body no client could read as the model describes it, by sample key and what is wrong. */
  readonly malformedAnswers = new Map<string, ReasonedSample>();
  died: string | undefined;

  addServerError(cause: string, detail: string, request: PlannedRequest): void {
    let group = this.serverErrors.get(cause);
    if (group === undefined) this.serverErrors.set(cause, (group = { cause, detail, samples: new Map() }));
    addSample(group.samples, sampleKey(request), () => ({ request, count: 1 }));
  }

  addUnanswered(reason: string, request: PlannedRequest): void {
    addSample(this.unanswered, `${sampleKey(request)}: ${reason}`, () => ({ request, reason, count: 1 }));
  }

  addMalformedAnswer(problem: string, request: PlannedRequest): void {
    addSample(this.malformedAnswers, `${sampleKey(request)}: ${problem}`, () => ({ request, reason: problem, count: 1 }));
  }
}
