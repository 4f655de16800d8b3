import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { startStrata } from '../src/index.js';
import { clientFromEnvironment, ENDPOINT_ENVIRONMENT_VARIABLE, type Chapter } from './support/example.js';
import { runChapters, summaryLine } from './support/run.js';

/**
 * `npm run examples` runs every chapter of the course; `npm run example --
 * 02-patterns/02-time-series-data` runs one (a folder name runs its chapters). Without
 * AWS_ENDPOINT_URL the examples get their own Strata, in this process, in memory, on a
 * free port; with it they use that endpoint. Ends with `N passed, M failed`, and a
 * non-zero exit status when any failed.
 */

const examplesDirectory = fileURLToPath(new URL('.', import.meta.url));
/** Chapter folders and files are numbered: `01-basics/01-key-value-operations.ts`. */
const NUMBERED = /^\d\d-/;

function chapterFiles(): string[] {
  const files: string[] = [];
  for (const folder of readdirSync(examplesDirectory)
    .filter((name) => NUMBERED.test(name))
    .sort()) {
    for (const file of readdirSync(join(examplesDirectory, folder))
      .filter((name) => NUMBERED.test(name) && name.endsWith('.ts'))
      .sort()) {
      files.push(join(examplesDirectory, folder, file));
    }
  }
  return files;
}

async function loadChapter(file: string): Promise<Chapter> {
  const loaded = (await import(pathToFileURL(file).href)) as { default?: Chapter };
  if (loaded.default === undefined) throw new Error(`${file} has no default export: each chapter file exports its chapter as default`);
  return loaded.default;
}

async function main(): Promise<void> {
  const requested = process.argv.slice(2).map((name) =>
    name
      .replace(/^examples\//, '')
      .replace(/\.ts$/, '')
      .replace(/\/$/, ''),
  );
  const chapters = await Promise.all(chapterFiles().map(loadChapter));
  const chosen =
    requested.length === 0 ? chapters : chapters.filter((chapter) => requested.some((name) => chapter.id === name || chapter.id.startsWith(`${name}/`)));
  if (chosen.length === 0) {
    console.error(`No chapter matches ${requested.join(', ')}. The chapters are:\n${chapters.map((chapter) => `  ${chapter.id}`).join('\n')}`);
    process.exitCode = 2;
    return;
  }
  const ownServer = process.env[ENDPOINT_ENVIRONMENT_VARIABLE] === undefined ? await startStrata() : undefined;
  if (ownServer !== undefined) process.env[ENDPOINT_ENVIRONMENT_VARIABLE] = ownServer.endpoint;
  console.log(
    `Running ${chosen.reduce((total, chapter) => total + chapter.examples.length, 0)} examples against ${process.env[ENDPOINT_ENVIRONMENT_VARIABLE]}`,
  );
  const client = clientFromEnvironment();
  try {
    const tally = await runChapters(chosen, client);
    console.log(`\n${summaryLine(tally)}`);
    if (tally.failed > 0) process.exitCode = 1;
  } finally {
    client.destroy();
    await ownServer?.close();
  }
}

await main();
