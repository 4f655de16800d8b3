import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** What the benchmark reads of a server process from /proc (Linux). */

const CLOCK_TICKS_PER_SECOND = 100;
/** stat's block count is in 512-byte units whatever the file system's block size. */
const BLOCK_BYTES = 512;

/** User plus system CPU time of a process, all its threads included, in seconds. */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name (field 2) may hold spaces; the fields after it are space-separated.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const userTicks = Number(fields[11]);
  const systemTicks = Number(fields[12]);
  return (userTicks + systemTicks) / CLOCK_TICKS_PER_SECOND;
}

/** Resident memory of a process, in bytes. */
export function rssBytes(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kilobytes = /VmRSS:\s+(\d+) kB/.exec(status)?.[1];
  return kilobytes === undefined ? 0 : Number(kilobytes) * 1024;
}

/** Disk space the files under a directory take: allocated blocks, not their sparse sizes. */
export function directoryBytes(directory: string): number {
  let total = 0;
  for (const name of readdirSync(directory)) {
    const path = join(directory, name);
    const stats = statSync(path);
    total += stats.isDirectory() ? directoryBytes(path) : stats.blocks * BLOCK_BYTES;
  }
  return total;
}
