import { RawJson, type Operation, type RequestContext } from '../api/context.js';
import type { OperationRegistry } from '../api/operation-registry.js';
import { callerNamespace, LOCAL_ACCOUNT_ID } from '../api/namespaces.js';
import { DynamoDBError } from '../model/errors.js';
import { identifyCaller } from './auth.js';
import type { RouteHandler } from './exchange.js';
import { collectBody, decompressBody, parseJsonObject } from './request-body.js';
import { JSON_CONTENT_TYPE, send } from './respond.js';

/** A service behind POST, named by the prefix of X-Amz-Target: `<prefix><operation>`. */
export interface Service {
  /** The service and its API version with the dot that ends them, e.g. `DynamoDB_20120810.`. */
  readonly targetPrefix: string;
  readonly operations: OperationRegistry;
}

/**
 * What AWS answers for a target no service knows: an unknown operation of a known
 * service, another service's operation, or no X-Amz-Target at all.
 */
function unknownOperation(): DynamoDBError {
  return new DynamoDBError('UnknownOperationException', 'An unknown operation was requested.', 400, 'com.amazon.coral.service');
}

/** The operation an X-Amz-Target names among `services`, or undefined. */
export function findTargetedOperation(services: readonly Service[], target: string | string[] | undefined): Operation | undefined {
  if (typeof target !== 'string') return undefined;
  for (const service of services) {
    if (target.startsWith(service.targetPrefix)) return service.operations.get(target.slice(service.targetPrefix.length));
  }
  return undefined;
}

/**
 * Serves the JSON protocol's operations of `services`. The body is read before the
 * caller is identified, because checking a SigV4 signature needs its bytes as sent;
 * each error answer is otherwise the one the steps below give in this order.
 */
export function serveOperations(services: readonly Service[]): RouteHandler {
  return async (exchange) => {
    const { request } = exchange;
    const sentBody = await collectBody(request);
    const caller = identifyCaller(
      request.headers.authorization,
      request.headers['x-amz-date'] !== undefined || request.headers.date !== undefined,
      exchange.target.query,
    );
    const body = await decompressBody(request, sentBody);
    const operation = findTargetedOperation(services, request.headers['x-amz-target']);
    if (operation === undefined) throw unknownOperation();
    const context: RequestContext = {
      engine: exchange.engine,
      namespace: callerNamespace(caller.accessKeyId, caller.region, exchange.sharedDb),
      region: caller.region,
      accountId: LOCAL_ACCOUNT_ID,
    };
    const result = await operation.execute(parseJsonObject(body), context);
    await send(exchange, 200, JSON_CONTENT_TYPE, result instanceof RawJson ? result.text : JSON.stringify(result));
  };
}
