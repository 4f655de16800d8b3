import type { ApiModel } from '../support/api-model.js';
import type { PathStep } from './json-paths.js';
import { isJsonObject, type JsonValue } from './json-text.js';

/**
 * The places in a JSON body, at every depth, each with the model shape it should
 * hold: a request's are where mutations strike (mutations.ts), an answer's are read
 * for the values it carries and checked against the model (answer-bodies.ts).
 */

/** One place in a body: where it is, what is there, and the model shape it should hold (undefined off the model). */
export interface Site {
  readonly path: readonly PathStep[];
  readonly value: JsonValue;
  readonly shapeName: string | undefined;
}

/** Every site of `value`, itself first, which the model says holds `shapeName`. */
export function sitesOf(model: ApiModel, value: JsonValue, shapeName: string | undefined, path: readonly PathStep[] = [], sites: Site[] = []): Site[] {
  sites.push({ path, value, shapeName });
  const shape = shapeName === undefined ? undefined : model.shapes[shapeName];
  if (Array.isArray(value)) {
    value.forEach((element, index) => sitesOf(model, element, shape?.type === 'list' ? shape.member?.shape : undefined, [...path, index], sites));
  } else if (isJsonObject(value)) {
    for (const [name, member] of Object.entries(value)) {
      const memberShape = shape?.type === 'structure' ? shape.members?.[name]?.shape : shape?.type === 'map' ? shape.value?.shape : undefined;
      sitesOf(model, member, memberShape, [...path, name], sites);
    }
  }
  return sites;
}
