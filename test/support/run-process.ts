import { spawn, spawnSync } from 'node:child_process';

export interface ProcessResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs a command to completion without blocking the event loop: tests that drive an
 * in-process server with an outside client (python3, aws) need the server to keep
 * answering while the client runs.
 */
export function runProcess(command: string, args: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<ProcessResult> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', (error) => resolve({ status: null, stdout, stderr: stderr + String(error) }));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

/** Why a test that needs `command` must skip: undefined when `command args` succeeds here. */
export function skipUnlessRuns(command: string, args: readonly string[], reason: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const probe = spawnSync(command, args, { encoding: 'utf8', env });
  return probe.error === undefined && probe.status === 0 ? undefined : reason;
}
