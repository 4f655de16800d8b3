import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient, type CreateTableCommandInput, type DynamoDBClientConfig, type StreamViewType } from '@aws-sdk/client-dynamodb';
import { startStrata, type StartStrataOptions } from '../../src/index.js';
import type { RunningStrata } from '../../src/strata.js';
import { testPostgresDatabase } from './postgres-server.js';

/** Static test credentials: Strata reads the access key id, never checks the secret. */
export const TEST_CREDENTIALS = { accessKeyId: 'AKIDSTRATATEST', secretAccessKey: 'secret' };

export function clientFor(endpoint: string, config: DynamoDBClientConfig = {}): DynamoDBClient {
  return new DynamoDBClient({ endpoint, region: 'us-east-1', credentials: TEST_CREDENTIALS, maxAttempts: 1, ...config });
}

export interface StrataUnderTest {
  readonly strata: RunningStrata;
  readonly client: DynamoDBClient;
  close(): Promise<void>;
}

/**
 * The backend tests run on when they don't choose one: memory, unless the environment
 * variable STRATA_TEST_STORAGE says `lmdb` or `postgres` (the test runner runs the
 * integration tests a second time on postgres).
 */
type TestStorage = 'memory' | 'lmdb' | 'postgres';

function testStorage(): TestStorage {
  const named = process.env['STRATA_TEST_STORAGE'] ?? 'memory';
  if (named !== 'memory' && named !== 'lmdb' && named !== 'postgres') throw new Error(`STRATA_TEST_STORAGE must be memory, lmdb or postgres, not ${named}`);
  return named;
}

/**
 * An in-process Strata on the test storage (see testStorage) unless `options` names
 * its own; closing it also removes the scratch directory or database it was given.
 */
export async function startTestStrata(options: StartStrataOptions = {}): Promise<RunningStrata> {
  if (options.dbPath !== undefined || options.postgresUrl !== undefined) return startStrata(options);
  const storage = testStorage();
  if (storage === 'lmdb') {
    const directory = mkdtempSync(join(tmpdir(), 'strata-test-'));
    const strata = await startStrata({ ...options, dbPath: directory });
    return { ...strata, close: () => strata.close().finally(() => rmSync(directory, { recursive: true, force: true })) };
  }
  if (storage === 'postgres') {
    const database = await testPostgresDatabase();
    const strata = await startStrata({ ...options, postgresUrl: database.url });
    return { ...strata, close: () => strata.close().finally(() => database.drop()) };
  }
  return startStrata(options);
}

/** An in-process Strata (see startTestStrata) with an SDK client pointed at it. */
export async function startStrataWithClient(options: StartStrataOptions = {}): Promise<StrataUnderTest> {
  const strata = await startTestStrata(options);
  const client = clientFor(strata.endpoint);
  return {
    strata,
    client,
    async close() {
      client.destroy();
      await strata.close();
    },
  };
}

let tableCounter = 0;

/** A table name unique within this test process. */
export function uniqueTableName(prefix = 'test'): string {
  tableCounter++;
  return `${prefix}-${process.pid}-${tableCounter}`;
}

/** CreateTable input for an on-demand table keyed by `keys` (HASH first, then RANGE). */
export function onDemandTable(tableName: string, keys: ReadonlyArray<{ name: string; type: 'S' | 'N' | 'B' }>): CreateTableCommandInput {
  return {
    TableName: tableName,
    KeySchema: keys.map((key, index) => ({ AttributeName: key.name, KeyType: index === 0 ? 'HASH' : 'RANGE' })),
    AttributeDefinitions: keys.map((key) => ({ AttributeName: key.name, AttributeType: key.type })),
    BillingMode: 'PAY_PER_REQUEST',
  };
}

/** CreateTable input for an on-demand table keyed by the string `pk`, with a stream of `viewType`. */
export function streamedTable(tableName: string, viewType: StreamViewType): CreateTableCommandInput {
  return { ...onDemandTable(tableName, [{ name: 'pk', type: 'S' }]), StreamSpecification: { StreamEnabled: true, StreamViewType: viewType } };
}
