import type { LoadResult } from './wrk.js';

/** The benchmark's results: a Markdown table, an SVG chart and a console summary. */

export interface Measurement extends LoadResult {
  readonly target: string;
  readonly workload: string;
  readonly label: string;
  readonly connections: number;
  readonly cpuSeconds: number;
  /** The workload this one repeats on a table with a stream: the two give a stream's cost. */
  readonly withoutStream?: string;
}

export interface TargetFacts {
  readonly target: string;
  readonly skipped?: string;
  /** Spawn → first successful ListTables, the median over several spawns. */
  readonly startupMs?: number;
  readonly rssAfterLoadBytes?: number;
  readonly diskBytesPerItem?: number;
  /** Workloads the server cannot run, and why (DynamoDB Streams' on a server without them). */
  readonly notRun?: { readonly workloads: readonly string[]; readonly reason: string };
}

export interface Results {
  readonly startedAt: string;
  readonly quick: boolean;
  readonly facts: readonly TargetFacts[];
  readonly measurements: readonly Measurement[];
}

/** The server Strata's ratios are given for, and the peers they compare with. */
const STRATA = 'Strata (LMDB)';
const PEERS = ['dynalite', 'DynamoDB Local'];

const opsPerSecond = (m: Measurement): number => m.requests / m.seconds;
const opsPerCpuSecond = (m: Measurement): number => (m.cpuSeconds > 0 ? m.requests / m.cpuSeconds : 0);

const round = (value: number): string => (value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2));

/** A run that mostly failed (a peer without the operation) is no basis for a ratio. */
const mostlyFailed = (m: Measurement): boolean => m.errors * 2 > m.requests;

/** The run of `workload` on `target` at m's concurrency. */
const runOf = (results: Results, target: string, workload: string, m: Measurement): Measurement | undefined =>
  results.measurements.find((other) => other.target === target && other.workload === workload && other.connections === m.connections);

/** m's ops per CPU-second over `base`'s, or why there is none; `mName` and `baseName` say which failed. */
function cpuRatio(m: Measurement, base: Measurement | undefined, mName: string, baseName: string): string {
  if (base === undefined || opsPerCpuSecond(base) === 0) return '';
  if (mostlyFailed(base)) return `${baseName} failed`;
  if (mostlyFailed(m)) return `${mName} failed`;
  return `${(opsPerCpuSecond(m) / opsPerCpuSecond(base)).toFixed(2)}×`;
}

function ratio(results: Results, m: Measurement, peer: string): string {
  const peerFacts = results.facts.find((fact) => fact.target === peer);
  if (peerFacts?.notRun?.workloads.includes(m.workload) === true) return 'peer: not run';
  return cpuRatio(m, runOf(results, peer, m.workload, m), 'Strata', 'peer');
}

/** A stream variant's ops per CPU-second over its stream-less twin's on the same server: what the stream costs. */
const streamRatio = (results: Results, m: Measurement): string =>
  m.withoutStream === undefined ? '' : cpuRatio(m, runOf(results, m.target, m.withoutStream, m), 'with stream', 'without');

const factNote = (fact: TargetFacts): string =>
  [fact.skipped, fact.notRun === undefined ? undefined : `${fact.notRun.reason}: ${fact.notRun.workloads.join(', ')} not run`]
    .filter((note) => note !== undefined)
    .join('; ');

export function markdown(results: Results): string {
  const lines = [
    `# Strata benchmark${results.quick ? ' (quick)' : ''}`,
    '',
    `Run ${results.startedAt} on ${process.platform}/${process.arch}, Node ${process.version}. wrk, one client thread; ops per server CPU-second is the figure to compare (the machine is shared and noisy). The GetRecords row counts stream records, not requests: the whole stream read from TRIM_HORIZON in pages of up to 1,000, its shards side by side (Conns); “with stream ÷ without” is a stream variant's ops per CPU-second over the same workload's on a table without a stream.`,
    '',
    '| Workload | Conns | Server | ops/s | p50 ms | p99 ms | p99.9 ms | errors | server CPU s | ops/CPU-s | with stream ÷ without | Strata (LMDB) ÷ dynalite | Strata (LMDB) ÷ DynamoDB Local |',
    '| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const m of results.measurements) {
    const ratios = m.target === STRATA ? PEERS.map((peer) => ratio(results, m, peer)) : ['', ''];
    lines.push(
      `| ${m.label} | ${m.connections} | ${m.target} | ${round(opsPerSecond(m))} | ${round(m.p50Ms)} | ${round(m.p99Ms)} | ${round(m.p999Ms)} | ${m.errors} | ${m.cpuSeconds.toFixed(2)} | ${round(opsPerCpuSecond(m))} | ${streamRatio(results, m)} | ${ratios.join(' | ')} |`,
    );
  }
  lines.push('', '| Server | startup to first ListTables (median) | RSS after loading | disk per item | note |', '| --- | ---: | ---: | ---: | --- |');
  for (const fact of results.facts) {
    const mb = (bytes: number | undefined): string => (bytes === undefined ? '' : `${(bytes / 1024 / 1024).toFixed(1)} MB`);
    lines.push(
      `| ${fact.target} | ${fact.startupMs === undefined ? '' : `${fact.startupMs.toFixed(0)} ms`} | ${mb(fact.rssAfterLoadBytes)} | ${fact.diskBytesPerItem === undefined ? '' : `${fact.diskBytesPerItem.toFixed(0)} B`} | ${factNote(fact)} |`,
    );
  }
  return lines.join('\n') + '\n';
}

const COLORS = ['#9e9e9e', '#1f77b4', '#6baed6', '#ff7f0e', '#2ca02c', '#d62728'];

/** Grouped bars of ops per server CPU-second, one group per workload, at the highest concurrency measured. */
export function svg(results: Results): string {
  const connections = Math.max(...results.measurements.map((m) => m.connections));
  const shown = results.measurements.filter((m) => m.connections === connections);
  const workloads = [...new Set(shown.map((m) => m.label))];
  const targets = [...new Set(shown.map((m) => m.target))];
  const maximum = Math.max(1, ...shown.map(opsPerCpuSecond));
  const barHeight = 12;
  const groupHeight = targets.length * barHeight + 14;
  const left = 150;
  const width = 760;
  const chartWidth = width - left - 80;
  const height = 40 + workloads.length * groupHeight + 20 + targets.length * 16;
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif" font-size="11">`,
    `<text x="10" y="20" font-size="14">Ops per server CPU-second, ${connections} connections${results.quick ? ' (quick run)' : ''}</text>`,
  ];
  workloads.forEach((workload, group) => {
    const top = 35 + group * groupHeight;
    parts.push(`<text x="10" y="${top + groupHeight / 2}">${workload}</text>`);
    targets.forEach((target, index) => {
      const m = shown.find((candidate) => candidate.label === workload && candidate.target === target);
      if (m === undefined) return;
      const value = opsPerCpuSecond(m);
      const y = top + index * barHeight;
      const barWidth = (value / maximum) * chartWidth;
      parts.push(`<rect x="${left}" y="${y}" width="${barWidth.toFixed(1)}" height="${barHeight - 2}" fill="${COLORS[index % COLORS.length]}"/>`);
      parts.push(`<text x="${left + barWidth + 4}" y="${y + barHeight - 3}">${round(value)}</text>`);
    });
  });
  const legendTop = 40 + workloads.length * groupHeight;
  targets.forEach((target, index) => {
    parts.push(`<rect x="${left}" y="${legendTop + index * 16}" width="10" height="10" fill="${COLORS[index % COLORS.length]}"/>`);
    parts.push(`<text x="${left + 16}" y="${legendTop + index * 16 + 9}">${target}</text>`);
  });
  parts.push('</svg>');
  return parts.join('\n') + '\n';
}

/**
 * For the console: one line per Strata measurement with its ratios, then what a
 * stream costs each server, then the workloads a server could not run.
 */
export function summary(results: Results): string {
  const strata = results.measurements
    .filter((m) => m.target === STRATA)
    .map(
      (m) =>
        `${m.label.padEnd(26)} c=${String(m.connections).padEnd(3)} ${round(opsPerSecond(m)).padStart(7)} ops/s ${round(opsPerCpuSecond(m)).padStart(7)} ops/CPU-s  ${PEERS.map((peer) => `vs ${peer} ${ratio(results, m, peer) || 'n/a'}`).join('  ')}`,
    );
  const streamCosts = results.measurements
    .filter((m) => m.withoutStream !== undefined)
    .map((m) => `${m.target.padEnd(28)} ${m.label.padEnd(26)} c=${String(m.connections).padEnd(3)} ${streamRatio(results, m) || 'n/a'}`);
  const notRun = results.facts.filter((fact) => fact.notRun !== undefined).map((fact) => `${fact.target}: ${factNote(fact)}`);
  return [strata, streamCosts.length === 0 ? [] : ['With a stream ÷ without, ops per server CPU-second:', ...streamCosts], notRun]
    .filter((section) => section.length > 0)
    .map((section) => section.join('\n'))
    .join('\n\n');
}
