/**
 * Where Strata reads the time and schedules its periodic work: TTL expiry, idempotency
 * token lifetimes, leases, background sweeps and backfills, table timestamps. Servers
 * use the system clock; a test passes a ManualClock and advances it, so that it sees
 * a sweep or an expiry happen without sleeping for it.
 */
export interface Clock {
  /** Milliseconds since the Unix epoch. */
  nowMs(): number;
  /**
   * Calls `tick` every `intervalMs` until cancelled. A tick may return a promise (a
   * pass of background work); the system clock ignores it, a ManualClock awaits it.
   * A periodic timer never keeps the process alive on its own.
   */
  every(intervalMs: number, tick: () => unknown): PeriodicTimer;
}

export interface PeriodicTimer {
  cancel(): void;
}

export const SYSTEM_CLOCK: Clock = {
  nowMs: () => Date.now(),
  every(intervalMs, tick) {
    const timer = setInterval(tick, intervalMs);
    timer.unref();
    return { cancel: () => clearInterval(timer) };
  },
};

interface ManualTimer {
  readonly intervalMs: number;
  readonly tick: () => unknown;
  dueAtMs: number;
  cancelled: boolean;
}

/** Periodic timers fired by one advance, at most: a guard against a zero-length interval looping forever. */
const MANUAL_TICKS_PER_ADVANCE_MAX = 100_000;

/**
 * A clock that moves only when told to, for tests. `advance` moves time forward and
 * fires every periodic timer that falls due on the way, in time order, awaiting what
 * each tick returns: once it resolves, the background work those ticks started (a TTL
 * sweep, say) has finished.
 */
export class ManualClock implements Clock {
  private currentMs: number;
  private readonly timers = new Set<ManualTimer>();

  constructor(startMs: number = Date.now()) {
    this.currentMs = startMs;
  }

  nowMs(): number {
    return this.currentMs;
  }

  every(intervalMs: number, tick: () => unknown): PeriodicTimer {
    const timer: ManualTimer = { intervalMs: Math.max(1, intervalMs), tick, dueAtMs: this.currentMs + Math.max(1, intervalMs), cancelled: false };
    this.timers.add(timer);
    return {
      cancel: () => {
        timer.cancelled = true;
        this.timers.delete(timer);
      },
    };
  }

  /** Moves time forward by `durationMs`, firing the timers due on the way. */
  async advance(durationMs: number): Promise<void> {
    if (!(durationMs >= 0)) throw new RangeError(`a clock only moves forward, not by ${durationMs} ms`);
    const targetMs = this.currentMs + durationMs;
    for (let ticks = 0; ticks < MANUAL_TICKS_PER_ADVANCE_MAX; ticks++) {
      const next = this.nextDue(targetMs);
      if (next === undefined) break;
      this.currentMs = next.dueAtMs;
      next.dueAtMs += next.intervalMs;
      await next.tick();
    }
    this.currentMs = targetMs;
  }

  private nextDue(limitMs: number): ManualTimer | undefined {
    let next: ManualTimer | undefined;
    for (const timer of this.timers) {
      if (!timer.cancelled && timer.dueAtMs <= limitMs && (next === undefined || timer.dueAtMs < next.dueAtMs)) next = timer;
    }
    return next;
  }
}
