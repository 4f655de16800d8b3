/**
 * Splits a PartiQL statement into tokens, as DynamoDB's dialect has them: bare words
 * (keywords in any letter case, or names), "double-quoted" names, 'single-quoted'
 * strings, numbers, `?` parameters and punctuation. A quote doubled inside quotes
 * stands for itself ('it''s'). Comments (from -- to the end of the line, or between
 * slash-star marks) are skipped. A character that starts no token becomes a token of
 * its own, so the parser reports it where it stands.
 */
export type TokenKind = 'word' | 'quotedName' | 'string' | 'number' | 'parameter' | 'punct' | 'unknown' | 'eof';

export interface Token {
  readonly kind: TokenKind;
  /** The token's value: a quoted name or string without its quotes and with doubled quotes undone; otherwise as written. */
  readonly text: string;
  /** Where it starts in the statement, in UTF-16 units. */
  readonly start: number;
  readonly end: number;
}

const PUNCTUATION = ['<<', '>>', '<>', '!=', '<=', '>=', '=', '<', '>', '(', ')', '[', ']', '{', '}', ',', '.', ':', '*', '+', '-', '/', '%', '||', ';'];

const WORD = /[A-Za-z_][A-Za-z0-9_$]*/y;
const NUMBER = /(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?/y;
const WHITESPACE = /\s+/y;
const LINE_COMMENT = /--[^\n]*/y;
const BLOCK_COMMENT = /\/\*[\s\S]*?\*\//y;

function matchAt(pattern: RegExp, text: string, at: number): string | undefined {
  pattern.lastIndex = at;
  return pattern.exec(text)?.[0];
}

/** The end of a quoted token starting at `at` (just past its closing quote), or undefined if it never closes. */
function quotedEnd(text: string, at: number, quote: string): number | undefined {
  let position = at + 1;
  while (position < text.length) {
    if (text[position] === quote) {
      if (text[position + 1] !== quote) return position + 1;
      position += 2;
    } else position++;
  }
  return undefined;
}

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let at = 0;
  const push = (kind: TokenKind, end: number, value: string = text.slice(at, end)): void => {
    tokens.push({ kind, text: value, start: at, end });
    at = end;
  };
  while (at < text.length) {
    const skipped = matchAt(WHITESPACE, text, at) ?? matchAt(LINE_COMMENT, text, at) ?? matchAt(BLOCK_COMMENT, text, at);
    if (skipped !== undefined) {
      at += skipped.length;
      continue;
    }
    const char = text[at]!;
    if (char === "'" || char === '"') {
      const end = quotedEnd(text, at, char);
      if (end === undefined) {
        push('unknown', text.length);
        continue;
      }
      push(char === "'" ? 'string' : 'quotedName', end, text.slice(at + 1, end - 1).replaceAll(char + char, char));
      continue;
    }
    const word = matchAt(WORD, text, at);
    if (word !== undefined) {
      push('word', at + word.length);
      continue;
    }
    const number = matchAt(NUMBER, text, at);
    if (number !== undefined) {
      push('number', at + number.length);
      continue;
    }
    if (char === '?') {
      push('parameter', at + 1);
      continue;
    }
    const punct = PUNCTUATION.find((candidate) => text.startsWith(candidate, at));
    push(punct === undefined ? 'unknown' : 'punct', at + (punct?.length ?? String.fromCodePoint(text.codePointAt(at)!).length));
  }
  tokens.push({ kind: 'eof', text: '', start: text.length, end: text.length });
  return tokens;
}
