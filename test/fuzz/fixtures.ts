import type { JsonObject } from './json-text.js';
import type { Random } from './random.js';

/**
 * The tables a campaign creates before it fuzzes, so that generated requests name
 * tables that exist, with keys of the right names and types and items to find: one
 * keyed by a string, one with a sort key, an LSI and two GSIs, one keyed by binary
 * values on provisioned capacity. Two have streams, of different views, so that every
 * write to them (and every TTL expiry on fuzz-hash) makes records for the Streams
 * requests to read; the one without gives ListStreams and DescribeTable a table
 * with none.
 */
export interface KeyAttribute {
  readonly name: string;
  readonly type: 'S' | 'N' | 'B';
}

export interface FixtureTable {
  readonly name: string;
  /** HASH first, then RANGE when there is one. */
  readonly keys: readonly KeyAttribute[];
  readonly indexNames: readonly string[];
  readonly createRequest: JsonObject;
}

function keySchema(keys: readonly KeyAttribute[]): JsonObject[] {
  return keys.map((key, index) => ({ AttributeName: key.name, KeyType: index === 0 ? 'HASH' : 'RANGE' }));
}

export const FIXTURE_TABLES: readonly FixtureTable[] = [
  {
    name: 'fuzz-hash',
    keys: [{ name: 'pk', type: 'S' }],
    indexNames: [],
    createRequest: {
      TableName: 'fuzz-hash',
      KeySchema: keySchema([{ name: 'pk', type: 'S' }]),
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
      BillingMode: 'PAY_PER_REQUEST',
      StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' },
    },
  },
  {
    name: 'fuzz-composite',
    keys: [
      { name: 'pk', type: 'S' },
      { name: 'sk', type: 'N' },
    ],
    indexNames: ['by-lsk', 'by-gpk', 'by-a'],
    createRequest: {
      TableName: 'fuzz-composite',
      KeySchema: keySchema([
        { name: 'pk', type: 'S' },
        { name: 'sk', type: 'N' },
      ]),
      AttributeDefinitions: [
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'sk', AttributeType: 'N' },
        { AttributeName: 'lsk', AttributeType: 'S' },
        { AttributeName: 'gpk', AttributeType: 'S' },
        { AttributeName: 'gsk', AttributeType: 'N' },
        { AttributeName: 'a', AttributeType: 'S' },
      ],
      BillingMode: 'PAY_PER_REQUEST',
      LocalSecondaryIndexes: [
        {
          IndexName: 'by-lsk',
          KeySchema: keySchema([
            { name: 'pk', type: 'S' },
            { name: 'lsk', type: 'S' },
          ]),
          Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: ['a', 'doc'] },
        },
      ],
      GlobalSecondaryIndexes: [
        {
          IndexName: 'by-gpk',
          KeySchema: keySchema([
            { name: 'gpk', type: 'S' },
            { name: 'gsk', type: 'N' },
          ]),
          Projection: { ProjectionType: 'ALL' },
        },
        { IndexName: 'by-a', KeySchema: keySchema([{ name: 'a', type: 'S' }]), Projection: { ProjectionType: 'KEYS_ONLY' } },
      ],
    },
  },
  {
    name: 'fuzz-binary',
    keys: [
      { name: 'pk', type: 'B' },
      { name: 'sk', type: 'S' },
    ],
    indexNames: [],
    createRequest: {
      TableName: 'fuzz-binary',
      KeySchema: keySchema([
        { name: 'pk', type: 'B' },
        { name: 'sk', type: 'S' },
      ]),
      AttributeDefinitions: [
        { AttributeName: 'pk', AttributeType: 'B' },
        { AttributeName: 'sk', AttributeType: 'S' },
      ],
      ProvisionedThroughput: { ReadCapacityUnits: 5, WriteCapacityUnits: 5 },
      StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_IMAGE' },
    },
  },
];

/** Tables that generated CreateTable and DeleteTable requests use, so that the fixtures stay. */
export const SCRATCH_TABLE_NAMES: readonly string[] = ['fuzz-scratch-0', 'fuzz-scratch-1', 'fuzz-scratch-2'];

/** The TTL attribute the campaign enables on fuzz-hash, so that expiry sweeps run among the requests. */
export const TTL_TABLE = { name: 'fuzz-hash', attributeName: 'ttl' };

/** Key values are drawn from a few, so that reads and conditions meet items that writes made. */
const KEY_VALUES_DISTINCT = 10;

export function keyValue(random: Random, type: KeyAttribute['type']): JsonObject {
  const ordinal = random.int(0, KEY_VALUES_DISTINCT - 1);
  if (type === 'S') return { S: `p${ordinal}` };
  if (type === 'N') return { N: String(ordinal) };
  return { B: Buffer.from([ordinal]).toString('base64') };
}

export function fixtureByName(tableName: string): FixtureTable | undefined {
  return FIXTURE_TABLES.find((table) => tableName === table.name || tableName.endsWith(`:table/${table.name}`));
}
