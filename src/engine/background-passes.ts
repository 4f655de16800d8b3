import type { Logger } from '../model/logger.js';

/**
 * Background work done in passes: a pass starts when woken and on a timer, never two at
 * once; a failed pass is logged (the next one tries again) and never reaches a request.
 * Closing stops the timer and waits for the pass in progress, which should check
 * `closed` between batches to end early.
 */
export class BackgroundPasses {
  private running: Promise<void> | undefined;
  private closedFlag = false;
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly pass: () => Promise<void>,
    intervalMs: number,
    private readonly logger: Logger,
    private readonly failureMessage: string,
  ) {
    this.timer = setInterval(() => this.wake(), intervalMs);
    // A timer alone must not keep the process alive.
    this.timer.unref();
  }

  get closed(): boolean {
    return this.closedFlag;
  }

  /** Starts a pass unless one is running or the work is closed. */
  wake(): void {
    if (this.running !== undefined || this.closedFlag) return;
    this.running = this.pass()
      .catch((error: unknown) => this.logger.error(this.failureMessage, { error: String(error) }))
      .finally(() => {
        this.running = undefined;
      });
  }

  async close(): Promise<void> {
    this.closedFlag = true;
    clearInterval(this.timer);
    await this.running;
  }
}
