import type { ExpressionKind } from './ast.js';
import { invalidExpression } from './errors.js';
import { describePath, type DocumentPath } from './resolved.js';

type Relation = 'duplicate' | 'overlap' | 'conflict' | 'disjoint';

/**
 * DynamoDB rejects two paths in one projection or update when one contains the other
 * ("overlap": a and a.b), when they split the same document two ways ("conflict":
 * a[0] and a.b), or when they are the same path. Which pair it names follows its own
 * search, reproduced here: proper overlaps and conflicts before exact duplicates;
 * within each, the pair whose later path comes last in the text, and for that path
 * the nearest earlier one.
 */
export function checkPathsDisjoint(kind: ExpressionKind, paths: readonly DocumentPath[]): void {
  for (const wanted of [['overlap', 'conflict'], ['duplicate']]) {
    for (let later = paths.length - 1; later > 0; later--) {
      for (let earlier = later - 1; earlier >= 0; earlier--) {
        const relation = relate(paths[earlier]!, paths[later]!);
        if (!wanted.includes(relation)) continue;
        const which = relation === 'conflict' ? 'conflict' : 'overlap';
        throw invalidExpression(
          kind,
          `Two document paths ${which} with each other; must remove or rewrite one of these paths; path one: ${describePath(paths[earlier]!)}, path two: ${describePath(paths[later]!)}`,
        );
      }
    }
  }
}

function relate(a: DocumentPath, b: DocumentPath): Relation {
  const shared = Math.min(a.length, b.length);
  for (let step = 0; step < shared; step++) {
    if (a[step] === b[step]) continue;
    return step > 0 && typeof a[step] !== typeof b[step] ? 'conflict' : 'disjoint';
  }
  return a.length === b.length ? 'duplicate' : 'overlap';
}
