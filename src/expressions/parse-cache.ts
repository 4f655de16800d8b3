import { LRUCache } from 'lru-cache';
import type { ConditionNode, ExpressionKind, ProjectionNode, UpdateNode } from './ast.js';
import { parseCondition, parseProjection, parseUpdate } from './parser.js';

/** Distinct expression texts kept parsed; an LRU past this many. */
const PARSE_CACHE_ENTRIES_MAX = 2000;

/**
 * Parsed expressions by kind and text. Clients send the same few expressions over and
 * over, so each distinct text is parsed once; placeholders stay unresolved in the
 * cached tree (resolve.ts binds them per request).
 */
class ParseCache {
  private readonly entries = new LRUCache<string, object>({ max: PARSE_CACHE_ENTRIES_MAX });
  hits = 0;
  misses = 0;

  get<T extends object>(kind: ExpressionKind, text: string, parse: () => T): T {
    const key = `${kind}\u0000${text}`;
    const cached = this.entries.get(key);
    if (cached !== undefined) {
      this.hits++;
      return cached as T;
    }
    this.misses++;
    const parsed = parse();
    this.entries.set(key, parsed);
    return parsed;
  }
}

const cache = new ParseCache();

export function cachedCondition(text: string, kind: ExpressionKind): ConditionNode {
  return cache.get(kind, text, () => parseCondition(text, kind));
}

export function cachedProjection(text: string): ProjectionNode {
  return cache.get('ProjectionExpression', text, () => parseProjection(text));
}

export function cachedUpdate(text: string): UpdateNode {
  return cache.get('UpdateExpression', text, () => parseUpdate(text));
}

/** Hits and misses since the process started, for logs and benchmarks. */
export function parseCacheStats(): { hits: number; misses: number } {
  return { hits: cache.hits, misses: cache.misses };
}
