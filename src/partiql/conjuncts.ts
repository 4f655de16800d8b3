import { typeOf, type AttributeValue } from '../model/attribute-value.js';
import type { KeyAttribute } from '../engine/table-definition.js';
import type { Condition, Operand } from '../expressions/resolved.js';
import { failedCheck } from './errors.js';

/**
 * What a WHERE clause says about key attributes. A condition that must hold for a
 * row to match is a conjunct: one of the terms joined by the top-level ANDs. A key
 * attribute fixed by a conjunct (`pk = 'a'`) selects a partition or an item; the
 * planner reads only those, and the WHERE still filters what it reads.
 */

export function conjunctsOf(condition: Condition | undefined): Condition[] {
  if (condition === undefined) return [];
  if (condition.kind === 'and') return [...conjunctsOf(condition.left), ...conjunctsOf(condition.right)];
  return [condition];
}

export function conjunction(conditions: readonly Condition[]): Condition | undefined {
  return conditions.reduce<Condition | undefined>((left, right) => (left === undefined ? right : { kind: 'and', left, right }), undefined);
}

/** The top-level attribute an operand names, if it is one. */
export function attributeOf(operand: Operand): string | undefined {
  return operand.kind === 'path' && operand.path.length === 1 && typeof operand.path[0] === 'string' ? operand.path[0] : undefined;
}

function literalOf(operand: Operand): AttributeValue | undefined {
  return operand.kind === 'literal' ? operand.value : undefined;
}

/** `attribute = value` (either way round): the attribute and its value. */
export function equalityOf(condition: Condition): { attribute: string; value: AttributeValue } | undefined {
  if (condition.kind !== 'compare' || condition.operator !== '=') return undefined;
  for (const [pathSide, valueSide] of [
    [condition.left, condition.right],
    [condition.right, condition.left],
  ] as const) {
    const attribute = attributeOf(pathSide);
    const value = literalOf(valueSide);
    if (attribute !== undefined && value !== undefined) return { attribute, value };
  }
  return undefined;
}

/** A key attribute's value must be of its schema type, wherever the WHERE fixes it. */
export function checkKeyValueType(attribute: KeyAttribute, value: AttributeValue): void {
  if (typeOf(value) !== attribute.type) {
    throw failedCheck('keyType', `Key attribute's data type should match its data type in table's schema: Key ${attribute.name}`);
  }
}
