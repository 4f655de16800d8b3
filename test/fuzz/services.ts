import { dynamoDBOperationLoaders } from '../../src/api/operations.js';
import { streamOperations } from '../../src/api/stream-operations.js';
import { apiModelMissing, loadApiModel, type ApiModel, type ApiService } from '../support/api-model.js';

/**
 * The services the fuzzer sends requests to, both on Strata's one port: DynamoDB and
 * DynamoDB Streams. Each comes with its API model, which its requests are generated
 * from and whose target prefix they are sent with, and with the operations Strata
 * serves of it, by Strata's registries (src/api/operations.ts, stream-operations.ts),
 * so that a newly served operation is fuzzed too.
 */
export interface FuzzedService {
  /** The model's serviceId, which the report counts by: "DynamoDB", "DynamoDB Streams". */
  readonly name: string;
  readonly model: ApiModel;
  readonly operations: readonly string[];
}

export interface FuzzedServices {
  readonly dynamoDB: FuzzedService;
  readonly streams: FuzzedService;
}

/** The X-Amz-Target header that names `operation` of `service`. */
export function xAmzTarget(service: FuzzedService, operation: string): string {
  return `${service.model.metadata.targetPrefix}.${operation}`;
}

function fuzzedService(service: ApiService, operations: readonly string[]): FuzzedService | { readonly missing: string } {
  const model = loadApiModel(service);
  return model === undefined ? { missing: apiModelMissing(service) } : { name: model.metadata.serviceId, model, operations };
}

/** Both services, or what is missing to fuzz them (the fuzzer generates its requests from the models). */
export function loadFuzzedServices(): FuzzedServices | { readonly missing: string } {
  const dynamoDB = fuzzedService('dynamodb', Object.keys(dynamoDBOperationLoaders));
  if ('missing' in dynamoDB) return dynamoDB;
  const streams = fuzzedService('dynamodbstreams', [...streamOperations.keys()]);
  if ('missing' in streams) return streams;
  return { dynamoDB, streams };
}
