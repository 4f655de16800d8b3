import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { UpdateTimeToLiveCommand } from '@aws-sdk/client-dynamodb';
import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { chapter, example, type ExampleContext } from '../support/example.js';
import { attributeTypes, keySchema, queryItems } from '../support/helpers.js';
import { runWhenMain } from '../support/run.js';
import { putAll, type Item } from './batching.js';

/**
 * Every example here uses the same table shape: the partition key `series` names one
 * stream of data for one period (`sensor-7#2026-11-28`), and the sort key `at` orders the
 * stream in time (an ISO-8601 timestamp, sometimes followed by an id).
 */

async function createSeriesTable(ex: ExampleContext): Promise<string> {
  return ex.createTable({
    TableName: 'series',
    KeySchema: keySchema('series', 'at'),
    AttributeDefinitions: attributeTypes({ series: 'S', at: 'S' }),
  });
}

const READINGS_PER_DAY = 48;

/** A day of temperature readings from one sensor, one every 30 minutes, in that day's partition. */
function dayOfReadings(sensorId: string, day: string): Item[] {
  return Array.from({ length: READINGS_PER_DAY }, (_, index) => {
    const time = `${String(Math.floor(index / 2)).padStart(2, '0')}:${index % 2 === 0 ? '00' : '30'}:00`;
    // A daily cycle: coolest at midnight, warmest at noon.
    const celsius = Math.round((14 - 6 * Math.cos((index / READINGS_PER_DAY) * 2 * Math.PI)) * 10) / 10;
    return { series: `${sensorId}#${day}`, at: `${day}T${time}Z`, celsius };
  });
}

/** Loads 27 and 28 November 2026 for sensor-7: 96 readings over two partitions. */
async function loadTwoDays(ex: ExampleContext, tableName: string): Promise<void> {
  await putAll(ex.doc, tableName, [...dayOfReadings('sensor-7', '2026-11-27'), ...dayOfReadings('sensor-7', '2026-11-28')]);
}

const timestamps = (items: readonly Item[]): unknown[] => items.map((item) => item['at']);

const perDayPartitions = example('per-day-partitions', 'One partition per sensor per day: a day of readings is one Query', async (ex) => {
  const tableName = await createSeriesTable(ex);
  ex.say(
    "A sensor that reports for years would make one ever-growing item collection if its id alone were the partition key. Adding the day (sensor-7#2026-11-28) bounds every collection to one day, spreads the sensor's data over many partitions, and matches how the data is read: by day.",
  );
  await loadTwoDays(ex, tableName);

  const request = {
    TableName: tableName,
    KeyConditionExpression: 'series = :series',
    ExpressionAttributeValues: { ':series': 'sensor-7#2026-11-28' },
    ConsistentRead: true,
  };
  ex.show('Query request', request);
  const day = await queryItems(ex, request);
  ex.show('First three readings', day.slice(0, 3));
  assert.equal(day.length, READINGS_PER_DAY);
  assert.equal(day[0]?.['at'], '2026-11-28T00:00:00Z');
  assert.equal(day.at(-1)?.['at'], '2026-11-28T23:30:00Z');
  assert.deepEqual(timestamps(day), [...timestamps(day)].sort(), 'a Query returns items in sort key order');
  ex.say(
    'ISO-8601 timestamps written the same way every time (UTC, the same precision, the Z suffix) sort as text in time order, so the sort key keeps the readings in time order for free.',
  );

  const dayBefore = await queryItems(ex, { ...request, ExpressionAttributeValues: { ':series': 'sensor-7#2026-11-27' } });
  assert.equal(dayBefore.length, READINGS_PER_DAY);
  assert.ok(dayBefore.every((reading) => String(reading['at']).startsWith('2026-11-27')));
  ex.say(
    'The previous day is a separate partition and a separate Query. For high volumes AWS goes one step further and suggests a table per period, so that old periods can get less capacity or be dropped whole.',
  );
});

const latestReadings = example('latest-readings', 'Latest N: read backwards with ScanIndexForward false and Limit', async (ex) => {
  const tableName = await createSeriesTable(ex);
  await loadTwoDays(ex, tableName);
  ex.say(
    'A dashboard wants the newest readings. ScanIndexForward: false reads the sort key backwards, and Limit stops the read after N items: DynamoDB reads (and bills) only those N, however long the day is.',
  );
  const request = {
    TableName: tableName,
    KeyConditionExpression: 'series = :series',
    ExpressionAttributeValues: { ':series': 'sensor-7#2026-11-28' },
    ScanIndexForward: false,
    Limit: 5,
    ConsistentRead: true,
  };
  ex.show('Query request', request);
  const { Items = [], LastEvaluatedKey } = await ex.doc.send(new QueryCommand(request));
  ex.show('Newest five', Items);
  assert.deepEqual(timestamps(Items), ['2026-11-28T23:30:00Z', '2026-11-28T23:00:00Z', '2026-11-28T22:30:00Z', '2026-11-28T22:00:00Z', '2026-11-28T21:30:00Z']);
  ex.show('LastEvaluatedKey (where a next page would start)', LastEvaluatedKey);
  assert.deepEqual(LastEvaluatedKey, { series: 'sensor-7#2026-11-28', at: '2026-11-28T21:30:00Z' });

  ex.say(
    'With per-day partitions, "the latest 50" may span two days: read today backwards, and if it has fewer than 50, go on with the day before for the rest.',
  );
  const wanted = 50;
  const latest: Item[] = [];
  const queriedDays: string[] = [];
  for (const day of ['2026-11-28', '2026-11-27', '2026-11-26']) {
    if (latest.length >= wanted) break;
    queriedDays.push(day);
    latest.push(...(await queryItems(ex, { ...request, ExpressionAttributeValues: { ':series': `sensor-7#${day}` }, Limit: wanted - latest.length })));
  }
  ex.show('Days queried', queriedDays);
  ex.show('Oldest three of the latest 50', timestamps(latest.slice(-3)));
  assert.equal(latest.length, wanted);
  assert.deepEqual(queriedDays, ['2026-11-28', '2026-11-27']);
  assert.deepEqual(timestamps(latest.slice(-3)), ['2026-11-28T00:00:00Z', '2026-11-27T23:30:00Z', '2026-11-27T23:00:00Z']);
});

const timeRange = example('time-range', 'A time window with BETWEEN on the sort key', async (ex) => {
  const tableName = await createSeriesTable(ex);
  await loadTwoDays(ex, tableName);
  ex.say(
    'BETWEEN in a key condition selects a sort key range, both ends included. On ISO-8601 strings that is a time window: here the morning from 08:00 to 11:59:59.',
  );
  const request = {
    TableName: tableName,
    KeyConditionExpression: 'series = :series AND #at BETWEEN :from AND :to',
    ExpressionAttributeNames: { '#at': 'at' },
    ExpressionAttributeValues: { ':series': 'sensor-7#2026-11-28', ':from': '2026-11-28T08:00:00Z', ':to': '2026-11-28T11:59:59Z' },
    ConsistentRead: true,
  };
  ex.show('Query request', request);
  const morning = await queryItems(ex, request);
  const temperatures = morning.map((reading) => Number(reading['celsius']));
  const average = temperatures.reduce((sum, value) => sum + value, 0) / temperatures.length;
  ex.show(
    'Readings in the window',
    morning.map((reading) => `${reading['at']}  ${reading['celsius']} °C`),
  );
  ex.show('Average', `${average.toFixed(2)} °C`);
  assert.equal(morning.length, 8);
  assert.equal(morning[0]?.['at'], '2026-11-28T08:00:00Z');
  assert.equal(morning.at(-1)?.['at'], '2026-11-28T11:30:00Z');
  assert.ok(
    temperatures.every((value) => value > 14),
    'the morning is warmer than the daily mean in this data',
  );
  ex.say(
    '"at" is a DynamoDB reserved word, hence the #at placeholder. Only the items in the window are read; a FilterExpression on the time would instead read the whole day and throw most of it away.',
  );
});

const SHARD_COUNT = 4;

/** The shard of an event follows from its id, so the same id always goes to the same shard. */
function shardOf(eventId: string): number {
  return createHash('sha256').update(eventId).digest()[0]! % SHARD_COUNT;
}

const writeSharding = example('write-sharding', 'Write sharding: spread a hot key over N partitions, read them all and merge', async (ex) => {
  const tableName = await createSeriesTable(ex);
  ex.say(
    'Page views of a busy site for one day would all go to one partition key, pageviews#2026-11-28. AWS documents that each partition serves at most 3,000 read units and 1,000 write units per second, and traffic concentrated on one partition key value is the usual way to reach that: the key is throttled while the table as a whole has capacity to spare.',
  );
  ex.say(
    `Write sharding adds a suffix to the key (pageviews#2026-11-28#shard-0 … shard-${SHARD_COUNT - 1}) so the writes spread over ${SHARD_COUNT} partition keys. The suffix here is computed from the event id, so one event can still be found again by its id; a random suffix spreads just as well but then only a full read finds an event.`,
  );
  const events = Array.from({ length: 40 }, (_, index) => {
    const eventId = `ev-${String(index).padStart(3, '0')}`;
    const at = new Date(Date.UTC(2026, 10, 28, 12, 0, 0) + index * 1_500).toISOString();
    return { series: `pageviews#2026-11-28#shard-${shardOf(eventId)}`, at: `${at}#${eventId}`, eventId, page: index % 3 === 0 ? '/pricing' : '/home' };
  });
  await putAll(ex.doc, tableName, events);

  ex.say('Reading the day back means one Query per shard, sent in parallel, then a merge by the sort key.');
  const shards = await Promise.all(
    Array.from({ length: SHARD_COUNT }, (_, shard) =>
      queryItems(ex, {
        TableName: tableName,
        KeyConditionExpression: 'series = :series',
        ExpressionAttributeValues: { ':series': `pageviews#2026-11-28#shard-${shard}` },
        ConsistentRead: true,
      }),
    ),
  );
  ex.show(
    'Events per shard',
    shards.map((items, shard) => ({ shard, events: items.length })),
  );
  const merged = shards.flat().sort((left, right) => String(left['at']).localeCompare(String(right['at'])));
  ex.show(
    'First three after merging',
    merged.slice(0, 3).map((event) => event['at']),
  );
  assert.ok(
    shards.every((items) => items.length > 0),
    'every shard received some of the writes',
  );
  assert.equal(merged.length, events.length);
  assert.deepEqual(
    merged.map((event) => event['eventId']),
    events.map((event) => event.eventId),
  );
  ex.say(
    `The price of sharding is on the read side: ${SHARD_COUNT} requests instead of one. Pick the smallest shard count that keeps each key under the per-partition limit.`,
  );
});

const eventLogKeys = example('event-log-keys', 'Event logs: a timestamp alone is not a unique key; timestamp plus id is', async (ex) => {
  const tableName = await createSeriesTable(ex);
  const sameMoment = '2026-11-28T09:15:02.417Z';
  ex.say(
    'An audit log keyed by time alone has a trap: two events in the same millisecond get the same primary key, and the second PutItem silently replaces the first.',
  );
  for (const action of ['login', 'password-change']) {
    await ex.doc.send(new PutCommand({ TableName: tableName, Item: { series: 'account-42#2026-11-28', at: sameMoment, action } }));
  }
  const clobbered = await queryItems(ex, {
    TableName: tableName,
    KeyConditionExpression: 'series = :series',
    ExpressionAttributeValues: { ':series': 'account-42#2026-11-28' },
    ConsistentRead: true,
  });
  ex.show('Log keyed by timestamp only', clobbered);
  assert.equal(clobbered.length, 1);
  assert.equal(clobbered[0]?.['action'], 'password-change', 'the login event was overwritten');

  ex.say('Appending a unique id to the timestamp (the idea behind ULIDs: time first, randomness after) keeps every event and still sorts the log by time.');
  const eventKey = (): string => `${sameMoment}#${randomBytes(6).toString('hex')}`;
  for (const action of ['login', 'password-change']) {
    await ex.doc.send(
      new PutCommand({
        TableName: tableName,
        Item: { series: 'account-43#2026-11-28', at: eventKey(), action },
        ConditionExpression: 'attribute_not_exists(#at)',
        ExpressionAttributeNames: { '#at': 'at' },
      }),
    );
  }
  await ex.doc.send(
    new PutCommand({
      TableName: tableName,
      Item: { series: 'account-43#2026-11-28', at: `2026-11-28T09:20:00.000Z#${randomBytes(6).toString('hex')}`, action: 'logout' },
    }),
  );
  const log = await queryItems(ex, {
    TableName: tableName,
    KeyConditionExpression: 'series = :series',
    ExpressionAttributeValues: { ':series': 'account-43#2026-11-28' },
    ConsistentRead: true,
  });
  ex.show('Log keyed by timestamp#id', log);
  assert.equal(log.length, 3);
  assert.equal(log.at(-1)?.['action'], 'logout');
  assert.deepEqual(new Set(log.slice(0, 2).map((event) => event['action'])), new Set(['login', 'password-change']));
  ex.say(
    'attribute_not_exists on the key turns the rare id collision into an error instead of a silent overwrite. Events of the same millisecond sort by their random part, not in the order they happened; where that order matters, use a per-writer sequence number instead.',
  );
});

const ttlRetention = example('ttl-retention', 'Retention with TTL: an expiry attribute, and a filter that hides expired items', async (ex) => {
  const tableName = await createSeriesTable(ex);
  ex.say(
    'Raw readings are kept for three hours here. Each item stores when it expires in an attribute of type Number, in epoch seconds; Time to Live, once enabled for that attribute, deletes expired items in the background at no write cost.',
  );
  const ttlRequest = { TableName: tableName, TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true } };
  ex.show('UpdateTimeToLive request', ttlRequest);
  try {
    const { TimeToLiveSpecification } = await ex.client.send(new UpdateTimeToLiveCommand(ttlRequest));
    ex.show('UpdateTimeToLive response', TimeToLiveSpecification);
    assert.deepEqual(TimeToLiveSpecification, ttlRequest.TimeToLiveSpecification);
  } catch (error) {
    if (!(error instanceof Error) || error.name !== 'UnknownOperationException') throw error;
    ex.say(
      'This server does not support TTL: it answered UnknownOperationException. On AWS (and on Strata) the call enables background deletion of expired items. Nothing else in this example depends on it.',
    );
  }

  const nowSeconds = Math.floor(Date.now() / 1000);
  const retentionSeconds = 3 * 3600;
  const readings = [5, 4, 2, 1, 0].map((hoursAgo) => {
    const takenAt = nowSeconds - hoursAgo * 3600;
    return { series: 'sensor-9#raw', at: new Date(takenAt * 1000).toISOString(), hoursAgo, expiresAt: takenAt + retentionSeconds };
  });
  await putAll(ex.doc, tableName, readings);
  ex.show(
    'Readings written (expiresAt = taken + 3 h)',
    readings.map(({ hoursAgo, expiresAt }) => ({ hoursAgo, expiresAt, expired: expiresAt <= nowSeconds })),
  );

  ex.say(
    'TTL deletion is not immediate: AWS deletes expired items typically within a few days of their expiry, and until then they still show up in reads. So reads that must not see expired data filter on the same attribute.',
  );
  const request = {
    TableName: tableName,
    KeyConditionExpression: 'series = :series',
    FilterExpression: 'attribute_not_exists(expiresAt) OR expiresAt > :now',
    ExpressionAttributeValues: { ':series': 'sensor-9#raw', ':now': Math.floor(Date.now() / 1000) },
    ConsistentRead: true,
  };
  ex.show('Query request', request);
  const { Items = [], Count, ScannedCount } = await ex.doc.send(new QueryCommand(request));
  ex.show('Result', { ScannedCount, Count, hoursAgo: Items.map((item) => item['hoursAgo']) });
  assert.deepEqual(
    Items.map((item) => item['hoursAgo']),
    [2, 1, 0],
  );
  ex.say(
    'ScannedCount counts what was read, Count what passed the filter: expired items that are still stored are read and paid for, then dropped. Items without the attribute never expire, hence attribute_not_exists in the filter.',
  );
});

const timeSeriesData = chapter(import.meta.url, 'Time series: IoT readings, metrics and event logs', [
  perDayPartitions,
  latestReadings,
  timeRange,
  writeSharding,
  eventLogKeys,
  ttlRetention,
]);
export default timeSeriesData;

await runWhenMain(import.meta.url, timeSeriesData);
