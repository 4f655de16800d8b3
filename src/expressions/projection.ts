import type { AttributeValue, Item } from '../model/attribute-value.js';
import { readPath } from './document-path.js';
import type { DocumentPath, Projection } from './resolved.js';

/**
 * Keeps only the projected paths of an item. Nested maps keep the projected members;
 * lists keep the projected elements, in index order, closed up (l[1], l[5] of a
 * two-element list gives a one-element list). Paths are disjoint (path-overlap.ts),
 * so no projected value contains another.
 */
type Selection =
  { kind: 'value'; value: AttributeValue } | { kind: 'map'; members: Map<string, Selection> } | { kind: 'list'; elements: Map<number, Selection> };

function select(root: Map<string, Selection>, path: DocumentPath, value: AttributeValue): void {
  let members: Map<string | number, Selection> = root as Map<string | number, Selection>;
  for (let step = 0; step < path.length - 1; step++) {
    const element = path[step]!;
    const nextIsIndex = typeof path[step + 1] === 'number';
    let child = members.get(element);
    if (child === undefined) {
      child = nextIsIndex ? { kind: 'list', elements: new Map() } : { kind: 'map', members: new Map() };
      members.set(element, child);
    }
    members = (child.kind === 'list' ? child.elements : child.kind === 'map' ? child.members : new Map()) as Map<string | number, Selection>;
  }
  members.set(path[path.length - 1]!, { kind: 'value', value });
}

function build(selection: Selection): AttributeValue {
  if (selection.kind === 'value') return selection.value;
  if (selection.kind === 'list') return { L: [...selection.elements.entries()].sort(([a], [b]) => a - b).map(([, element]) => build(element)) };
  return { M: Object.fromEntries([...selection.members].map(([name, member]) => [name, build(member)])) };
}

export function projectItem(item: Item, projection: Projection): Item {
  const root = new Map<string, Selection>();
  for (const path of projection) {
    const value = readPath(item, path);
    if (value !== undefined) select(root, path, value);
  }
  return Object.fromEntries([...root].map(([name, selection]) => [name, build(selection)]));
}
