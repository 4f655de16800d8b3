import type { ApiModel, ModelShape } from '../support/api-model.js';
import { attributeMap, attributeValue, tableItem, tableKey } from './attribute-values.js';
import { condition, keyCondition, Placeholders, projection, update } from './expressions.js';
import { FIXTURE_TABLES, fixtureByName, SCRATCH_TABLE_NAMES, type FixtureTable } from './fixtures.js';
import { objectOf, type JsonObject, type JsonValue } from './json-text.js';
import { OBSERVED_SHAPES, type ObservedPicks, type ObservedValues } from './observed-values.js';
import type { Random } from './random.js';
import type { FuzzedService } from './services.js';
import { attributeName, binaryText, oddString, plainString } from './vocabulary.js';

/**
 * Valid-ish requests, generated from AWS's API model: every operation's input shape,
 * walked member by member, with the model's required members, enums, lengths and
 * ranges. Where the model says only "string" or "map", the generator knows better:
 * table names are the fixtures' (so Key and Item get the table's key attributes),
 * expressions come from the grammar (expressions.ts) and the placeholder maps define
 * what they used, and stream ARNs, shard ids, iterators and sequence numbers are
 * mostly real ones, taken from earlier answers (observed-values.ts). Most such
 * requests are valid; the rest fail DynamoDB's rules that the model does not carry
 * (a key of the wrong type, a reserved word), as real clients' requests do.
 */

export interface ModelRequest {
  readonly service: FuzzedService;
  readonly operation: string;
  readonly body: JsonObject;
}

interface Generation {
  readonly random: Random;
  readonly model: ApiModel;
  readonly operation: string;
  /** The table the enclosing structure names, which keys, items and index names belong to. */
  readonly table: FixtureTable | undefined;
  /** The placeholders of the enclosing structure's expressions. */
  readonly placeholders: Placeholders;
  readonly observed: ObservedPicks;
}

/**
 * How often a value of an observed shape is one the server gave, when it has given
 * one: the rest are the model's strings, mostly too short to be one, which the
 * server must refuse.
 */
const OBSERVED_VALUE_CHANCE = 0.9;

/** Operations whose generated requests create or delete tables: they use the scratch tables, never the fixtures. */
const TABLE_LIFECYCLE_OPERATIONS: ReadonlySet<string> = new Set(['CreateTable', 'DeleteTable']);

function tableName(random: Random, operation: string): string {
  const fixture = (): string => random.pick(FIXTURE_TABLES).name;
  const scratch = (): string => random.pick(SCRATCH_TABLE_NAMES);
  const lifecycle = TABLE_LIFECYCLE_OPERATIONS.has(operation);
  const unusual = (): string =>
    random.pick([
      // A table's ARN names it as its name does, and a DeleteTable of a fixture's would leave the rest of the campaign without it.
      `arn:aws:dynamodb:us-east-1:000000000000:table/${lifecycle ? scratch() : fixture()}`,
      'arn:aws:dynamodb:us-east-1:000000000000:table/',
      'fuzz-missing',
      'ab',
      'x'.repeat(random.int(256, 1_100)),
      oddString(random),
    ]);
  if (lifecycle) {
    return random.weighted<() => string>([
      [8, scratch],
      [operation === 'CreateTable' ? 1 : 0, fixture],
      [1, unusual],
    ])();
  }
  return random.weighted<() => string>([
    [8, fixture],
    [1, scratch],
    [1, unusual],
  ])();
}

function shapeOf(generation: Generation, shapeName: string): ModelShape {
  const shape = generation.model.shapes[shapeName];
  if (shape === undefined) throw new Error(`${shapeName} is not a shape of the API model`);
  return shape;
}

/** A bounded count for a list or map, within the model's min and max. */
function count(random: Random, shape: ModelShape): number {
  const min = shape.min ?? 0;
  return random.int(min, Math.max(min, Math.min(shape.max ?? 4, 4)));
}

function stringOf(generation: Generation, shapeName: string, shape: ModelShape): string {
  const { random } = generation;
  if (OBSERVED_SHAPES.has(shapeName) && random.chance(OBSERVED_VALUE_CHANCE)) {
    const observed = generation.observed.value(shapeName);
    if (observed !== undefined) return observed;
  }
  switch (shapeName) {
    case 'TableArn':
    case 'TableName':
      return tableName(random, generation.operation);
    case 'IndexName':
      return generation.table !== undefined && generation.table.indexNames.length > 0 && random.chance(0.8)
        ? random.pick(generation.table.indexNames)
        : plainString(random);
    case 'AttributeName':
    case 'KeySchemaAttributeName':
    case 'NonKeyAttributeName':
    case 'TimeToLiveAttributeName':
      return attributeName(random);
    case 'ConditionExpression':
      return condition(random, generation.placeholders);
    case 'KeyExpression':
      return keyCondition(random, generation.placeholders, generation.table);
    case 'ProjectionExpression':
      return projection(random, generation.placeholders);
    case 'UpdateExpression':
      return update(random, generation.placeholders);
  }
  if (shape.enum !== undefined && random.chance(0.95)) return random.pick(shape.enum);
  return plainString(random, Math.max(shape.min ?? 1, Math.min(shape.max ?? 20, 20)));
}

function numberOf(random: Random, shape: ModelShape): number {
  const min = shape.min ?? 0;
  return random.int(min, Math.min(shape.max ?? min + 20, min + 20));
}

/** Maps keyed by table name (BatchGetItem's and BatchWriteItem's RequestItems): each value belongs to its table. */
function tableMap(generation: Generation, shape: ModelShape): JsonObject {
  return objectOf(
    Array.from({ length: count(generation.random, shape) }, () => {
      const name = tableName(generation.random, generation.operation);
      return [name, generate({ ...generation, table: fixtureByName(name) }, shape.value!.shape)] as const;
    }),
  );
}

function placeholderNames(generation: Generation): JsonObject {
  const { random, placeholders } = generation;
  const defined = [...placeholders.names].filter(() => random.chance(0.95));
  if (random.chance(0.05)) defined.push(['#unused', 'a']);
  return objectOf(defined);
}

function placeholderValues(generation: Generation): JsonObject {
  const { random, placeholders } = generation;
  const defined = [...placeholders.values].filter(() => random.chance(0.95)).map((placeholder) => [placeholder, attributeValue(random)] as const);
  if (random.chance(0.05)) defined.push([':unused', { S: 'x' }]);
  return objectOf(defined);
}

const PLACEHOLDER_MAP_MEMBERS: ReadonlySet<string> = new Set(['ExpressionAttributeNames', 'ExpressionAttributeValues']);

/**
 * Members in the order they must be generated: the table first (keys depend on it),
 * the placeholder maps last (they define what the expressions used).
 */
function generationOrder(memberNames: readonly string[]): string[] {
  const rank = (name: string): number => (name === 'TableName' ? 0 : PLACEHOLDER_MAP_MEMBERS.has(name) ? 2 : 1);
  return [...memberNames].sort((left, right) => rank(left) - rank(right));
}

/** The model writes unions (TransactWriteItem, WriteRequest, GlobalSecondaryIndexUpdate) as structures whose members are all structures, one of which is set. */
function isUnion(generation: Generation, shape: ModelShape): boolean {
  const members = Object.values(shape.members ?? {});
  return (shape.required ?? []).length === 0 && members.length > 1 && members.every((member) => shapeOf(generation, member.shape).type === 'structure');
}

function chosenMembers(generation: Generation, shape: ModelShape): string[] {
  const { random } = generation;
  const memberNames = Object.keys(shape.members ?? {});
  if (isUnion(generation, shape)) return random.chance(0.9) ? [random.pick(memberNames)] : memberNames.filter(() => random.chance(0.3));
  const required = new Set(shape.required ?? []);
  const optionalCount = memberNames.length - required.size;
  // About two optional members per structure, so that requests stay near-valid and each member still appears often.
  const optionalChance = Math.min(0.4, 2 / Math.max(optionalCount, 1));
  // The placeholder maps are always considered: structure() keeps them when the expressions used placeholders.
  return memberNames.filter((name) => required.has(name) || PLACEHOLDER_MAP_MEMBERS.has(name) || random.chance(optionalChance));
}

function structure(generation: Generation, shape: ModelShape, presetMembers: JsonObject = {}): JsonObject {
  const members = shape.members ?? {};
  const ownsPlaceholders = Object.keys(members).some((name) => PLACEHOLDER_MAP_MEMBERS.has(name));
  let scope: Generation = ownsPlaceholders ? { ...generation, placeholders: new Placeholders() } : generation;
  const entries: Array<readonly [string, JsonValue]> = [];
  for (const name of generationOrder(chosenMembers(generation, shape))) {
    const preset = presetMembers[name];
    if (name === 'ExpressionAttributeNames') {
      if (scope.placeholders.names.size > 0 || generation.random.chance(0.05)) entries.push([name, placeholderNames(scope)]);
    } else if (name === 'ExpressionAttributeValues') {
      if (scope.placeholders.values.size > 0 || generation.random.chance(0.05)) entries.push([name, placeholderValues(scope)]);
    } else {
      const value = preset ?? generate(scope, members[name]!.shape);
      if (name === 'TableName' && typeof value === 'string') scope = { ...scope, table: fixtureByName(value) };
      entries.push([name, value]);
    }
  }
  for (const [name, value] of Object.entries(presetMembers)) if (!entries.some(([chosen]) => chosen === name)) entries.push([name, value]);
  return objectOf(entries);
}

function generate(generation: Generation, shapeName: string): JsonValue {
  const { random, table } = generation;
  switch (shapeName) {
    case 'AttributeValue':
      return attributeValue(random);
    case 'Key':
      return table !== undefined && random.chance(0.9) ? tableKey(random, table) : attributeMap(random);
    case 'PutItemInputAttributeMap':
      return table !== undefined && random.chance(0.9) ? tableItem(random, table) : attributeMap(random);
  }
  const shape = shapeOf(generation, shapeName);
  switch (shape.type) {
    case 'structure':
      return structure(generation, shape);
    case 'list':
      return Array.from({ length: count(random, shape) }, () => generate(generation, shape.member!.shape));
    case 'map':
      if (shape.key!.shape === 'TableArn') return tableMap(generation, shape);
      return objectOf(
        Array.from(
          { length: count(random, shape) },
          () => [stringOf(generation, shape.key!.shape, shapeOf(generation, shape.key!.shape)), generate(generation, shape.value!.shape)] as const,
        ),
      );
    case 'string':
      return stringOf(generation, shapeName, shape);
    case 'integer':
    case 'long':
      return numberOf(random, shape);
    case 'double':
    case 'timestamp':
      return random.int(0, 2_000_000_000);
    case 'boolean':
      return random.chance(0.5);
    case 'blob':
      return binaryText(random);
  }
  throw new Error(`the generator has no case for ${shape.type} (${shapeName})`);
}

/** The input shape of `operation` in the model. */
export function inputShapeName(model: ApiModel, operation: string): string {
  const input = model.operations[operation]?.input.shape;
  if (input === undefined) throw new Error(`${operation} is not an operation of the API model`);
  return input;
}

/** The iterator types that start at a sequence number: GetShardIterator wants its SequenceNumber with these, and refuses it with the others. */
const SEQUENCE_NUMBER_ITERATOR_TYPES: ReadonlySet<JsonValue> = new Set(['AT_SEQUENCE_NUMBER', 'AFTER_SEQUENCE_NUMBER']);

/** How often a GetShardIterator keeps that rule, which the model does not carry: the rest are refused for it. */
const SEQUENCE_NUMBER_RULE_KEPT_CHANCE = 0.8;

/** GetShardIterator's `body` with a SequenceNumber if and only if its ShardIteratorType starts at one. */
function withSequenceNumberRuleKept(generation: Generation, body: JsonObject): JsonObject {
  const wanted = SEQUENCE_NUMBER_ITERATOR_TYPES.has(body['ShardIteratorType'] ?? null);
  const entries = Object.entries(body).filter(([name]) => wanted || name !== 'SequenceNumber');
  if (wanted && !('SequenceNumber' in body)) entries.push(['SequenceNumber', generate(generation, 'SequenceNumber')]);
  return objectOf(entries);
}

/**
 * A valid-ish request of `service`'s `operation`, with values `observed` in earlier
 * answers. Half the CreateTable requests copy a fixture's definition onto a scratch
 * table's name, so that the scratch tables come and go.
 */
export function modelRequest(random: Random, service: FuzzedService, operation: string, observed: ObservedValues): ModelRequest {
  const { model } = service;
  const generation: Generation = { random, model, operation, table: undefined, placeholders: new Placeholders(), observed: observed.picks(random) };
  const input = shapeOf(generation, inputShapeName(model, operation));
  const preset: JsonObject =
    operation === 'CreateTable' && random.chance(0.5) ? { ...random.pick(FIXTURE_TABLES).createRequest, TableName: random.pick(SCRATCH_TABLE_NAMES) } : {};
  const body = structure(generation, input, preset);
  const keepsSequenceNumberRule = operation === 'GetShardIterator' && random.chance(SEQUENCE_NUMBER_RULE_KEPT_CHANCE);
  return { service, operation, body: keepsSequenceNumberRule ? withSequenceNumberRuleKept(generation, body) : body };
}
