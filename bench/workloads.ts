import { RawDynamoDBClient } from '../test/support/raw-client.js';

/**
 * The workloads, as wrk Lua `request()` functions over tables that `prepare` creates
 * and loads the same way on every server. Items written and read are about 1 KB.
 */

export interface Scale {
  /** Items preloaded for GetItem and Scan. */
  readonly items: number;
  /** Partitions of 20 items each preloaded for Query. */
  readonly queryPartitions: number;
}

export const FULL_SCALE: Scale = { items: 100_000, queryPartitions: 1_000 };
export const QUICK_SCALE: Scale = { items: 10_000, queryPartitions: 100 };

const PAYLOAD = 'x'.repeat(1000);
const QUERY_PARTITION_ITEMS = 20;
const COUNTERS = 1_000;
const ACCOUNTS = 10_000;
const BATCH_ITEMS = 25;
const LOADERS = 16;

export interface Workload {
  readonly name: string;
  readonly label: string;
  /** The Lua `request` function; `call(operation, body)` and `counter` come from the prelude. */
  readonly lua: (scale: Scale) => string;
}

const randomId = (prefix: string): string => `"${prefix}" .. math.random(1, 1e9) .. "-" .. counter`;

export const WORKLOADS: readonly Workload[] = [
  {
    name: 'put',
    label: 'PutItem 1 KB',
    lua: () => `request = function()
  counter = counter + 1
  return call("PutItem", '{"TableName":"bench_writes","Item":{"id":{"S":"' .. ${randomId('w')} .. '"},"payload":{"S":"${PAYLOAD}"}}}')
end`,
  },
  {
    name: 'get',
    label: 'GetItem hit',
    lua: (scale) => `request = function()
  return call("GetItem", '{"TableName":"bench_items","Key":{"id":{"S":"k' .. math.random(0, ${scale.items - 1}) .. '"}}}')
end`,
  },
  {
    name: 'query',
    label: 'Query 10 items',
    lua: (scale) => `request = function()
  return call("Query", '{"TableName":"bench_query","KeyConditionExpression":"p = :p","ExpressionAttributeValues":{":p":{"S":"p' .. math.random(0, ${scale.queryPartitions - 1}) .. '"}},"Limit":10}')
end`,
  },
  {
    name: 'batch',
    label: 'BatchWriteItem 25',
    lua: () => `request = function()
  local puts = {}
  for i = 1, ${BATCH_ITEMS} do
    counter = counter + 1
    puts[i] = '{"PutRequest":{"Item":{"id":{"S":"' .. ${randomId('b')} .. '"},"payload":{"S":"${PAYLOAD}"}}}}'
  end
  return call("BatchWriteItem", '{"RequestItems":{"bench_writes":[' .. table.concat(puts, ",") .. ']}}')
end`,
  },
  {
    name: 'update',
    label: 'UpdateItem counter',
    lua: () => `request = function()
  return call("UpdateItem", '{"TableName":"bench_counters","Key":{"id":{"S":"c' .. math.random(0, ${COUNTERS - 1}) .. '"}},"UpdateExpression":"SET #c = #c + :one","ExpressionAttributeNames":{"#c":"c"},"ExpressionAttributeValues":{":one":{"N":"1"}}}')
end`,
  },
  {
    name: 'scan',
    label: 'Scan 100 items',
    // Pages of a full Scan, each starting after a random item (wrk cannot chain LastEvaluatedKey).
    lua: (scale) => `request = function()
  return call("Scan", '{"TableName":"bench_items","Limit":100,"ExclusiveStartKey":{"id":{"S":"k' .. math.random(0, ${scale.items - 1}) .. '"}}}')
end`,
  },
  {
    name: 'transact',
    label: 'TransactWriteItems 4',
    // Three distinct accounts (a repeated item is an error) and a new log item.
    lua: () => `request = function()
  counter = counter + 1
  local a = math.random(0, ${ACCOUNTS / 3 - 1})
  local b = a + ${ACCOUNTS / 3}
  local c = math.random(${(2 * ACCOUNTS) / 3}, ${ACCOUNTS - 1})
  return call("TransactWriteItems", '{"TransactItems":[' ..
    '{"Update":{"TableName":"bench_accounts","Key":{"id":{"S":"a' .. a .. '"}},"UpdateExpression":"ADD balance :m","ExpressionAttributeValues":{":m":{"N":"-1"}}}},' ..
    '{"Update":{"TableName":"bench_accounts","Key":{"id":{"S":"a' .. b .. '"}},"UpdateExpression":"ADD balance :p","ExpressionAttributeValues":{":p":{"N":"1"}}}},' ..
    '{"ConditionCheck":{"TableName":"bench_accounts","Key":{"id":{"S":"a' .. c .. '"}},"ConditionExpression":"attribute_not_exists(frozen)"}},' ..
    '{"Put":{"TableName":"bench_accounts","Item":{"id":{"S":"' .. ${randomId('log')} .. '"},"kind":{"S":"log"}}}}]}')
end`,
  },
];

/** The Lua of the bare HTTP server's run: any request; it answers them all alike. */
export const BARE_WORKLOAD: Workload = { name: 'get', label: 'GetItem hit', lua: WORKLOADS[1]!.lua };

async function createTable(client: RawDynamoDBClient, name: string, sortKey?: string): Promise<void> {
  await client.send('CreateTable', {
    TableName: name,
    KeySchema: [
      { AttributeName: sortKey === undefined ? 'id' : 'p', KeyType: 'HASH' },
      ...(sortKey === undefined ? [] : [{ AttributeName: sortKey, KeyType: 'RANGE' }]),
    ],
    AttributeDefinitions:
      sortKey === undefined
        ? [{ AttributeName: 'id', AttributeType: 'S' }]
        : [
            { AttributeName: 'p', AttributeType: 'S' },
            { AttributeName: sortKey, AttributeType: 'N' },
          ],
    BillingMode: 'PAY_PER_REQUEST',
  });
  // Some servers create tables asynchronously, as AWS does.
  for (;;) {
    const described = (await client.send('DescribeTable', { TableName: name })) as { Table: { TableStatus: string } };
    if (described.Table.TableStatus === 'ACTIVE') return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Writes `count` items made by `item`, 25 per BatchWriteItem, several batches at once. */
async function load(client: RawDynamoDBClient, table: string, count: number, item: (index: number) => unknown): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: LOADERS }, async () => {
      while (next < count) {
        const first = next;
        next = Math.min(count, next + BATCH_ITEMS);
        const requests = Array.from({ length: next - first }, (_, offset) => ({ PutRequest: { Item: item(first + offset) } }));
        let pending: unknown = { [table]: requests };
        while (pending !== undefined && Object.keys(pending as object).length > 0) {
          const answer = (await client.send('BatchWriteItem', { RequestItems: pending })) as { UnprocessedItems?: unknown };
          pending = answer.UnprocessedItems;
        }
      }
    }),
  );
}

/** Creates and loads every table the workloads use. */
export async function prepare(endpoint: string, scale: Scale): Promise<void> {
  const client = new RawDynamoDBClient(endpoint);
  try {
    await createTable(client, 'bench_writes');
    await createTable(client, 'bench_items');
    await createTable(client, 'bench_query', 's');
    await createTable(client, 'bench_counters');
    await createTable(client, 'bench_accounts');
    await load(client, 'bench_items', scale.items, (index) => ({ id: { S: `k${index}` }, payload: { S: PAYLOAD } }));
    await load(client, 'bench_query', scale.queryPartitions * QUERY_PARTITION_ITEMS, (index) => ({
      p: { S: `p${Math.floor(index / QUERY_PARTITION_ITEMS)}` },
      s: { N: String(index % QUERY_PARTITION_ITEMS) },
      payload: { S: 'x'.repeat(100) },
    }));
    await load(client, 'bench_counters', COUNTERS, (index) => ({ id: { S: `c${index}` }, c: { N: '0' } }));
  } finally {
    client.close();
  }
}
