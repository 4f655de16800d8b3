import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Engine } from '../engine/engine.js';
import type { RequestTarget } from './request-target.js';

/** One request and the response that answers it. */
export interface Exchange {
  readonly request: IncomingMessage;
  readonly response: ServerResponse;
  /** Sent back as x-amzn-RequestId, and logged with any failure. */
  readonly requestId: string;
}

/** An exchange whose target has been read and routed, with what its handler may need. */
export interface RoutedExchange extends Exchange {
  readonly target: RequestTarget;
  readonly engine: Engine;
  /** One namespace of tables for every caller (DynamoDB Local's -sharedDb). */
  readonly sharedDb: boolean;
}

/**
 * Answers one route's requests. A DynamoDBError it throws becomes DynamoDB's error
 * response; anything else it throws, an InternalServerError.
 */
export type RouteHandler = (exchange: RoutedExchange) => Promise<void>;
