import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { evaluateCondition } from '../../src/expressions/evaluate.js';
import { bindExpressions } from '../../src/expressions/request-expressions.js';
import { applyUpdate, checkUpdate } from '../../src/expressions/update.js';
import type { AttributeMap, AttributeValue, Item } from '../../src/model/attribute-value.js';
import { DynamoDBError } from '../../src/model/errors.js';

/**
 * Strata's condition evaluator and update applier checked against a reference model:
 * a short, separate statement of DynamoDB's documented semantics (Developer Guide,
 * "Comparison operator and function reference" and "Update expressions"), over a
 * value domain small enough that the model can be obviously right. Numbers are small
 * integers and halves, exact as JavaScript numbers, so the model computes with
 * `Number`. Strings are short ASCII, so JavaScript's code-unit order is the UTF-8 byte
 * order DynamoDB sorts strings by. Attributes take a random type, so comparisons
 * across types, arithmetic on strings and paths through the wrong kind of container
 * are exercised, not just the happy cases.
 *
 * The model itself was checked against DynamoDB Local 1.25 (outside this test, which
 * needs no Java): it agreed on 6,000 generated conditions and 10,000 updates.
 */

type Path = readonly (string | number)[];

/** A document path as the expression writes it: with `aliased`, every name goes through ExpressionAttributeNames. */
interface WrittenPath {
  readonly path: Path;
  readonly aliased: boolean;
}

// ---------------------------------------------------------------------------------
// The reference model

function typeTag(value: AttributeValue): string {
  return Object.keys(value)[0]!;
}

function bytesOf(base64: string): Buffer {
  return Buffer.from(base64, 'base64');
}

function sameMembers<Member>(a: readonly Member[], b: readonly Member[], same: (x: Member, y: Member) => boolean): boolean {
  return a.length === b.length && a.every((x) => b.some((y) => same(x, y))) && b.every((y) => a.some((x) => same(x, y)));
}

/** DynamoDB equality: same type, numbers by value, sets in any order, lists in order, maps member by member. */
function modelEquals(a: AttributeValue, b: AttributeValue): boolean {
  if (typeTag(a) !== typeTag(b)) return false;
  if ('N' in a && 'N' in b) return Number(a.N) === Number(b.N);
  if ('S' in a && 'S' in b) return a.S === b.S;
  if ('B' in a && 'B' in b) return bytesOf(a.B).equals(bytesOf(b.B));
  if ('BOOL' in a && 'BOOL' in b) return a.BOOL === b.BOOL;
  if ('NULL' in a) return true;
  if ('SS' in a && 'SS' in b) return sameMembers(a.SS, b.SS, (x, y) => x === y);
  if ('NS' in a && 'NS' in b) return sameMembers(a.NS, b.NS, (x, y) => Number(x) === Number(y));
  if ('BS' in a && 'BS' in b) return sameMembers(a.BS, b.BS, (x, y) => bytesOf(x).equals(bytesOf(y)));
  if ('L' in a && 'L' in b) return a.L.length === b.L.length && a.L.every((element, index) => modelEquals(element, b.L[index]!));
  if ('M' in a && 'M' in b) return sameMaps(a.M, b.M);
  return false;
}

function sameMaps(a: AttributeMap, b: AttributeMap): boolean {
  const names = Object.keys(a);
  return names.length === Object.keys(b).length && names.every((name) => Object.hasOwn(b, name) && modelEquals(a[name]!, b[name]!));
}

/** The sign of a - b when both are numbers, strings or binaries of one type; undefined for any other pair. */
function modelOrder(a: AttributeValue, b: AttributeValue): number | undefined {
  if ('N' in a && 'N' in b) return Math.sign(Number(a.N) - Number(b.N));
  if ('S' in a && 'S' in b) return a.S < b.S ? -1 : a.S > b.S ? 1 : 0;
  if ('B' in a && 'B' in b) return Buffer.compare(bytesOf(a.B), bytesOf(b.B));
  return undefined;
}

/** The element or member `step` names inside `value`; undefined when `value` is not that kind of container or lacks it. */
function modelStep(value: AttributeValue | undefined, step: string | number): AttributeValue | undefined {
  if (value === undefined) return undefined;
  if (typeof step === 'number') return 'L' in value ? value.L[step] : undefined;
  return 'M' in value && Object.hasOwn(value.M, step) ? value.M[step] : undefined;
}

/** What a path names in the item; undefined when a step is missing or lands in the wrong kind of container. */
function modelRead(item: AttributeMap, path: Path): AttributeValue | undefined {
  return path.reduce<AttributeValue | undefined>(modelStep, { M: item });
}

/** size(): the length in bytes of a string or binary, the member count of a set, list or map; nothing for other types. */
function modelSize(value: AttributeValue): AttributeValue | undefined {
  const size = (count: number): AttributeValue => ({ N: String(count) });
  if ('S' in value) return size(Buffer.byteLength(value.S, 'utf8'));
  if ('B' in value) return size(bytesOf(value.B).length);
  if ('SS' in value) return size(value.SS.length);
  if ('NS' in value) return size(value.NS.length);
  if ('BS' in value) return size(value.BS.length);
  if ('L' in value) return size(value.L.length);
  if ('M' in value) return size(Object.keys(value.M).length);
  return undefined;
}

// ---------------------------------------------------------------------------------
// The value domain

/** Canonical numbers, as DynamoDB stores them. */
const NUMBERS = ['-3', '-2', '-1', '-1.5', '0', '1', '1.5', '2', '3'];
/** Other spellings of the same values, which an ExpressionAttributeValue may use. */
const NUMBER_SPELLINGS = ['+2', '1.50', '2E0', '-0', '3.0'];
/** Short ASCII strings, the empty one and an upper-case letter (which sorts before every lower-case one). */
const STRINGS = ['', 'A', 'a', 'ab', 'b'];
const BINARIES = [[], [0], [0, 1], [1], [255]].map((bytes) => Buffer.from(bytes).toString('base64'));
const STRING_SET_MEMBERS = ['a', 'ab', 'b'];
const NUMBER_SET_MEMBERS = ['-1', '1', '1.5', '2'];
const BINARY_SET_MEMBERS = [[0], [1], [0, 1]].map((bytes) => Buffer.from(bytes).toString('base64'));
const TYPE_NAMES = ['S', 'N', 'B', 'BOOL', 'NULL', 'M', 'L', 'SS', 'NS', 'BS'];

const storedNumber = fc.constantFrom(...NUMBERS).map((text): AttributeValue => ({ N: text }));
const literalNumber = fc.constantFrom(...NUMBERS, ...NUMBER_SPELLINGS).map((text): AttributeValue => ({ N: text }));
const string = fc.constantFrom(...STRINGS).map((text): AttributeValue => ({ S: text }));
const binary = fc.constantFrom(...BINARIES).map((base64): AttributeValue => ({ B: base64 }));
const bool = fc.boolean().map((flag): AttributeValue => ({ BOOL: flag }));
const nul = fc.constant<AttributeValue>({ NULL: true });
const stringSet = fc.shuffledSubarray(STRING_SET_MEMBERS, { minLength: 1 }).map((members): AttributeValue => ({ SS: members }));
const numberSet = fc.shuffledSubarray(NUMBER_SET_MEMBERS, { minLength: 1 }).map((members): AttributeValue => ({ NS: members }));
const binarySet = fc.shuffledSubarray(BINARY_SET_MEMBERS, { minLength: 1 }).map((members): AttributeValue => ({ BS: members }));
const anySet = fc.oneof(stringSet, numberSet, binarySet);

/**
 * Values of every type, built from `number`: canonical numbers for items, any spelling
 * for expression values. Maps get ordinary prototypes, as parsed JSON has.
 */
function valuesWith(number: fc.Arbitrary<AttributeValue>) {
  const scalar = fc.oneof(number, string, binary, bool, nul);
  const smallMap = fc.record({ x: scalar, y: scalar }, { requiredKeys: [], noNullPrototype: true }).map((members): AttributeValue => ({ M: members }));
  const list = fc.array(fc.oneof(scalar, smallMap), { maxLength: 4 }).map((elements): AttributeValue => ({ L: elements }));
  const innerMap = fc.record({ z: scalar }, { requiredKeys: [], noNullPrototype: true }).map((members): AttributeValue => ({ M: members }));
  const documentMap = fc
    .record({ x: fc.oneof(scalar, anySet), y: fc.oneof(scalar, innerMap) }, { requiredKeys: [], noNullPrototype: true })
    .map((members): AttributeValue => ({ M: members }));
  const any = fc.oneof(scalar, anySet, list, documentMap);
  return { list, documentMap, any };
}

const stored = valuesWith(storedNumber);
const literal = valuesWith(literalNumber);

/** Mostly the type the attribute's name suggests, sometimes any other. */
function usually(typical: fc.Arbitrary<AttributeValue>): fc.Arbitrary<AttributeValue> {
  return fc.oneof({ weight: 3, arbitrary: typical }, { weight: 1, arbitrary: stored.any });
}

/** Mostly there: an item where most attributes are absent would make most conditions trivially false. */
function often(value: fc.Arbitrary<AttributeValue>): fc.Arbitrary<AttributeValue | null> {
  return fc.option(value, { freq: 4 });
}

/** An item: the key and any subset of a small vocabulary of attributes. */
const item: fc.Arbitrary<Item> = fc
  .record({
    n: often(usually(storedNumber)),
    s: often(usually(string)),
    b: often(usually(binary)),
    t: often(usually(bool)),
    z: often(usually(nul)),
    ss: often(usually(stringSet)),
    ns: often(usually(numberSet)),
    l: often(usually(stored.list)),
    m: often(usually(stored.documentMap)),
  })
  .map((attributes): Item => {
    const present = Object.entries(attributes).filter((entry): entry is [string, AttributeValue] => entry[1] !== null);
    return { pk: { S: 'key' }, ...Object.fromEntries(present) };
  });

/** Paths to read that the generated items often hold. */
const LIKELY_PATHS: readonly Path[] = [['n'], ['s'], ['b'], ['t'], ['z'], ['ss'], ['ns'], ['l'], ['m'], ['m', 'x'], ['m', 'y'], ['l', 0], ['l', 1]];
/** Paths to read that are seldom or never there: deeper ones, absent ones, and ones through the wrong kind of container. */
const UNLIKELY_PATHS: readonly Path[] = [
  ['pk'],
  ['absent'],
  ['m', 'y', 'z'],
  ['m', 'w'],
  ['l', 3],
  ['l', 2, 'x'],
  ['l', 0, 'y'],
  ['n', 'x'],
  ['s', 0],
  ['m', 0],
  ['l', 'x'],
];

function written(paths: fc.Arbitrary<Path>): fc.Arbitrary<WrittenPath> {
  return fc.record({ path: paths, aliased: fc.boolean() });
}

const readPath = written(fc.oneof({ weight: 2, arbitrary: fc.constantFrom(...LIKELY_PATHS) }, { weight: 1, arbitrary: fc.constantFrom(...UNLIKELY_PATHS) }));
const READ_PATHS = [...LIKELY_PATHS, ...UNLIKELY_PATHS];

/** Paths among `paths` where the item holds what `fits` wants (undefined standing for nothing there). */
function pathsWhere(subjectItem: Item, paths: readonly Path[], fits: (held: AttributeValue | undefined) => boolean): Path[] {
  return paths.filter((path) => fits(modelRead(subjectItem, path)));
}

/** Whether the item holds a container where `path` could go: a map for a member name, a list for an index. */
function hasParentFor(subjectItem: Item, path: Path): boolean {
  if (path.length === 1) return true;
  const parent = modelRead(subjectItem, path.slice(0, -1));
  return parent !== undefined && (typeof path[path.length - 1] === 'number' ? 'L' in parent : 'M' in parent);
}

/**
 * Mostly one of `preferred`, else anything `fallback` gives: an operand of the wrong
 * type makes the whole update fail, and an update of several actions that almost
 * always fails would test little but the first failure.
 */
function preferring(preferred: readonly Path[], fallback: fc.Arbitrary<WrittenPath>): fc.Arbitrary<WrittenPath> {
  if (preferred.length === 0) return fallback;
  return fc.oneof({ weight: 1, arbitrary: fallback }, { weight: 2, arbitrary: written(fc.constantFrom(...preferred)) });
}

// ---------------------------------------------------------------------------------
// Rendering expressions

/** The ExpressionAttributeNames and Values an expression uses, collected as it is written. */
class Placeholders {
  private readonly names: Record<string, string> = {};
  private readonly values: Record<string, AttributeValue> = {};

  path({ path, aliased }: WrittenPath): string {
    return path
      .map((step, index) => {
        if (typeof step === 'number') return `[${step}]`;
        const name = aliased ? this.name(step) : step;
        return index === 0 ? name : `.${name}`;
      })
      .join('');
  }

  private name(name: string): string {
    this.names[`#${name}`] = name;
    return `#${name}`;
  }

  value(value: AttributeValue): string {
    const reference = `:v${Object.keys(this.values).length}`;
    this.values[reference] = value;
    return reference;
  }

  /** The maps for the request; DynamoDB refuses an empty one, so an unused map is left out. */
  parameters() {
    return {
      ExpressionAttributeNames: Object.keys(this.names).length > 0 ? this.names : undefined,
      ExpressionAttributeValues: Object.keys(this.values).length > 0 ? this.values : undefined,
    };
  }
}

// ---------------------------------------------------------------------------------
// Conditions

type Comparator = '=' | '<>' | '<' | '<=' | '>' | '>=';

type Operand =
  | { readonly kind: 'path'; readonly at: WrittenPath }
  | { readonly kind: 'size'; readonly at: WrittenPath }
  | { readonly kind: 'value'; readonly value: AttributeValue };

type ConditionShape =
  | { readonly kind: 'compare'; readonly operator: Comparator; readonly left: Operand; readonly right: Operand }
  | { readonly kind: 'between'; readonly operand: Operand; readonly lower: AttributeValue; readonly upper: AttributeValue }
  | { readonly kind: 'in'; readonly operand: Operand; readonly candidates: readonly Operand[] }
  | { readonly kind: 'exists'; readonly at: WrittenPath; readonly exists: boolean }
  | { readonly kind: 'attributeType'; readonly at: WrittenPath; readonly typeName: string }
  | { readonly kind: 'beginsWith'; readonly at: WrittenPath; readonly prefix: Operand }
  | { readonly kind: 'contains'; readonly at: WrittenPath; readonly needle: Operand }
  | { readonly kind: 'not'; readonly operand: Condition }
  | { readonly kind: 'and' | 'or'; readonly left: Condition; readonly right: Condition };

/** A condition, and whether the text puts it in parentheses it does not need. */
type Condition = ConditionShape & { readonly parenthesized: boolean };

function modelOperand(operand: Operand, item: Item): AttributeValue | undefined {
  if (operand.kind === 'value') return operand.value;
  const value = modelRead(item, operand.at.path);
  if (operand.kind === 'path' || value === undefined) return value;
  return modelSize(value);
}

function modelCompare(operator: Comparator, left: AttributeValue | undefined, right: AttributeValue | undefined): boolean {
  const bothEqual = left !== undefined && right !== undefined && modelEquals(left, right);
  if (operator === '=') return bothEqual;
  // `<>` is the negation of `=`: true when either side is missing or the types differ.
  if (operator === '<>') return !bothEqual;
  const order = left !== undefined && right !== undefined ? modelOrder(left, right) : undefined;
  if (order === undefined) return false;
  return { '<': order < 0, '<=': order <= 0, '>': order > 0, '>=': order >= 0 }[operator];
}

function modelBeginsWith(value: AttributeValue, prefix: AttributeValue): boolean {
  if ('S' in value && 'S' in prefix) return value.S.startsWith(prefix.S);
  if ('B' in value && 'B' in prefix) return bytesOf(value.B).subarray(0, bytesOf(prefix.B).length).equals(bytesOf(prefix.B));
  return false;
}

/** contains(): a substring of a string (or bytes of a binary), a member of a set, an element of a list. */
function modelContains(value: AttributeValue, needle: AttributeValue): boolean {
  if ('S' in value) return 'S' in needle && value.S.includes(needle.S);
  if ('B' in value) return 'B' in needle && bytesOf(value.B).includes(bytesOf(needle.B));
  if ('SS' in value) return 'S' in needle && value.SS.includes(needle.S);
  if ('NS' in value) return 'N' in needle && value.NS.some((member) => Number(member) === Number(needle.N));
  if ('BS' in value) return 'B' in needle && value.BS.some((member) => bytesOf(member).equals(bytesOf(needle.B)));
  if ('L' in value) return value.L.some((element) => modelEquals(element, needle));
  return false;
}

function modelHolds(condition: Condition, item: Item): boolean {
  switch (condition.kind) {
    case 'and':
      return modelHolds(condition.left, item) && modelHolds(condition.right, item);
    case 'or':
      return modelHolds(condition.left, item) || modelHolds(condition.right, item);
    case 'not':
      return !modelHolds(condition.operand, item);
    case 'compare':
      return modelCompare(condition.operator, modelOperand(condition.left, item), modelOperand(condition.right, item));
    case 'between': {
      const value = modelOperand(condition.operand, item);
      return modelCompare('>=', value, condition.lower) && modelCompare('<=', value, condition.upper);
    }
    case 'in': {
      const value = modelOperand(condition.operand, item);
      return condition.candidates.some((candidate) => modelCompare('=', value, modelOperand(candidate, item)));
    }
    case 'exists':
      return (modelRead(item, condition.at.path) !== undefined) === condition.exists;
    case 'attributeType': {
      const value = modelRead(item, condition.at.path);
      return value !== undefined && typeTag(value) === condition.typeName;
    }
    case 'beginsWith': {
      const value = modelRead(item, condition.at.path);
      const prefix = modelOperand(condition.prefix, item);
      return value !== undefined && prefix !== undefined && modelBeginsWith(value, prefix);
    }
    case 'contains': {
      const value = modelRead(item, condition.at.path);
      const needle = modelOperand(condition.needle, item);
      return value !== undefined && needle !== undefined && modelContains(value, needle);
    }
  }
}

function renderOperand(operand: Operand, placeholders: Placeholders): string {
  if (operand.kind === 'value') return placeholders.value(operand.value);
  const path = placeholders.path(operand.at);
  return operand.kind === 'size' ? `size(${path})` : path;
}

/**
 * The condition's text. NOT binds tighter than AND, and AND than OR, so a child gets
 * parentheses where precedence needs them; a node the generator marked gets them
 * anyway. A node is wrapped at most once: DynamoDB refuses "((...))" as redundant.
 */
function renderCondition(condition: Condition, placeholders: Placeholders, needsParentheses = false): string {
  const text = renderConditionBody(condition, placeholders);
  return condition.parenthesized || needsParentheses ? `(${text})` : text;
}

function renderConditionBody(condition: Condition, placeholders: Placeholders): string {
  const operand = (value: Operand): string => renderOperand(value, placeholders);
  const path = (at: WrittenPath): string => placeholders.path(at);
  switch (condition.kind) {
    case 'and':
      return `${renderCondition(condition.left, placeholders, condition.left.kind === 'or')} AND ${renderCondition(condition.right, placeholders, condition.right.kind === 'or')}`;
    case 'or':
      return `${renderCondition(condition.left, placeholders)} OR ${renderCondition(condition.right, placeholders)}`;
    case 'not': {
      const child = condition.operand;
      return `NOT ${renderCondition(child, placeholders, child.kind === 'and' || child.kind === 'or')}`;
    }
    case 'compare':
      return `${operand(condition.left)} ${condition.operator} ${operand(condition.right)}`;
    case 'between':
      return `${operand(condition.operand)} BETWEEN ${placeholders.value(condition.lower)} AND ${placeholders.value(condition.upper)}`;
    case 'in':
      return `${operand(condition.operand)} IN (${condition.candidates.map(operand).join(', ')})`;
    case 'exists':
      return `${condition.exists ? 'attribute_exists' : 'attribute_not_exists'}(${path(condition.at)})`;
    case 'attributeType':
      return `attribute_type(${path(condition.at)}, ${placeholders.value({ S: condition.typeName })})`;
    case 'beginsWith':
      return `begins_with(${path(condition.at)}, ${operand(condition.prefix)})`;
    case 'contains':
      return `contains(${path(condition.at)}, ${operand(condition.needle)})`;
  }
}

const valueOperand = (value: fc.Arbitrary<AttributeValue>) => value.map((inner): Operand => ({ kind: 'value', value: inner }));
const sizeLiteral = fc.integer({ min: 0, max: 4 }).map((size): AttributeValue => ({ N: String(size) }));

/** Every value inside an item: attributes, members, elements, and each set member as a scalar. */
function valuesInside(value: AttributeValue): AttributeValue[] {
  const inner = (values: readonly AttributeValue[]): AttributeValue[] => values.flatMap(valuesInside);
  if ('M' in value) return [value, ...inner(Object.values(value.M))];
  if ('L' in value) return [value, ...inner(value.L)];
  if ('SS' in value) return [value, ...value.SS.map((member) => ({ S: member }))];
  if ('NS' in value) return [value, ...value.NS.map((member) => ({ N: member }))];
  if ('BS' in value) return [value, ...value.BS.map((member) => ({ B: member }))];
  return [value];
}

/** What a condition on one item is made of; the literals depend on the first operand, `subject`, of their operator. */
interface Choices {
  /** A path to read, mostly one the item holds something at. */
  readonly path: fc.Arbitrary<WrittenPath>;
  readonly pathOperand: fc.Arbitrary<Operand>;
  /** The first operand of a comparison, BETWEEN or IN: a path or its size. */
  readonly subject: fc.Arbitrary<Operand>;
  readonly any: (subject: Operand) => fc.Arbitrary<AttributeValue>;
  /** Numbers, strings and binaries: what an ordering operator accepts. */
  readonly ordered: (subject: Operand) => fc.Arbitrary<AttributeValue>;
  /** Strings and binaries: what begins_with accepts. */
  readonly prefix: (subject: Operand) => fc.Arbitrary<AttributeValue>;
  /** A type name for attribute_type. */
  readonly typeName: (subject: Operand) => fc.Arbitrary<string>;
}

const isOrdered = (value: AttributeValue): boolean => 'N' in value || 'S' in value || 'B' in value;

/** Every prefix of a string or binary, itself included. */
function prefixesOf(value: AttributeValue): AttributeValue[] {
  if ('S' in value) return [...Array(value.S.length + 1).keys()].map((length) => ({ S: value.S.slice(0, length) }));
  if ('B' in value) return [...Array(bytesOf(value.B).length + 1).keys()].map((length) => ({ B: bytesOf(value.B).subarray(0, length).toString('base64') }));
  return [];
}

/**
 * Paths mostly where the item holds something, and literals from the whole domain or
 * more often from what the subject holds (the value itself, its members and elements,
 * its prefixes, its type): random values seldom equal a list or a set, and a condition
 * that is almost always false would let a broken evaluator pass.
 */
function choicesFor(subjectItem: Item): Choices {
  const around = <Literal>(domain: fc.Arbitrary<Literal>, derive: (held: AttributeValue) => Literal[]) => {
    return (subject: Operand): fc.Arbitrary<Literal> => {
      const held = modelOperand(subject, subjectItem);
      const derived = held === undefined ? [] : derive(held);
      return derived.length === 0 ? domain : fc.oneof({ weight: 1, arbitrary: domain }, { weight: 2, arbitrary: fc.constantFrom(...derived) });
    };
  };
  const path = preferring(
    pathsWhere(subjectItem, READ_PATHS, (held) => held !== undefined),
    readPath,
  );
  const pathOperand = path.map((at): Operand => ({ kind: 'path', at }));
  const sizeOperand = path.map((at): Operand => ({ kind: 'size', at }));
  return {
    path,
    pathOperand,
    subject: fc.oneof({ weight: 3, arbitrary: pathOperand }, { weight: 1, arbitrary: sizeOperand }),
    any: around(fc.oneof(literal.any, sizeLiteral), valuesInside),
    ordered: around(fc.oneof(literalNumber, string, binary, sizeLiteral), (held) => valuesInside(held).filter(isOrdered)),
    prefix: around(fc.oneof(string, binary), (held) => valuesInside(held).flatMap(prefixesOf)),
    typeName: around(fc.constantFrom(...TYPE_NAMES), (held) => [typeTag(held)]),
  };
}

/**
 * DynamoDB refuses an operator or function whose first operand is a path that appears
 * again among the others ("The first operand must be distinct from the remaining
 * operands"; of contains the guide says "contains (a, a) returns an error"), and so
 * does Strata. The generator makes only expressions DynamoDB accepts, so it keeps the
 * operands distinct; the refusal itself is tested with the parser's.
 */
function distinctFromFirst(first: Operand, others: readonly Operand[]): boolean {
  if (first.kind !== 'path') return true;
  const firstPath = JSON.stringify(first.at.path);
  return others.every((other) => other.kind !== 'path' || JSON.stringify(other.at.path) !== firstPath);
}

/** Comparisons; an ordering operator only takes a number, string or binary literal, as DynamoDB requires. */
function comparison(choices: Choices): fc.Arbitrary<ConditionShape> {
  return fc
    .tuple(fc.constantFrom<Comparator>('=', '<>', '<', '<=', '>', '>='), choices.subject)
    .chain(([operator, left]) => {
      const literalRight = operator === '=' || operator === '<>' ? choices.any(left) : choices.ordered(left);
      const right = fc.oneof({ weight: 3, arbitrary: valueOperand(literalRight) }, { weight: 1, arbitrary: choices.subject });
      return right.map((rightOperand): ConditionShape & { kind: 'compare' } => ({ kind: 'compare', operator, left, right: rightOperand }));
    })
    .filter((shape) => distinctFromFirst(shape.left, [shape.right]));
}

/** BETWEEN, with bounds of one ordered type and lower <= upper, as DynamoDB requires. */
function between(choices: Choices): fc.Arbitrary<ConditionShape> {
  return choices.subject.chain((operand) =>
    fc
      .tuple(choices.ordered(operand), choices.ordered(operand))
      .filter(([a, b]) => modelOrder(a, b) !== undefined)
      .map(([a, b]): ConditionShape => {
        const [lower, upper] = modelOrder(a, b)! <= 0 ? [a, b] : [b, a];
        return { kind: 'between', operand, lower, upper };
      }),
  );
}

function membership(choices: Choices): fc.Arbitrary<ConditionShape> {
  return choices.subject.chain((operand) => {
    const candidate = fc.oneof({ weight: 3, arbitrary: valueOperand(choices.any(operand)) }, { weight: 1, arbitrary: choices.subject });
    return fc
      .array(candidate, { minLength: 1, maxLength: 3 })
      .filter((candidates) => distinctFromFirst(operand, candidates))
      .map((candidates): ConditionShape => ({ kind: 'in', operand, candidates }));
  });
}

function functionCall(choices: Choices): fc.Arbitrary<ConditionShape> {
  const onPath = (build: (at: WrittenPath, self: Operand) => fc.Arbitrary<ConditionShape>) => choices.path.chain((at) => build(at, { kind: 'path', at }));
  const valueOrPath = (value: fc.Arbitrary<AttributeValue>) =>
    fc.oneof({ weight: 3, arbitrary: valueOperand(value) }, { weight: 1, arbitrary: choices.pathOperand });
  return fc.oneof(
    fc.record({ kind: fc.constant('exists' as const), at: choices.path, exists: fc.boolean() }),
    onPath((at, self) => choices.typeName(self).map((typeName): ConditionShape => ({ kind: 'attributeType', at, typeName }))),
    onPath((at, self) =>
      valueOrPath(choices.prefix(self))
        .filter((prefix) => distinctFromFirst(self, [prefix]))
        .map((prefix): ConditionShape => ({ kind: 'beginsWith', at, prefix })),
    ),
    onPath((at, self) =>
      valueOrPath(choices.any(self))
        .filter((needle) => distinctFromFirst(self, [needle]))
        .map((needle): ConditionShape => ({ kind: 'contains', at, needle })),
    ),
  );
}

function parenthesized(shape: fc.Arbitrary<ConditionShape>): fc.Arbitrary<Condition> {
  return fc.tuple(shape, fc.boolean()).map(([body, parentheses]): Condition => ({ ...body, parenthesized: parentheses }));
}

/** A condition drawing on `choices`, at most `depth` logical operators deep. */
function condition(choices: Choices, depth: number): fc.Arbitrary<Condition> {
  const predicate = parenthesized(fc.oneof(comparison(choices), between(choices), membership(choices), functionCall(choices)));
  if (depth === 0) return predicate;
  const child = condition(choices, depth - 1);
  const logical = fc.oneof(
    fc.record({ kind: fc.constant('not' as const), operand: child }),
    fc.record({ kind: fc.constantFrom('and' as const, 'or' as const), left: child, right: child }),
  );
  return fc.oneof({ weight: 2, arbitrary: predicate }, { weight: 3, arbitrary: parenthesized(logical) });
}

/** An item, and a condition on it. */
const itemAndCondition = item.chain((subjectItem) => condition(choicesFor(subjectItem), 3).map((generated) => ({ subjectItem, generated })));

function describeCase(expression: string, placeholders: Placeholders, subjectItem: Item): string {
  return `${expression}\n  with ${JSON.stringify(placeholders.parameters())}\n  on ${JSON.stringify(subjectItem)}`;
}

// ---------------------------------------------------------------------------------
// Updates

type SetValue =
  | { readonly kind: 'value'; readonly value: AttributeValue }
  | { readonly kind: 'copy'; readonly source: WrittenPath }
  | { readonly kind: 'arithmetic'; readonly operator: '+' | '-'; readonly source: WrittenPath; readonly amount: AttributeValue }
  | { readonly kind: 'ifNotExists'; readonly source: WrittenPath; readonly fallback: AttributeValue }
  | { readonly kind: 'listAppend'; readonly source: WrittenPath; readonly list: AttributeValue; readonly sourceFirst: boolean };

type Clause = 'SET' | 'REMOVE' | 'ADD' | 'DELETE';

type UpdateAction =
  | { readonly clause: 'SET'; readonly target: WrittenPath; readonly value: SetValue }
  | { readonly clause: 'REMOVE'; readonly target: WrittenPath }
  | { readonly clause: 'ADD' | 'DELETE'; readonly target: WrittenPath; readonly value: AttributeValue };

interface GeneratedUpdate {
  readonly actions: readonly UpdateAction[];
  /** The order the clauses appear in the text, which DynamoDB leaves free. */
  readonly clauseOrder: readonly Clause[];
}

/** What DynamoDB answers an update it cannot apply: the model compares only this, not the message. */
const REFUSED = 'ValidationException';
type UpdateOutcome = Item | typeof REFUSED;

/** Thrown inside the model where DynamoDB refuses the update. */
class Refused extends Error {}

function refuse(): never {
  throw new Refused();
}

/** What an action leaves at its path: a value, or nothing. */
type Change = { readonly put: AttributeValue } | 'remove';

/** Operands read the item before the update; a path that holds nothing there is an error. */
function modelExisting(item: Item, source: WrittenPath): AttributeValue {
  return modelRead(item, source.path) ?? refuse();
}

function modelSetValue(value: SetValue, item: Item): AttributeValue {
  switch (value.kind) {
    case 'value':
      return value.value;
    case 'copy':
      return modelExisting(item, value.source);
    case 'arithmetic': {
      const base = modelExisting(item, value.source);
      if (!('N' in base) || !('N' in value.amount)) return refuse();
      const result = value.operator === '+' ? Number(base.N) + Number(value.amount.N) : Number(base.N) - Number(value.amount.N);
      return { N: String(result) };
    }
    case 'ifNotExists':
      return modelRead(item, value.source.path) ?? value.fallback;
    case 'listAppend': {
      const held = modelExisting(item, value.source);
      const [first, second] = value.sourceFirst ? [held, value.list] : [value.list, held];
      if (!('L' in first) || !('L' in second)) return refuse();
      return { L: [...first.L, ...second.L] };
    }
  }
}

type SetType = 'SS' | 'NS' | 'BS';

/** A set's members as scalar values, or undefined for anything that is not a set. */
function setMembers(value: AttributeValue): { readonly type: SetType; readonly members: AttributeValue[] } | undefined {
  if ('SS' in value) return { type: 'SS', members: value.SS.map((member) => ({ S: member })) };
  if ('NS' in value) return { type: 'NS', members: value.NS.map((member) => ({ N: member })) };
  if ('BS' in value) return { type: 'BS', members: value.BS.map((member) => ({ B: member })) };
  return undefined;
}

function setOf(type: SetType, members: readonly AttributeValue[]): AttributeValue {
  const texts = members.map((member) => Object.values(member)[0] as string);
  if (type === 'SS') return { SS: texts };
  return type === 'NS' ? { NS: texts } : { BS: texts };
}

/** ADD: where nothing is, the value goes; a number adds; a set takes in the members of a set of its type. */
function modelAdd(current: AttributeValue | undefined, value: AttributeValue): AttributeValue {
  if (current === undefined) return value;
  if ('N' in current && 'N' in value) return { N: String(Number(current.N) + Number(value.N)) };
  const held = setMembers(current);
  const added = setMembers(value);
  if (held === undefined || added === undefined || held.type !== added.type) return refuse();
  const fresh = added.members.filter((member) => !held.members.some((existing) => modelEquals(existing, member)));
  return setOf(held.type, [...held.members, ...fresh]);
}

/**
 * DELETE: takes members out of a set of the same type, and an emptied set goes away.
 * Where nothing is, it acts as REMOVE does there: nothing, if the parent could hold it.
 */
function modelDelete(current: AttributeValue | undefined, value: AttributeValue): Change {
  if (current === undefined) return 'remove';
  const held = setMembers(current);
  const deleted = setMembers(value);
  if (held === undefined || deleted === undefined || held.type !== deleted.type) return refuse();
  const remaining = held.members.filter((member) => !deleted.members.some((gone) => modelEquals(gone, member)));
  return remaining.length === 0 ? 'remove' : { put: setOf(held.type, remaining) };
}

/** What one action leaves at its path, decided on the item before the update. */
function modelChange(action: UpdateAction, item: Item): Change {
  switch (action.clause) {
    case 'SET':
      return { put: modelSetValue(action.value, item) };
    case 'REMOVE':
      return 'remove';
    case 'ADD':
      return { put: modelAdd(modelRead(item, action.target.path), action.value) };
    case 'DELETE':
      return modelDelete(modelRead(item, action.target.path), action.value);
  }
}

/** A change, placed by the steps from the value being rebuilt down to its target. */
interface PlacedChange {
  readonly steps: Path;
  readonly change: Change;
}

function groupByFirstStep(changes: readonly PlacedChange[]): Map<string | number, PlacedChange[]> {
  const groups = new Map<string | number, PlacedChange[]>();
  for (const { steps, change } of changes) {
    const [first, ...rest] = steps;
    groups.set(first!, [...(groups.get(first!) ?? []), { steps: rest, change }]);
  }
  return groups;
}

/**
 * `current` with `changes` made inside it; undefined when it ends up removed. A change
 * below a value needs that value to be there and to be the container the next step
 * addresses (a map for a name, a list for an index): otherwise the path is invalid.
 */
function rebuild(current: AttributeValue | undefined, changes: readonly PlacedChange[]): AttributeValue | undefined {
  const atThisValue = changes.find((placed) => placed.steps.length === 0);
  // Paths are disjoint, so a change to this value is the only change here.
  if (atThisValue !== undefined) return atThisValue.change === 'remove' ? undefined : atThisValue.change.put;
  const byIndex = typeof changes[0]!.steps[0] === 'number';
  if (current !== undefined && 'M' in current && !byIndex) return { M: rebuildMembers(current.M, changes) };
  if (current !== undefined && 'L' in current && byIndex) return { L: rebuildElements(current.L, changes) };
  return refuse();
}

function rebuildMembers(members: AttributeMap, changes: readonly PlacedChange[]): AttributeMap {
  const result: Record<string, AttributeValue> = { ...members };
  for (const [name, inner] of groupByFirstStep(changes)) {
    const value = rebuild(modelStep({ M: members }, name), inner);
    if (value === undefined) delete result[name];
    else result[name] = value;
  }
  return result;
}

/**
 * Indexes mean positions in the list before the update: removing [0] does not move
 * what [1] names. A SET past the end appends, several in index order; a REMOVE past
 * the end does nothing; a change below an element past the end has no parent.
 */
function rebuildElements(elements: readonly AttributeValue[], changes: readonly PlacedChange[]): AttributeValue[] {
  const groups = groupByFirstStep(changes);
  const kept = elements.map((element, index) => {
    const inner = groups.get(index);
    return inner === undefined ? element : rebuild(element, inner);
  });
  const pastTheEnd = [...groups.keys()]
    .filter((index) => (index as number) >= elements.length)
    .sort((a, b) => (a as number) - (b as number))
    .map((index) => rebuild(undefined, groups.get(index)!));
  return [...kept, ...pastTheEnd].filter((value): value is AttributeValue => value !== undefined);
}

function modelUpdate(item: Item, update: GeneratedUpdate): UpdateOutcome {
  try {
    const changes = update.actions.map((action): PlacedChange => ({ steps: action.target.path, change: modelChange(action, item) }));
    return rebuildMembers(item, changes);
  } catch (error) {
    if (error instanceof Refused) return REFUSED;
    throw error;
  }
}

/** Strata's answer: binding must succeed (the generator writes only what DynamoDB accepts); applying may refuse. */
function strataUpdate(item: Item, expression: string, placeholders: Placeholders): UpdateOutcome {
  const update = bindExpressions({ UpdateExpression: expression, ...placeholders.parameters() }, ['UpdateExpression']).update!;
  checkUpdate(update, ['pk']);
  try {
    return applyUpdate(item, update);
  } catch (error) {
    if (error instanceof DynamoDBError && error.type === REFUSED) return REFUSED;
    throw error;
  }
}

function sameOutcome(a: UpdateOutcome, b: UpdateOutcome): boolean {
  if (a === REFUSED || b === REFUSED) return a === b;
  return sameMaps(a, b);
}

function renderSetValue(value: SetValue, placeholders: Placeholders): string {
  switch (value.kind) {
    case 'value':
      return placeholders.value(value.value);
    case 'copy':
      return placeholders.path(value.source);
    case 'arithmetic':
      return `${placeholders.path(value.source)} ${value.operator} ${placeholders.value(value.amount)}`;
    case 'ifNotExists':
      return `if_not_exists(${placeholders.path(value.source)}, ${placeholders.value(value.fallback)})`;
    case 'listAppend': {
      const source = placeholders.path(value.source);
      const list = placeholders.value(value.list);
      return value.sourceFirst ? `list_append(${source}, ${list})` : `list_append(${list}, ${source})`;
    }
  }
}

function renderAction(action: UpdateAction, placeholders: Placeholders): string {
  const target = placeholders.path(action.target);
  if (action.clause === 'SET') return `${target} = ${renderSetValue(action.value, placeholders)}`;
  if (action.clause === 'REMOVE') return target;
  return `${target} ${placeholders.value(action.value)}`;
}

function renderUpdate(update: GeneratedUpdate, placeholders: Placeholders): string {
  return update.clauseOrder
    .map((clause) => update.actions.filter((action) => action.clause === clause))
    .filter((actions) => actions.length > 0)
    .map((actions) => `${actions[0]!.clause} ${actions.map((action) => renderAction(action, placeholders)).join(', ')}`)
    .join(' ');
}

/** Top-level attributes to write: the vocabulary, and one no item has. */
const TOP_LEVEL_TARGETS: readonly Path[] = [['n'], ['s'], ['b'], ['t'], ['z'], ['ss'], ['ns'], ['l'], ['m'], ['fresh']];
/** Members and elements to write: present, absent, past the end of any list (which holds at most 4), and below those. */
const NESTED_TARGETS: readonly Path[] = [
  ['m', 'x'],
  ['m', 'y'],
  ['m', 'y', 'z'],
  ['m', 'w'],
  ['l', 0],
  ['l', 1],
  ['l', 3],
  ['l', 5],
  ['l', 6],
  ['l', 2, 'x'],
  ['l', 0, 'y'],
];
/** Paths whose parent is missing, or is not the container the last step addresses. */
const PARENTLESS_TARGETS: readonly Path[] = [
  ['absent', 'x'],
  ['n', 'x'],
  ['s', 0],
  ['m', 0],
  ['l', 'x'],
];

const UPDATE_TARGETS = [...TOP_LEVEL_TARGETS, ...NESTED_TARGETS, ...PARENTLESS_TARGETS];
const documentTarget = written(
  fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...TOP_LEVEL_TARGETS) },
    { weight: 3, arbitrary: fc.constantFrom(...NESTED_TARGETS) },
    { weight: 1, arbitrary: fc.constantFrom(...PARENTLESS_TARGETS) },
  ),
);

const holdsNumber = (held: AttributeValue | undefined): boolean => held !== undefined && 'N' in held;
const holdsList = (held: AttributeValue | undefined): boolean => held !== undefined && 'L' in held;
const holdsSet = (held: AttributeValue | undefined): boolean => held !== undefined && setMembers(held) !== undefined;

/** The value of a SET; its operands read paths that often hold the type they need, "n" for "n + :one". */
function setValueFor(subjectItem: Item): fc.Arbitrary<SetValue> {
  const numberSource = preferring(pathsWhere(subjectItem, READ_PATHS, holdsNumber), readPath);
  const listSource = preferring(pathsWhere(subjectItem, READ_PATHS, holdsList), readPath);
  const presentSource = preferring(
    pathsWhere(subjectItem, READ_PATHS, (held) => held !== undefined),
    readPath,
  );
  return fc.oneof(
    fc.record({ kind: fc.constant('value' as const), value: literal.any }),
    fc.record({ kind: fc.constant('copy' as const), source: presentSource }),
    fc.record({ kind: fc.constant('arithmetic' as const), operator: fc.constantFrom('+' as const, '-' as const), source: numberSource, amount: literalNumber }),
    fc.record({ kind: fc.constant('ifNotExists' as const), source: readPath, fallback: literal.any }),
    fc.record({ kind: fc.constant('listAppend' as const), source: listSource, list: literal.list, sourceFirst: fc.boolean() }),
  );
}

/**
 * What ADD and DELETE take: a number or a set, often of the type the attribute holds
 * (so the action applies), and for DELETE often members the set holds (so it can empty).
 */
function addendFor(current: AttributeValue | undefined, clause: 'ADD' | 'DELETE'): fc.Arbitrary<AttributeValue> {
  const domain = clause === 'ADD' ? fc.oneof(literalNumber, anySet) : anySet;
  const held = current === undefined ? undefined : setMembers(current);
  if (held === undefined) return domain;
  const ownMembers = fc.shuffledSubarray(held.members, { minLength: 1 }).map((members) => setOf(held.type, members));
  return fc.oneof(domain, ownMembers);
}

/** ADD and DELETE, mostly on a path they can apply to: nothing, a number or a set for ADD; a set for DELETE. */
function addOrDeleteFor(subjectItem: Item, clause: 'ADD' | 'DELETE'): fc.Arbitrary<UpdateAction> {
  const applicable = clause === 'ADD' ? (held: AttributeValue | undefined) => held === undefined || holdsNumber(held) || holdsSet(held) : holdsSet;
  const reachable = pathsWhere(subjectItem, UPDATE_TARGETS, applicable).filter((path) => hasParentFor(subjectItem, path));
  const target = preferring(reachable, documentTarget);
  return target.chain((at) => addendFor(modelRead(subjectItem, at.path), clause).map((value): UpdateAction => ({ clause, target: at, value })));
}

function actionFor(subjectItem: Item): fc.Arbitrary<UpdateAction> {
  const target = preferring(
    UPDATE_TARGETS.filter((path) => hasParentFor(subjectItem, path)),
    documentTarget,
  );
  const set = fc.tuple(target, setValueFor(subjectItem)).map(([at, value]): UpdateAction => ({ clause: 'SET', target: at, value }));
  return fc.oneof(
    { weight: 3, arbitrary: set },
    { weight: 2, arbitrary: target.map((at): UpdateAction => ({ clause: 'REMOVE', target: at })) },
    { weight: 1, arbitrary: addOrDeleteFor(subjectItem, 'ADD') },
    { weight: 1, arbitrary: addOrDeleteFor(subjectItem, 'DELETE') },
  );
}

/**
 * Whether DynamoDB refuses two paths in one update: one contains the other (or they
 * are the same), or they part where one takes a member and the other an element of
 * the same value ("l[0]" and "l.x").
 */
function pathsClash(a: Path, b: Path): boolean {
  for (let step = 0; step < Math.min(a.length, b.length); step++) {
    if (a[step] !== b[step]) return typeof a[step] !== typeof b[step];
  }
  return true;
}

/** The actions whose paths do not clash with an earlier one's. */
function keepDisjoint(actions: readonly UpdateAction[]): UpdateAction[] {
  return actions.reduce<UpdateAction[]>((kept, action) => {
    const clashes = kept.some((earlier) => pathsClash(earlier.target.path, action.target.path));
    return clashes ? kept : [...kept, action];
  }, []);
}

/** An item, and an update of it: 1 to 4 actions on paths that do not clash, in clauses in any order. */
const itemAndUpdate = item.chain((subjectItem) =>
  fc
    .record({
      actions: fc.array(actionFor(subjectItem), { minLength: 1, maxLength: 4 }).map(keepDisjoint),
      clauseOrder: fc.shuffledSubarray<Clause>(['SET', 'REMOVE', 'ADD', 'DELETE'], { minLength: 4 }),
    })
    .map((update) => ({ subjectItem, update })),
);

function describeOutcome(outcome: UpdateOutcome): string {
  return outcome === REFUSED ? REFUSED : JSON.stringify(outcome);
}

describe('condition expressions against the reference model', () => {
  it('evaluate as DynamoDB documents them', () => {
    fc.assert(
      fc.property(itemAndCondition, ({ subjectItem, generated }) => {
        const placeholders = new Placeholders();
        const expression = renderCondition(generated, placeholders);
        const bound = bindExpressions({ ConditionExpression: expression, ...placeholders.parameters() }, ['ConditionExpression']);
        const expected = modelHolds(generated, subjectItem);
        assert.equal(evaluateCondition(bound.condition!, subjectItem), expected, describeCase(expression, placeholders, subjectItem));
      }),
      { seed: 20260401, numRuns: 5000 },
    );
  });
});

describe('update expressions against the reference model', () => {
  it('apply as DynamoDB documents them, or are refused where DynamoDB refuses them', () => {
    fc.assert(
      fc.property(itemAndUpdate, ({ subjectItem, update }) => {
        const placeholders = new Placeholders();
        const expression = renderUpdate(update, placeholders);
        const before = structuredClone(subjectItem);
        const actual = strataUpdate(subjectItem, expression, placeholders);
        const expected = modelUpdate(subjectItem, update);
        const story = `${describeCase(expression, placeholders, subjectItem)}\n  Strata: ${describeOutcome(actual)}\n  model:  ${describeOutcome(expected)}`;
        assert.ok(sameOutcome(actual, expected), story);
        assert.deepEqual(subjectItem, before, `the update changed the item it started from\n${story}`);
      }),
      { seed: 20260402, numRuns: 4000 },
    );
  });
});
