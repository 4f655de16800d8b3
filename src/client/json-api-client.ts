import { DEFAULT_REGION } from '../api/namespaces.js';

/** What the client says it is: the server sees tables by access key id and region unless it shares one set (--shared-db). */
export interface ClientIdentity {
  readonly accessKeyId?: string;
  readonly region?: string;
}

/** An error answer of the server: its `__type` (without the namespace) and message. */
export class ServiceError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(`${code}: ${message}`);
  }
}

/** The SigV4 date format, e.g. 20261203T071700Z. */
function amzDate(now: Date): string {
  return now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

/**
 * A minimal client of the DynamoDB JSON protocol, for Strata's own tools (the stream
 * tail): one POST per call. Its Authorization header names the caller but is not a
 * signature, which Strata does not check; the AWS SDKs are for everything else.
 */
export class JsonApiClient {
  private readonly accessKeyId: string;
  private readonly region: string;

  constructor(
    private readonly endpoint: string,
    identity: ClientIdentity = {},
  ) {
    this.accessKeyId = identity.accessKeyId ?? 'strata';
    this.region = identity.region ?? DEFAULT_REGION;
  }

  /** Calls `operation` of the service `targetPrefix` names (e.g. `DynamoDBStreams_20120810.`); throws ServiceError on an error answer. */
  async call<T>(targetPrefix: string, operation: string, body: Readonly<Record<string, unknown>>, signal?: AbortSignal): Promise<T> {
    const date = amzDate(new Date());
    const response = await fetch(this.endpoint, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.0',
        'x-amz-target': `${targetPrefix}${operation}`,
        'x-amz-date': date,
        authorization: `AWS4-HMAC-SHA256 Credential=${this.accessKeyId}/${date.slice(0, 8)}/${this.region}/dynamodb/aws4_request, SignedHeaders=host;x-amz-date, Signature=unsigned`,
      },
      body: JSON.stringify(body),
      ...(signal === undefined ? {} : { signal }),
    });
    const answer = (await response.json()) as Record<string, unknown>;
    if (!response.ok) {
      const type = typeof answer['__type'] === 'string' ? answer['__type'] : `HTTP ${response.status}`;
      throw new ServiceError(type.slice(type.indexOf('#') + 1), String(answer['message'] ?? answer['Message'] ?? ''));
    }
    return answer as T;
  }
}
