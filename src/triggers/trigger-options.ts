import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { StreamEvent } from './lambda-event.js';

/** What a handler gets besides the event: the parts of Lambda's context a local trigger can give. */
export interface TriggerContext {
  /** The trigger's name. */
  readonly functionName: string;
  /** Unique per invocation: a retried batch gets a new one, as on Lambda. */
  readonly awsRequestId: string;
}

/**
 * A trigger's function, written as for AWS Lambda: it may return nothing (the batch
 * succeeded), throw or reject (the batch failed), or report the records that failed
 * as Lambda's partial batch response, `{ batchItemFailures: [{ itemIdentifier:
 * SequenceNumber }] }`, to have only those and the records after them retried.
 */
export type TriggerHandler = (event: StreamEvent, context: TriggerContext) => unknown;

export type StartingPosition = 'TRIM_HORIZON' | 'LATEST';

/**
 * A local trigger: a handler invoked with the records of a table's stream, as an
 * AWS Lambda event source mapping invokes a function. The settings have the names
 * and ranges of CreateEventSourceMapping's.
 */
export interface TriggerOptions {
  /** The table whose stream feeds the handler: a table of that name in any namespace, and each new stream it gets. */
  readonly tableName: string;
  /** The function, or the path of a module (.js or .mjs) that exports it as `handler` or as its default. */
  readonly handler: TriggerHandler | string;
  /** Names the trigger's checkpoint: the module path, or the function's name, unless given. */
  readonly name?: string;
  /** Most records in one batch: 1 to 10,000, default 100. */
  readonly batchSize?: number;
  /** How long to gather records before invoking with fewer than batchSize: 0 to 300 seconds, default 0. */
  readonly maximumBatchingWindowInSeconds?: number;
  /** Where a trigger without a checkpoint starts: the oldest record (default) or the next one written. */
  readonly startingPosition?: StartingPosition;
  /** Retries of a failing batch before its records are skipped: 0 to 10,000, or -1 (default) to retry until they are trimmed. */
  readonly maximumRetryAttempts?: number;
  /** Split a failing batch in two and retry each half, to isolate the failing record (default true). */
  readonly bisectBatchOnFunctionError?: boolean;
}

/** A trigger with its handler loaded and every setting decided. */
export interface Trigger {
  readonly tableName: string;
  readonly name: string;
  readonly handler: TriggerHandler;
  readonly batchSize: number;
  readonly batchingWindowMs: number;
  readonly startingPosition: StartingPosition;
  readonly maximumRetryAttempts: number;
  readonly bisectBatchOnFunctionError: boolean;
}

/** Lambda's limits for DynamoDB event source mappings (CreateEventSourceMapping). */
const BATCH_SIZE_MAX = 10_000;
const DEFAULT_BATCH_SIZE = 100;
const BATCHING_WINDOW_SECONDS_MAX = 300;
const RETRY_ATTEMPTS_MAX = 10_000;

function checkWholeNumber(trigger: string, name: string, value: number | undefined, min: number, max: number): void {
  if (value !== undefined && (!Number.isInteger(value) || value < min || value > max)) {
    throw new Error(`trigger ${trigger}: ${name} must be a whole number from ${min} to ${max}, not ${value}`);
  }
}

async function loadHandler(modulePath: string): Promise<TriggerHandler> {
  const loaded = (await import(pathToFileURL(resolve(modulePath)).href)) as { handler?: unknown; default?: unknown };
  const handler = loaded.handler ?? loaded.default;
  if (typeof handler !== 'function') throw new Error(`trigger module ${modulePath} exports no function named handler, nor a default one`);
  return handler as TriggerHandler;
}

/** Checks each trigger's settings and loads its handler; refuses two triggers of one name on one table. */
export async function resolveTriggers(options: readonly TriggerOptions[]): Promise<Trigger[]> {
  const triggers: Trigger[] = [];
  for (const option of options) {
    const name = option.name ?? (typeof option.handler === 'string' ? resolve(option.handler) : option.handler.name);
    const label = `${option.tableName}=${name}`;
    if (option.tableName === '') throw new Error('a trigger needs a table name');
    if (name === '') throw new Error(`trigger on ${option.tableName}: a handler function without a name needs the trigger's name`);
    checkWholeNumber(label, 'batchSize', option.batchSize, 1, BATCH_SIZE_MAX);
    checkWholeNumber(label, 'maximumBatchingWindowInSeconds', option.maximumBatchingWindowInSeconds, 0, BATCHING_WINDOW_SECONDS_MAX);
    checkWholeNumber(label, 'maximumRetryAttempts', option.maximumRetryAttempts, -1, RETRY_ATTEMPTS_MAX);
    const startingPosition = option.startingPosition ?? 'TRIM_HORIZON';
    if (startingPosition !== 'TRIM_HORIZON' && startingPosition !== 'LATEST') {
      throw new Error(`trigger ${label}: startingPosition must be TRIM_HORIZON or LATEST, not ${String(startingPosition)}`);
    }
    if (triggers.some((trigger) => trigger.tableName === option.tableName && trigger.name === name)) {
      throw new Error(`two triggers on ${option.tableName} are named ${name}: give one another name`);
    }
    triggers.push({
      tableName: option.tableName,
      name,
      handler: typeof option.handler === 'string' ? await loadHandler(option.handler) : option.handler,
      batchSize: option.batchSize ?? DEFAULT_BATCH_SIZE,
      batchingWindowMs: (option.maximumBatchingWindowInSeconds ?? 0) * 1000,
      startingPosition,
      maximumRetryAttempts: option.maximumRetryAttempts ?? -1,
      bisectBatchOnFunctionError: option.bisectBatchOnFunctionError ?? true,
    });
  }
  return triggers;
}

const NUMBER_SETTINGS = ['batchSize', 'maximumBatchingWindowInSeconds', 'maximumRetryAttempts'] as const;

/**
 * A trigger as the CLI takes it: `TABLE=MODULE`, then settings as `,name=value`, e.g.
 * `Orders=./on-order.js,batchSize=10,startingPosition=LATEST`.
 */
export function parseTriggerSpec(spec: string): TriggerOptions {
  const [target = '', ...settings] = spec.split(',');
  const equalsAt = target.indexOf('=');
  if (equalsAt <= 0 || equalsAt === target.length - 1) throw new Error(`--trigger takes TABLE=MODULE[,setting=value...], not ${spec}`);
  const parsed: Record<string, unknown> = { tableName: target.slice(0, equalsAt), handler: target.slice(equalsAt + 1) };
  for (const setting of settings) {
    const [name = '', value = ''] = setting.split('=', 2);
    if ((NUMBER_SETTINGS as readonly string[]).includes(name) && /^-?\d+$/.test(value)) parsed[name] = Number(value);
    else if (name === 'bisectBatchOnFunctionError' && (value === 'true' || value === 'false')) parsed[name] = value === 'true';
    else if (name === 'startingPosition' || name === 'name') parsed[name] = value;
    else throw new Error(`--trigger ${spec}: unknown setting or value ${setting}`);
  }
  return parsed as unknown as TriggerOptions;
}
