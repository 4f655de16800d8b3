import { gzipSync } from 'node:zlib';
import { encodeJson } from './json-text.js';
import { SIGNED_HEADERS } from './json-sender.js';
import type { ModelRequest } from './model-requests.js';
import type { Random } from './random.js';
import type { RawExchange } from './raw-exchange.js';
import { xAmzTarget } from './services.js';
import { oddString } from './vocabulary.js';

/**
 * Requests broken at the HTTP level, around a valid-ish request of either service: truncated
 * bodies and wrong Content-Lengths, chunked bodies good and bad, bodies that are not
 * JSON, odd request targets and methods, missing or garbage X-Amz-Target,
 * Content-Encoding and Authorization, odd HTTP versions and headers, and pipelined
 * requests. A well-formed one (nothing wrong with its framing, whatever else is) must
 * be answered; a malformed one may be answered or dropped, but never with a 5xx.
 */
export interface FramingCase {
  /** What was broken, e.g. `target //` or `content-length short`. */
  readonly name: string;
  readonly exchange: RawExchange;
  readonly wellFormed: boolean;
}

type Header = readonly [name: string, value: string];

interface RequestParts {
  readonly method?: string;
  readonly target?: string;
  readonly version?: string;
  readonly headers: readonly Header[];
  readonly body: Buffer;
}

function rawRequest(parts: RequestParts): Buffer {
  const head = `${parts.method ?? 'POST'} ${parts.target ?? '/'} ${parts.version ?? 'HTTP/1.1'}\r\n${parts.headers.map(([name, value]) => `${name}: ${value}\r\n`).join('')}\r\n`;
  return Buffer.concat([Buffer.from(head, 'latin1'), parts.body]);
}

/** The headers of a correct request of `request`'s operation with `body`. */
function correctHeaders(host: string, request: ModelRequest, body: Buffer): Header[] {
  return [
    ['Host', host],
    ['Content-Type', 'application/x-amz-json-1.0'],
    ['X-Amz-Target', xAmzTarget(request.service, request.operation)],
    ...Object.entries(SIGNED_HEADERS),
    ['Content-Length', String(body.length)],
  ];
}

/** `headers` with `name` set to `value` (added if absent), or removed when `value` is undefined. */
function withHeader(headers: readonly Header[], name: string, value: string | undefined): Header[] {
  const others = headers.filter(([existing]) => existing.toLowerCase() !== name.toLowerCase());
  return value === undefined ? others : [...others, [name, value]];
}

function single(bytes: Buffer, method = 'POST', halfClose = false): RawExchange {
  return { bytes, methods: [method], halfClose };
}

let gzipBomb: Buffer | undefined;

/** 20 MB of zeros gzipped to a few KB: inflated, it passes the 16 MB request limit. */
function gzipBombBody(): Buffer {
  gzipBomb ??= gzipSync(Buffer.alloc(20 * 1024 * 1024));
  return gzipBomb;
}

const NOT_JSON_BODIES: readonly string[] = [
  '{',
  '{"TableName":',
  '{"a":1}}',
  '[]',
  'null',
  '"text"',
  '1',
  'true',
  '\ufeff{}',
  '{"a":1,"a":2}',
  '{"__proto__":{"TableName":"fuzz-hash"}}',
  '{"TableName":"fuzz-hash"',
  ' ',
  '{}garbage',
];

const ODD_TARGETS: readonly string[] = [
  '//',
  '*',
  'http://localhost/',
  'http://localhost:1/a?b#c',
  'https://[::1]/',
  '/%',
  '/%zz?%zz',
  '/?X-Amz-Credential=%E0%A4%A',
  '/?X-Amz-Credential=a/b/c',
  '/#fragment',
  'no-slash',
  '/..',
  '/./',
  '/?=&=&',
];

const ODD_METHODS: readonly string[] = [
  'GET',
  'HEAD',
  'PUT',
  'DELETE',
  'PATCH',
  'OPTIONS',
  'TRACE',
  'CONNECT',
  'PROPFIND',
  'M-SEARCH',
  'SEARCH',
  'PURGE',
  'FOO',
  'post',
];

const ODD_TARGET_HEADERS: readonly (string | undefined)[] = [
  undefined,
  '',
  'DynamoDB_20120810',
  'DynamoDB_20120810.',
  'DynamoDB_20120810.__proto__',
  'DynamoDB_20120810.constructor',
  'DynamoDB_20120810.toString',
  'DynamoDB_20120810.hasOwnProperty',
  'DynamoDBStreams_20120810.ListStreams',
  'DynamoDBStreams_20120810.DescribeStream',
  'DynamoDBStreams_20120810.__proto__',
  'dynamodb_20120810.ListTables',
  'DynamoDB_20111205.ListTables',
  'DynamoDB_20120810.ListTables.ListTables',
  ' DynamoDB_20120810.ListTables',
];

const ODD_CONTENT_ENCODINGS: readonly string[] = ['gzip', 'GZIP', 'deflate', 'br', 'identity', 'gzip, gzip', 'garbage', '', 'x-gzip', 'compress'];

const ODD_AUTHORIZATIONS: readonly (string | undefined)[] = [
  undefined,
  '',
  'AWS4-HMAC-SHA256',
  'AWS4-HMAC-SHA256 ',
  'AWS4-HMAC-SHA256 Credential=',
  'AWS4-HMAC-SHA256 Credential=/',
  'AWS4-HMAC-SHA256 Credential=AKID, Signature=x',
  'AWS4-HMAC-SHA256 Credential=AKID/20260101/\u00e9\u00e9/dynamodb/aws4_request, SignedHeaders=host, Signature=x',
  'AWS4-HMAC-SHA256 Credential==, SignedHeaders==, Signature==',
  'AWS4-HMAC-SHA256 ,,,,',
  'Bearer token',
  'AWS AKID:signature',
  'aws4-hmac-sha256 Credential=AKID/20260101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=x',
];

/** A case builder: what to break, given the request it breaks. */
type CaseBuilder = (random: Random, host: string, request: ModelRequest, body: Buffer) => FramingCase;

const CASE_BUILDERS: ReadonlyArray<readonly [weight: number, build: CaseBuilder]> = [
  [
    2,
    (random, host, request, body) => {
      const sentBytes = random.int(0, Math.max(0, body.length - 1));
      const halfClose = random.chance(0.5);
      return {
        name: `body truncated${halfClose ? ', then closed' : ''}`,
        exchange: single(rawRequest({ headers: correctHeaders(host, request, body), body: body.subarray(0, sentBytes) }), 'POST', halfClose),
        wellFormed: false,
      };
    },
  ],
  [
    1,
    (random, host, request, body) => ({
      name: 'content-length short',
      exchange: single(
        rawRequest({
          headers: withHeader(correctHeaders(host, request, body), 'Content-Length', String(random.int(0, Math.max(0, body.length - 1)))),
          body,
        }),
      ),
      wellFormed: false,
    }),
  ],
  [
    1,
    (random, host, request, body) => {
      const contentLength = random.pick(['abc', '-1', '1.5', ' 12', '0x10', '99999999999999999999', '', `${body.length}, ${body.length + 1}`]);
      return {
        name: `content-length ${JSON.stringify(contentLength)}`,
        exchange: single(rawRequest({ headers: withHeader(correctHeaders(host, request, body), 'Content-Length', contentLength), body })),
        wellFormed: false,
      };
    },
  ],
  [
    1,
    (random, host, request, body) => {
      const good = random.chance(0.5);
      const splitAt = random.int(0, body.length);
      const chunked = good
        ? `${splitAt.toString(16)}\r\n${body.subarray(0, splitAt).toString('latin1')}\r\n${(body.length - splitAt).toString(16)}\r\n${body.subarray(splitAt).toString('latin1')}\r\n0\r\n\r\n`
        : random.pick([
            'zz\r\n{}\r\n0\r\n\r\n',
            `${(body.length + 5).toString(16)}\r\n${body.toString('latin1')}\r\n0\r\n\r\n`,
            '2\r\n{}0\r\n\r\n',
            'ffffffffffffffff\r\n{}\r\n',
          ]);
      // A Content-Length beside Transfer-Encoding makes the framing ambiguous (RFC 9112, section 6.3): a request to refuse.
      const alsoContentLength = random.chance(0.2);
      const headers = withHeader(
        withHeader(correctHeaders(host, request, body), 'Content-Length', alsoContentLength ? '2' : undefined),
        'Transfer-Encoding',
        'chunked',
      );
      return {
        name: `chunked body${good ? '' : ', broken'}${alsoContentLength ? ', with content-length' : ''}`,
        exchange: single(rawRequest({ headers, body: Buffer.from(chunked, 'latin1') })),
        wellFormed: good && !alsoContentLength,
      };
    },
  ],
  [
    2,
    (random, host, request) => {
      const notJson = random.weighted<() => Buffer>([
        [6, () => Buffer.from(random.pick(NOT_JSON_BODIES))],
        [1, () => Buffer.from(Array.from({ length: random.int(1, 64) }, () => random.int(0, 255)))],
        [1, () => Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d])],
        [1, () => Buffer.from(`${'['.repeat(random.int(1_000, 1_000_000))}`)],
        [1, () => Buffer.from(`${'{"a":'.repeat(random.int(1_000, 100_000))}1${'}'.repeat(random.int(0, 10))}`)],
      ])();
      return {
        name: 'body not JSON',
        exchange: single(rawRequest({ headers: correctHeaders(host, request, notJson), body: notJson })),
        wellFormed: true,
      };
    },
  ],
  [
    2,
    (random, host, request, body) => {
      const target = random.chance(0.8) ? random.pick(ODD_TARGETS) : `/${'a'.repeat(random.size(20_000))}`;
      return {
        name: `target ${target.length > 40 ? `of ${target.length} characters` : target}`,
        exchange: single(rawRequest({ target, headers: correctHeaders(host, request, body), body })),
        wellFormed: true,
      };
    },
  ],
  [
    2,
    (random, host, request, body) => {
      const method = random.pick(ODD_METHODS);
      const sentBody = random.chance(0.5) ? body : Buffer.alloc(0);
      return {
        name: `method ${method}`,
        exchange: single(rawRequest({ method, headers: correctHeaders(host, request, sentBody), body: sentBody }), method),
        wellFormed: true,
      };
    },
  ],
  [
    2,
    (random, host, request, body) => {
      const target = random.chance(0.9) ? random.pick(ODD_TARGET_HEADERS) : xAmzTarget(request.service, oddString(random).replace(/[\r\n]/g, ''));
      return {
        name: `x-amz-target ${target === undefined ? 'missing' : JSON.stringify(target)}`,
        exchange: single(rawRequest({ headers: withHeader(correctHeaders(host, request, body), 'X-Amz-Target', target), body })),
        wellFormed: true,
      };
    },
  ],
  [
    2,
    (random, host, request, body) => {
      const encoding = random.pick(ODD_CONTENT_ENCODINGS);
      const sentBody = random.weighted<() => Buffer>([
        [3, () => body],
        [3, () => gzipSync(body)],
        [1, () => gzipSync(body).subarray(0, random.int(1, 20))],
        [1, () => gzipBombBody()],
      ])();
      return {
        name: `content-encoding ${JSON.stringify(encoding)}`,
        exchange: single(rawRequest({ headers: withHeader(correctHeaders(host, request, sentBody), 'Content-Encoding', encoding), body: sentBody })),
        wellFormed: true,
      };
    },
  ],
  [
    2,
    (random, host, request, body) => {
      const authorization = random.chance(0.9)
        ? random.pick(ODD_AUTHORIZATIONS)
        : `AWS4-HMAC-SHA256 Credential=${'A'.repeat(random.size(12_000))}/x/y, SignedHeaders=host, Signature=x`;
      const headers = withHeader(
        withHeader(correctHeaders(host, request, body), 'Authorization', authorization),
        'X-Amz-Date',
        random.chance(0.7) ? SIGNED_HEADERS['X-Amz-Date'] : undefined,
      );
      return {
        name: `authorization ${authorization === undefined ? 'missing' : authorization.length > 60 ? `of ${authorization.length} characters` : JSON.stringify(authorization)}`,
        exchange: single(rawRequest({ headers, body })),
        wellFormed: true,
      };
    },
  ],
  [
    1,
    (random, host, request, body) => {
      const version = random.pick(['HTTP/1.0', 'HTTP/0.9', 'HTTP/2.0', 'HTTP/1.2', 'HTTP/3', 'http/1.1', 'HTTP/1.1 extra']);
      return {
        name: `version ${version}`,
        exchange: single(rawRequest({ version, headers: correctHeaders(host, request, body), body })),
        wellFormed: version === 'HTTP/1.0',
      };
    },
  ],
  [
    2,
    (random, host, request, body) => {
      const [name, value, wellFormed] = random.pick<readonly [string, string | undefined, boolean]>([
        ['Host', undefined, false],
        ['Content-Type', undefined, true],
        ['Content-Type', 'text/plain', true],
        ['Content-Type', 'application/x-amz-json-1.1', true],
        ['Content-Type', 'application/json; charset=latin1', true],
        ['Expect', '100-continue', true],
        ['Expect', 'garbage', true],
        ['Connection', 'Upgrade', true],
        ['Upgrade', 'websocket', true],
        ['Accept-Encoding', 'gzip;q=0, *', true],
        ['Origin', 'null', true],
        ['X-Amz-Date', 'not a date', true],
        ['X-Long', 'x'.repeat(random.size(40_000)), true],
        ['Bad Header Name', 'x', false],
        ['X-Control', 'a\u0001b', false],
      ]);
      return {
        name: `header ${name}${value === undefined ? ' missing' : value.length > 40 ? ` of ${value.length} characters` : `: ${value}`}`,
        exchange: single(rawRequest({ headers: withHeader(correctHeaders(host, request, body), name, value), body })),
        wellFormed,
      };
    },
  ],
  [
    1,
    (random, host, request, body) => {
      const count = random.int(2, 6);
      const one = rawRequest({ headers: correctHeaders(host, request, body), body });
      return {
        name: `${count} requests pipelined`,
        exchange: { bytes: Buffer.concat(Array.from({ length: count }, () => one)), methods: Array.from({ length: count }, () => 'POST'), halfClose: false },
        wellFormed: true,
      };
    },
  ],
  [
    1,
    (random, host, request, body) => {
      const whole = rawRequest({ headers: correctHeaders(host, request, body), body });
      return {
        name: 'headers cut off, then closed',
        exchange: single(whole.subarray(0, random.int(1, whole.indexOf('\r\n\r\n'))), 'POST', true),
        wellFormed: false,
      };
    },
  ],
];

/** A framing case around `request`, a valid-ish request, for a server at `host`. */
export function framingCase(random: Random, host: string, request: ModelRequest): FramingCase {
  const build = random.weighted(CASE_BUILDERS);
  return build(random, host, request, Buffer.from(encodeJson(request.body)));
}
