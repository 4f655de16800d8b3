import { changedAt, type PathStep } from './json-paths.js';
import { encodeJson, isJsonObject, JsonLiteral, objectOf, type JsonObject, type JsonValue } from './json-text.js';

/**
 * Shrinks the body of a request that showed a finding to one that still shows it:
 * greedily, each step the first smaller variant that still reproduces (a member
 * removed, a list or map halved, a string cut, a deep literal made shallower), the
 * outermost places first, until no variant reproduces or the budget is spent.
 */

/** Whether a body (as JSON text) still shows the finding. */
export type Reproduces = (bodyText: string) => Promise<boolean>;

export interface MinimizeBudget {
  readonly attemptsMax: number;
  /** performance.now() after which no more attempts are made. */
  readonly deadlineMs: number;
}

/** A list or object is searched this far in; past it, only halving shrinks it. */
const CHILDREN_SEARCHED_MAX = 50;
/** Strings are cut down to this length at most. */
const STRING_CHARS_KEPT_MIN = 8;

/** Every place in `root` down to its literals, breadth first, with the value there. */
function placesOf(root: JsonValue): Array<{ readonly path: readonly PathStep[]; readonly value: JsonValue }> {
  const places: Array<{ path: readonly PathStep[]; value: JsonValue }> = [{ path: [], value: root }];
  for (let next = 0; next < places.length; next++) {
    const { path, value } = places[next]!;
    if (Array.isArray(value)) {
      value.slice(0, CHILDREN_SEARCHED_MAX).forEach((element: JsonValue, index) => places.push({ path: [...path, index], value: element }));
    } else if (isJsonObject(value)) {
      for (const [name, member] of Object.entries(value).slice(0, CHILDREN_SEARCHED_MAX)) places.push({ path: [...path, name], value: member });
    }
  }
  return places;
}

/** The smaller values one place can take. */
function smallerValues(value: JsonValue): JsonValue[] {
  if (value instanceof JsonLiteral) return [...value.smaller()];
  if (typeof value === 'string' && value.length > STRING_CHARS_KEPT_MIN) return [value.slice(0, STRING_CHARS_KEPT_MIN), value.slice(0, value.length / 2)];
  if (Array.isArray(value) && value.length > 1) return [value.slice(0, 1), value.slice(0, value.length / 2)];
  if (isJsonObject(value)) {
    const entries = Object.entries(value);
    if (entries.length > 1) return [objectOf(entries.slice(0, entries.length / 2))];
  }
  return [];
}

/** Smaller bodies than `root`, the likeliest to shrink it most first: removals near the top, then reductions. */
function* smallerBodies(root: JsonValue): Generator<JsonValue> {
  const places = placesOf(root);
  for (const { path } of places) {
    if (path.length === 0) continue;
    const removed = changedAt(root, path, () => undefined);
    if (removed !== undefined) yield removed;
  }
  for (const { path, value } of places) {
    for (const smaller of smallerValues(value)) {
      const changed = changedAt(root, path, () => smaller);
      if (changed !== undefined) yield changed;
    }
  }
}

export async function minimizedBody(body: JsonObject, reproduces: Reproduces, budget: MinimizeBudget): Promise<JsonObject> {
  let smallest: JsonObject = body;
  let attempts = 0;
  let shrunk = true;
  while (shrunk) {
    shrunk = false;
    for (const candidate of smallerBodies(smallest)) {
      if (attempts >= budget.attemptsMax || performance.now() > budget.deadlineMs) return smallest;
      if (!isJsonObject(candidate)) continue;
      attempts++;
      if (await reproduces(encodeJson(candidate))) {
        smallest = candidate;
        shrunk = true;
        break;
      }
    }
  }
  return smallest;
}
