import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CampaignResult } from './campaign.js';
import type { ReasonedSample, Sample } from './findings.js';
import type { FuzzServer } from './fuzz-server.js';
import { encodeJson } from './json-text.js';

/**
 * A campaign's results as a JSON report (report.json in the report directory, with
 * the bodies too long to show inline in files beside it) and as a summary for the
 * console: the counts, then every finding with the request that shows it.
 */
export interface ReportedRequest {
  readonly service: string;
  readonly operation: string;
  readonly kind: string;
  /**
   * With the campaign's seed, generates the request again (plannedRequest); one that
   * took values from earlier answers (a Streams request's ARN) comes out the same only
   * after the same answers, and `body` is the request as it was sent.
   */
  readonly requestIndex: number;
  readonly framing?: string;
  readonly count: number;
  readonly reproducedAlone?: boolean;
  readonly minimized: boolean;
  /** The body (for a framing case, the bytes as sent, as latin1 text), cut short when long. */
  readonly body: string;
  readonly bodyBytes: number;
  /** The whole body, when `body` is cut short. */
  readonly bodyFile?: string;
}

export interface CampaignReport {
  readonly target: string;
  readonly seed: number;
  readonly sendingSeconds: number;
  readonly requests: number;
  readonly requestsByKind: Readonly<Record<string, number>>;
  readonly requestsByService: Readonly<Record<string, number>>;
  readonly requestsByOperation: Readonly<Record<string, number>>;
  /** By status and error type, the most frequent first. */
  readonly answers: Readonly<Record<string, number>>;
  /** The answers to JSON requests (framing cases left out, for they may have named another operation), by operation. */
  readonly answersByOperation: Readonly<Record<string, Readonly<Record<string, number>>>>;
  readonly malformedDropped: Readonly<Record<string, number>>;
  readonly serverErrors: ReadonlyArray<{
    readonly cause: string;
    readonly count: number;
    readonly detail: string;
    readonly requests: readonly ReportedRequest[];
  }>;
  readonly unanswered: readonly ReasonedRequest[];
  readonly malformedAnswers: readonly ReasonedRequest[];
  readonly serverDied: string | null;
  readonly serverLogErrors: readonly string[];
}

export interface ReasonedRequest {
  readonly reason: string;
  readonly request: ReportedRequest;
}

/** Bodies up to this long are shown whole; longer ones by their two ends, and written to a file. */
const BODY_CHARS_SHOWN_MAX = 2_000;
const BODY_END_CHARS_SHOWN = 300;

function byCount(counts: ReadonlyMap<string, number>): Record<string, number> {
  return Object.fromEntries([...counts].sort(([, left], [, right]) => right - left));
}

class BodyFiles {
  private written = 0;

  constructor(private readonly directory: string) {}

  /** `text` as shown in the report, with the file holding all of it when it is too long to show. */
  shown(text: string, extension: string): { body: string; bodyFile?: string } {
    if (text.length <= BODY_CHARS_SHOWN_MAX) return { body: text };
    const bodyFile = join(this.directory, `body-${++this.written}.${extension}`);
    writeFileSync(bodyFile, text);
    return { body: `${text.slice(0, BODY_END_CHARS_SHOWN)} … ${text.slice(-BODY_END_CHARS_SHOWN)}`, bodyFile };
  }
}

function reportedRequest(sample: Sample, bodyFiles: BodyFiles): ReportedRequest {
  const { request } = sample;
  const common = {
    service: request.service.name,
    operation: request.operation,
    kind: request.kind,
    requestIndex: request.index,
    count: sample.count,
    minimized: sample.minimalBody !== undefined,
  };
  const reproduced = sample.reproducedAlone === undefined ? {} : { reproducedAlone: sample.reproducedAlone };
  if (request.kind === 'framing') {
    const { bytes } = request.framing.exchange;
    return { ...common, ...reproduced, framing: request.framing.name, bodyBytes: bytes.length, ...bodyFiles.shown(bytes.toString('latin1'), 'http') };
  }
  const text = sample.minimalBody ?? encodeJson(request.body);
  return { ...common, ...reproduced, bodyBytes: Buffer.byteLength(text), ...bodyFiles.shown(text, 'json') };
}

function reasonedRequests(samples: ReadonlyMap<string, ReasonedSample>, bodyFiles: BodyFiles): ReasonedRequest[] {
  return [...samples.values()].map((sample) => ({ reason: sample.reason, request: reportedRequest(sample, bodyFiles) }));
}

/** The report of `result`, written to `directory`/report.json. */
export function writeCampaignReport(result: CampaignResult, server: FuzzServer, directory: string): CampaignReport {
  mkdirSync(directory, { recursive: true });
  const bodyFiles = new BodyFiles(directory);
  const { tally, findings } = result;
  const report: CampaignReport = {
    target: server.description,
    seed: result.seed,
    sendingSeconds: Math.round(result.sentForMs / 100) / 10,
    requests: tally.requests,
    requestsByKind: byCount(tally.requestsByKind),
    requestsByService: byCount(tally.requestsByService),
    requestsByOperation: byCount(tally.requestsByOperation),
    answers: byCount(tally.answersByLabel()),
    answersByOperation: Object.fromEntries([...tally.answersByOperation].map(([operation, answers]) => [operation, byCount(answers)])),
    malformedDropped: byCount(tally.droppedByReason),
    serverErrors: [...findings.serverErrors.values()].map((group) => {
      const samples = [...group.samples.values()];
      return {
        cause: group.cause,
        count: samples.reduce((sum, sample) => sum + sample.count, 0),
        detail: group.detail,
        requests: samples.map((sample) => reportedRequest(sample, bodyFiles)),
      };
    }),
    unanswered: reasonedRequests(findings.unanswered, bodyFiles),
    malformedAnswers: reasonedRequests(findings.malformedAnswers, bodyFiles),
    serverDied: findings.died ?? null,
    serverLogErrors: server.unattributedErrors(),
  };
  writeFileSync(join(directory, 'report.json'), `${JSON.stringify(report, null, 2)}\n`);
  return report;
}

function countLines(counts: Readonly<Record<string, number>>): string[] {
  return Object.entries(counts).map(([label, count]) => `  ${String(count).padStart(8)}  ${label}`);
}

/** The report for the console: counts first, then each finding with its smallest request. */
export function reportSummary(report: CampaignReport, directory: string): string {
  const lines = [
    `fuzzed ${report.target} with seed ${report.seed}: ${report.requests} requests in ${report.sendingSeconds} s (${Math.round(report.requests / Math.max(report.sendingSeconds, 0.1))}/s)`,
    'requests by kind:',
    ...countLines(report.requestsByKind),
    'requests by service:',
    ...countLines(report.requestsByService),
    'requests by operation:',
    ...Object.entries(report.requestsByOperation).map(
      ([operation, count]) => `  ${String(count).padStart(8)}  ${operation}, ${report.answersByOperation[operation]?.['200'] ?? 0} answered 200`,
    ),
    'answers by status and error type:',
    ...countLines(report.answers),
  ];
  if (Object.keys(report.malformedDropped).length > 0) lines.push('malformed requests not answered (allowed):', ...countLines(report.malformedDropped));
  for (const group of report.serverErrors) {
    lines.push(
      `5xx ×${group.count}: ${group.cause}`,
      ...group.detail
        .split('\n')
        .slice(0, 8)
        .map((line) => `    ${line}`),
    );
    for (const request of group.requests) {
      const origin = request.framing === undefined ? request.operation : `${request.operation}, ${request.framing}`;
      const state = request.reproducedAlone === false ? 'not reproduced alone' : request.minimized ? 'minimized' : 'as sent';
      lines.push(
        `  ${origin} ×${request.count} (request ${request.requestIndex}, ${state}): ${request.body}${request.bodyFile === undefined ? '' : ` [${request.bodyFile}]`}`,
      );
    }
  }
  for (const { reason, request } of report.unanswered) {
    lines.push(`unanswered ×${request.count}: ${request.framing ?? request.operation}: ${reason} (request ${request.requestIndex}): ${request.body}`);
  }
  for (const { reason, request } of report.malformedAnswers) {
    lines.push(`malformed answer ×${request.count}: ${request.operation}: ${reason} (request ${request.requestIndex}): ${request.body}`);
  }
  if (report.serverDied !== null) lines.push(report.serverDied);
  if (report.serverLogErrors.length > 0) lines.push('errors the server logged outside any answer:', ...report.serverLogErrors.map((line) => `  ${line}`));
  lines.push(`report: ${join(directory, 'report.json')}`);
  return lines.join('\n');
}

/** One line per failure, for an assertion's message; none when the campaign found nothing. */
export function failureLines(report: CampaignReport): string[] {
  return [
    ...report.serverErrors.map((group) => `5xx ×${group.count} (${group.requests.map((request) => request.operation).join(', ')}): ${group.cause}`),
    ...report.unanswered.map(({ reason, request }) => `unanswered ×${request.count}: ${request.framing ?? request.operation}: ${reason}`),
    ...report.malformedAnswers.map(({ reason, request }) => `malformed answer ×${request.count}: ${request.operation}: ${reason}`),
    ...(report.serverDied === null ? [] : [report.serverDied]),
  ];
}
