import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { cpuSeconds, directoryBytes, rssBytes } from './proc.js';
import { markdown, summary, svg, type Measurement, type Results, type TargetFacts } from './report.js';
import { startMeasured, type MeasuredStart } from './startup.js';
import { benchTargets, type RunningTarget, type Target } from './targets.js';
import {
  BARE_WORKLOAD,
  FULL_SCALE,
  prepare,
  prepareStreamed,
  probePartiql,
  QUICK_SCALE,
  WORKLOADS,
  type ClientWorkload,
  type Scale,
  type Workload,
  type WrkWorkload,
} from './workloads.js';
import { runWrkSpread, wrkSkipReason, type LoadResult } from './wrk.js';

/**
 * `npm run bench`: every server available on this machine, one after the other, the
 * same data and workloads for each; results in bench/results/. The options are in
 * USAGE, which `--help` prints.
 */
const USAGE = `npm run bench -- [options]

  --quick             a short check: fewer items, 1 s runs, 32 connections only;
                      written as bench/results/quick.*
  --only NAMES        servers whose names contain one of NAMES (comma-separated,
                      any case), e.g. --only "strata (lmdb),dynalite,dynamodb local"
  --workloads NAMES   only these workloads (comma-separated) of:
                      ${WORKLOADS.map((workload) => workload.name).join(', ')}
                      (the -stream ones are put and update on tables with a
                      NEW_AND_OLD_IMAGES stream; getrecords reads a whole stream;
                      select-key and update-partiql are get and update as PartiQL
                      statements);
                      written as quick results, a partial run
  --baseline DIR      adds the servers of another built checkout (an earlier
                      commit) to compare with
  --startup           startup only (spawn to first successful ListTables, the
                      median of several spawns), printed; no results written
  --help              this text
`;

interface Plan {
  readonly scale: Scale;
  readonly warmupSeconds: number;
  readonly measureSeconds: number;
  readonly connections: readonly number[];
  /** Spawns whose startup times are taken; the median is reported. */
  readonly startupSamples: number;
}

const FULL_PLAN: Plan = { scale: FULL_SCALE, warmupSeconds: 2, measureSeconds: 10, connections: [32, 1], startupSamples: 7 };
const QUICK_PLAN: Plan = { scale: QUICK_SCALE, warmupSeconds: 1, measureSeconds: 1, connections: [32], startupSamples: 3 };
/** `--startup` has nothing else to spend its time on, so it takes more samples. */
const STARTUP_ONLY_SAMPLES = 9;

const serverCpuSeconds = (server: RunningTarget): number => server.cpuSeconds?.() ?? cpuSeconds(server.pid);

function measurement(target: Target, workload: Workload, result: LoadResult, connections: number, cpuUsedSeconds: number): Measurement {
  return {
    ...result,
    cpuSeconds: cpuUsedSeconds,
    target: target.name,
    workload: workload.name,
    label: workload.label,
    connections,
    ...(workload.withoutStream === undefined ? {} : { withoutStream: workload.withoutStream }),
  };
}

async function measureWrk(server: RunningTarget, target: Target, workload: WrkWorkload, connections: number, plan: Plan): Promise<Measurement> {
  const lua = workload.lua(plan.scale);
  const endpoints = server.endpoints ?? [server.endpoint];
  await runWrkSpread(endpoints, lua, connections, plan.warmupSeconds);
  const cpuBefore = serverCpuSeconds(server);
  const result = await runWrkSpread(endpoints, lua, connections, plan.measureSeconds);
  return measurement(target, workload, result, connections, serverCpuSeconds(server) - cpuBefore);
}

/** A client workload's pass runs twice, the first to warm up (a JVM's JIT above all), as wrk's warm-up does. */
async function measureClient(server: RunningTarget, target: Target, workload: ClientWorkload, plan: Plan): Promise<Measurement> {
  const loadStartedMs = performance.now();
  const pass = await workload.load(server.endpoint, plan.scale);
  console.log(`${target.name}: ${workload.name} loaded in ${((performance.now() - loadStartedMs) / 1000).toFixed(1)} s`);
  await pass();
  const cpuBefore = serverCpuSeconds(server);
  const result = await pass();
  return measurement(target, workload, result, result.connections, serverCpuSeconds(server) - cpuBefore);
}

/** wrk workloads at each concurrency of the plan; a client workload once, at its own. */
async function runWorkloads(server: RunningTarget, target: Target, workloads: readonly Workload[], plan: Plan, measurements: Measurement[]): Promise<void> {
  const record = (m: Measurement): void => {
    measurements.push(m);
    console.log(
      `${target.name.padEnd(16)} ${m.label.padEnd(26)} c=${String(m.connections).padEnd(3)} ${(m.requests / m.seconds).toFixed(0).padStart(7)} ops/s  ${(m.requests / Math.max(m.cpuSeconds, 0.01)).toFixed(0).padStart(7)} ops/CPU-s  errors ${m.errors}`,
    );
  };
  for (const workload of workloads) {
    if ('lua' in workload) for (const connections of plan.connections) record(await measureWrk(server, target, workload, connections, plan));
    else record(await measureClient(server, target, workload, plan));
  }
}

/** Starts a DynamoDB server `samples` times, logging its startup; the last start is left running. */
async function startTimed(target: Target, samples: number): Promise<MeasuredStart> {
  const started = await startMeasured(target, samples);
  console.log(
    `${target.name}: startup ${started.startupMs.toFixed(0)} ms (median; each spawn ${started.startupSamplesMs.map((ms) => ms.toFixed(0)).join(' ')})`,
  );
  return started;
}

async function benchTarget(target: Target, plan: Plan, workloads: readonly Workload[], measurements: Measurement[]): Promise<TargetFacts> {
  const skipped = target.skipReason();
  if (skipped !== undefined) return { target: target.name, skipped };
  // The ceiling is not a DynamoDB server: it has no ListTables to time its startup by.
  if (target.ceiling === true) {
    const server = await target.start();
    try {
      await runWorkloads(server, target, [BARE_WORKLOAD], plan, measurements);
      return { target: target.name };
    } finally {
      await server.stop();
    }
  }
  const { server, startupMs } = await startTimed(target, plan.startupSamples);
  try {
    const loadStarted = performance.now();
    await prepare(server.endpoint, plan.scale);
    const itemsLoaded = plan.scale.items + plan.scale.queryPartitions * 20;
    console.log(`${target.name}: loaded ${itemsLoaded} items in ${((performance.now() - loadStarted) / 1000).toFixed(1)} s`);
    const rssAfterLoadBytes = rssBytes(server.pid);
    const diskBytes = server.dataDirectory === undefined ? undefined : directoryBytes(server.dataDirectory);
    const { noStreams } = await prepareStreamed(server.endpoint);
    const noPartiql = await probePartiql(server.endpoint);
    // A server without streams or PartiQL runs the rest, and the report says which it could not.
    const missing = [
      { reason: noStreams, workloads: workloads.filter((workload) => workload.needsStreams === true) },
      { reason: noPartiql, workloads: workloads.filter((workload) => workload.needsPartiql === true) },
    ].filter((gap) => gap.reason !== undefined && gap.workloads.length > 0);
    const notRun =
      missing.length === 0
        ? undefined
        : { workloads: missing.flatMap((gap) => gap.workloads.map((workload) => workload.name)), reason: missing.map((gap) => gap.reason).join('; ') };
    if (notRun !== undefined) console.log(`${target.name}: ${notRun.reason}: ${notRun.workloads.join(', ')} not run`);
    const facts: TargetFacts = {
      target: target.name,
      startupMs,
      rssAfterLoadBytes,
      ...(diskBytes === undefined ? {} : { diskBytesPerItem: diskBytes / itemsLoaded }),
      ...(notRun === undefined ? {} : { notRun }),
    };
    const runnable = workloads.filter((workload) => notRun?.workloads.includes(workload.name) !== true);
    await runWorkloads(server, target, runnable, plan, measurements);
    return facts;
  } finally {
    await server.stop();
  }
}

/** `--startup`: startup times only, printed; no workloads, so wrk is not needed. */
async function benchStartupOnly(targets: readonly Target[]): Promise<void> {
  for (const target of targets) {
    const skipped = target.skipReason();
    if (target.ceiling === true || skipped !== undefined) continue;
    const { server } = await startTimed(target, STARTUP_ONLY_SAMPLES);
    await server.stop();
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      quick: { type: 'boolean', default: false },
      startup: { type: 'boolean', default: false },
      only: { type: 'string' },
      baseline: { type: 'string' },
      workloads: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help === true) {
    console.log(USAGE);
    return;
  }
  const only = values.only?.split(',').map((name) => name.trim().toLowerCase());
  const targets = benchTargets(values.baseline).filter((target) => only === undefined || only.some((name) => target.name.toLowerCase().includes(name)));
  if (values.startup === true) return benchStartupOnly(targets);
  const workloadNames = values.workloads?.split(',').map((name) => name.trim().toLowerCase());
  const workloads = WORKLOADS.filter((workload) => workloadNames === undefined || workloadNames.includes(workload.name));
  if (workloads.length === 0) throw new Error(`--workloads names none of: ${WORKLOADS.map((workload) => workload.name).join(', ')}`);
  const wrkMissing = wrkSkipReason();
  if (wrkMissing !== undefined) throw new Error(wrkMissing);
  const plan = values.quick === true ? QUICK_PLAN : FULL_PLAN;
  const measurements: Measurement[] = [];
  const facts: TargetFacts[] = [];
  const startedAt = new Date().toISOString();
  for (const target of targets) facts.push(await benchTarget(target, plan, workloads, measurements));
  // A run of some workloads only is not a full run: it must not replace the committed results.
  const partial = values.quick === true || workloadNames !== undefined;
  const results: Results = { startedAt, quick: partial, facts, measurements };
  const directory = fileURLToPath(new URL('results/', import.meta.url));
  mkdirSync(directory, { recursive: true });
  const name = partial ? 'quick' : 'results';
  writeFileSync(`${directory}${name}.md`, markdown(results));
  writeFileSync(`${directory}${name}.svg`, svg(results));
  writeFileSync(`${directory}${name}.json`, JSON.stringify(results, null, 2) + '\n');
  console.log(`\n${summary(results)}\n\nWritten: bench/results/${name}.md, ${name}.svg, ${name}.json`);
}

await main();
