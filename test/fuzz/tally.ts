import { answerLabel, type Answer } from './answers.js';
import type { PlannedRequest } from './planned-requests.js';

/**
 * The counts a campaign reports: requests by kind, service and operation, answers by
 * status and error type, and by the operation of the request they answer (the two
 * services' operations have different names).
 */
export class Tally {
  readonly requestsByKind = new Map<string, number>();
  readonly requestsByService = new Map<string, number>();
  readonly requestsByOperation = new Map<string, number>();
  /** Answers to JSON requests, by operation, then by label ("400 ValidationException"). */
  readonly answersByOperation = new Map<string, Map<string, number>>();
  /**
   * Answers to framing cases, by label alone: a case may have named another operation
   * in its X-Amz-Target (a GetRecords body sent to ListStreams), so its answer is not
   * surely its request's operation's.
   */
  readonly framingAnswersByLabel = new Map<string, number>();
  /** Malformed requests the server did not answer (dropping them is allowed), by why. */
  readonly droppedByReason = new Map<string, number>();
  requests = 0;

  countRequest(request: PlannedRequest): void {
    this.requests++;
    increment(this.requestsByKind, request.kind);
    increment(this.requestsByService, request.service.name);
    increment(this.requestsByOperation, request.operation);
  }

  countAnswer(answer: Answer, request: PlannedRequest): void {
    if (request.kind === 'framing') return increment(this.framingAnswersByLabel, answerLabel(answer));
    let answers = this.answersByOperation.get(request.operation);
    if (answers === undefined) this.answersByOperation.set(request.operation, (answers = new Map()));
    increment(answers, answerLabel(answer));
  }

  /** Every answer, by label. */
  answersByLabel(): Map<string, number> {
    const all = new Map<string, number>();
    for (const answers of [...this.answersByOperation.values(), this.framingAnswersByLabel]) for (const [label, count] of answers) increment(all, label, count);
    return all;
  }

  countDropped(reason: string): void {
    increment(this.droppedByReason, reason);
  }
}

function increment(counts: Map<string, number>, key: string, by = 1): void {
  counts.set(key, (counts.get(key) ?? 0) + by);
}
