import { LRUCache } from 'lru-cache';
import type { ParsedStatement } from './ast.js';
import { parseStatement } from './parser.js';

/** Distinct statement texts kept parsed; an LRU past this many. */
const STATEMENT_CACHE_ENTRIES_MAX = 2000;

/**
 * Parsed statements by text. Applications send the same few statements with
 * different `?` parameters, so each text is parsed once; its tree holds the
 * parameters unbound. A statement that does not parse is not kept: it fails again,
 * from the parser, each time.
 */
const cache = new LRUCache<string, ParsedStatement>({ max: STATEMENT_CACHE_ENTRIES_MAX });

export function cachedStatement(text: string): ParsedStatement {
  const cached = cache.get(text);
  if (cached !== undefined) return cached;
  const parsed = parseStatement(text);
  cache.set(text, parsed);
  return parsed;
}
