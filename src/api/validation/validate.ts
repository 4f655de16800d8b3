import { DynamoDBError } from '../../model/errors.js';
import type { Infer, Shape, StructureShape } from './shape.js';

/**
 * Checks a request body against its declared shape, in AWS's two steps:
 *
 * 1. Deserialization: a member of the wrong JSON type fails the whole request at once
 *    with a SerializationException (Coral's Jackson-based parser messages). A
 *    structure member whose JSON is `null` is not set, exactly as if it were absent,
 *    as AWS's JSON protocols define it; the member is deleted from the body, so that
 *    no operation ever sees a null where its type says a value or undefined.
 * 2. Constraints: every violated constraint is collected, in declaration order, into
 *    one ValidationException: "2 validation errors detected: Value ... at 'path'
 *    failed to satisfy constraint: ...; Value ...". Paths use lowerCamelCase member
 *    names, `.N.member` for the N-th list element (from 1) and `.key.member` for maps.
 *    A `null` list element or map value (other than an AttributeValue, which the
 *    attribute parser reports in DynamoDB's own words) is "Member must not be null":
 *    DynamoDB's lists and maps are dense, and a dense collection holds no nulls.
 *
 * 3. Refusals: a member declared REFUSED that has a value (not null) fails with
 *    "Strata does not support the X parameter yet", after AWS's own checks have
 *    passed, so that a request AWS would reject is rejected with AWS's message.
 *
 * Members the shape does not declare are ignored, as AWS ignores them.
 */
export function validateRequest<S extends StructureShape>(shape: S, body: unknown): Infer<S> {
  checkJsonTypes(shape, body);
  const violations: string[] = [];
  collectViolations(shape, body, '', violations);
  if (violations.length > 0) {
    const count = violations.length;
    throw DynamoDBError.validation(`${count} validation error${count === 1 ? '' : 's'} detected: ${violations.join('; ')}`);
  }
  const refused = firstRefusedMember(shape, body);
  if (refused !== undefined) throw DynamoDBError.validation(`Strata does not support the ${refused} parameter yet`);
  return body as Infer<S>;
}

/** Whether each shape met so far declares a REFUSED member anywhere inside it; most do not, and are not walked. */
const holdsRefusedMember = new WeakMap<Shape, boolean>();

function declaresRefused(shape: Shape): boolean {
  let holds = holdsRefusedMember.get(shape);
  if (holds === undefined) {
    switch (shape.type) {
      case 'refused':
        holds = true;
        break;
      case 'list':
        holds = declaresRefused(shape.member);
        break;
      case 'map':
        holds = declaresRefused(shape.value);
        break;
      case 'structure':
        holds = Object.values(shape.members).some(declaresRefused);
        break;
      default:
        holds = false;
    }
    holdsRefusedMember.set(shape, holds);
  }
  return holds;
}

/** The name of the first member, in declaration order and depth first, that is refused and has a value. */
function firstRefusedMember(shape: Shape, json: unknown): string | undefined {
  if (json === null || json === undefined || !declaresRefused(shape)) return undefined;
  switch (shape.type) {
    case 'list':
      for (const element of json as unknown[]) {
        const refused = firstRefusedMember(shape.member, element);
        if (refused !== undefined) return refused;
      }
      return undefined;
    case 'map':
      for (const value of Object.values(json as Record<string, unknown>)) {
        const refused = firstRefusedMember(shape.value, value);
        if (refused !== undefined) return refused;
      }
      return undefined;
    case 'structure':
      for (const [name, memberShape] of Object.entries(shape.members)) {
        const value = (json as Record<string, unknown>)[name];
        if (memberShape.type === 'refused' && value !== null && value !== undefined) return name;
        const refused = firstRefusedMember(memberShape, value);
        if (refused !== undefined) return refused;
      }
      return undefined;
    default:
      return undefined;
  }
}

function jsonToken(json: unknown): string {
  if (typeof json === 'number') return 'NUMBER_VALUE';
  if (typeof json === 'boolean') return json ? 'TRUE_VALUE' : 'FALSE_VALUE';
  if (typeof json === 'string') return 'STRING_VALUE';
  if (Array.isArray(json)) return 'START_ARRAY';
  return 'START_OBJECT';
}

function isObject(json: unknown): json is Record<string, unknown> {
  return typeof json === 'object' && json !== null && !Array.isArray(json);
}

function serializationError(shape: Shape, json: unknown): DynamoDBError {
  switch (shape.type) {
    case 'string':
      if (isObject(json)) return DynamoDBError.serialization('Start of structure or map found where not expected.');
      if (Array.isArray(json)) return DynamoDBError.serialization('Start of list found where not expected');
      return DynamoDBError.serialization(`${jsonToken(json)} cannot be converted to String`);
    case 'integer':
      return DynamoDBError.serialization(`${jsonToken(json)} can not be converted to an Integer`);
    case 'long':
      return DynamoDBError.serialization(`${jsonToken(json)} can not be converted to a Long`);
    case 'boolean':
      return DynamoDBError.serialization(`${jsonToken(json)} can not be converted to a Boolean`);
    case 'list':
      return DynamoDBError.serialization(
        isObject(json) ? 'Start of structure or map found where not expected.' : 'Unrecognized collection type class java.lang.String',
      );
    case 'structure':
    case 'map':
    case 'attributeValue':
    case 'refused':
      return DynamoDBError.serialization(Array.isArray(json) ? 'Start of list found where not expected' : 'Unexpected value type in payload');
  }
}

function checkJsonTypes(shape: Shape, json: unknown): void {
  if (json === null || json === undefined) return;
  const fail = (): never => {
    throw serializationError(shape, json);
  };
  switch (shape.type) {
    case 'string':
      if (typeof json !== 'string') fail();
      return;
    case 'integer':
    case 'long':
      if (typeof json !== 'number' || !Number.isInteger(json)) fail();
      return;
    case 'boolean':
      if (typeof json !== 'boolean') fail();
      return;
    case 'attributeValue':
      if (!isObject(json)) fail();
      return;
    case 'refused':
      return;
    case 'list':
      if (!Array.isArray(json)) fail();
      for (const element of json as unknown[]) checkJsonTypes(shape.member, element);
      return;
    case 'map':
      if (!isObject(json)) fail();
      for (const value of Object.values(json as Record<string, unknown>)) checkJsonTypes(shape.value, value);
      return;
    case 'structure': {
      if (!isObject(json)) fail();
      const fields = json as Record<string, unknown>;
      for (const [name, memberShape] of Object.entries(shape.members)) {
        if (fields[name] === null) delete fields[name];
        else checkJsonTypes(memberShape, fields[name]);
      }
      return;
    }
  }
}

/** A null element of a list or value of a map; AttributeValues are left to the attribute parser's messages. */
function isNullElement(elementShape: Shape, json: unknown): boolean {
  return json === null && elementShape.type !== 'attributeValue';
}

function lowerCamel(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1);
}

/** Renders a value the way AWS's messages print it (Java's toString of the model). */
function renderValue(json: unknown): string {
  if (Array.isArray(json)) return `[${json.map(renderValue).join(', ')}]`;
  if (isObject(json))
    return `{${Object.entries(json)
      .map(([key, value]) => `${key}=${renderValue(value)}`)
      .join(', ')}}`;
  return String(json);
}

function violation(json: unknown, path: string, constraint: string): string {
  const value = json === null || json === undefined ? 'null' : `'${renderValue(json)}'`;
  return `Value ${value} at '${path}' failed to satisfy constraint: ${constraint}`;
}

function checkLength(json: unknown, length: number, shape: { min?: number; max?: number }, path: string, violations: string[]): void {
  if (shape.min !== undefined && length < shape.min) {
    violations.push(violation(json, path, `Member must have length greater than or equal to ${shape.min}`));
  } else if (shape.max !== undefined && length > shape.max) {
    violations.push(violation(json, path, `Member must have length less than or equal to ${shape.max}`));
  }
}

const compiledPatterns = new Map<string, RegExp>();

/** The model's patterns must match a whole value; each is compiled once. */
function wholeMatch(pattern: string): RegExp {
  let compiled = compiledPatterns.get(pattern);
  if (compiled === undefined) {
    compiled = new RegExp(`^(?:${pattern})$`);
    compiledPatterns.set(pattern, compiled);
  }
  return compiled;
}

function collectViolations(shape: Shape, json: unknown, path: string, violations: string[]): void {
  if (json === null || json === undefined) return;
  switch (shape.type) {
    case 'string': {
      const text = json as string;
      if (shape.enum !== undefined && !shape.enum.includes(text)) {
        violations.push(violation(json, path, `Member must satisfy enum value set: [${[...shape.enum].sort().join(', ')}]`));
        return;
      }
      checkLength(json, text.length, shape, path, violations);
      if (shape.pattern !== undefined && !wholeMatch(shape.pattern).test(text)) {
        violations.push(violation(json, path, `Member must satisfy regular expression pattern: ${shape.pattern}`));
      }
      return;
    }
    case 'integer':
    case 'long': {
      const value = json as number;
      if (shape.min !== undefined && value < shape.min) {
        violations.push(violation(json, path, `Member must have value greater than or equal to ${shape.min}`));
      } else if (shape.max !== undefined && value > shape.max) {
        violations.push(violation(json, path, `Member must have value less than or equal to ${shape.max}`));
      }
      return;
    }
    case 'boolean':
    case 'attributeValue':
    case 'refused':
      return;
    case 'list': {
      const elements = json as unknown[];
      checkLength(json, elements.length, shape, path, violations);
      elements.forEach((element, index) => {
        const elementPath = `${path}.${index + 1}.member`;
        if (isNullElement(shape.member, element)) violations.push(violation(element, elementPath, 'Member must not be null'));
        else collectViolations(shape.member, element, elementPath, violations);
      });
      return;
    }
    case 'map': {
      const entries = Object.entries(json as Record<string, unknown>);
      checkLength(json, entries.length, shape, path, violations);
      for (const [key, value] of entries) {
        const valuePath = `${path}.${key}.member`;
        if (isNullElement(shape.value, value)) violations.push(violation(value, valuePath, 'Member must not be null'));
        else collectViolations(shape.value, value, valuePath, violations);
      }
      return;
    }
    case 'structure': {
      const fields = json as Record<string, unknown>;
      for (const [name, memberShape] of Object.entries(shape.members)) {
        const memberPath = path === '' ? lowerCamel(name) : `${path}.${lowerCamel(name)}`;
        const value = fields[name];
        if ((value === null || value === undefined) && shape.required?.includes(name)) {
          violations.push(violation(value, memberPath, 'Member must not be null'));
        } else {
          collectViolations(memberShape, value, memberPath, violations);
        }
      }
      return;
    }
  }
}
