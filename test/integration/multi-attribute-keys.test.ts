import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CreateTableCommand,
  DescribeTableCommand,
  paginateQuery,
  paginateScan,
  PutItemCommand,
  QueryCommand,
  UpdateTableCommand,
  type AttributeValue,
  type CreateTableCommandInput,
  type DynamoDBClient,
  type QueryCommandInput,
} from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand as DocumentQueryCommand } from '@aws-sdk/lib-dynamodb';
import { startStrataWithClient, uniqueTableName, type StrataUnderTest } from '../support/strata.js';

/**
 * Multi-attribute GSI keys (AWS, November 2025): up to four partition and four sort
 * attributes. DynamoDB Local predates them, so instead of a differential test every
 * query is checked against the answer computed here from the items written: the items
 * that have every index key attribute, matching the conditions, ordered by the sort
 * attributes left to right.
 */

interface Match {
  readonly id: string;
  readonly tournament: string;
  readonly region?: string;
  readonly round: number;
  readonly bracket?: string;
  readonly matchId: string;
  readonly score: number;
}

const TOURNAMENTS = ['WINTER', 'SUMMER'];
const REGIONS = ['NA-EAST', 'EU-WEST'];
const BRACKETS = ['lower', 'upper'];

function matches(): Match[] {
  const all: Match[] = [];
  for (let n = 0; n < 480; n++) {
    all.push({
      id: `match-${n}`,
      tournament: TOURNAMENTS[n % 2]!,
      // Every 13th match has no region and every 17th no bracket: both stay out of the index.
      ...(n % 13 === 0 ? {} : { region: REGIONS[Math.floor(n / 2) % 2]! }),
      round: (n % 5) + 1,
      ...(n % 17 === 0 ? {} : { bracket: BRACKETS[Math.floor(n / 4) % 2]! }),
      // Not in match order, so that the sort really decides the order of answers.
      matchId: `m${String((n * 7919) % 1000).padStart(3, '0')}`,
      score: n,
    });
  }
  return all;
}

function toItem(match: Match): Record<string, AttributeValue> {
  const item: Record<string, AttributeValue> = {
    id: { S: match.id },
    tournament: { S: match.tournament },
    round: { N: String(match.round) },
    matchId: { S: match.matchId },
    score: { N: String(match.score) },
  };
  if (match.region !== undefined) item.region = { S: match.region };
  if (match.bracket !== undefined) item.bracket = { S: match.bracket };
  return item;
}

const compareText = (a: string, b: string): number => Buffer.compare(Buffer.from(a), Buffer.from(b));

/** Index order: round by value, then bracket and matchId by bytes, then the table key. */
function indexOrder(a: Match, b: Match): number {
  return a.round - b.round || compareText(a.bracket!, b.bracket!) || compareText(a.matchId, b.matchId) || compareText(a.id, b.id);
}

interface Spec {
  readonly title: string;
  readonly expression: string;
  readonly values: Record<string, AttributeValue>;
  readonly holds: (match: Match) => boolean;
}

const partition = (tournament: string, region: string): Pick<Spec, 'expression' | 'values'> => ({
  expression: 'tournament = :t AND #region = :r',
  values: { ':t': { S: tournament }, ':r': { S: region } },
});

function spec(
  title: string,
  tournament: string,
  region: string,
  sortExpression: string,
  sortValues: Record<string, AttributeValue>,
  holds: (match: Match) => boolean,
): Spec {
  const base = partition(tournament, region);
  return {
    title,
    expression: sortExpression === '' ? base.expression : `${base.expression} AND ${sortExpression}`,
    values: { ...base.values, ...sortValues },
    holds: (match) => match.tournament === tournament && match.region === region && holds(match),
  };
}

const SPECS: Spec[] = [
  spec('the whole partition', 'WINTER', 'NA-EAST', '', {}, () => true),
  spec('round =', 'WINTER', 'EU-WEST', '#round = :round', { ':round': { N: '3' } }, (match) => match.round === 3),
  spec('round >=', 'SUMMER', 'NA-EAST', '#round >= :round', { ':round': { N: '4' } }, (match) => match.round >= 4),
  spec('round <', 'SUMMER', 'EU-WEST', '#round < :round', { ':round': { N: '3' } }, (match) => match.round < 3),
  spec(
    'round = and bracket =',
    'WINTER',
    'NA-EAST',
    '#round = :round AND bracket = :b',
    { ':round': { N: '1' }, ':b': { S: 'upper' } },
    (match) => match.round === 1 && match.bracket === 'upper',
  ),
  spec(
    'round = and bracket BETWEEN',
    'SUMMER',
    'NA-EAST',
    '#round = :round AND bracket BETWEEN :low AND :high',
    { ':round': { N: '2' }, ':low': { S: 'l' }, ':high': { S: 'lz' } },
    (match) => match.round === 2 && match.bracket! >= 'l' && match.bracket! <= 'lz',
  ),
  spec(
    'round =, bracket = and begins_with(matchId)',
    'WINTER',
    'EU-WEST',
    '#round = :round AND bracket = :b AND begins_with(matchId, :prefix)',
    { ':round': { N: '5' }, ':b': { S: 'lower' }, ':prefix': { S: 'm5' } },
    (match) => match.round === 5 && match.bracket === 'lower' && match.matchId.startsWith('m5'),
  ),
  spec(
    'every sort attribute, the last with >',
    'SUMMER',
    'EU-WEST',
    '#round = :round AND bracket = :b AND matchId > :m',
    { ':round': { N: '4' }, ':b': { S: 'upper' }, ':m': { S: 'm400' } },
    (match) => match.round === 4 && match.bracket === 'upper' && match.matchId > 'm400',
  ),
];

const TOURNAMENT_INDEX = {
  IndexName: 'byTournament',
  KeySchema: [
    { AttributeName: 'tournament', KeyType: 'HASH' as const },
    { AttributeName: 'region', KeyType: 'HASH' as const },
    { AttributeName: 'round', KeyType: 'RANGE' as const },
    { AttributeName: 'bracket', KeyType: 'RANGE' as const },
    { AttributeName: 'matchId', KeyType: 'RANGE' as const },
  ],
  Projection: { ProjectionType: 'ALL' as const },
};

const DEFINITIONS = [
  { AttributeName: 'id', AttributeType: 'S' as const },
  { AttributeName: 'tournament', AttributeType: 'S' as const },
  { AttributeName: 'region', AttributeType: 'S' as const },
  { AttributeName: 'round', AttributeType: 'N' as const },
  { AttributeName: 'bracket', AttributeType: 'S' as const },
  { AttributeName: 'matchId', AttributeType: 'S' as const },
];

function createMatches(tableName: string, extra: Partial<CreateTableCommandInput> = {}): CreateTableCommand {
  return new CreateTableCommand({
    TableName: tableName,
    KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
    AttributeDefinitions: DEFINITIONS,
    BillingMode: 'PAY_PER_REQUEST',
    GlobalSecondaryIndexes: [TOURNAMENT_INDEX],
    ...extra,
  });
}

async function queryAll(client: DynamoDBClient, input: QueryCommandInput, pageSize: number): Promise<{ ids: string[]; lastKeys: string[][] }> {
  const ids: string[] = [];
  const lastKeys: string[][] = [];
  for await (const page of paginateQuery({ client, pageSize }, input)) {
    ids.push(...(page.Items ?? []).map((item) => item.id!.S!));
    if (page.LastEvaluatedKey !== undefined) lastKeys.push(Object.keys(page.LastEvaluatedKey).sort());
  }
  return { ids, lastKeys };
}

describe('multi-attribute GSI keys', () => {
  let server: StrataUnderTest;
  let client: DynamoDBClient;
  const table = uniqueTableName('matches');
  const all = matches();

  before(async () => {
    server = await startStrataWithClient();
    client = server.client;
    await client.send(createMatches(table));
    for (const match of all) await client.send(new PutItemCommand({ TableName: table, Item: toItem(match) }));
  });
  after(async () => {
    await server.close();
  });

  it('describes the key schema in the order it was given', async () => {
    const described = await client.send(new DescribeTableCommand({ TableName: table }));
    const index = described.Table!.GlobalSecondaryIndexes![0]!;
    assert.deepEqual(index.KeySchema, TOURNAMENT_INDEX.KeySchema);
    assert.equal(index.IndexStatus, 'ACTIVE');
    assert.equal(index.ItemCount, all.filter((match) => match.region !== undefined && match.bracket !== undefined).length);
  });

  for (const querySpec of SPECS) {
    for (const forward of [true, false]) {
      it(`answers ${querySpec.title} ${forward ? 'forward' : 'backward'}, in pages that carry every key attribute`, async () => {
        const expected = all.filter((match) => match.region !== undefined && match.bracket !== undefined && querySpec.holds(match)).sort(indexOrder);
        if (!forward) expected.reverse();
        assert.ok(expected.length > 0, 'the spec selects some matches');
        const { ids, lastKeys } = await queryAll(
          client,
          {
            TableName: table,
            IndexName: 'byTournament',
            KeyConditionExpression: querySpec.expression,
            ExpressionAttributeNames: querySpec.expression.includes('#round') ? { '#region': 'region', '#round': 'round' } : { '#region': 'region' },
            ExpressionAttributeValues: querySpec.values,
            ScanIndexForward: forward,
          },
          3,
        );
        assert.deepEqual(
          ids,
          expected.map((match) => match.id),
        );
        for (const keys of lastKeys) assert.deepEqual(keys, ['bracket', 'id', 'matchId', 'region', 'round', 'tournament']);
      });
    }
  }

  it('takes the same conditions through the legacy KeyConditions', async () => {
    const answer = await client.send(
      new QueryCommand({
        TableName: table,
        IndexName: 'byTournament',
        KeyConditions: {
          tournament: { ComparisonOperator: 'EQ', AttributeValueList: [{ S: 'WINTER' }] },
          region: { ComparisonOperator: 'EQ', AttributeValueList: [{ S: 'EU-WEST' }] },
          round: { ComparisonOperator: 'EQ', AttributeValueList: [{ N: '2' }] },
          bracket: { ComparisonOperator: 'BEGINS_WITH', AttributeValueList: [{ S: 'up' }] },
        },
      }),
    );
    const expected = all
      .filter((match) => match.tournament === 'WINTER' && match.region === 'EU-WEST' && match.round === 2 && match.bracket === 'upper')
      .sort(indexOrder)
      .map((match) => match.id);
    assert.deepEqual(
      answer.Items!.map((item) => item.id!.S),
      expected,
    );
  });

  it('works through lib-dynamodb with plain values', async () => {
    const documents = DynamoDBDocumentClient.from(client);
    const answer = await documents.send(
      new DocumentQueryCommand({
        TableName: table,
        IndexName: 'byTournament',
        KeyConditionExpression: 'tournament = :t AND #region = :r AND #round BETWEEN :from AND :to',
        ExpressionAttributeNames: { '#region': 'region', '#round': 'round' },
        ExpressionAttributeValues: { ':t': 'SUMMER', ':r': 'NA-EAST', ':from': 2, ':to': 3 },
        Select: 'COUNT',
      }),
    );
    assert.equal(
      answer.Count,
      all.filter((match) => match.tournament === 'SUMMER' && match.region === 'NA-EAST' && match.bracket !== undefined && match.round >= 2 && match.round <= 3)
        .length,
    );
  });

  it('scans the index: exactly the matches that have every key attribute', async () => {
    const seen: string[] = [];
    for await (const page of paginateScan({ client, pageSize: 50 }, { TableName: table, IndexName: 'byTournament' })) {
      seen.push(...(page.Items ?? []).map((item) => item.id!.S!));
    }
    const expected = all.filter((match) => match.region !== undefined && match.bracket !== undefined).map((match) => match.id);
    assert.deepEqual(seen.sort(), expected.sort());
  });

  const invalidQueries: Array<[string, string, Record<string, AttributeValue>]> = [
    ['a partition attribute left out', 'tournament = :t', { ':t': { S: 'WINTER' } }],
    ['a sort attribute skipped', 'tournament = :t AND #region = :r AND bracket = :b', { ':t': { S: 'WINTER' }, ':r': { S: 'NA-EAST' }, ':b': { S: 'upper' } }],
    [
      'a condition after an inequality',
      'tournament = :t AND #region = :r AND #round > :round AND bracket = :b',
      { ':t': { S: 'WINTER' }, ':r': { S: 'NA-EAST' }, ':round': { N: '1' }, ':b': { S: 'upper' } },
    ],
    ['an inequality on a partition attribute', 'tournament = :t AND #region > :r', { ':t': { S: 'WINTER' }, ':r': { S: 'A' } }],
    [
      'a value of the wrong type',
      'tournament = :t AND #region = :r AND #round = :round',
      { ':t': { S: 'WINTER' }, ':r': { S: 'NA-EAST' }, ':round': { S: '1' } },
    ],
    ['a non-key attribute', 'tournament = :t AND #region = :r AND score = :s', { ':t': { S: 'WINTER' }, ':r': { S: 'NA-EAST' }, ':s': { N: '1' } }],
  ];
  for (const [title, expression, values] of invalidQueries) {
    it(`refuses a key condition with ${title}`, async () => {
      const names: Record<string, string> = { '#region': 'region' };
      if (expression.includes('#round')) names['#round'] = 'round';
      await assert.rejects(
        client.send(
          new QueryCommand({
            TableName: table,
            IndexName: 'byTournament',
            KeyConditionExpression: expression,
            ExpressionAttributeNames: names,
            ExpressionAttributeValues: values,
          }),
        ),
        { name: 'ValidationException' },
      );
    });
  }

  it('refuses an item whose index key attribute has the wrong type, naming the attribute and the index', async () => {
    await assert.rejects(client.send(new PutItemCommand({ TableName: table, Item: { ...toItem(all[1]!), round: { S: 'one' } } })), {
      name: 'ValidationException',
      message: /Index Key round Expected: N Actual: S IndexName: byTournament/,
    });
  });

  const invalidSchemas: Array<[string, Array<{ AttributeName: string; KeyType: 'HASH' | 'RANGE' }>]> = [
    ['five HASH attributes', ['tournament', 'region', 'round', 'bracket', 'matchId'].map((name) => ({ AttributeName: name, KeyType: 'HASH' }))],
    [
      'five RANGE attributes',
      [
        { AttributeName: 'tournament', KeyType: 'HASH' },
        ...['region', 'round', 'bracket', 'matchId', 'id'].map((name) => ({ AttributeName: name, KeyType: 'RANGE' as const })),
      ],
    ],
    [
      'a HASH attribute after a RANGE one',
      [
        { AttributeName: 'tournament', KeyType: 'HASH' },
        { AttributeName: 'round', KeyType: 'RANGE' },
        { AttributeName: 'region', KeyType: 'HASH' },
      ],
    ],
    [
      'an attribute named twice',
      [
        { AttributeName: 'tournament', KeyType: 'HASH' },
        { AttributeName: 'region', KeyType: 'HASH' },
        { AttributeName: 'tournament', KeyType: 'RANGE' },
      ],
    ],
    [
      'an attribute without a definition',
      [
        { AttributeName: 'tournament', KeyType: 'HASH' },
        { AttributeName: 'undefinedAttribute', KeyType: 'HASH' },
      ],
    ],
  ];
  for (const [title, keySchema] of invalidSchemas) {
    it(`refuses a GSI key schema with ${title}`, async () => {
      await assert.rejects(
        client.send(createMatches(uniqueTableName('bad-schema'), { GlobalSecondaryIndexes: [{ ...TOURNAMENT_INDEX, KeySchema: keySchema }] })),
        {
          name: 'ValidationException',
        },
      );
    });
  }

  it('keeps tables and LSIs to one attribute of each kind', async () => {
    await assert.rejects(
      client.send(
        createMatches(uniqueTableName('bad-table'), {
          KeySchema: [
            { AttributeName: 'id', KeyType: 'HASH' },
            { AttributeName: 'tournament', KeyType: 'HASH' },
          ],
          GlobalSecondaryIndexes: undefined,
          AttributeDefinitions: DEFINITIONS.slice(0, 2),
        }),
      ),
      { name: 'ValidationException', message: /Too many hash keys/ },
    );
    await assert.rejects(
      client.send(
        createMatches(uniqueTableName('bad-lsi'), {
          KeySchema: [
            { AttributeName: 'id', KeyType: 'HASH' },
            { AttributeName: 'matchId', KeyType: 'RANGE' },
          ],
          GlobalSecondaryIndexes: undefined,
          AttributeDefinitions: [DEFINITIONS[0]!, DEFINITIONS[3]!, DEFINITIONS[4]!, DEFINITIONS[5]!],
          LocalSecondaryIndexes: [
            {
              IndexName: 'twoRanges',
              KeySchema: [
                { AttributeName: 'id', KeyType: 'HASH' },
                { AttributeName: 'round', KeyType: 'RANGE' },
                { AttributeName: 'bracket', KeyType: 'RANGE' },
              ],
              Projection: { ProjectionType: 'ALL' },
            },
          ],
        }),
      ),
      { name: 'ValidationException', message: /Key Schema too big/ },
    );
  });

  it('backfills a multi-attribute GSI added to a live table', async () => {
    await client.send(
      new UpdateTableCommand({
        TableName: table,
        AttributeDefinitions: [
          { AttributeName: 'region', AttributeType: 'S' },
          { AttributeName: 'round', AttributeType: 'N' },
          { AttributeName: 'score', AttributeType: 'N' },
        ],
        GlobalSecondaryIndexUpdates: [
          {
            Create: {
              IndexName: 'byRegionRound',
              KeySchema: [
                { AttributeName: 'region', KeyType: 'HASH' },
                { AttributeName: 'round', KeyType: 'HASH' },
                { AttributeName: 'score', KeyType: 'RANGE' },
              ],
              Projection: { ProjectionType: 'KEYS_ONLY' },
            },
          },
        ],
      }),
    );
    for (let attempt = 0; ; attempt++) {
      const described = await client.send(new DescribeTableCommand({ TableName: table }));
      if (described.Table!.GlobalSecondaryIndexes!.every((index) => index.IndexStatus === 'ACTIVE')) break;
      assert.ok(attempt < 500, 'the backfill finishes');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const { ids } = await queryAll(
      client,
      {
        TableName: table,
        IndexName: 'byRegionRound',
        KeyConditionExpression: '#region = :r AND #round = :round AND score > :s',
        ExpressionAttributeNames: { '#region': 'region', '#round': 'round' },
        ExpressionAttributeValues: { ':r': { S: 'EU-WEST' }, ':round': { N: '3' }, ':s': { N: '100' } },
        ScanIndexForward: false,
      },
      10,
    );
    const expected = all
      .filter((match) => match.region === 'EU-WEST' && match.round === 3 && match.score > 100)
      .sort((a, b) => b.score - a.score)
      .map((match) => match.id);
    assert.deepEqual(ids, expected);
  });
});
