import { Agent, request } from 'node:http';
import { answerOf, type Outcome } from './answers.js';
import { xAmzTarget, type FuzzedService } from './services.js';

/** Any credentials do for Strata and DynamoDB Local; the signature is never checked. Streams sign as `dynamodb` too. */
export const SIGNED_HEADERS: Readonly<Record<string, string>> = {
  Authorization: 'AWS4-HMAC-SHA256 Credential=AKIDFUZZ/20260101/us-east-1/dynamodb/aws4_request, SignedHeaders=host;x-amz-date, Signature=fuzz',
  'X-Amz-Date': '20260101T000000Z',
};

/**
 * Sends well-framed JSON requests, to any operation of any service on the endpoint,
 * over keep-alive connections, at most `concurrency` at once, and says what became of
 * each within `timeoutMs`. The body is sent as the fuzzer wrote it, so it may be
 * anything; the framing is always right.
 */
export class JsonSender {
  private readonly agent: Agent;
  private readonly url: URL;

  constructor(
    endpoint: string,
    concurrency: number,
    private readonly timeoutMs: number,
  ) {
    this.url = new URL(endpoint);
    this.agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  }

  send(service: FuzzedService, operation: string, bodyText: string): Promise<Outcome> {
    return new Promise((resolve) => {
      let settled = false;
      const settle = (outcome: Outcome): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve(outcome);
      };
      const sent = request(
        {
          host: this.url.hostname,
          port: this.url.port,
          method: 'POST',
          path: '/',
          agent: this.agent,
          headers: {
            'Content-Type': 'application/x-amz-json-1.0',
            'X-Amz-Target': xAmzTarget(service, operation),
            ...SIGNED_HEADERS,
            'Content-Length': Buffer.byteLength(bodyText),
          },
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => {
            const requestId = response.headers['x-amzn-requestid'];
            settle({
              kind: 'answered',
              answer: answerOf(response.statusCode ?? 0, typeof requestId === 'string' ? requestId : undefined, Buffer.concat(chunks).toString()),
            });
          });
          response.on('aborted', () => settle({ kind: 'unanswered', reason: `the answer (${response.statusCode}) was cut off`, connectionRefused: false }));
        },
      );
      const timer = setTimeout(() => {
        settle({ kind: 'unanswered', reason: `no answer within ${this.timeoutMs} ms`, connectionRefused: false });
        sent.destroy();
      }, this.timeoutMs);
      sent.on('error', (error: NodeJS.ErrnoException) =>
        settle({ kind: 'unanswered', reason: `connection failed: ${error.code ?? error.message}`, connectionRefused: error.code === 'ECONNREFUSED' }),
      );
      sent.end(bodyText);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}
