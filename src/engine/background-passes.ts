import type { Clock, PeriodicTimer } from '../model/clock.js';
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
  private readonly timer: PeriodicTimer;

  constructor(
    private readonly pass: () => Promise<void>,
    intervalMs: number,
    clock: Clock,
    private readonly logger: Logger,
    private readonly failureMessage: string,
  ) {
    // The tick hands back the pass, so a test's ManualClock can wait for it to end.
    this.timer = clock.every(intervalMs, () => this.start());
  }

  get closed(): boolean {
    return this.closedFlag;
  }

  /** Starts a pass unless one is running or the work is closed. */
  wake(): void {
    void this.start();
  }

  /** The pass in progress, starting one if none is (and the work is open); it never rejects. */
  private start(): Promise<void> | undefined {
    if (this.running !== undefined || this.closedFlag) return this.running;
    this.running = this.pass()
      .catch((error: unknown) => this.logger.error(this.failureMessage, { error: String(error) }))
      .finally(() => {
        this.running = undefined;
      });
    return this.running;
  }

  async close(): Promise<void> {
    this.closedFlag = true;
    this.timer.cancel();
    await this.running;
  }
}
