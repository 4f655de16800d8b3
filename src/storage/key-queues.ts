/**
 * Runs work that needs some keys to itself one at a time per key, in this process:
 * each call waits for the calls before it that share one of its keys. A call is
 * queued behind every earlier holder of any of its keys at once, so two calls never
 * wait on each other.
 */
export class KeyQueues {
  private readonly tails = new Map<string, Promise<void>>();

  async run<T>(keys: readonly string[], work: () => Promise<T>): Promise<T> {
    const unique = [...new Set(keys)];
    const ahead = unique.map((key) => this.tails.get(key)).filter((tail): tail is Promise<void> => tail !== undefined);
    let finish!: () => void;
    const done = new Promise<void>((resolve) => {
      finish = resolve;
    });
    for (const key of unique) this.tails.set(key, done);
    try {
      await Promise.all(ahead);
      return await work();
    } finally {
      finish();
      for (const key of unique) if (this.tails.get(key) === done) this.tails.delete(key);
    }
  }
}
