/** Shared pieces of the concurrency tests, which drive a server with many clients at once. */

/** A whole number in [0, bound), uniformly. */
export function randomInt(bound: number): number {
  return Math.floor(Math.random() * bound);
}

/**
 * Runs `step` for every worker, over and over, until `runMs` have passed. The first
 * failure stops every worker and is thrown once all have stopped, so the test reports
 * it without running on, and tears nothing down under a request still in flight.
 */
export async function repeatUntilDeadline<Worker>(workers: readonly Worker[], runMs: number, step: (worker: Worker) => Promise<void>): Promise<void> {
  const deadline = performance.now() + runMs;
  let firstFailure: { error: unknown } | undefined;
  await Promise.all(
    workers.map(async (worker) => {
      try {
        while (firstFailure === undefined && performance.now() < deadline) await step(worker);
      } catch (error) {
        firstFailure ??= { error };
      }
    }),
  );
  if (firstFailure !== undefined) throw firstFailure.error;
}
