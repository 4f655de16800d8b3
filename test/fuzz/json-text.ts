/**
 * Request bodies as the fuzzer builds them: JSON values, plus literals for what a JS
 * value cannot hold or JSON.stringify cannot write: numbers out of double range
 * (`1e999`), and values nested thousands deep, which a recursive serializer (or
 * shrinker) would overflow its own stack on.
 */
export type JsonValue = null | boolean | number | string | JsonLiteral | readonly JsonValue[] | JsonObject;

export interface JsonObject {
  readonly [member: string]: JsonValue;
}

/** JSON text written into the body as it is, and the smaller literals it can shrink to. */
export class JsonLiteral {
  constructor(
    readonly text: string,
    readonly smaller: () => readonly JsonLiteral[] = () => [],
  ) {}
}

/**
 * Builds an object member by member with defineProperty: an assignment to `__proto__`
 * would set the prototype instead of adding the member, and `__proto__` is exactly the
 * kind of member name the fuzzer sends.
 */
export function objectOf(entries: Iterable<readonly [string, JsonValue]>): JsonObject {
  const object: Record<string, JsonValue> = {};
  for (const [name, value] of entries) Object.defineProperty(object, name, { value, enumerable: true, writable: true, configurable: true });
  return object;
}

export function isJsonObject(value: JsonValue | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof JsonLiteral);
}

export function encodeJson(value: JsonValue): string {
  if (value instanceof JsonLiteral) return value.text;
  if (Array.isArray(value)) return `[${value.map(encodeJson).join(',')}]`;
  if (isJsonObject(value)) {
    return `{${Object.entries(value)
      .map(([name, member]) => `${JSON.stringify(name)}:${encodeJson(member)}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * `value` nested `depth` times inside `open`…`close`, as one literal (built by
 * repetition, never by recursion); it shrinks to half its depth, and to depth 1.
 */
export function nestedLiteral(open: string, innermost: string, close: string, depth: number): JsonLiteral {
  return new JsonLiteral(`${open.repeat(depth)}${innermost}${close.repeat(depth)}`, () =>
    depth <= 1 ? [] : [nestedLiteral(open, innermost, close, 1), nestedLiteral(open, innermost, close, Math.floor(depth / 2))],
  );
}

/** What kind of JSON value `value` is: `null`, `array`, `literal` (for a JsonLiteral), or its typeof. */
export function jsonKind(value: JsonValue): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (value instanceof JsonLiteral) return 'literal';
  return typeof value;
}
