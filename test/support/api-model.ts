import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';

/**
 * AWS's API model of DynamoDB, botocore's copy: every operation's input shape with
 * its members, required members, lengths, ranges and enums. Tests hold Strata's
 * request shapes to it (test/api/request-members.test.ts) and the fuzzer generates
 * requests from it (test/fuzz/); both skip when botocore is not installed, and
 * .ci/run installs it (Debian's python3-botocore) where it is missing.
 */

/** Where botocore keeps the model, relative to its package folder; pip ships it gzipped, Debian plain. */
const MODEL_FILES = ['data/dynamodb/2012-08-10/service-2.json.gz', 'data/dynamodb/2012-08-10/service-2.json'];

/** The folder of the botocore package python3 imports, if it imports one. */
function botocoreDirectory(): string | undefined {
  const found = spawnSync('python3', ['-c', 'import botocore, os; print(os.path.dirname(botocore.__file__))'], { encoding: 'utf8' });
  return found.status === 0 ? found.stdout.trim() : undefined;
}

function modelPath(): string | undefined {
  const directory = botocoreDirectory();
  if (directory === undefined) return undefined;
  return MODEL_FILES.map((file) => join(directory, file)).find((path) => existsSync(path));
}

/** Said when a test skips for want of the model. */
export const API_MODEL_MISSING = "no botocore API model for DynamoDB (python3 -c 'import botocore' fails, or botocore lacks data/dynamodb)";

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
  readonly operations: Readonly<Record<string, { readonly input: ModelMember }>>;
  readonly shapes: Readonly<Record<string, ModelShape>>;
}

/** The model, or undefined when botocore's copy is not on this machine. */
export function loadApiModel(): ApiModel | undefined {
  const path = modelPath();
  if (path === undefined) return undefined;
  const bytes = readFileSync(path);
  return JSON.parse((path.endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('utf8')) as ApiModel;
}
