/**
 * What became of a request the fuzzer sent: an answer (its status, DynamoDB's error
 * type and message, the request id to find the server's log line by, the body as
 * read), or none.
 */
export interface Answer {
  readonly status: number;
  /** DynamoDB's error type without its namespace (ValidationException); undefined on success or when the body names none. */
  readonly errorType: string | undefined;
  readonly message: string | undefined;
  readonly requestId: string | undefined;
  /** Read again only for a success that can carry values to learn (observed-values.ts). */
  readonly body: string;
}

export type Outcome =
  | { readonly kind: 'answered'; readonly answer: Answer }
  /** No answer: the time ran out, or the connection failed or closed first (`reason` says which). */
  | { readonly kind: 'unanswered'; readonly reason: string; readonly connectionRefused: boolean };

/** Error bodies are small; a body longer than this is a success's (a Scan page) and is not parsed. */
const ERROR_BODY_CHARS_MAX = 1024 * 1024;

/** The answer that `status`, `requestId` and the body as read make. */
export function answerOf(status: number, requestId: string | undefined, body: string): Answer {
  if (status < 300 || body.length > ERROR_BODY_CHARS_MAX) return { status, errorType: undefined, message: undefined, requestId, body };
  try {
    const parsed = JSON.parse(body) as { __type?: unknown; message?: unknown; Message?: unknown };
    const message = parsed.message ?? parsed.Message;
    return {
      status,
      errorType: typeof parsed.__type === 'string' ? parsed.__type.split('#').pop() : undefined,
      message: typeof message === 'string' ? message : undefined,
      requestId,
      body,
    };
  } catch {
    return { status, errorType: undefined, message: undefined, requestId, body };
  }
}

/** How answers are counted: status, then the error type when there is one ("400 ValidationException"). */
export function answerLabel(answer: Answer): string {
  return answer.errorType === undefined ? String(answer.status) : `${answer.status} ${answer.errorType}`;
}
