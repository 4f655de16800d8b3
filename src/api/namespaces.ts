import type { Engine } from '../engine/engine.js';
import type { RequestContext } from './context.js';

/** The region of a request whose credential scope names none (DynamoDB Local's default too). */
export const DEFAULT_REGION = 'us-east-1';

/** AWS's account id placeholder for local endpoints, as DynamoDB Local uses. */
export const LOCAL_ACCOUNT_ID = '000000000000';

/** The tables a caller sees: one set per access key id and region, or one for all (DynamoDB Local's -sharedDb). */
export function callerNamespace(accessKeyId: string, region: string, sharedDb: boolean): string {
  return sharedDb ? '' : `${accessKeyId}_${region}`;
}

/** The region a namespace belongs to: the shared namespace's is the default one. Region names hold no underscore. */
function namespaceRegion(namespace: string): string {
  return namespace === '' ? DEFAULT_REGION : namespace.slice(namespace.lastIndexOf('_') + 1);
}

/** The context of work done for a namespace by the server itself, not for a request (a local trigger's events). */
export function namespaceContext(engine: Engine, namespace: string): RequestContext {
  return { engine, namespace, region: namespaceRegion(namespace), accountId: LOCAL_ACCOUNT_ID };
}
