import type { Engine } from '../engine/engine.js';

/** Who is asking and where: resolved by the server from the request's credentials. */
export interface RequestContext {
  readonly engine: Engine;
  /** The tables this caller sees: one per access key and region, or one for all with --shared-db. */
  readonly namespace: string;
  readonly region: string;
  readonly accountId: string;
}

/** A response body that is already JSON text, e.g. stored item bytes spliced in unparsed. */
export class RawJson {
  constructor(readonly text: string) {}
}

export type OperationResult = Readonly<Record<string, unknown>> | RawJson;

export interface Operation {
  execute(body: unknown, context: RequestContext): Promise<OperationResult>;
}
