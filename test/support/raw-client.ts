import { Agent, request } from 'node:http';

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
            else reject(new Error(`${operation} failed with ${response.statusCode}: ${JSON.stringify(parsed)}`));
          });
        },
      );
      req.on('error', reject);
      req.end(payload);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}
