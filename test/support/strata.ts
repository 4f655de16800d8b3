import { DynamoDBClient, type CreateTableCommandInput, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { startStrata, type StartStrataOptions } from '../../src/index.js';
import type { RunningStrata } from '../../src/strata.js';

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

/** An in-process Strata with an SDK client pointed at it. */
export async function startStrataWithClient(options: StartStrataOptions = {}): Promise<StrataUnderTest> {
  const strata = await startStrata(options);
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
