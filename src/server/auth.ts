import { DEFAULT_REGION } from '../api/namespaces.js';
import { DynamoDBError } from '../model/errors.js';

/** Who signed a request: read from the SigV4 credential scope, not verified (as DynamoDB Local does). */
export interface Caller {
  readonly accessKeyId: string;
  readonly region: string;
}

const SIGV4_ALGORITHM = 'AWS4-HMAC-SHA256';

function missingToken(): DynamoDBError {
  return new DynamoDBError('MissingAuthenticationTokenException', 'Request is missing Authentication Token', 400, 'com.amazon.coral.service');
}

function incompleteSignature(message: string): DynamoDBError {
  return new DynamoDBError('IncompleteSignatureException', message, 400, 'com.amazon.coral.service');
}

/** Credential=AKID/date/region/service/aws4_request → access key id and region. */
function parseCredentialScope(credential: string): Caller {
  const [accessKeyId = '', , region = DEFAULT_REGION] = credential.split('/');
  return { accessKeyId, region };
}

/**
 * Reads the caller from the Authorization header (or a presigned query string, given
 * undecoded), with AWS's errors for a missing or incomplete signature. Signatures are
 * not checked: Strata has no secret keys to check them against.
 */
export function identifyCaller(authorization: string | undefined, hasDateHeader: boolean, query: string): Caller {
  if (authorization === undefined) {
    // Decoded only here: signed requests, nearly all of them, never pay for it.
    const presignedCredential = query === '' ? null : new URLSearchParams(query).get('X-Amz-Credential');
    if (presignedCredential !== null) return parseCredentialScope(presignedCredential);
    throw missingToken();
  }
  const spaceAt = authorization.indexOf(' ');
  const algorithm = spaceAt < 0 ? authorization : authorization.slice(0, spaceAt);
  if (algorithm !== SIGV4_ALGORITHM) {
    throw incompleteSignature(`Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. Authorization=${authorization}`);
  }
  const parameters = new Map<string, string>();
  for (const part of authorization.slice(spaceAt + 1).split(',')) {
    const equalsAt = part.indexOf('=');
    if (equalsAt > 0) parameters.set(part.slice(0, equalsAt).trim(), part.slice(equalsAt + 1).trim());
  }
  const problems: string[] = [];
  for (const required of ['Credential', 'Signature', 'SignedHeaders']) {
    if (!parameters.has(required)) problems.push(`Authorization header requires '${required}' parameter.`);
  }
  if (!hasDateHeader) problems.push("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
  if (problems.length > 0) throw incompleteSignature(`${problems.join(' ')} Authorization=${authorization}`);
  return parseCredentialScope(parameters.get('Credential')!);
}
