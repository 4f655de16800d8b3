import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';

/**
 * AWS's API models of DynamoDB and of DynamoDB Streams, botocore's copies: every
 * operation's input and output shapes with their members, required members, lengths,
 * ranges and enums, and the service's X-Amz-Target prefix. Tests hold Strata's
 * request shapes to them (test/api/request-members.test.ts) and the fuzzer generates
 * requests from them (test/fuzz/); both skip when botocore is not installed, and
 * .ci/run installs it (Debian's python3-botocore) where it is missing.
 */

/** A service whose model botocore carries, by botocore's name for its folder. */
export type ApiService = 'dynamodb' | 'dynamodbstreams';

/** Both services' one API version, the folder their models sit in. */
const API_VERSION = '2012-08-10';

/** Where botocore keeps `service`'s model, relative to its package folder; pip ships it gzipped, Debian plain. */
function modelFiles(service: ApiService): string[] {
  const plain = `data/${service}/${API_VERSION}/service-2.json`;
  return [`${plain}.gz`, plain];
}

/** The folder of the botocore package python3 imports, if it imports one. */
function botocoreDirectory(): string | undefined {
  const found = spawnSync('python3', ['-c', 'import botocore, os; print(os.path.dirname(botocore.__file__))'], { encoding: 'utf8' });
  return found.status === 0 ? found.stdout.trim() : undefined;
}

function modelPath(service: ApiService): string | undefined {
  const directory = botocoreDirectory();
  if (directory === undefined) return undefined;
  return modelFiles(service)
    .map((file) => join(directory, file))
    .find((path) => existsSync(path));
}

/** Said when a test skips for want of `service`'s model. */
export function apiModelMissing(service: ApiService): string {
  return `no botocore API model for ${service} (python3 -c 'import botocore' fails, or botocore lacks data/${service})`;
}

export const API_MODEL_MISSING = apiModelMissing('dynamodb');

export interface ModelMember {
  readonly shape: string;
}

export interface ModelShape {
  readonly type: string;
  readonly members?: Readonly<Record<string, ModelMember>>;
  readonly required?: readonly string[];
  readonly member?: ModelMember;
  readonly key?: ModelMember;
  readonly value?: ModelMember;
  readonly enum?: readonly string[];
  readonly min?: number;
  readonly max?: number;
}

export interface ApiModel {
  readonly metadata: {
    /** The service's name in AWS's SDKs: "DynamoDB", "DynamoDB Streams". */
    readonly serviceId: string;
    /** What X-Amz-Target names an operation by, before a dot and the operation's name: "DynamoDB_20120810". */
    readonly targetPrefix: string;
  };
  readonly operations: Readonly<Record<string, { readonly input: ModelMember; readonly output?: ModelMember }>>;
  readonly shapes: Readonly<Record<string, ModelShape>>;
}

/** `service`'s model (DynamoDB's unless told), or undefined when botocore's copy is not on this machine. */
export function loadApiModel(service: ApiService = 'dynamodb'): ApiModel | undefined {
  const path = modelPath(service);
  if (path === undefined) return undefined;
  const bytes = readFileSync(path);
  return JSON.parse((path.endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('utf8')) as ApiModel;
}
