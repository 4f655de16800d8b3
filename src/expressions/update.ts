import { LONG_TYPE_NAMES, typeOf, type AttributeType, type AttributeValue, type Item } from '../model/attribute-value.js';
import { DynamoDBError } from '../model/errors.js';
import { addNumbers, subtractNumbers } from '../model/number-arithmetic.js';
import { readPath } from './document-path.js';
import { invalidExpression } from './errors.js';
import type { DocumentPath, Operand, Update } from './resolved.js';
import { ownMember, setOwnMember } from '../model/own-members.js';

/**
 * Applies a bound UpdateExpression to an item, with DynamoDB's semantics (Developer
 * Guide, "Update expressions"): every value on the right of SET, and every path, means
 * what it meant in the item before the update ("REMOVE RelatedItems[1],
 * RelatedItems[2]" removes the second and third elements); SET on a list index past
 * the end appends, several such in index order; REMOVE of list elements closes the
 * gaps, and of something absent does nothing; ADD sums numbers and unions sets
 * (creating the attribute if absent); DELETE takes members out of a set and removes
 * the attribute when none are left.
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

/** Every path an update writes or takes away, in the order of its clauses. */
export function updatedPaths(update: Update): DocumentPath[] {
  return [
    ...update.set.map((action) => action.path),
    ...update.remove,
    ...update.add.map((action) => action.path),
    ...update.delete.map((action) => action.path),
  ];
}

/**
 * Whether every action of the update takes something away (REMOVE, DELETE). Such an
 * update of an absent item leaves no item: DynamoDB creates the item only when an
 * update gives it a value, or has no actions at all. The API reference says so of
 * AttributeUpdates ("DELETE - Nothing happens; there is no attribute to delete",
 * API_AttributeValueUpdate), scylladb/scylladb#5862 reports it of DynamoDB for
 * AttributeUpdates, and aws/aws-sdk-java-v2#2761 of a REMOVE-only UpdateExpression.
 */
export function onlyTakesAway(update: Update): boolean {
  return update.set.length === 0 && update.add.length === 0 && update.remove.length + update.delete.length > 0;
}

/** Checks made before the item is read: key attributes untouched, ADD/DELETE operand types. */
export function checkUpdate(update: Update, keyAttributeNames: readonly string[]): void {
  for (const path of updatedPaths(update)) {
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

/** A shallow copy of a map or list value, to change without touching the original. */
function copyContainer(value: MutableValue): MutableValue {
  if ('M' in value) return { M: { ...value.M } };
  if ('L' in value) return { L: [...value.L] };
  return value;
}

/**
 * The value holding a path's last element, ready to change, or undefined when a step
 * is missing. The updated item shares every value it did not change with the current
 * item (copy on write): each map or list on the way down is replaced by a copy of
 * itself first, so neither the current item nor a value shared by two paths is ever
 * changed in place.
 */
function parentOf(root: MutableMap, path: DocumentPath): MutableValue | undefined {
  const first = ownMember(root, path[0] as string);
  if (first === undefined) return undefined;
  let current = copyContainer(first);
  setOwnMember(root, path[0] as string, current);
  for (let step = 1; step < path.length - 1; step++) {
    const element = path[step]!;
    let child: MutableValue | undefined;
    if (typeof element === 'number' && 'L' in current) child = current.L[element];
    else if (typeof element === 'string' && 'M' in current) child = ownMember(current.M, element);
    if (child === undefined) return undefined;
    const copy = copyContainer(child);
    if ('L' in current) current.L[element as number] = copy;
    else setOwnMember((current as { M: MutableMap }).M, element as string, copy);
    current = copy;
  }
  return current;
}

/** Whether `parent` is the kind of value that `element` (a member name or a list index) addresses. */
function canHold<Value extends object>(parent: Value | undefined, element: string | number): parent is Value {
  if (parent === undefined) return false;
  return typeof element === 'number' ? 'L' in parent : 'M' in parent;
}

/** Writes `value` at `path`; an index past the end of a list appends. */
function setAt(root: MutableMap, path: DocumentPath, value: MutableValue): void {
  const last = path[path.length - 1]!;
  if (path.length === 1) {
    setOwnMember(root, last as string, value);
    return;
  }
  const parent = parentOf(root, path);
  if (!canHold(parent, last)) throw invalidPath();
  if ('L' in parent) {
    if ((last as number) >= parent.L.length) parent.L.push(value);
    else parent.L[last as number] = value;
  } else {
    setOwnMember((parent as { M: MutableMap }).M, last as string, value);
  }
}

/**
 * Takes away what `path` held in `base`, the item before the update. A path that held
 * nothing (an absent member, an index past the end) is left alone ("If the attributes
 * do not exist, nothing happens", Developer Guide), but its parent must still be a map
 * or a list that could hold it: DynamoDB refuses REMOVE x.y unless x is a map, and
 * ignores it when x is a map without y (scylladb/scylladb#10043). DELETE of a set at a
 * path that holds nothing follows the same rule, as DynamoDB Local applies it.
 */
function removeAt(root: MutableMap, base: Item, path: DocumentPath): void {
  const last = path[path.length - 1]!;
  if (path.length > 1 && !canHold(readPath(base, path.slice(0, -1)), last)) throw invalidPath();
  if (readPath(base, path) === undefined) return;
  if (path.length === 1) {
    delete root[last as string];
    return;
  }
  // The path held a value in `base`; the writes, and the removals before this one (at
  // later positions), leave its parent where it was.
  const parent = parentOf(root, path)!;
  if ('L' in parent) parent.L.splice(last as number, 1);
  else delete (parent as { M: MutableMap }).M[last as string];
}

function addTo(current: AttributeValue | undefined, value: AttributeValue): MutableValue {
  if (current === undefined) return value as MutableValue;
  if ('N' in current && 'N' in value) return { N: addNumbers(current.N, value.N) };
  if ('SS' in current && 'SS' in value) return { SS: [...new Set([...current.SS, ...value.SS])] };
  if ('NS' in current && 'NS' in value) return { NS: [...new Set([...current.NS, ...value.NS])] };
  if ('BS' in current && 'BS' in value) return { BS: [...new Set([...current.BS, ...value.BS])] };
  throw wrongOperandType();
}

/** The set left after DELETE, or undefined when no members remain (or there was no set). */
function deleteFrom(current: AttributeValue | undefined, value: AttributeValue): MutableValue | undefined {
  if (current === undefined) return undefined;
  const without = (members: readonly string[], removed: readonly string[]): string[] => members.filter((member) => !removed.includes(member));
  let remaining: MutableValue;
  if ('SS' in current && 'SS' in value) remaining = { SS: without(current.SS, value.SS) };
  else if ('NS' in current && 'NS' in value) remaining = { NS: without(current.NS, value.NS) };
  else if ('BS' in current && 'BS' in value) remaining = { BS: without(current.BS, value.BS) };
  else throw wrongOperandType();
  const members = (remaining as Record<string, string[]>)[typeOf(remaining)]!;
  return members.length === 0 ? undefined : remaining;
}

/**
 * Document paths in order, list indexes by number. Writes go in this order: "If you
 * add multiple elements in a single SET operation, the elements are sorted in order by
 * element number" (Developer Guide, "Adding elements to a list"). Removals go in the
 * reverse order, so that no removal from a list shifts an index still to come.
 */
function comparePaths(a: DocumentPath, b: DocumentPath): number {
  for (let step = 0; step < Math.min(a.length, b.length); step++) {
    const left = a[step]!;
    const right = b[step]!;
    if (left === right) continue;
    if (typeof left === 'number' && typeof right === 'number') return left - right;
    return String(left) < String(right) ? -1 : 1;
  }
  return a.length - b.length;
}

/** What one action leaves at its path, decided from the item before the update: a value, or nothing. */
interface Effect {
  readonly path: DocumentPath;
  readonly value: MutableValue | undefined;
}

/** The item after the update; `base` is the current item, or the key alone for a new one. */
export function applyUpdate(base: Item, update: Update): Item {
  const effects: Effect[] = [
    ...update.set.map((action) => ({ path: action.path, value: updateOperandValue(action.value, base) as MutableValue })),
    ...update.remove.map((path) => ({ path, value: undefined })),
    ...update.add.map((action) => ({ path: action.path, value: addTo(readPath(base, action.path), action.value) })),
    ...update.delete.map((action) => ({ path: action.path, value: deleteFrom(readPath(base, action.path), action.value) })),
  ].sort((a, b) => comparePaths(a.path, b.path));
  const next = { ...base } as MutableMap;
  for (const { path, value } of effects) if (value !== undefined) setAt(next, path, value);
  for (const { path, value } of effects.reverse()) if (value === undefined) removeAt(next, base, path);
  return next as Item;
}
