import type { ApiModel } from '../support/api-model.js';
import { deepAttributeValue, deepJson, malformedAttributeValue } from './attribute-values.js';
import { brokenExpression } from './expressions.js';
import { changedAt } from './json-paths.js';
import { encodeJson, isJsonObject, jsonKind, JsonLiteral, objectOf, type JsonObject, type JsonValue } from './json-text.js';
import { inputShapeName, type ModelRequest } from './model-requests.js';
import { OBSERVED_SHAPES, type ObservedValues } from './observed-values.js';
import type { Random } from './random.js';
import { sitesOf, type Site } from './shape-sites.js';
import { nearMiss, oddString, PROTOTYPE_NAMES } from './vocabulary.js';

/**
 * Mutations of a valid-ish request, each at a place chosen anywhere in the body, at
 * any depth: `null` or a value of the wrong JSON type where the model wants another,
 * a required member removed, huge strings, numbers, lists and maps, values nested
 * thousands deep, odd Unicode, broken expressions, malformed AttributeValues, values
 * the server gave (a stream ARN, an iterator) slightly wrong, and member names such
 * as `__proto__`. The model says what each place holds, so a mutation knows an
 * AttributeValue, an expression or a shard iterator when it meets one.
 */

const EXPRESSION_SHAPES: ReadonlySet<string> = new Set(['ConditionExpression', 'KeyExpression', 'ProjectionExpression', 'UpdateExpression']);

/** JSON values of every kind, for putting one of another kind than the model's. */
const VALUES_OF_EVERY_KIND: readonly JsonValue[] = [0, -1, 1.5, 1e300, true, false, '', 'text', [], [1], ['text'], {}, { a: 1 }, { S: 'x' }];

function depth(random: Random): number {
  return random.weighted([
    [3, random.int(30, 100)],
    [3, random.int(100, 5_000)],
    [1, random.int(5_000, 200_000)],
  ]);
}

function hugeString(random: Random): string {
  const lengthChars = random.weighted([
    [20, random.int(64 * 1024, 1024 * 1024)],
    [3, 4 * 1024 * 1024],
    [1, 17 * 1024 * 1024],
  ]);
  return random.chance(0.8) ? 'x'.repeat(lengthChars) : '😀'.repeat(lengthChars / 2);
}

/** Number spellings at and past the edges of doubles, integers and longs. */
const EDGE_NUMBERS: readonly JsonValue[] = [
  -1,
  0,
  2 ** 31,
  2 ** 53,
  -(2 ** 63),
  1e308,
  0.1,
  new JsonLiteral('-0'),
  new JsonLiteral('9223372036854775808'),
  new JsonLiteral('1e999'),
  new JsonLiteral('-1e999'),
  new JsonLiteral('1E2'),
  new JsonLiteral('123456789012345678901234567890'),
];

/**
 * Copies of a value make a body at most this long: past the 16 MB request limit, but
 * not so far that an earlier huge mutation, copied again, outgrows the fuzzer's memory.
 */
const COPIES_CHARS_MAX = 20 * 1024 * 1024;

/** Up to `wanted` copies of `element`, as many as COPIES_CHARS_MAX holds. */
function copiesOf(wanted: number, element: JsonValue): number {
  return Math.max(1, Math.min(wanted, Math.floor(COPIES_CHARS_MAX / (encodeJson(element).length + 1))));
}

/** A list of many copies of its first element, or an object of many members, or a number out of range. */
function huge(random: Random, value: JsonValue): JsonValue {
  if (typeof value === 'string') return hugeString(random);
  if (typeof value === 'number') return random.pick(EDGE_NUMBERS);
  const wanted = random.int(1_000, 100_000);
  if (Array.isArray(value)) {
    const element = (value[0] as JsonValue | undefined) ?? null;
    return Array.from({ length: copiesOf(wanted, element) }, () => element);
  }
  if (isJsonObject(value)) {
    const member = Object.values(value)[0] ?? { S: 'x' };
    return objectOf(Array.from({ length: copiesOf(wanted, member) }, (_, index) => [`m${index}`, member] as const));
  }
  return hugeString(random);
}

/** What mutations consult: the model of the request's service, and the values observed in answers. */
interface MutationScope {
  readonly model: ApiModel;
  readonly observed: ObservedValues;
}

interface Mutation {
  readonly weight: number;
  /** Whether this mutation applies at `site`. */
  readonly applies: (site: Site, scope: MutationScope) => boolean;
  readonly change: (random: Random, site: Site, scope: MutationScope) => JsonValue | undefined;
}

const notRoot = (site: Site): boolean => site.path.length > 0;

function presentRequiredMembers(model: ApiModel, site: Site): string[] {
  const shape = site.shapeName === undefined ? undefined : model.shapes[site.shapeName];
  if (shape?.type !== 'structure' || !isJsonObject(site.value)) return [];
  const present = site.value;
  return (shape.required ?? []).filter((name) => name in present);
}

/** The members of the structure at `site` that hold expressions. */
function expressionMembers(model: ApiModel, site: Site): string[] {
  const shape = site.shapeName === undefined ? undefined : model.shapes[site.shapeName];
  if (shape?.type !== 'structure' || !isJsonObject(site.value)) return [];
  return Object.keys(site.value).filter((name) => EXPRESSION_SHAPES.has(shape.members?.[name]?.shape ?? ''));
}

/**
 * The structure at `site` with one of its expressions broken (expressions.ts); half
 * the time its placeholder maps also define the `#n0` and `:v0` that broken
 * expressions use, so that the expression, not a missing placeholder, is refused.
 */
function withBrokenExpression(random: Random, site: Site, { model }: MutationScope): JsonValue {
  const structure = site.value as JsonObject;
  const entries: Array<readonly [string, JsonValue]> = Object.entries(structure);
  const broken = random.pick(expressionMembers(model, site));
  const changed = entries.map(([name, value]) => [name, name === broken ? brokenExpression(random) : value] as const);
  if (random.chance(0.5)) return objectOf(changed);
  const names = isJsonObject(structure['ExpressionAttributeNames']) ? structure['ExpressionAttributeNames'] : {};
  const values = isJsonObject(structure['ExpressionAttributeValues']) ? structure['ExpressionAttributeValues'] : {};
  return objectOf([
    ...changed.filter(([name]) => !['ExpressionAttributeNames', 'ExpressionAttributeValues'].includes(name)),
    ['ExpressionAttributeNames', objectOf([...Object.entries(names), ['#n0', 'a']])],
    ['ExpressionAttributeValues', objectOf([...Object.entries(values), [':v0', { N: '1' }]])],
  ]);
}

const MUTATIONS: readonly Mutation[] = [
  { weight: 5, applies: notRoot, change: () => null },
  {
    weight: 3,
    applies: notRoot,
    change: (random, site) => random.pick(VALUES_OF_EVERY_KIND.filter((value) => jsonKind(value) !== jsonKind(site.value))),
  },
  { weight: 2, applies: notRoot, change: () => undefined },
  { weight: 2, applies: notRoot, change: (random, site) => huge(random, site.value) },
  {
    weight: 2,
    applies: notRoot,
    change: (random, site) => (site.shapeName === 'AttributeValue' ? deepAttributeValue(random, depth(random)) : deepJson(random, depth(random))),
  },
  { weight: 2, applies: (site) => typeof site.value === 'string', change: (random) => oddString(random) },
  { weight: 4, applies: (site, { model }) => expressionMembers(model, site).length > 0, change: withBrokenExpression },
  {
    weight: 4,
    applies: (site) => typeof site.value === 'string' && OBSERVED_SHAPES.has(site.shapeName ?? ''),
    change: (random, site, { observed }) => nearMiss(random, site.value as string, observed.valuesOf(site.shapeName!)),
  },
  { weight: 4, applies: (site) => site.shapeName === 'AttributeValue', change: (random) => malformedAttributeValue(random) },
  { weight: 1, applies: (site) => typeof site.value === 'number', change: (random) => random.pick(EDGE_NUMBERS) },
  {
    weight: 2,
    applies: (site) => isJsonObject(site.value),
    change: (random, site) =>
      objectOf([
        ...Object.entries(site.value as JsonObject),
        [random.chance(0.6) ? random.pick(PROTOTYPE_NAMES) : oddString(random), random.pick(VALUES_OF_EVERY_KIND)],
      ]),
  },
  {
    weight: 2,
    applies: (site) => isJsonObject(site.value) && Object.keys(site.value).length > 0,
    change: (random, site) => {
      const entries = Object.entries(site.value as JsonObject);
      const renamed = random.int(0, entries.length - 1);
      const newName = random.pick(['', ...PROTOTYPE_NAMES, oddString(random), 'x'.repeat(random.int(256, 70_000))]);
      return objectOf(entries.map(([name, value], index) => [index === renamed ? newName : name, value] as const));
    },
  },
];

/**
 * The required-member mutation is its own case: it needs the model to know which
 * members are required, and it removes one of them from the structure at the site.
 */
function withoutRequiredMember(random: Random, model: ApiModel, body: JsonValue, sites: readonly Site[]): JsonValue | undefined {
  const candidates = sites.filter((site) => presentRequiredMembers(model, site).length > 0);
  if (candidates.length === 0) return undefined;
  const site = random.pick(candidates);
  return changedAt(body, [...site.path, random.pick(presentRequiredMembers(model, site))], () => undefined);
}

/** `request` with one to three mutations applied, each where its service's model says it may go. */
export function mutatedRequest(random: Random, request: ModelRequest, observed: ObservedValues): ModelRequest {
  const { model } = request.service;
  const scope: MutationScope = { model, observed };
  let body: JsonValue = request.body;
  for (
    let mutations = random.weighted([
      [7, 1],
      [2, 2],
      [1, 3],
    ]);
    mutations > 0;
    mutations--
  ) {
    const sites = sitesOf(model, body, inputShapeName(model, request.operation));
    if (random.chance(0.15)) {
      body = withoutRequiredMember(random, model, body, sites) ?? body;
      continue;
    }
    const mutation = random.weighted(MUTATIONS.map((candidate) => [candidate.weight, candidate] as const));
    const applicable = sites.filter((site) => mutation.applies(site, scope));
    if (applicable.length === 0) continue;
    const site = random.pick(applicable);
    body = changedAt(body, site.path, () => mutation.change(random, site, scope)) ?? {};
  }
  return { ...request, body: isJsonObject(body) ? body : {} };
}
