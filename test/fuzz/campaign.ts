import { setTimeout as delay } from 'node:timers/promises';
import { readAnswer } from './answer-bodies.js';
import type { Answer } from './answers.js';
import { tableItem } from './attribute-values.js';
import { causeOf, Findings } from './findings.js';
import { FIXTURE_TABLES, TTL_TABLE } from './fixtures.js';
import type { FuzzServer } from './fuzz-server.js';
import { encodeJson, type JsonObject } from './json-text.js';
import { JsonSender } from './json-sender.js';
import { minimizedBody } from './minimize.js';
import { ObservedValues } from './observed-values.js';
import { plannedRequest, type PlannedRequest } from './planned-requests.js';
import { Random } from './random.js';
import { exchangeRaw } from './raw-exchange.js';
import type { FuzzedService, FuzzedServices } from './services.js';
import { Tally } from './tally.js';

/**
 * One fuzzing campaign against one server: create the fixture tables, then send
 * generated requests of both services from `concurrency` workers until the sending
 * budget is spent (or the server dies), counting every answer and learning from the
 * successes the values later requests take (observed-values.ts); then minimize the
 * first request of each 5xx cause. What it found is the caller's to judge and report.
 */
export interface CampaignOptions {
  readonly seed: number;
  /** The budget of the sending loop; fixtures before and minimization after come on top. */
  readonly sendingMs: number;
  readonly concurrency: number;
  /** How long a well-formed request may wait for its answer before it counts as unanswered. */
  readonly answerTimeoutMs: number;
  /** How long a malformed one is given an answer before its connection is dropped (no answer is allowed). */
  readonly malformedWaitMs: number;
  /** The budget for minimizing every 5xx found. */
  readonly minimizingMs: number;
  readonly progress: (line: string) => void;
}

export interface CampaignResult {
  readonly seed: number;
  readonly sentForMs: number;
  readonly tally: Tally;
  readonly findings: Findings;
}

/** Attempts at shrinking one request: each is one request to the server. */
const MINIMIZE_ATTEMPTS_MAX = 300;
const PROGRESS_INTERVAL_MS = 10_000;
/** Answers the fixture setup accepts besides success: the tables or TTL are there from an earlier campaign on the endpoint. */
const SETUP_TOLERATED_ERRORS: ReadonlySet<string> = new Set(['ResourceInUseException', 'ValidationException']);
/** Items written to each fixture table before fuzzing, so reads find some. */
const FIXTURE_ITEMS_PER_TABLE = 20;
/** After a refused connection, how long the server's death is waited for, to report it with its last output. */
const DEATH_NOTICE_WAIT_MS = 2_000;

/** Creates the fixture tables and turns on TTL, which the campaign cannot do without. */
async function createFixtureTables(sender: JsonSender, dynamoDB: FuzzedService): Promise<void> {
  const requests: Array<readonly [string, JsonObject]> = [
    ...FIXTURE_TABLES.map((table) => ['CreateTable', table.createRequest] as const),
    ['UpdateTimeToLive', { TableName: TTL_TABLE.name, TimeToLiveSpecification: { Enabled: true, AttributeName: TTL_TABLE.attributeName } }],
  ];
  for (const [operation, body] of requests) {
    const outcome = await sender.send(dynamoDB, operation, encodeJson(body));
    if (outcome.kind === 'unanswered') throw new Error(`setting up the fixtures, ${operation} got no answer: ${outcome.reason}`);
    const { answer } = outcome;
    const tolerated = answer.status === 200 || (answer.errorType !== undefined && SETUP_TOLERATED_ERRORS.has(answer.errorType));
    if (!tolerated)
      throw new Error(`setting up the fixtures, ${operation} ${encodeJson(body)} was answered ${answer.status} ${answer.errorType}: ${answer.message}`);
  }
}

/**
 * The items written before fuzzing, as requests of the campaign (numbered below zero):
 * generated like any other, some are refused, and what they get is counted and judged
 * as every answer is.
 */
function fixtureItemRequests(seed: number, dynamoDB: FuzzedService): PlannedRequest[] {
  const random = new Random(seed);
  return FIXTURE_TABLES.flatMap((table) =>
    Array.from({ length: FIXTURE_ITEMS_PER_TABLE }, () => ({ TableName: table.name, Item: tableItem(random, table) })),
  ).map((body, at) => ({ kind: 'valid', index: -1 - at, service: dynamoDB, operation: 'PutItem', body }));
}

export async function runCampaign(server: FuzzServer, services: FuzzedServices, options: CampaignOptions): Promise<CampaignResult> {
  const tally = new Tally();
  const findings = new Findings();
  const observed = new ObservedValues();
  const sender = new JsonSender(server.endpoint, options.concurrency, options.answerTimeoutMs);
  const host = new URL(server.endpoint).host;
  void server.death.then((reason) => {
    findings.died ??= reason;
  });

  /** Learns from a success to a JSON request, whose answer is surely its operation's (a framing case may have changed the target). */
  const learnFrom = (answer: Answer, request: PlannedRequest): void => {
    const { model } = request.service;
    if (request.kind === 'framing' || answer.status !== 200 || !observed.learnsFrom(model, request.operation)) return;
    const read = readAnswer(model, request.operation, answer.body);
    if ('problem' in read) findings.addMalformedAnswer(read.problem, request);
    else observed.learn(read.sites);
  };

  const recordAnswer = async (answer: Answer, request: PlannedRequest): Promise<void> => {
    tally.countAnswer(answer, request);
    learnFrom(answer, request);
    if (answer.status < 500) return;
    const stack = answer.requestId === undefined ? undefined : await server.stackFor(answer.requestId);
    findings.addServerError(causeOf(answer, stack), stack ?? `${answer.status} ${answer.errorType}: ${answer.message}`, request);
  };

  const noticeRefusal = async (): Promise<void> => {
    const reason = await Promise.race([server.death, delay(DEATH_NOTICE_WAIT_MS, `${server.endpoint} refused a connection`)]);
    findings.died ??= reason;
  };

  const execute = async (request: PlannedRequest): Promise<void> => {
    if (request.kind !== 'framing') {
      const outcome = await sender.send(request.service, request.operation, encodeJson(request.body));
      if (outcome.kind === 'answered') return recordAnswer(outcome.answer, request);
      if (outcome.connectionRefused) return noticeRefusal();
      return findings.addUnanswered(outcome.reason, request);
    }
    const { exchange, wellFormed } = request.framing;
    const result = await exchangeRaw(server.endpoint, exchange, wellFormed ? options.answerTimeoutMs : options.malformedWaitMs);
    for (const answer of result.answers) await recordAnswer(answer, request);
    if (result.connectionRefused) return noticeRefusal();
    if (result.stoppedEarly === undefined) return;
    if (wellFormed) findings.addUnanswered(result.stoppedEarly, request);
    else tally.countDropped(result.stoppedEarly);
  };

  try {
    await createFixtureTables(sender, services.dynamoDB);
    for (const request of fixtureItemRequests(options.seed, services.dynamoDB)) {
      tally.countRequest(request);
      await execute(request);
    }
    const startedAt = performance.now();
    const deadline = startedAt + options.sendingMs;
    let nextIndex = 0;
    const progress = setInterval(
      () =>
        options.progress(`${tally.requests} requests in ${((performance.now() - startedAt) / 1000).toFixed(0)} s, ${findings.serverErrors.size} 5xx causes`),
      PROGRESS_INTERVAL_MS,
    );
    const worker = async (): Promise<void> => {
      while (findings.died === undefined && performance.now() < deadline) {
        const request = plannedRequest(services, observed, options.seed, nextIndex++, host);
        tally.countRequest(request);
        await execute(request);
      }
    };
    await Promise.all(Array.from({ length: options.concurrency }, worker)).finally(() => clearInterval(progress));
    const sentForMs = performance.now() - startedAt;
    if (findings.died === undefined) await minimizeServerErrors(server, sender, findings, options);
    return { seed: options.seed, sentForMs, tally, findings };
  } finally {
    sender.close();
  }
}

/** Shrinks the first JSON request of each 5xx cause and operation to a body that still gets a 5xx of that cause. */
async function minimizeServerErrors(server: FuzzServer, sender: JsonSender, findings: Findings, options: CampaignOptions): Promise<void> {
  const deadlineMs = performance.now() + options.minimizingMs;
  for (const group of findings.serverErrors.values()) {
    for (const sample of group.samples.values()) {
      const { request } = sample;
      if (request.kind === 'framing' || findings.died !== undefined) continue;
      const reproduces = async (bodyText: string): Promise<boolean> => {
        const outcome = await sender.send(request.service, request.operation, bodyText);
        if (outcome.kind !== 'answered' || outcome.answer.status < 500) return false;
        const { answer } = outcome;
        return causeOf(answer, answer.requestId === undefined ? undefined : await server.stackFor(answer.requestId)) === group.cause;
      };
      // A 5xx that needed the server's state at the time (or a race) is reported as it was sent.
      sample.reproducedAlone = await reproduces(encodeJson(request.body));
      if (!sample.reproducedAlone) continue;
      sample.minimalBody = encodeJson(await minimizedBody(request.body, reproduces, { attemptsMax: MINIMIZE_ATTEMPTS_MAX, deadlineMs }));
    }
  }
}
