import { isJsonObject, objectOf, type JsonValue } from './json-text.js';

/** A step into a JSON value: a member name, or an index into an array. */
export type PathStep = string | number;

/**
 * `root` with the value at `path` replaced by what `change` makes of it (undefined
 * removes it), copied along the path only: the mutations and the minimizer change
 * one place of a body and keep the body they started from.
 */
export function changedAt(root: JsonValue, path: readonly PathStep[], change: (old: JsonValue) => JsonValue | undefined): JsonValue | undefined {
  const [step, ...rest] = path;
  if (step === undefined) return change(root);
  if (Array.isArray(root) && typeof step === 'number') {
    const element = changedAt(root[step] as JsonValue, rest, change);
    return element === undefined ? root.filter((_, index) => index !== step) : root.map((old, index) => (index === step ? element : old));
  }
  if (isJsonObject(root) && typeof step === 'string') {
    const member = changedAt(root[step]!, rest, change);
    return objectOf(
      Object.entries(root).flatMap(([name, old]) => (name !== step ? [[name, old] as const] : member === undefined ? [] : [[name, member] as const])),
    );
  }
  return root;
}
