import type { AttributeValue, Item } from '../model/attribute-value.js';
import type { DocumentPath } from './resolved.js';
import { ownMember } from '../model/own-members.js';

/** The value at a document path, or undefined where any step of the path is missing. */
export function readPath(item: Item, path: DocumentPath): AttributeValue | undefined {
  let current: AttributeValue | undefined = ownMember(item, path[0] as string);
  for (let step = 1; step < path.length && current !== undefined; step++) {
    const element = path[step]!;
    if (typeof element === 'number') current = 'L' in current ? current.L[element] : undefined;
    else current = 'M' in current ? ownMember(current.M, element) : undefined;
  }
  return current;
}
