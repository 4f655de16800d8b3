import type { FixtureTable } from './fixtures.js';
import type { Random } from './random.js';
import { attributeName, PLAIN_ATTRIBUTE_NAMES } from './vocabulary.js';

/**
 * Expressions in DynamoDB's language, generated from its grammar: conditions, key
 * conditions, projections and updates, over the vocabulary's attribute names, written
 * plainly or through `#name` placeholders, with `:value` placeholders. The
 * placeholders used are collected, so that the request's ExpressionAttributeNames and
 * ExpressionAttributeValues can define them (or, now and then, not). Then broken
 * expressions: token soup, and nesting past what a recursive parser survives.
 */

/** The placeholders one request's expressions used, shared by all its expressions as DynamoDB shares its maps. */
export class Placeholders {
  /** `#name` placeholder → the attribute name it stands for. */
  readonly names = new Map<string, string>();
  readonly values = new Set<string>();

  name(random: Random): string {
    const reused = this.names.size > 0 && random.chance(0.3);
    if (reused) return random.pick([...this.names.keys()]);
    const placeholder = `#n${this.names.size}`;
    this.names.set(placeholder, attributeName(random));
    return placeholder;
  }

  value(random: Random): string {
    const reused = this.values.size > 0 && random.chance(0.3);
    if (reused) return random.pick([...this.values]);
    const placeholder = `:v${this.values.size}`;
    this.values.add(placeholder);
    return placeholder;
  }
}

/** Generation stays readable: an expression nests at most this deep unless it is a deliberately deep one. */
const EXPRESSION_DEPTH_GENERATED_MAX = 3;

const COMPARATORS: readonly string[] = ['=', '<>', '<', '<=', '>', '>='];

/** An attribute name as an expression writes it: plainly (a reserved word now and then) or as a placeholder. */
function nameToken(random: Random, placeholders: Placeholders): string {
  if (random.chance(0.6)) return placeholders.name(random);
  return random.chance(0.9) ? random.pick(PLAIN_ATTRIBUTE_NAMES) : attributeName(random);
}

function path(random: Random, placeholders: Placeholders): string {
  let text = nameToken(random, placeholders);
  for (
    let steps = random.weighted([
      [6, 0],
      [3, 1],
      [1, 3],
    ]);
    steps > 0;
    steps--
  ) {
    text += random.chance(0.5)
      ? `.${nameToken(random, placeholders)}`
      : `[${random.weighted([
          [8, random.int(0, 3)],
          [1, 99_999],
          [1, -1],
        ])}]`;
  }
  return text;
}

function operand(random: Random, placeholders: Placeholders): string {
  return random.weighted<() => string>([
    [4, () => path(random, placeholders)],
    [5, () => placeholders.value(random)],
    [1, () => `size(${path(random, placeholders)})`],
  ])();
}

export function condition(random: Random, placeholders: Placeholders, depthLeft = EXPRESSION_DEPTH_GENERATED_MAX): string {
  const compound = depthLeft > 0 ? 1 : 0;
  const inner = (): string => condition(random, placeholders, depthLeft - 1);
  return random.weighted<() => string>([
    [6, () => `${operand(random, placeholders)} ${random.pick(COMPARATORS)} ${operand(random, placeholders)}`],
    [1, () => `${operand(random, placeholders)} BETWEEN ${operand(random, placeholders)} AND ${operand(random, placeholders)}`],
    [
      1,
      () =>
        `${operand(random, placeholders)} IN (${Array.from(
          {
            length: random.weighted([
              [9, random.int(1, 3)],
              [1, 101],
            ]),
          },
          () => operand(random, placeholders),
        ).join(', ')})`,
    ],
    [2, () => `attribute_exists(${path(random, placeholders)})`],
    [2, () => `attribute_not_exists(${path(random, placeholders)})`],
    [1, () => `attribute_type(${path(random, placeholders)}, ${placeholders.value(random)})`],
    [1, () => `begins_with(${path(random, placeholders)}, ${operand(random, placeholders)})`],
    [1, () => `contains(${path(random, placeholders)}, ${operand(random, placeholders)})`],
    [2 * compound, () => `${inner()} ${random.pick(['AND', 'OR'])} ${inner()}`],
    [compound, () => `NOT ${inner()}`],
    [compound, () => `(${inner()})`],
  ])();
}

/** A key condition on `table`'s keys (its own names, or placeholders for them), now and then on other attributes. */
export function keyCondition(random: Random, placeholders: Placeholders, table: FixtureTable | undefined): string {
  const keyNames = table?.keys.map((key) => key.name) ?? [attributeName(random)];
  const written = (name: string): string => {
    if (!random.chance(0.4)) return random.chance(0.9) ? name : attributeName(random);
    const placeholder = `#k${placeholders.names.size}`;
    placeholders.names.set(placeholder, name);
    return placeholder;
  };
  const partition = `${written(keyNames[0]!)} = ${placeholders.value(random)}`;
  const sortName = keyNames[1];
  if (sortName === undefined || random.chance(0.3)) return partition;
  const sort = random.weighted<() => string>([
    [4, () => `${written(sortName)} ${random.pick(COMPARATORS)} ${placeholders.value(random)}`],
    [1, () => `${written(sortName)} BETWEEN ${placeholders.value(random)} AND ${placeholders.value(random)}`],
    [1, () => `begins_with(${written(sortName)}, ${placeholders.value(random)})`],
    [1, () => condition(random, placeholders, 1)],
  ])();
  return random.chance(0.8) ? `${partition} AND ${sort}` : `${sort} AND ${partition}`;
}

export function projection(random: Random, placeholders: Placeholders): string {
  return Array.from({ length: random.int(1, 4) }, () => path(random, placeholders)).join(random.pick([', ', ',']));
}

function updateValue(random: Random, placeholders: Placeholders): string {
  return random.weighted<() => string>([
    [5, () => operand(random, placeholders)],
    [2, () => `${operand(random, placeholders)} ${random.pick(['+', '-'])} ${operand(random, placeholders)}`],
    [1, () => `if_not_exists(${path(random, placeholders)}, ${operand(random, placeholders)})`],
    [1, () => `list_append(${operand(random, placeholders)}, ${operand(random, placeholders)})`],
  ])();
}

export function update(random: Random, placeholders: Placeholders): string {
  const actions = (count: number, action: () => string): string => Array.from({ length: count }, action).join(', ');
  const clauses = [
    () => `SET ${actions(random.int(1, 3), () => `${path(random, placeholders)} = ${updateValue(random, placeholders)}`)}`,
    () => `REMOVE ${actions(random.int(1, 2), () => path(random, placeholders))}`,
    () => `ADD ${actions(random.int(1, 2), () => `${path(random, placeholders)} ${placeholders.value(random)}`)}`,
    () => `DELETE ${actions(random.int(1, 2), () => `${path(random, placeholders)} ${placeholders.value(random)}`)}`,
  ];
  return Array.from(
    {
      length: random.weighted([
        [6, 1],
        [3, 2],
        [1, 4],
      ]),
    },
    () => random.pick(clauses)(),
  ).join(' ');
}

/** Tokens of the language, and characters outside it, for token soup. */
const SOUP_TOKENS: readonly string[] = [
  '(',
  ')',
  '[',
  ']',
  '.',
  ',',
  '=',
  '<>',
  '<',
  '<=',
  '>',
  '>=',
  '+',
  '-',
  'AND',
  'OR',
  'NOT',
  'BETWEEN',
  'IN',
  'SET',
  'REMOVE',
  'ADD',
  'DELETE',
  'size',
  'contains',
  'begins_with',
  'attribute_exists',
  'attribute_not_exists',
  'attribute_type',
  'if_not_exists',
  'list_append',
  ':v0',
  '#n0',
  ':',
  '#',
  'a',
  'b',
  '0',
  '1',
  '-1',
  '99999999999999999999',
  '"',
  "'",
  '\u0000',
  '\ud800',
  '😀',
  '\n',
];

/**
 * Expressions no grammar accepts, or that nest `depth` levels: parentheses, NOT,
 * functions, paths, arithmetic and long chains of AND. They use `#n0` and `:v0`,
 * which the mutation that puts them in a request may define. Within DynamoDB's 4 KB
 * an expression still nests two thousand parentheses deep.
 */
export function brokenExpression(random: Random): string {
  const depth = random.weighted([
    [3, random.int(2, 50)],
    [3, random.int(50, 2_000)],
    [1, random.int(2_000, 20_000)],
  ]);
  return random.weighted<() => string>([
    [6, () => Array.from({ length: random.int(1, 12) }, () => random.pick(SOUP_TOKENS)).join(random.pick([' ', '']))],
    [2, () => `${'('.repeat(depth)}a = :v0${')'.repeat(depth)}`],
    [1, () => `${'NOT '.repeat(depth)}attribute_exists(a)`],
    [1, () => Array.from({ length: depth }, () => '#n0 = :v0').join(random.pick([' AND ', ' OR ']))],
    [1, () => `a${'.b'.repeat(depth)} = :v0`],
    [1, () => `a${'[0]'.repeat(depth)} = :v0`],
    [1, () => `${'size('.repeat(depth)}a${')'.repeat(depth)} > :v0`],
    [1, () => `SET a = ${':v0 + '.repeat(depth)}:v0`],
    [1, () => `SET a = ${'if_not_exists(a, '.repeat(depth)}:v0${')'.repeat(depth)}`],
    [1, () => `SET a = ${'list_append('.repeat(depth)}:v0${', :v0)'.repeat(depth)}`],
    [1, () => `SET ${'(a) = :v0, '.repeat(depth)}b = :v0`],
    [1, () => `a IN (${Array.from({ length: depth }, () => ':v0').join(',')})`],
    [1, () => `${'a, '.repeat(depth)}a`],
    [1, () => random.pick(['', ' ', '\t\n', 'a[99999999999999999999] = :v0', 'SET a = :v0 SET b = :v0', 'REMOVE', 'a.', '#', ':'])],
  ])();
}
