/**
 * Reads Strata's log (src/model/logger.ts: `<time> ERROR <message> key="json string"…`)
 * as it arrives, and keeps the error of each failed request by its request id (the
 * `x-amzn-RequestId` of the 500 answer), so that a finding carries the server's stack.
 * The log line is written before the answer is sent, but arrives on another pipe, so
 * a lookup waits a little for a line not yet read.
 */

/** `… ERROR internal error requestId="…" error="…"`, as http-server.ts logs an unexpected error. */
const REQUEST_ERROR_LINE = /^\S+ ERROR internal error requestId="([^"]+)" error=(".*")$/;
const ERROR_LINE = /^\S+ ERROR /;

/** How long a lookup waits for its line to be read. */
const STACK_WAIT_MS = 2_000;
/** Stacks nobody asked for are kept up to this many (the oldest dropped first). */
const STACKS_KEPT_MAX = 10_000;
const UNATTRIBUTED_ERRORS_KEPT_MAX = 100;

export class ServerLog {
  private partialLine = '';
  private readonly stacks = new Map<string, string>();
  private readonly waiting = new Map<string, (stack: string) => void>();
  private readonly otherErrors: string[] = [];

  append(text: string): void {
    const lines = (this.partialLine + text).split('\n');
    this.partialLine = lines.pop() ?? '';
    for (const line of lines) this.read(line);
  }

  stackFor(requestId: string): Promise<string | undefined> {
    const stack = this.stacks.get(requestId);
    if (stack !== undefined) {
      this.stacks.delete(requestId);
      return Promise.resolve(stack);
    }
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiting.delete(requestId);
        resolve(undefined);
      }, STACK_WAIT_MS);
      this.waiting.set(requestId, (found) => {
        clearTimeout(timer);
        resolve(found);
      });
    });
  }

  unattributedErrors(): readonly string[] {
    return this.otherErrors;
  }

  private read(line: string): void {
    const match = REQUEST_ERROR_LINE.exec(line);
    if (match === null) {
      if (ERROR_LINE.test(line) && this.otherErrors.length < UNATTRIBUTED_ERRORS_KEPT_MAX) this.otherErrors.push(line);
      return;
    }
    const requestId = match[1]!;
    const stack = JSON.parse(match[2]!) as string;
    const waiter = this.waiting.get(requestId);
    if (waiter !== undefined) {
      this.waiting.delete(requestId);
      waiter(stack);
      return;
    }
    this.stacks.set(requestId, stack);
    if (this.stacks.size > STACKS_KEPT_MAX) this.stacks.delete(this.stacks.keys().next().value!);
  }
}
