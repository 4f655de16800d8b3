import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { clientFromEnvironment, runExample, type Chapter, type ExampleOutput } from './example.js';

export interface RunTally {
  passed: number;
  failed: number;
}

/** The document client every example gets: empty strings and sets kept, undefined attributes dropped. */
function documentClient(client: DynamoDBClient): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
}

function describeFailure(error: unknown): string {
  if (error instanceof Error) return error.stack ?? `${error.name}: ${error.message}`;
  return String(error);
}

/** Runs every example of `chapters` in order, one at a time; a failure is reported and the run goes on. */
export async function runChapters(chapters: readonly Chapter[], client: DynamoDBClient, output: ExampleOutput = console.log): Promise<RunTally> {
  const doc = documentClient(client);
  const tally: RunTally = { passed: 0, failed: 0 };
  for (const chapter of chapters) {
    output(`\n${chapter.id}: ${chapter.title}`);
    for (const item of chapter.examples) {
      output(`\n  ▶ ${item.name}: ${item.title}`);
      const startedAt = performance.now();
      try {
        await runExample(client, doc, item, output);
        tally.passed++;
        output(`  ✔ ${item.name} (${(performance.now() - startedAt).toFixed(0)} ms)`);
      } catch (error) {
        tally.failed++;
        output(`  ✖ ${item.name} failed:\n${describeFailure(error).replace(/^/gm, '      ')}`);
      }
    }
  }
  return tally;
}

export function summaryLine(tally: RunTally): string {
  return `${tally.passed} passed, ${tally.failed} failed`;
}

/** True when the module at `fileUrl` is the program node was asked to run. */
function isMainModule(fileUrl: string): boolean {
  const started = process.argv[1];
  if (started === undefined) return false;
  try {
    return realpathSync(started) === realpathSync(fileURLToPath(fileUrl));
  } catch {
    return false;
  }
}

/**
 * Lets a chapter file run on its own: `AWS_ENDPOINT_URL=http://localhost:8000 npx tsx
 * examples/01-basics/01-key-value-operations.ts` runs it against that endpoint, and
 * without AWS_ENDPOINT_URL against AWS with the usual credentials. Does nothing when
 * the file is imported by the course runner.
 */
export async function runWhenMain(fileUrl: string, chapter: Chapter): Promise<void> {
  if (!isMainModule(fileUrl)) return;
  const client = clientFromEnvironment();
  try {
    const tally = await runChapters([chapter], client);
    console.log(`\n${summaryLine(tally)}`);
    if (tally.failed > 0) process.exitCode = 1;
  } finally {
    client.destroy();
  }
}
