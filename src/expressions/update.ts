import { LONG_TYPE_NAMES, typeOf, type AttributeType, type AttributeValue, type Item } from '../model/attribute-value.js';
import { DynamoDBError } from '../model/errors.js';
import { addNumbers, subtractNumbers } from '../model/number-arithmetic.js';
import { readPath } from './document-path.js';
import { invalidExpression } from './errors.js';
import type { DocumentPath, Operand, Update } from './resolved.js';

/**
 * Applies a bound UpdateExpression to an item, with DynamoDB's semantics: every value
 * on the right of SET is computed from the item as it was before the update; SET on a
 * list index past the end appends; REMOVE of list elements closes the gaps; ADD sums
 * numbers and unions sets (creating the attribute if absent); DELETE takes members out
 * of a set and removes the attribute when none are left.
 */

type MutableValue =
  | { S: string }
  | { N: string }
  | { B: string }
  | { BOOL: boolean }
  | { NULL: true }
  | { M: MutableMap }
  | { L: MutableValue[] }
  | { SS: string[] }
  | { NS: string[] }
  | { BS: string[] };
type MutableMap = Record<string, MutableValue>;

const SET_TYPES = new Set(['SS', 'NS', 'BS']);

function wrongOperandType(): DynamoDBError {
  return DynamoDBError.validation('An operand in the update expression has an incorrect data type');
}

function invalidPath(): DynamoDBError {
  return DynamoDBError.validation('The document path provided in the update expression is invalid for update');
}

function wrongActionOperand(action: 'ADD' | 'DELETE', type: AttributeType): Error {
  return invalidExpression(
    'UpdateExpression',
    `Incorrect operand type for operator or function; operator: ${action}, operand type: ${LONG_TYPE_NAMES[type]}, typeSet: ALLOWED_FOR_${action}_OPERAND`,
  );
}

/** Checks made before the item is read: key attributes untouched, ADD/DELETE operand types. */
export function checkUpdate(update: Update, keyAttributeNames: readonly string[]): void {
  const paths = [
    ...update.set.map((action) => action.path),
    ...update.remove,
    ...update.add.map((action) => action.path),
    ...update.delete.map((action) => action.path),
  ];
  for (const path of paths) {
    const top = path[0] as string;
    if (keyAttributeNames.includes(top)) {
      throw DynamoDBError.validation(`One or more parameter values were invalid: Cannot update attribute ${top}. This attribute is part of the key`);
    }
  }
  for (const action of update.add) {
    const type = typeOf(action.value);
    if (type !== 'N' && !SET_TYPES.has(type)) throw wrongActionOperand('ADD', type);
  }
  for (const action of update.delete) {
    const type = typeOf(action.value);
    if (!SET_TYPES.has(type)) throw wrongActionOperand('DELETE', type);
  }
}

function updateOperandValue(operand: Operand, item: Item): AttributeValue {
  switch (operand.kind) {
    case 'literal':
      return operand.value;
    case 'path': {
      const value = readPath(item, operand.path);
      if (value === undefined) throw DynamoDBError.validation('The provided expression refers to an attribute that does not exist in the item');
      return value;
    }
    case 'ifNotExists':
      return readPath(item, operand.path) ?? updateOperandValue(operand.fallback, item);
    case 'listAppend': {
      const left = updateOperandValue(operand.left, item);
      const right = updateOperandValue(operand.right, item);
      if (!('L' in left) || !('L' in right)) throw wrongOperandType();
      return { L: [...left.L, ...right.L] };
    }
    case 'arithmetic': {
      const left = updateOperandValue(operand.left, item);
      const right = updateOperandValue(operand.right, item);
      if (!('N' in left) || !('N' in right)) throw wrongOperandType();
      return { N: operand.operator === '+' ? addNumbers(left.N, right.N) : subtractNumbers(left.N, right.N) };
    }
    case 'size':
      throw new Error('size() is not an update operand');
  }
}

/** The container that holds the last element of `path`, or undefined when a step is missing. */
/** A shallow copy of a map or list value, to change without touching the original. */
function copyContainer(value: MutableValue): MutableValue {
  if ('M' in value) return { M: { ...value.M } };
  if ('L' in value) return { L: [...value.L] };
  return value;
}

/**
 * The value holding a path's last element, ready to change. The updated item shares
 * every value it did not change with the current item (copy on write): each map or
 * list on the way down is replaced by a copy of itself first, so neither the current
 * item nor a value shared by two paths is ever changed in place.
 */
function parentOf(root: MutableMap, path: DocumentPath): MutableValue | undefined {
  const first = root[path[0] as string];
  if (first === undefined) return undefined;
  let current = copyContainer(first);
  root[path[0] as string] = current;
  for (let step = 1; step < path.length - 1; step++) {
    const element = path[step]!;
    let child: MutableValue | undefined;
    if (typeof element === 'number' && 'L' in current) child = current.L[element];
    else if (typeof element === 'string' && 'M' in current) child = current.M[element];
    if (child === undefined) return undefined;
    const copy = copyContainer(child);
    if ('L' in current) current.L[element as number] = copy;
    else (current as { M: MutableMap }).M[element as string] = copy;
    current = copy;
  }
  return current;
}

function setAt(root: MutableMap, path: DocumentPath, value: MutableValue): void {
  const last = path[path.length - 1]!;
  if (path.length === 1) {
    root[last as string] = value;
    return;
  }
  const parent = parentOf(root, path);
  if (parent !== undefined && typeof last === 'number' && 'L' in parent) {
    if (last >= parent.L.length) parent.L.push(value);
    else parent.L[last] = value;
  } else if (parent !== undefined && typeof last === 'string' && 'M' in parent) {
    parent.M[last] = value;
  } else {
    throw invalidPath();
  }
}

function removeAt(root: MutableMap, path: DocumentPath): void {
  const last = path[path.length - 1]!;
  if (path.length === 1) {
    delete root[last as string];
    return;
  }
  const parent = parentOf(root, path);
  if (parent === undefined) throw invalidPath();
  if (typeof last === 'number' && 'L' in parent) {
    if (last < parent.L.length) parent.L.splice(last, 1);
  } else if (typeof last === 'string' && 'M' in parent) {
    delete parent.M[last];
  } else {
    throw invalidPath();
  }
}

function addTo(current: AttributeValue | undefined, value: AttributeValue): MutableValue {
  if (current === undefined) return value as MutableValue;
  if ('N' in current && 'N' in value) return { N: addNumbers(current.N, value.N) };
  if ('SS' in current && 'SS' in value) return { SS: [...new Set([...current.SS, ...value.SS])] };
  if ('NS' in current && 'NS' in value) return { NS: [...new Set([...current.NS, ...value.NS])] };
  if ('BS' in current && 'BS' in value) return { BS: [...new Set([...current.BS, ...value.BS])] };
  throw wrongOperandType();
}

/** The set left after DELETE, or undefined when no members remain. */
function deleteFrom(current: AttributeValue, value: AttributeValue): MutableValue | undefined {
  const without = (members: readonly string[], removed: readonly string[]): string[] => members.filter((member) => !removed.includes(member));
  let remaining: MutableValue;
  if ('SS' in current && 'SS' in value) remaining = { SS: without(current.SS, value.SS) };
  else if ('NS' in current && 'NS' in value) remaining = { NS: without(current.NS, value.NS) };
  else if ('BS' in current && 'BS' in value) remaining = { BS: without(current.BS, value.BS) };
  else throw wrongOperandType();
  const members = (remaining as Record<string, string[]>)[typeOf(remaining)]!;
  return members.length === 0 ? undefined : remaining;
}

/** List indexes are removed from the highest down, so earlier removals do not shift later ones. */
function removalOrder(paths: readonly DocumentPath[]): DocumentPath[] {
  return [...paths].sort((a, b) => {
    const lastA = a[a.length - 1];
    const lastB = b[b.length - 1];
    return typeof lastA === 'number' && typeof lastB === 'number' ? lastB - lastA : 0;
  });
}

/** The item after the update; `base` is the current item, or the key alone for a new one. */
export function applyUpdate(base: Item, update: Update): Item {
  const newValues = update.set.map((action) => ({ path: action.path, value: updateOperandValue(action.value, base) }));
  const next = { ...base } as MutableMap;
  for (const { path, value } of newValues) setAt(next, path, value as MutableValue);
  for (const path of removalOrder(update.remove)) removeAt(next, path);
  for (const action of update.add) setAt(next, action.path, addTo(readPath(base, action.path), action.value));
  for (const action of update.delete) {
    const current = readPath(base, action.path);
    if (current === undefined) continue;
    const remaining = deleteFrom(current, action.value);
    if (remaining === undefined) removeAt(next, action.path);
    else setAt(next, action.path, remaining);
  }
  return next as Item;
}
