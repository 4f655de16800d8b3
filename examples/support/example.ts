import { randomBytes } from 'node:crypto';
import { inspect } from 'node:util';
import {
  CreateTableCommand,
  DeleteTableCommand,
  DynamoDBClient,
  waitUntilTableExists,
  type CreateTableCommandInput,
  type DynamoDBClientConfig,
} from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/**
 * What every course example is: a named function that explains itself, shows the
 * requests it sends and the parts of the answers that matter, and checks its results
 * with assertions, so a wrong answer fails the run. Examples are grouped in chapters,
 * one chapter per file.
 */

export interface Example {
  /** Short and unique within its chapter, in kebab case: `conditional-put`. */
  readonly name: string;
  /** One line saying what the example shows. */
  readonly title: string;
  run(context: ExampleContext): Promise<void>;
}

export interface Chapter {
  /** The file's path under examples/ without extension: `01-basics/01-key-value-operations`. */
  readonly id: string;
  readonly title: string;
  readonly examples: readonly Example[];
}

/** Where an example's words and shown values go; the console unless a runner captures them. */
export type ExampleOutput = (line: string) => void;

export interface ExampleContext {
  /** The low-level client: attribute values written as `{ S: 'text' }`. */
  readonly client: DynamoDBClient;
  /** The document client: plain JavaScript values, marshalled for you. */
  readonly doc: DynamoDBDocumentClient;
  /** Explains, in plain words, what is happening and why. */
  say(text: string): void;
  /** Shows a request or the relevant part of a response. */
  show(label: string, value: unknown): void;
  /**
   * Creates a table named `baseName` plus a unique suffix, on demand unless the input
   * says otherwise, waits until it is ACTIVE and returns its name. The runner deletes
   * it when the example ends, passed or failed.
   */
  createTable(input: Omit<CreateTableCommandInput, 'TableName'> & { readonly TableName: string }): Promise<string>;
}

export function example(name: string, title: string, run: (context: ExampleContext) => Promise<void>): Example {
  return { name, title, run };
}

/** A chapter named by its file: pass `import.meta.url`. */
export function chapter(fileUrl: string, title: string, examples: readonly Example[]): Chapter {
  const path = new URL(fileUrl).pathname;
  const id = path.slice(path.lastIndexOf('/examples/') + '/examples/'.length).replace(/\.[cm]?[jt]s$/, '');
  return { id, title, examples };
}

/** The Strata endpoint the examples use when none is configured and they start their own server. */
export const ENDPOINT_ENVIRONMENT_VARIABLE = 'AWS_ENDPOINT_URL';

/**
 * A client for the endpoint in AWS_ENDPOINT_URL (Strata, DynamoDB Local), or for AWS
 * itself when none is set. A local endpoint needs some credentials but checks none, so
 * placeholders are used when the environment has none; AWS gets the SDK's usual
 * credential chain.
 */
export function clientFromEnvironment(config: DynamoDBClientConfig = {}): DynamoDBClient {
  const endpoint = process.env[ENDPOINT_ENVIRONMENT_VARIABLE];
  const region = process.env['AWS_REGION'] ?? process.env['AWS_DEFAULT_REGION'] ?? 'us-east-1';
  const local = endpoint !== undefined && endpoint !== '';
  const hasCredentials = process.env['AWS_ACCESS_KEY_ID'] !== undefined || process.env['AWS_PROFILE'] !== undefined;
  return new DynamoDBClient({
    region,
    ...(local ? { endpoint } : {}),
    ...(local && !hasCredentials ? { credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'example-secret' } } : {}),
    ...config,
  });
}

/** Indents every line of a shown value under its label. */
function indent(text: string, prefix: string): string {
  return text
    .split('\n')
    .map((line) => prefix + line)
    .join('\n');
}

/** Runs one example with its own tables, deleting them afterwards whatever happened. */
export async function runExample(client: DynamoDBClient, doc: DynamoDBDocumentClient, item: Example, output: ExampleOutput): Promise<void> {
  const createdTables: string[] = [];
  const context: ExampleContext = {
    client,
    doc,
    say: (text) => output(`    ${text}`),
    show: (label, value) => output(`    ${label}:\n${indent(inspect(value, { depth: 8, colors: false, breakLength: 100, compact: 4 }), '      ')}`),
    async createTable(input) {
      // A random suffix: examples may run side by side, or against an account with older tables.
      const tableName = `${input.TableName}-${randomBytes(4).toString('hex')}`;
      const billing = input.BillingMode === undefined && input.ProvisionedThroughput === undefined ? { BillingMode: 'PAY_PER_REQUEST' as const } : {};
      await client.send(new CreateTableCommand({ ...billing, ...input, TableName: tableName }));
      createdTables.push(tableName);
      await waitUntilTableExists({ client, maxWaitTime: 120, minDelay: 1 }, { TableName: tableName });
      return tableName;
    },
  };
  try {
    await item.run(context);
  } finally {
    for (const tableName of createdTables) await client.send(new DeleteTableCommand({ TableName: tableName }));
  }
}

/**
 * Repeats `check` until it stops throwing, for reads that AWS serves eventually
 * consistently (a GSI, a Scan right after writes): on AWS an index lags its table by a
 * fraction of a second, so an example that asserted on the first read would fail there
 * now and then. Against Strata the first attempt passes. Gives up after `timeoutMs`,
 * rethrowing the last failure.
 */
export async function eventually<T>(check: () => Promise<T>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}
