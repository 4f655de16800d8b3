import type { ExpressionKind } from './ast.js';
import { invalidExpression } from './errors.js';
import { describePath, type DocumentPath } from './resolved.js';

/**
 * DynamoDB rejects two paths in one projection or update when one contains the other
 * ("overlap": a and a.b) or when they split the same document two ways ("conflict":
 * a[0] and a.b), naming the earlier path first.
 */
export function checkPathsDisjoint(kind: ExpressionKind, paths: readonly DocumentPath[]): void {
  for (let later = 1; later < paths.length; later++) {
    for (let earlier = 0; earlier < later; earlier++) {
      const relation = relate(paths[earlier]!, paths[later]!);
      if (relation === 'disjoint') continue;
      const which = relation === 'overlap' ? 'overlap' : 'conflict';
      throw invalidExpression(
        kind,
        `Two document paths ${which} with each other; must remove or rewrite one of these paths; path one: ${describePath(paths[earlier]!)}, path two: ${describePath(paths[later]!)}`,
      );
    }
  }
}

function relate(a: DocumentPath, b: DocumentPath): 'overlap' | 'conflict' | 'disjoint' {
  const shared = Math.min(a.length, b.length);
  for (let step = 0; step < shared; step++) {
    if (a[step] === b[step]) continue;
    return step > 0 && typeof a[step] !== typeof b[step] ? 'conflict' : 'disjoint';
  }
  return 'overlap';
}
