import { connect } from 'node:net';
import { answerOf, type Answer } from './answers.js';

/**
 * Bytes written to a new connection as they are, for the framing cases Node's client
 * would refuse to send (a wrong Content-Length, `POST *`, pipelined requests), and the
 * answers read back off the socket with a small HTTP/1.1 response reader.
 */
export interface RawExchange {
  readonly bytes: Buffer;
  /** The methods of the requests in `bytes`, in order: a HEAD's answer has no body. */
  readonly methods: readonly string[];
  /** Close our side after writing, as a client that gave up mid-request does. */
  readonly halfClose: boolean;
}

export interface RawResult {
  readonly answers: readonly Answer[];
  /** Why reading stopped before every request was answered: the server closed, an error, or the time ran out. */
  readonly stoppedEarly: string | undefined;
  readonly connectionRefused: boolean;
}

/** One response's head, and where its body ends in the bytes read (undefined: at the close of the connection). */
interface ResponseHead {
  readonly status: number;
  readonly requestId: string | undefined;
  readonly bodyStart: number;
  readonly bodyEnd: number | undefined;
}

const HEAD_END = Buffer.from('\r\n\r\n');

function readHead(received: Buffer, start: number, hasBody: boolean): ResponseHead | undefined {
  const headEnd = received.indexOf(HEAD_END, start);
  if (headEnd < 0) return undefined;
  const [statusLine = '', ...fields] = received.subarray(start, headEnd).toString('latin1').split('\r\n');
  const headers = new Map<string, string>();
  for (const field of fields) {
    const colonAt = field.indexOf(':');
    if (colonAt > 0) headers.set(field.slice(0, colonAt).trim().toLowerCase(), field.slice(colonAt + 1).trim());
  }
  const status = Number(statusLine.split(' ')[1]);
  const bodyStart = headEnd + HEAD_END.length;
  const contentLength = headers.get('content-length');
  // Interim (1xx) answers and HEAD's have no body; an answer without a length runs to the close.
  const bodyBytes = status < 200 || !hasBody ? 0 : contentLength === undefined ? undefined : Number(contentLength);
  return { status, requestId: headers.get('x-amzn-requestid'), bodyStart, bodyEnd: bodyBytes === undefined ? undefined : bodyStart + bodyBytes };
}

/** The complete answers in `received`; once the connection has closed, an answer without a length ends there. */
function readAnswers(received: Buffer, methods: readonly string[], closed: boolean): Answer[] {
  const answers: Answer[] = [];
  let offset = 0;
  while (offset < received.length) {
    const head = readHead(received, offset, methods[answers.length] !== 'HEAD');
    if (head === undefined) break;
    const bodyEnd = head.bodyEnd ?? (closed ? received.length : undefined);
    if (bodyEnd === undefined || bodyEnd > received.length) break;
    offset = bodyEnd;
    if (head.status >= 200) answers.push(answerOf(head.status, head.requestId, received.subarray(head.bodyStart, bodyEnd).toString()));
  }
  return answers;
}

/**
 * Writes `exchange` to a new connection and reads answers until there is one per
 * request, the server closes, or `waitMs` pass.
 */
export function exchangeRaw(endpoint: string, exchange: RawExchange, waitMs: number): Promise<RawResult> {
  const url = new URL(endpoint);
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let settled = false;
    const socket = connect(Number(url.port), url.hostname);
    const finish = (stoppedEarly: string | undefined, connectionRefused = false): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      const answers = readAnswers(Buffer.concat(chunks), exchange.methods, true);
      resolve({ answers, stoppedEarly: answers.length >= exchange.methods.length ? undefined : stoppedEarly, connectionRefused });
    };
    const timer = setTimeout(() => finish(`no answer within ${waitMs} ms`), waitMs);
    socket.on('connect', () => {
      if (exchange.halfClose) socket.end(exchange.bytes);
      else socket.write(exchange.bytes);
    });
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      if (readAnswers(Buffer.concat(chunks), exchange.methods, false).length >= exchange.methods.length) finish(undefined);
    });
    socket.on('error', (error: NodeJS.ErrnoException) => finish(`connection failed: ${error.code ?? error.message}`, error.code === 'ECONNREFUSED'));
    socket.on('close', () => finish('the server closed the connection'));
  });
}
