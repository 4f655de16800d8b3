/**
 * Splits expression text into tokens. DynamoDB's expression tokens are few: names,
 * #name and :value placeholders, list indexes, punctuation and comparators, and the
 * grammar's keywords (matched in any letter case). A character that starts no token
 * becomes a one-character token of its own, so the parser reports it as a syntax
 * error exactly where it stands.
 */
export type TokenKind = 'identifier' | 'nameRef' | 'valueRef' | 'integer' | 'keyword' | 'punct' | 'unknown' | 'eof';

export interface Token {
  readonly kind: TokenKind;
  /** As written; keywords are also matched upper-cased through `keyword`. */
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

export const KEYWORDS: ReadonlySet<string> = new Set(['AND', 'OR', 'NOT', 'BETWEEN', 'IN', 'SET', 'REMOVE', 'ADD', 'DELETE']);

const PUNCTUATION = ['<>', '<=', '>=', '=', '<', '>', '(', ')', '[', ']', ',', '.', '+', '-'];

const IDENTIFIER = /[A-Za-z][A-Za-z0-9_]*/y;
const PLACEHOLDER_BODY = /[A-Za-z0-9_]+/y;
// List indexes: no leading zeros, so "01" lexes as 0 then 1 (a syntax error), as in DynamoDB.
const INTEGER = /0|[1-9][0-9]*/y;
const WHITESPACE = /\s+/y;

function matchAt(pattern: RegExp, text: string, at: number): string | undefined {
  pattern.lastIndex = at;
  return pattern.exec(text)?.[0];
}

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let at = 0;
  const push = (kind: TokenKind, length: number): void => {
    tokens.push({ kind, text: text.slice(at, at + length), start: at, end: at + length });
    at += length;
  };
  while (at < text.length) {
    const space = matchAt(WHITESPACE, text, at);
    if (space !== undefined) {
      at += space.length;
      continue;
    }
    const char = text[at]!;
    if (char === '#' || char === ':') {
      const body = matchAt(PLACEHOLDER_BODY, text, at + 1);
      if (body !== undefined) {
        push(char === '#' ? 'nameRef' : 'valueRef', body.length + 1);
        continue;
      }
    }
    const identifier = matchAt(IDENTIFIER, text, at);
    if (identifier !== undefined) {
      push(KEYWORDS.has(identifier.toUpperCase()) ? 'keyword' : 'identifier', identifier.length);
      continue;
    }
    const integer = matchAt(INTEGER, text, at);
    if (integer !== undefined) {
      push('integer', integer.length);
      continue;
    }
    const punct = PUNCTUATION.find((candidate) => text.startsWith(candidate, at));
    // One code point, not one UTF-16 unit, so the message shows the character whole.
    push(punct === undefined ? 'unknown' : 'punct', punct?.length ?? String.fromCodePoint(text.codePointAt(at)!).length);
  }
  tokens.push({ kind: 'eof', text: '<EOF>', start: text.length, end: text.length });
  return tokens;
}
