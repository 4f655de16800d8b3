import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** What the benchmark reads of a server process from /proc (Linux). */

const CLOCK_TICKS_PER_SECOND = 100;
/** stat's block count is in 512-byte units whatever the file system's block size. */
const BLOCK_BYTES = 512;

/** The fields of /proc/PID/stat after the command name (field 2, which may hold spaces). */
function statFields(pid: number): string[] {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
}

/** User plus system CPU time of a process, all its threads included, in seconds. */
export function cpuSeconds(pid: number): number {
  const fields = statFields(pid);
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
}

/**
 * CPU seconds of a process and every process descended from it, those that ended
 * included: a PostgreSQL server is a postmaster with one backend per connection, and
 * backends come and go as client pools open and close connections. A living process
 * counts its own time plus that of its children that ended and that it reaped (the
 * postmaster reaps its backends), so summing that over the living tree misses nothing.
 */
export function treeCpuSeconds(rootPid: number): number {
  const childrenByParent = new Map<number, number[]>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const parent = Number(statFields(Number(name))[1]);
      childrenByParent.set(parent, [...(childrenByParent.get(parent) ?? []), Number(name)]);
    } catch {
      // The process ended while the tree was read.
    }
  }
  let totalTicks = 0;
  const pending = [rootPid];
  for (let pid = pending.pop(); pid !== undefined; pid = pending.pop()) {
    let fields: string[];
    try {
      fields = statFields(pid);
    } catch {
      continue;
    }
    // utime, stime, then cutime and cstime: the reaped children's.
    totalTicks += Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]);
    pending.push(...(childrenByParent.get(pid) ?? []));
  }
  return totalTicks / CLOCK_TICKS_PER_SECOND;
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
