import { answerLabel, type Answer } from './answers.js';
import type { PlannedRequest } from './planned-requests.js';

/** The counts a campaign reports: requests by kind and operation, answers by status and error type. */
export class Tally {
  readonly requestsByKind = new Map<string, number>();
  readonly requestsByOperation = new Map<string, number>();
  readonly answersByLabel = new Map<string, number>();
  /** Malformed requests the server did not answer (dropping them is allowed), by why. */
  readonly droppedByReason = new Map<string, number>();
  requests = 0;

  countRequest(request: PlannedRequest): void {
    this.requests++;
    increment(this.requestsByKind, request.kind);
    increment(this.requestsByOperation, request.operation);
  }

  countAnswer(answer: Answer): void {
    increment(this.answersByLabel, answerLabel(answer));
  }

  countDropped(reason: string): void {
    increment(this.droppedByReason, reason);
  }
}

function increment(counts: Map<string, number>, key: string): void {
  counts.set(key, (counts.get(key) ?? 0) + 1);
}
