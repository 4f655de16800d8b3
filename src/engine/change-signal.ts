/**
 * Tells this process's listeners that something was committed, so that they look at
 * once instead of at their next poll: local triggers wake when a stream record is
 * written. Writes by other nodes sharing the store are not signalled; listeners
 * still poll for those.
 */
export class ChangeSignal {
  private readonly listeners = new Set<() => void>();

  /** Calls `listener` after each signalled commit, until the returned function is called. */
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  notify(): void {
    for (const listener of this.listeners) listener();
  }
}
