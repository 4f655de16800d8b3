import type { Random } from './random.js';

/**
 * The words and characters generated requests are made of. Names come from a small
 * pool so that generated expressions, keys and items often meet the same attributes
 * (a condition on an attribute an earlier request wrote), plus names chosen to break
 * things: reserved words, the expression language's own keywords, JavaScript's
 * Object.prototype members, and Unicode.
 */

/** The fixture tables' key attributes and a few ordinary attributes. */
export const PLAIN_ATTRIBUTE_NAMES: readonly string[] = ['pk', 'sk', 'gpk', 'gsk', 'lsk', 'a', 'b', 'count', 'tags', 'doc', 'list', 'ttl'];

/**
 * Names people give attributes that DynamoDB reserves (a sample of the guide's list:
 * written plainly in an expression, each is a ValidationException), then the
 * grammar's keywords and function names, which are tokens rather than names.
 */
const RESERVED_ATTRIBUTE_NAMES: readonly string[] = [
  'Name',
  'Size',
  'Status',
  'Value',
  'Count',
  'Key',
  'Data',
  'Date',
  'Year',
  'Group',
  'Order',
  'User',
  'Type',
  'Timestamp',
];
const GRAMMAR_WORDS: readonly string[] = [
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
];

/** Member names that are also Object.prototype's: a server that indexes plain objects with them finds functions. */
export const PROTOTYPE_NAMES: readonly string[] = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', 'prototype'];

/**
 * Characters that trip encoders, comparators and size counting: NUL and controls,
 * combining marks, right-to-left text, astral emoji (two UTF-16 units), a lone
 * surrogate (no UTF-8 form at all), a byte-order mark, the largest code point.
 */
const ODD_CHARACTERS: readonly string[] = [
  '\u0000',
  '\u0001',
  '\t',
  '\n',
  '\u007f',
  '\u0301',
  '\u05d0',
  '\u202e',
  '😀',
  '\ud800',
  '\udfff',
  '\ufeff',
  '\uffff',
  '\u{10ffff}',
  '"',
  '\\',
  '#',
  ':',
  '.',
  '[',
  ']',
  ' ',
];

export function attributeName(random: Random): string {
  return random.weighted<() => string>([
    [12, () => random.pick(PLAIN_ATTRIBUTE_NAMES)],
    [2, () => random.pick(RESERVED_ATTRIBUTE_NAMES)],
    [1, () => random.pick(GRAMMAR_WORDS)],
    [1, () => random.pick(PROTOTYPE_NAMES)],
    [1, () => oddString(random)],
    [1, () => ''],
  ])();
}

/** A short string of letters and digits. */
export function plainString(random: Random, lengthMax = 12): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-.';
  let text = '';
  for (let length = random.int(1, lengthMax); length > 0; length--) text += alphabet[random.int(0, alphabet.length - 1)];
  return text;
}

/** A string mixing plain characters with odd ones. */
export function oddString(random: Random): string {
  let text = '';
  for (let parts = random.int(1, 6); parts > 0; parts--) text += random.chance(0.5) ? random.pick(ODD_CHARACTERS) : plainString(random, 4);
  return text;
}

/** A string value: mostly plain, sometimes odd, empty, or long. */
export function stringValue(random: Random): string {
  return random.weighted<() => string>([
    [8, () => plainString(random)],
    [3, () => oddString(random)],
    [1, () => ''],
    [1, () => 'x'.repeat(random.size(5_000))],
  ])();
}

/**
 * Number texts DynamoDB must take or refuse by its rules: ordinary ones, its range
 * and precision edges (38 digits, 1E-130, 9.99…E+125) and just past them, and
 * spellings of numbers it does not accept.
 */
const EDGE_NUMBER_TEXTS: readonly string[] = [
  '0',
  '-0',
  '0.0',
  '1E-130',
  '1E-131',
  '9.9999999999999999999999999999999999999E+125',
  '1E+126',
  '-9.9999999999999999999999999999999999999E+125',
  '12345678901234567890123456789012345678',
  '123456789012345678901234567890123456789',
  '0.000000000000000000000000000000000000001',
  '1e5',
  '.5',
  '5.',
  '+1',
  ' 1',
  '1 ',
  '0x10',
  'NaN',
  'Infinity',
  '-',
  '',
  '1e',
  '١٢٣',
];

export function numberText(random: Random): string {
  return random.weighted<() => string>([
    [6, () => String(random.int(-1000, 1000))],
    [3, () => `${random.int(-99, 99)}.${random.int(0, 999)}`],
    [2, () => random.pick(EDGE_NUMBER_TEXTS)],
  ])();
}

/** Base64 text of a few random bytes, or sometimes text that is not base64. */
export function binaryText(random: Random): string {
  if (random.chance(0.1)) return random.pick(['', '!!!', 'abc', '====', 'a===', 'YQ', 'YQ==YQ==', '\u00e9']);
  return Buffer.from(Array.from({ length: random.int(1, 16) }, () => random.int(0, 255))).toString('base64');
}

/** Where the identifiers the server mints divide: ARNs at `:` and `/`, stream labels at `-`, `:` and `.`, iterators at `|`. */
const IDENTIFIER_SEPARATORS = /[:/|.-]/g;

function separatorIndexes(text: string): number[] {
  return [...text.matchAll(IDENTIFIER_SEPARATORS)].map((match) => match.index);
}

/** `head` up to one of its separators, then `tail` from the separator of the same rank on. */
function spliced(random: Random, head: string, tail: string): string {
  const headCuts = separatorIndexes(head);
  const tailCuts = separatorIndexes(tail);
  const cuts = Math.min(headCuts.length, tailCuts.length);
  if (cuts === 0) return tail;
  const cut = random.int(0, cuts - 1);
  return `${head.slice(0, headCuts[cut])}${tail.slice(tailCuts[cut])}`;
}

/**
 * A string one slip away from `text`, a value the server minted: cut short, one
 * character changed, its case changed, lengthened, or its head joined at a separator
 * to the tail of another value of its kind (`others`). Joined, two real values make
 * one that is well-formed and wrong: one table's ARN with another stream's label, an
 * iterator naming one stream with a position in another.
 */
export function nearMiss(random: Random, text: string, others: readonly string[]): string {
  const at = random.int(0, Math.max(0, text.length - 1));
  return random.weighted<() => string>([
    [3, () => text.slice(0, at)],
    [3, () => `${text.slice(0, at)}${random.chance(0.7) ? plainString(random, 1) : random.pick(ODD_CHARACTERS)}${text.slice(at + 1)}`],
    [1, () => (random.chance(0.5) ? text.toUpperCase() : text.toLowerCase())],
    [1, () => `${text}${random.chance(0.5) ? plainString(random) : text.repeat(random.int(1, 40))}`],
    [others.length > 0 ? 4 : 0, () => spliced(random, text, random.pick(others))],
  ])();
}
