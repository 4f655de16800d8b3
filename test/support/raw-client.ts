import { Agent, request } from 'node:http';
import { connect } from 'node:net';

/** An attribute value in DynamoDB JSON: the tests that use this client hold strings and numbers. */
export interface RawAttributeValue {
  readonly S?: string;
  readonly N?: string;
}

export type RawItem = Readonly<Record<string, RawAttributeValue>>;

/** One action's outcome in a TransactionCanceledException, with the item when ReturnValuesOnConditionCheckFailure asked for it. */
export interface CancellationReason {
  readonly Code: string;
  readonly Message?: string;
  readonly Item?: RawItem;
}

interface ErrorBody {
  readonly __type?: string;
  readonly CancellationReasons?: readonly CancellationReason[];
}

/**
 * A request the server answered with an error status. The message stays
 * "<operation> failed with <status>: <body>", so a test that only lets it fail shows
 * the whole answer.
 */
export class RefusedRequestError extends Error {
  /** DynamoDB's error type without its namespace, e.g. ConditionalCheckFailedException. */
  readonly type: string;
  readonly cancellationReasons: readonly CancellationReason[];

  constructor(operation: string, statusCode: number | undefined, body: ErrorBody) {
    super(`${operation} failed with ${statusCode}: ${JSON.stringify(body)}`);
    this.type = (body.__type ?? '').split('#').pop()!;
    this.cancellationReasons = body.CancellationReasons ?? [];
  }
}

/** `error` as the server's refusal; anything else (a socket error, a failed assertion) is rethrown, so it fails the test. */
export function refusal(error: unknown): RefusedRequestError {
  if (error instanceof RefusedRequestError) return error;
  throw error;
}

/**
 * A bare DynamoDB JSON client over keep-alive HTTP, for tests that must write many
 * items quickly: the SDK costs far more CPU per request than the server does, and in
 * one process the two share a core.
 */
export class RawDynamoDBClient {
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 64 });
  private readonly url: URL;

  constructor(endpoint: string) {
    this.url = new URL(endpoint);
  }

  send(operation: string, body: unknown): Promise<unknown> {
    const payload = JSON.stringify(body);
    return new Promise((resolve, reject) => {
      const req = request(
        {
          host: this.url.hostname,
          port: this.url.port,
          method: 'POST',
          path: '/',
          agent: this.agent,
          headers: {
            'Content-Type': 'application/x-amz-json-1.0',
            'X-Amz-Target': `DynamoDB_20120810.${operation}`,
            Authorization: 'AWS4-HMAC-SHA256 Credential=AKIDRAW/20260101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=raw',
            'X-Amz-Date': '20260101T000000Z',
            'Content-Length': Buffer.byteLength(payload),
          },
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => {
            const parsed: unknown = JSON.parse(Buffer.concat(chunks).toString() || '{}');
            if (response.statusCode === 200) resolve(parsed);
            else reject(new RefusedRequestError(operation, response.statusCode, parsed as ErrorBody));
          });
        },
      );
      req.on('error', reject);
      req.end(payload);
    });
  }

  /** Every item of a table, page by page, with consistent reads. */
  async scanAll(tableName: string): Promise<RawItem[]> {
    const items: RawItem[] = [];
    let startKey: RawItem | undefined;
    do {
      const page = (await this.send('Scan', {
        TableName: tableName,
        ConsistentRead: true,
        ...(startKey === undefined ? {} : { ExclusiveStartKey: startKey }),
      })) as {
        Items: RawItem[];
        LastEvaluatedKey?: RawItem;
      };
      items.push(...page.Items);
      startKey = page.LastEvaluatedKey;
    } while (startKey !== undefined);
    return items;
  }

  close(): void {
    this.agent.destroy();
  }
}

/** A response as read off a socket: header names lower-cased, the body as text. */
export interface SocketResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/**
 * Sends `requestLine` (e.g. `POST // HTTP/1.1`), `headers` and `body` byte for byte over
 * a new connection, for request targets Node's client would not send as given, and
 * reads the answer until the server closes the connection, which `Connection: close`
 * (added here) asks it to do.
 */
export function sendOverSocket(endpoint: string, requestLine: string, headers: Readonly<Record<string, string>> = {}, body = ''): Promise<SocketResponse> {
  const url = new URL(endpoint);
  const headerLines = Object.entries({ Host: url.host, ...headers, 'Content-Length': String(Buffer.byteLength(body)), Connection: 'close' }).map(
    ([name, value]) => `${name}: ${value}\r\n`,
  );
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const socket = connect(Number(url.port), url.hostname, () => socket.end(`${requestLine}\r\n${headerLines.join('')}\r\n${body}`));
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString();
      const headEnd = text.indexOf('\r\n\r\n');
      const [statusLine = '', ...fields] = text.slice(0, headEnd < 0 ? text.length : headEnd).split('\r\n');
      const parsedHeaders: Record<string, string> = {};
      for (const field of fields) {
        const colonAt = field.indexOf(':');
        parsedHeaders[field.slice(0, colonAt).trim().toLowerCase()] = field.slice(colonAt + 1).trim();
      }
      resolve({ status: Number(statusLine.split(' ')[1]), headers: parsedHeaders, body: headEnd < 0 ? '' : text.slice(headEnd + 4) });
    });
  });
}
