/**
 * Attribute and table names are the client's, and "constructor", "toString" or
 * "__proto__" are as valid as any other. On a plain object those names reach
 * Object.prototype: reading a missing "toString" finds a function, and storing
 * "__proto__" replaces the object's prototype instead of adding a member. Every read
 * and store of a member the client named goes through these two functions.
 */

/** The member `name` of `map`, if `map` itself holds it. */
export function ownMember<Value>(map: { readonly [name: string]: Value }, name: string): Value | undefined {
  return Object.hasOwn(map, name) ? map[name] : undefined;
}

/** Stores `value` as the member `name` of `map`, "__proto__" included. */
export function setOwnMember<Value>(map: { [name: string]: Value }, name: string, value: Value): void {
  if (name === '__proto__') Object.defineProperty(map, name, { value, enumerable: true, writable: true, configurable: true });
  else map[name] = value;
}
