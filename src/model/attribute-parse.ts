import type { AttributeMap, AttributeValue } from './attribute-value.js';
import { DynamoDBError } from './errors.js';
import { ATTRIBUTE_NAME_BYTES_MAX, DOCUMENT_NESTING_LEVELS_MAX } from './limits.js';
import { canonicalNumber } from './number.js';
import { AWS_MESSAGES } from './aws-messages.js';
import { setOwnMember } from './own-members.js';

/**
 * Turns the JSON of a client's AttributeValue into a validated, canonical value:
 * numbers in canonical text, sets checked for emptiness and duplicates, binary
 * re-encoded as canonical base64. Wrong JSON types are SerializationExceptions,
 * wrong contents are ValidationExceptions, with the messages DynamoDB uses.
 */

const INVALID = 'One or more parameter values were invalid: ';

type Json = unknown;

function describeJsonValue(json: Json): string {
  if (typeof json === 'number') return 'NUMBER_VALUE';
  if (typeof json === 'boolean') return json ? 'TRUE_VALUE' : 'FALSE_VALUE';
  if (Array.isArray(json)) return 'START_ARRAY';
  if (typeof json === 'object' && json !== null) return 'START_OBJECT';
  return 'STRING_VALUE';
}

function expectString(json: Json): string {
  if (typeof json === 'string') return json;
  if (typeof json === 'object' && json !== null && !Array.isArray(json)) {
    throw DynamoDBError.serialization('Start of structure or map found where not expected.');
  }
  throw DynamoDBError.serialization(`${describeJsonValue(json)} cannot be converted to String`);
}

function expectArray(json: Json): readonly Json[] {
  if (Array.isArray(json)) return json;
  throw DynamoDBError.serialization('Unrecognized collection type class java.lang.String');
}

function expectObject(json: Json): Readonly<Record<string, Json>> {
  if (typeof json === 'object' && json !== null && !Array.isArray(json)) return json as Record<string, Json>;
  throw DynamoDBError.serialization('Unexpected value type in payload');
}

/** Standard base64 (RFC 4648, section 4): the 64 characters, then at most two '=' of padding. */
const BASE64_TEXT = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * Binary arrives as padded base64, and DynamoDB decodes it strictly: a length that is
 * not a multiple of 4 (missing padding, as in "AQI") is refused, and so is any
 * character outside the alphabet (scylladb/scylladb#25705 records DynamoDB refusing a
 * 0xFF byte). AWS's wording for a bad character is not on record; that message is
 * Strata's.
 */
function expectBinary(json: Json): string {
  const text = expectString(json);
  if (text.length % 4 !== 0) throw DynamoDBError.serialization(AWS_MESSAGES.base64Length.text(text.length));
  if (!BASE64_TEXT.test(text)) {
    const invalid = [...text.replace(/={1,2}$/, '')].find((character) => !/[A-Za-z0-9+/]/.test(character)) ?? '=';
    throw DynamoDBError.serialization(`Invalid base64 character '${invalid}' in a binary value`);
  }
  return Buffer.from(text, 'base64').toString('base64');
}

/**
 * A JSON null inside a value, refused in DynamoDB's words for each place (the wording
 * DynamoDB Local answers; AWS shares DynamoDB's value parsing, and no public report
 * of AWS's answer disagrees).
 */
function nullMember(kind: 'element' | 'string set' | 'number set'): DynamoDBError {
  if (kind === 'string set') return DynamoDBError.validation(INVALID + 'An string set may not have a null string as a member');
  if (kind === 'number set') return DynamoDBError.validation('A value provided cannot be converted into a number');
  return DynamoDBError.validation('The supplied Item contains a null AttributeValue');
}

function notNull(json: Json, kind: Parameters<typeof nullMember>[0]): Json {
  if (json === null) throw nullMember(kind);
  return json;
}

function rejectDuplicates(values: readonly string[], onDuplicate: () => DynamoDBError): void {
  if (new Set(values).size !== values.length) throw onDuplicate();
}

/**
 * Values inside maps and lists sit one level deeper than their container; an item's
 * attributes are level 1, and nothing may sit deeper than DynamoDB's 32 levels.
 */
const NESTED_VALUE_DEPTH_MAX = DOCUMENT_NESTING_LEVELS_MAX - 1;

function nestedDepth(containerDepth: number): number {
  const depth = containerDepth + 1;
  if (depth > NESTED_VALUE_DEPTH_MAX) {
    throw DynamoDBError.validation(AWS_MESSAGES.nestingTooDeep.text);
  }
  return depth;
}

/** Parses one AttributeValue; `depth` counts the maps and lists around it. */
export function parseAttributeValue(json: Json, depth = 0): AttributeValue {
  if (json === null) throw DynamoDBError.validation(AWS_MESSAGES.emptyAttributeValue.text);
  const fields = expectObject(json);
  let type: string | undefined;
  for (const key in fields) {
    if (fields[key] === null || fields[key] === undefined) continue;
    if (type !== undefined) {
      throw DynamoDBError.validation('Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes');
    }
    type = key;
  }
  const payload = type === undefined ? undefined : fields[type];
  switch (type) {
    case 'S':
      return { S: expectString(payload) };
    case 'N':
      return { N: canonicalNumber(expectString(payload)) };
    case 'B':
      return { B: expectBinary(payload) };
    case 'BOOL':
      if (typeof payload !== 'boolean') throw DynamoDBError.serialization(`${describeJsonValue(payload)} cannot be converted to Boolean`);
      return { BOOL: payload };
    case 'NULL':
      if (typeof payload !== 'boolean') throw DynamoDBError.serialization(`${describeJsonValue(payload)} cannot be converted to Boolean`);
      if (!payload) throw DynamoDBError.validation(AWS_MESSAGES.nullFalse.text);
      return { NULL: true };
    case 'M':
      return { M: parseAttributeMap(rejectNullValues(payload, 'Item'), nestedDepth(depth)) };
    case 'L': {
      const elementDepth = nestedDepth(depth);
      return { L: expectArray(payload).map((element) => parseAttributeValue(notNull(element, 'element'), elementDepth)) };
    }
    case 'SS': {
      const members = expectArray(payload).map((member) => expectString(notNull(member, 'string set')));
      if (members.length === 0) throw DynamoDBError.validation(AWS_MESSAGES.emptyStringSet.text);
      rejectDuplicates(members, () => DynamoDBError.validation(INVALID + `Input collection [${members.join(', ')}] contains duplicates`));
      return { SS: members };
    }
    case 'NS': {
      const members = expectArray(payload).map((member) => canonicalNumber(expectString(notNull(member, 'number set'))));
      if (members.length === 0) throw DynamoDBError.validation(AWS_MESSAGES.emptyNumberSet.text);
      rejectDuplicates(members, () => DynamoDBError.validation('Input collection contains duplicates'));
      return { NS: members };
    }
    case 'BS': {
      const members = expectArray(payload).map((member) => expectBinary(notNull(member, 'element')));
      if (members.length === 0) throw DynamoDBError.validation(INVALID + 'Binary sets should not be empty');
      rejectDuplicates(members, () => DynamoDBError.validation(INVALID + 'Input collection of type BS contains duplicates.'));
      return { BS: members };
    }
    default:
      throw DynamoDBError.validation(AWS_MESSAGES.emptyAttributeValue.text);
  }
}

/** A UTF-8 character takes at most 3 bytes per UTF-16 unit, so shorter names need no byte count. */
const NAME_UNITS_SURELY_WITHIN_LIMIT = Math.floor(ATTRIBUTE_NAME_BYTES_MAX / 3);

/** Refuses an attribute name over the limit. */
export function checkAttributeNameSize(name: string): void {
  if (name.length > NAME_UNITS_SURELY_WITHIN_LIMIT && Buffer.byteLength(name, 'utf8') > ATTRIBUTE_NAME_BYTES_MAX) {
    throw DynamoDBError.validation(AWS_MESSAGES.attributeNameTooLarge.text(ATTRIBUTE_NAME_BYTES_MAX));
  }
}

/** Parses a map of attribute name to AttributeValue (an item, a key, or an M value). */
export function parseAttributeMap(json: Json, depth = 0): AttributeMap {
  const fields = expectObject(json);
  const map: Record<string, AttributeValue> = {};
  for (const name in fields) {
    if (name === '') throw DynamoDBError.validation('Empty attribute name');
    checkAttributeNameSize(name);
    setOwnMember(map, name, parseAttributeValue(fields[name], depth));
  }
  return map;
}

/**
 * Parses a top-level item or key, where DynamoDB reports a null value by name
 * ("The supplied Item contains a null AttributeValue: v is null").
 */
export function parseTopLevelMap(json: Json, parameterName: string): AttributeMap {
  return parseAttributeMap(rejectNullValues(json, parameterName));
}

/** The map's fields, refusing a null value by name; an M value's are reported as the Item's, as DynamoDB Local words it. */
function rejectNullValues(json: Json, parameterName: string): Readonly<Record<string, Json>> {
  const fields = expectObject(json);
  for (const name in fields) {
    if (fields[name] === null) {
      throw DynamoDBError.validation(`The supplied ${parameterName} contains a null AttributeValue: ${name} is null`);
    }
  }
  return fields;
}
