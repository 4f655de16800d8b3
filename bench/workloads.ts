import { RawDynamoDBClient, refusal } from '../test/support/raw-client.js';
import { loadStreamedTable, readStream } from './stream-read.js';
import { BATCH_ITEMS, createStreamedTable, createTable, load, PAYLOAD } from './tables.js';
import type { LoadResult } from './wrk.js';

/**
 * The workloads: mostly wrk Lua `request()` functions over tables that `prepare`
 * creates and loads the same way on every server, and the stream read, which a Node
 * client drives. Items written and read are about 1 KB. PutItem and UpdateItem run
 * twice, on tables without and with a stream, for what a stream costs a write; GetItem
 * and UpdateItem also run as PartiQL statements, for what the statement layer costs.
 */

export interface Scale {
  /** Items preloaded for GetItem and Scan. */
  readonly items: number;
  /** Partitions of 20 items each preloaded for Query. */
  readonly queryPartitions: number;
  /**
   * Items written into the streamed table whose stream GetRecords then reads whole.
   * DynamoDB Local's writes to a streamed table slow as its stream grows: at 50,000
   * it was still loading after a quarter of an hour, so the full scale stays at 20,000.
   */
  readonly streamRecords: number;
}

export const FULL_SCALE: Scale = { items: 100_000, queryPartitions: 1_000, streamRecords: 20_000 };
export const QUICK_SCALE: Scale = { items: 10_000, queryPartitions: 100, streamRecords: 10_000 };

const QUERY_PARTITION_ITEMS = 20;
const COUNTERS = 1_000;
const ACCOUNTS = 10_000;

interface WorkloadNaming {
  readonly name: string;
  readonly label: string;
  /** Runs only on servers with DynamoDB Streams. */
  readonly needsStreams?: boolean;
  /** Runs only on servers that serve PartiQL (ExecuteStatement). */
  readonly needsPartiql?: boolean;
  /** The workload this one repeats on a table with a stream, for the ratio of the two. */
  readonly withoutStream?: string;
}

/** Requests that wrk sends for a while, over each number of connections of the plan. */
export interface WrkWorkload extends WorkloadNaming {
  /** The Lua `request` function; `call(operation, body)` and `counter` come from the prelude. */
  readonly lua: (scale: Scale) => string;
}

/** One pass of a client workload, measured. */
export interface ClientPass extends LoadResult {
  /** Requests in flight at once. */
  readonly connections: number;
}

/** A workload that a Node client drives, for what wrk cannot do: each request made from the previous answer. */
export interface ClientWorkload extends WorkloadNaming {
  /** Writes what the pass needs (not measured) and returns the pass, which may run more than once. */
  readonly load: (endpoint: string, scale: Scale) => Promise<() => Promise<ClientPass>>;
}

export type Workload = WrkWorkload | ClientWorkload;

const randomId = (prefix: string): string => `"${prefix}" .. math.random(1, 1e9) .. "-" .. counter`;

/** The tables the stream variants write to: like their stream-less twins, with a stream. */
const STREAMED_TABLES = { writes: 'bench_writes_stream', counters: 'bench_counters_stream' } as const;

const putItem = (table: string) => (): string => `request = function()
  counter = counter + 1
  return call("PutItem", '{"TableName":"${table}","Item":{"id":{"S":"' .. ${randomId('w')} .. '"},"payload":{"S":"${PAYLOAD}"}}}')
end`;

const incrementCounter = (table: string) => (): string => `request = function()
  return call("UpdateItem", '{"TableName":"${table}","Key":{"id":{"S":"c' .. math.random(0, ${COUNTERS - 1}) .. '"}},"UpdateExpression":"SET #c = #c + :one","ExpressionAttributeNames":{"#c":"c"},"ExpressionAttributeValues":{":one":{"N":"1"}}}')
end`;

const GET_ITEM: WrkWorkload = {
  name: 'get',
  label: 'GetItem hit',
  lua: (scale) => `request = function()
  return call("GetItem", '{"TableName":"bench_items","Key":{"id":{"S":"k' .. math.random(0, ${scale.items - 1}) .. '"}}}')
end`,
};

export const WORKLOADS: readonly Workload[] = [
  { name: 'put', label: 'PutItem 1 KB', lua: putItem('bench_writes') },
  { name: 'put-stream', label: 'PutItem 1 KB, stream', needsStreams: true, withoutStream: 'put', lua: putItem(STREAMED_TABLES.writes) },
  GET_ITEM,
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
    name: 'select-key',
    label: 'PartiQL SELECT by key',
    needsPartiql: true,
    lua: (scale) => `request = function()
  return call("ExecuteStatement", '{"Statement":"SELECT * FROM bench_items WHERE id = ?","Parameters":[{"S":"k' .. math.random(0, ${scale.items - 1}) .. '"}]}')
end`,
  },
  { name: 'update', label: 'UpdateItem counter', lua: incrementCounter('bench_counters') },
  {
    name: 'update-partiql',
    label: 'PartiQL UPDATE counter',
    needsPartiql: true,
    lua: () => `request = function()
  return call("ExecuteStatement", '{"Statement":"UPDATE bench_counters SET c = c + 1 WHERE id = ?","Parameters":[{"S":"c' .. math.random(0, ${COUNTERS - 1}) .. '"}]}')
end`,
  },
  {
    name: 'update-stream',
    label: 'UpdateItem counter, stream',
    needsStreams: true,
    withoutStream: 'update',
    lua: incrementCounter(STREAMED_TABLES.counters),
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
  {
    name: 'getrecords',
    // Its ops are stream records read, not requests: a page holds up to 1,000.
    label: 'GetRecords, records',
    needsStreams: true,
    async load(endpoint, scale) {
      const streamArn = await loadStreamedTable(endpoint, scale.streamRecords);
      return async () => {
        const read = await readStream(endpoint, streamArn, scale.streamRecords);
        return { ...read, connections: read.shards };
      };
    },
  },
];

/** The Lua of the bare HTTP server's run: any request; it answers them all alike. */
export const BARE_WORKLOAD: WrkWorkload = GET_ITEM;

const counterItem = (index: number): unknown => ({ id: { S: `c${index}` }, c: { N: '0' } });

export interface StreamsPrepared {
  /** Why the server has no DynamoDB Streams, when it has none: the workloads that need them cannot run. */
  readonly noStreams?: string;
}

/** Creates and loads every table the stream-less wrk workloads use. */
export async function prepare(endpoint: string, scale: Scale): Promise<void> {
  const client = new RawDynamoDBClient(endpoint);
  try {
    await createTable(client, 'bench_writes');
    await createTable(client, 'bench_items');
    await createTable(client, 'bench_query', { sortKey: 's' });
    await createTable(client, 'bench_counters');
    await createTable(client, 'bench_accounts');
    await load(client, 'bench_items', scale.items, (index) => ({ id: { S: `k${index}` }, payload: { S: PAYLOAD } }));
    await load(client, 'bench_query', scale.queryPartitions * QUERY_PARTITION_ITEMS, (index) => ({
      p: { S: `p${Math.floor(index / QUERY_PARTITION_ITEMS)}` },
      s: { N: String(index % QUERY_PARTITION_ITEMS) },
      payload: { S: 'x'.repeat(100) },
    }));
    await load(client, 'bench_counters', COUNTERS, counterItem);
  } finally {
    client.close();
  }
}

/** Why the server cannot run the PartiQL workloads, when it cannot: it does not serve ExecuteStatement. */
export async function probePartiql(endpoint: string): Promise<string | undefined> {
  const client = new RawDynamoDBClient(endpoint);
  try {
    await client.send('ExecuteStatement', { Statement: "SELECT * FROM bench_items WHERE id = 'k0'" });
    return undefined;
  } catch (error) {
    return `no PartiQL (ExecuteStatement refused: ${refusal(error).type})`;
  } finally {
    client.close();
  }
}

/**
 * Creates and loads the tables of the stream variants of the wrk workloads (the stream
 * read loads its own), or tells why the server cannot have them. Separate from
 * `prepare` so that the memory and disk reported per server are read in between, for
 * the same data as in results from before the stream variants.
 */
export async function prepareStreamed(endpoint: string): Promise<StreamsPrepared> {
  const client = new RawDynamoDBClient(endpoint);
  try {
    const writes = await createStreamedTable(client, STREAMED_TABLES.writes);
    if ('noStreams' in writes) return writes;
    const counters = await createStreamedTable(client, STREAMED_TABLES.counters);
    if ('noStreams' in counters) return counters;
    await load(client, STREAMED_TABLES.counters, COUNTERS, counterItem);
    return {};
  } finally {
    client.close();
  }
}
