import type { ApiModel } from '../support/api-model.js';
import { jsonKind, type JsonValue } from './json-text.js';
import { sitesOf, type Site } from './shape-sites.js';

/**
 * The body of a successful answer, read by its operation's output shape in the model:
 * its sites, for the values it carries (observed-values.ts), or what makes it an
 * answer no client could read: not JSON, not an object, or a value of another JSON
 * type than the model's at its place (a number where the model has a string). A
 * member the model does not know is not a fault: clients ignore those.
 */
export type ReadAnswer = { readonly sites: readonly Site[] } | { readonly problem: string };

/** The JSON type the JSON protocol writes each type of shape as; timestamps are seconds since the epoch. */
const JSON_KIND_OF_SHAPE_TYPE: Readonly<Record<string, string>> = {
  structure: 'object',
  map: 'object',
  list: 'array',
  string: 'string',
  blob: 'string',
  boolean: 'boolean',
  integer: 'number',
  long: 'number',
  float: 'number',
  double: 'number',
  timestamp: 'number',
};

/**
 * What is wrong at `site`, if anything, said the same for every answer wrong in the
 * same way (list indexes written `[]`), so that the findings count them as one.
 */
function misplaced(model: ApiModel, site: Site): string | undefined {
  const shape = site.shapeName === undefined ? undefined : model.shapes[site.shapeName];
  const wanted = shape === undefined ? undefined : JSON_KIND_OF_SHAPE_TYPE[shape.type];
  const found = jsonKind(site.value);
  if (wanted === undefined || found === wanted) return undefined;
  const place = site.path.map((step, at) => (typeof step === 'number' ? '[]' : at === 0 ? step : `.${step}`)).join('');
  return `${place || 'the body'} holds ${found} where the model has ${wanted} (${site.shapeName})`;
}

export function readAnswer(model: ApiModel, operation: string, bodyText: string): ReadAnswer {
  let body: JsonValue;
  try {
    body = JSON.parse(bodyText) as JsonValue;
  } catch {
    return { problem: 'the body is not JSON' };
  }
  const sites = sitesOf(model, body, model.operations[operation]?.output?.shape);
  for (const site of sites) {
    const problem = misplaced(model, site);
    if (problem !== undefined) return { problem };
  }
  return { sites };
}
