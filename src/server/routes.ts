import { dynamoDBOperations } from '../api/operations.js';
import { streamOperations } from '../api/stream-operations.js';
import { answerPreflight, serveHealthCheck } from './answers.js';
import type { RouteHandler } from './exchange.js';
import { serveOperations } from './serve-operations.js';

/** In a route, matches every path of the route's method; any other path matches exactly. */
const ANY_PATH = Symbol('any path');

interface Route {
  readonly method: string;
  /** The request target's path as sent, undecoded. */
  readonly path: string | typeof ANY_PATH;
  readonly handler: RouteHandler;
}

/**
 * Where each request goes, by method and path; a request no route matches gets AWS's
 * 404 (answers.ts).
 *
 * POST is served on every path, as before: what AWS does with a POST to a path other
 * than `/` is not recorded anywhere found, and both dynalite (index.js never reads the
 * path) and DynamoDB Local (measured: `/foo`, `//` and absolute-form targets all serve
 * the operation) serve it. DynamoDB and DynamoDB Streams share it, told apart by
 * X-Amz-Target as on DynamoDB Local's single port (AWS gives Streams its own endpoint).
 */
const ROUTES: readonly Route[] = [
  {
    method: 'POST',
    path: ANY_PATH,
    handler: serveOperations([
      { targetPrefix: 'DynamoDB_20120810.', operations: dynamoDBOperations },
      { targetPrefix: 'DynamoDBStreams_20120810.', operations: streamOperations },
    ]),
  },
  // dynalite's server (index.js, written against AWS) answers a GET of any path with the health check, as Strata always has.
  { method: 'GET', path: ANY_PATH, handler: serveHealthCheck },
  { method: 'HEAD', path: ANY_PATH, handler: serveHealthCheck },
  // Browsers send a preflight to the path they will POST to, so every path has one.
  { method: 'OPTIONS', path: ANY_PATH, handler: answerPreflight },
];

type PathRoutes = Map<string | typeof ANY_PATH, RouteHandler>;

function routesByMethod(routes: readonly Route[]): ReadonlyMap<string, PathRoutes> {
  const byMethod = new Map<string, PathRoutes>();
  for (const { method, path, handler } of routes) {
    let byPath = byMethod.get(method);
    if (byPath === undefined) byMethod.set(method, (byPath = new Map()));
    if (byPath.has(path)) throw new Error(`Two routes for ${method} ${String(path)}`);
    byPath.set(path, handler);
  }
  return byMethod;
}

const ROUTES_BY_METHOD = routesByMethod(ROUTES);

/** The handler for a method and path, or undefined when no route serves them. */
export function findRoute(method: string | undefined, path: string): RouteHandler | undefined {
  const byPath = method === undefined ? undefined : ROUTES_BY_METHOD.get(method);
  if (byPath === undefined) return undefined;
  return byPath.get(path) ?? byPath.get(ANY_PATH);
}
