import { keyValue, type FixtureTable } from './fixtures.js';
import { JsonLiteral, nestedLiteral, objectOf, type JsonObject, type JsonValue } from './json-text.js';
import type { Random } from './random.js';
import { attributeName, binaryText, numberText, plainString, stringValue } from './vocabulary.js';

/**
 * AttributeValues in DynamoDB JSON: well-formed ones of every type (with the odd
 * content vocabulary.ts supplies), keys and items for the fixture tables, and the
 * malformed and deeply nested ones that mutations put in their place.
 */

/** How deep a well-formed generated M or L nests: past DynamoDB's 32 levels only by mutation. */
const DOCUMENT_DEPTH_GENERATED_MAX = 4;

function distinct(random: Random, generate: () => string): string[] {
  return [...new Set(Array.from({ length: random.int(1, 4) }, generate))];
}

export function attributeValue(random: Random, depthLeft = DOCUMENT_DEPTH_GENERATED_MAX): JsonObject {
  const nests = depthLeft > 0;
  return random.weighted<() => JsonObject>([
    [6, () => ({ S: stringValue(random) })],
    [5, () => ({ N: numberText(random) })],
    [2, () => ({ B: binaryText(random) })],
    [2, () => ({ BOOL: random.chance(0.5) })],
    [1, () => ({ NULL: true })],
    [2, () => ({ SS: distinct(random, () => plainString(random)) })],
    [2, () => ({ NS: distinct(random, () => String(random.int(-50, 50))) })],
    [1, () => ({ BS: distinct(random, () => binaryText(random)) })],
    [nests ? 3 : 0, () => ({ M: attributeMap(random, depthLeft - 1) })],
    [nests ? 3 : 0, () => ({ L: Array.from({ length: random.int(0, 3) }, () => attributeValue(random, depthLeft - 1)) })],
  ])();
}

/** A map of a few attributes (an M's content, or attributes beyond an item's key). */
export function attributeMap(random: Random, depthLeft = DOCUMENT_DEPTH_GENERATED_MAX): JsonObject {
  return objectOf(Array.from({ length: random.int(0, 3) }, () => [attributeName(random), attributeValue(random, depthLeft)] as const));
}

/** The key of an item of `table`: its key attributes, with values of their declared types. */
export function tableKey(random: Random, table: FixtureTable): JsonObject {
  return objectOf(table.keys.map((key) => [key.name, keyValue(random, key.type)] as const));
}

/** An item of `table`: its key and a few other attributes. */
export function tableItem(random: Random, table: FixtureTable): JsonObject {
  return objectOf([...Object.entries(attributeMap(random)), ...Object.entries(tableKey(random, table))]);
}

/**
 * An M or L (or both, alternating) nested `depth` levels: past DynamoDB's 32 levels
 * it must be refused, and a server that walks it recursively can overflow its stack.
 */
export function deepAttributeValue(random: Random, depth: number): JsonLiteral {
  return random.weighted<() => JsonLiteral>([
    [1, () => nestedLiteral('{"M":{"a":', '{"S":"x"}', '}}', depth)],
    [1, () => nestedLiteral('{"L":[', '{"N":"1"}', ']}', depth)],
    [1, () => nestedLiteral('{"M":{"a":{"L":[', '{"NULL":true}', ']}}}', Math.ceil(depth / 2))],
  ])();
}

/** Plain JSON arrays or objects nested `depth` levels, for members that are not AttributeValues. */
export function deepJson(random: Random, depth: number): JsonLiteral {
  return random.chance(0.5) ? nestedLiteral('[', '1', ']', depth) : nestedLiteral('{"a":', '1', '}', depth);
}

/** An AttributeValue that breaks one of DynamoDB's rules for them. */
export function malformedAttributeValue(random: Random): JsonValue {
  return random.pick<() => JsonValue>([
    () => ({}),
    () => ({ S: 'a', N: '1' }),
    () => ({ S: null }),
    () => ({ N: null }),
    () => ({ N: 7 }),
    () => ({ N: new JsonLiteral('1e999') }),
    () => ({ B: 12 }),
    () => ({ B: '!!not base64' }),
    () => ({ BOOL: 'true' }),
    () => ({ NULL: false }),
    () => ({ NULL: null }),
    () => ({ SS: [] }),
    () => ({ SS: ['a', 'a'] }),
    () => ({ SS: [null] }),
    () => ({ NS: ['1', '1.0'] }),
    () => ({ NS: ['x'] }),
    () => ({ BS: [''] }),
    () => ({ M: null }),
    () => ({ M: [] }),
    () => ({ M: { a: null } }),
    () => ({ M: { a: 'x' } }),
    () => ({ L: null }),
    () => ({ L: [null] }),
    () => ({ L: {} }),
    () => ({ L: ['x'] }),
    () => objectOf([[attributeName(random), { S: 'x' }]]),
    () => ({ s: 'lowercase type' }),
    () => 'a bare string',
    () => [{ S: 'x' }],
  ])();
}
