import { setTimeout as sleep } from 'node:timers/promises';
import { DYNAMODB_TARGET, SIGNED_HEADERS } from './signing.js';
import type { RunningTarget, Target } from './targets.js';

/**
 * Startup as a client sees it: from spawn to the first successful DynamoDB request.
 * `startServerProcess` stops waiting at the first HTTP answer of any kind, which a
 * server could give (a health check, an error while its storage opens) long before it
 * can serve; so each start is followed by ListTables until one succeeds, and the
 * figure is the median over several spawns, the machine being shared and noisy.
 */

const LIST_TABLES_HEADERS = { ...SIGNED_HEADERS, 'X-Amz-Target': `${DYNAMODB_TARGET}.ListTables` };
const PROBE_TIMEOUT_MS = 1_000;
const POLL_INTERVAL_MS = 2;
const READY_TIMEOUT_MS = 30_000;

/** True when ListTables answers 200 with a list of table names. */
async function answersListTables(endpoint: string): Promise<boolean> {
  try {
    const response = await fetch(endpoint, { method: 'POST', headers: LIST_TABLES_HEADERS, body: '{}', signal: AbortSignal.timeout(PROBE_TIMEOUT_MS) });
    if (response.status !== 200) return false;
    const body = (await response.json()) as { TableNames?: unknown };
    return Array.isArray(body.TableNames);
  } catch {
    return false;
  }
}

/** Milliseconds from now until ListTables first succeeds. */
async function msUntilListTables(server: RunningTarget, targetName: string): Promise<number> {
  const startedAt = performance.now();
  while (!(await answersListTables(server.endpoint))) {
    if (performance.now() - startedAt > READY_TIMEOUT_MS) {
      throw new Error(`${targetName} answers HTTP but no ListTables within ${READY_TIMEOUT_MS} ms; output:\n${server.output()}`);
    }
    await sleep(POLL_INTERVAL_MS);
  }
  return performance.now() - startedAt;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

export interface MeasuredStart {
  /** The last of the starts, left running for the workloads. */
  readonly server: RunningTarget;
  /** Median over the starts of spawn → first successful ListTables. */
  readonly startupMs: number;
  readonly startupSamplesMs: readonly number[];
}

/** Starts `target` `samples` times (at least once), timing each to its first ListTables; stops all but the last. */
export async function startMeasured(target: Target, samples: number): Promise<MeasuredStart> {
  const startupSamplesMs: number[] = [];
  for (;;) {
    const server = await target.start();
    try {
      // server.startupMs ends at the first HTTP answer, the moment the ListTables polling begins.
      startupSamplesMs.push(server.startupMs + (await msUntilListTables(server, target.name)));
    } catch (error) {
      await server.stop();
      throw error;
    }
    if (startupSamplesMs.length >= samples) return { server, startupMs: median(startupSamplesMs), startupSamplesMs };
    await server.stop();
  }
}
