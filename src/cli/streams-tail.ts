import { parseArgs } from 'node:util';
import { tailStream } from '../client/tail-stream.js';
import { exitWithUsage } from './exit-with-usage.js';

export const TAIL_USAGE = `Usage: strata streams tail TABLE [options]

Prints the records of a table's stream as they are written, one JSON object per
line, exactly as GetRecords returns them. Runs until interrupted.

Options:
  --endpoint URL       the Strata server (default: AWS_ENDPOINT_URL, else
                       http://localhost:8000)
  --from POSITION      latest (default): records written from now on;
                       trim-horizon: every record the stream holds first
  --access-key-id ID   the access key id the table's writers use (default:
                       AWS_ACCESS_KEY_ID): without --shared-db, each access key
                       id and region has its own tables
  --region REGION      their region (default: AWS_REGION, else us-east-1)
  -h, --help           show this help`;

const FROM_POSITIONS = { latest: 'LATEST', 'trim-horizon': 'TRIM_HORIZON' } as const;

export async function streamsTail(args: string[]): Promise<void> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: {
        endpoint: { type: 'string' },
        from: { type: 'string', default: 'latest' },
        'access-key-id': { type: 'string' },
        region: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
    });
  } catch (error) {
    exitWithUsage(error instanceof Error ? error.message : String(error), TAIL_USAGE);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(`${TAIL_USAGE}\n`);
    return;
  }
  if (positionals.length !== 1) exitWithUsage('streams tail takes one table name', TAIL_USAGE);
  const startingPosition = FROM_POSITIONS[values.from as keyof typeof FROM_POSITIONS] as (typeof FROM_POSITIONS)[keyof typeof FROM_POSITIONS] | undefined;
  if (startingPosition === undefined) exitWithUsage(`--from must be latest or trim-horizon, not ${values.from}`, TAIL_USAGE);
  const stopping = new AbortController();
  process.once('SIGINT', () => stopping.abort());
  process.once('SIGTERM', () => stopping.abort());
  const accessKeyId = values['access-key-id'] ?? process.env['AWS_ACCESS_KEY_ID'];
  const region = values.region ?? process.env['AWS_REGION'] ?? process.env['AWS_DEFAULT_REGION'];
  const records = await tailStream({
    endpoint: values.endpoint ?? process.env['AWS_ENDPOINT_URL'] ?? 'http://localhost:8000',
    tableName: positionals[0]!,
    startingPosition,
    signal: stopping.signal,
    ...(accessKeyId === undefined ? {} : { accessKeyId }),
    ...(region === undefined ? {} : { region }),
  });
  for await (const record of records) process.stdout.write(`${JSON.stringify(record)}\n`);
}
