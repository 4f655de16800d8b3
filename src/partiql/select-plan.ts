import { compareValues } from '../model/attribute-compare.js';
import { keyText, type AttributeValue } from '../model/attribute-value.js';
import { PARTIQL_PARTITIONS_MAX } from '../model/limits.js';
import { keyConditionFromLeaves, type KeyCondition, type KeyConditionLeaf, type SortKeyCondition } from '../engine/key-condition.js';
import type { ReadTarget } from '../engine/read-target.js';
import type { KeyAttribute } from '../engine/table-definition.js';
import type { Condition } from '../expressions/resolved.js';
import { attributeOf, checkKeyValueType, conjunctsOf, equalityOf } from './conjuncts.js';
import { invalidStatement } from './errors.js';

/**
 * Which keys a SELECT reads. A WHERE that fixes every partition key attribute of the
 * table or index read — with `=`, with IN, or with such terms joined by OR — reads
 * those partitions alone, one Query each in the order the statement names them; the
 * sort key conditions among its conjuncts narrow each Query's key range. Anything
 * else reads the whole table or index, a Scan. Either way the whole WHERE filters
 * what is read, so the key range only has to hold every item that can match.
 */

/** Values of partition key attributes, by attribute name: one partition when all are there. */
type Assignment = ReadonlyMap<string, AttributeValue>;

const UNCONSTRAINED: readonly Assignment[] = [new Map()];

function merge(left: Assignment, right: Assignment): Assignment | undefined {
  const merged = new Map(left);
  for (const [attribute, value] of right) {
    const existing = merged.get(attribute);
    if (existing !== undefined && keyText(existing) !== keyText(value)) return undefined;
    merged.set(attribute, value);
  }
  return merged;
}

/**
 * The partitions a condition can match, as assignments of partition attributes:
 * a condition that leaves an attribute free gives an assignment without it. The
 * lists are bounded: past PARTIQL_PARTITIONS_MAX partitions DynamoDB refuses the
 * statement, in its own words.
 */
function assignments(condition: Condition, partitionNames: ReadonlySet<string>): readonly Assignment[] {
  const equality = equalityOf(condition);
  if (equality !== undefined) return partitionNames.has(equality.attribute) ? [new Map([[equality.attribute, equality.value]])] : UNCONSTRAINED;
  let result: readonly Assignment[];
  switch (condition.kind) {
    case 'in': {
      const attribute = attributeOf(condition.operand);
      if (attribute === undefined || !partitionNames.has(attribute) || condition.candidates.some((candidate) => candidate.kind !== 'literal'))
        return UNCONSTRAINED;
      result = condition.candidates.map((candidate) => new Map([[attribute, (candidate as { value: AttributeValue }).value]]));
      break;
    }
    case 'and': {
      const left = assignments(condition.left, partitionNames);
      const right = assignments(condition.right, partitionNames);
      result = left.flatMap((leftAssignment) => right.flatMap((rightAssignment) => merge(leftAssignment, rightAssignment) ?? []));
      break;
    }
    case 'or':
      result = [...assignments(condition.left, partitionNames), ...assignments(condition.right, partitionNames)];
      break;
    default:
      return UNCONSTRAINED;
  }
  if (result.length > PARTIQL_PARTITIONS_MAX) throw invalidStatement('Too many decomposed read operations for a given query.');
  return result;
}

const LOWER_BOUNDS: ReadonlySet<string> = new Set(['>', '>=']);
const UPPER_BOUNDS: ReadonlySet<string> = new Set(['<', '<=']);
const FLIPPED: Readonly<Record<string, '=' | '<' | '<=' | '>' | '>='>> = { '=': '=', '<': '>', '<=': '>=', '>': '<', '>=': '<=' };

/** The sort key conditions among the conjuncts, as key range conditions on `sortKey`. */
function sortConditions(conjuncts: readonly Condition[], sortKey: KeyAttribute): SortKeyCondition[] {
  const found: SortKeyCondition[] = [];
  const literal = (value: AttributeValue): AttributeValue => {
    checkKeyValueType(sortKey, value);
    return value;
  };
  for (const condition of conjuncts) {
    if (condition.kind === 'compare' && condition.operator !== '<>') {
      const [pathSide, valueSide, operator] =
        attributeOf(condition.left) === sortKey.name
          ? [condition.left, condition.right, condition.operator]
          : [condition.right, condition.left, FLIPPED[condition.operator]!];
      if (attributeOf(pathSide) === sortKey.name && valueSide.kind === 'literal') found.push({ kind: 'compare', operator, value: literal(valueSide.value) });
    } else if (condition.kind === 'between' && attributeOf(condition.operand) === sortKey.name) {
      if (condition.lower.kind === 'literal' && condition.upper.kind === 'literal') {
        found.push({ kind: 'between', lower: literal(condition.lower.value), upper: literal(condition.upper.value) });
      }
    } else if (condition.kind === 'beginsWith' && attributeOf(condition.operand) === sortKey.name && condition.prefix.kind === 'literal') {
      if (sortKey.type !== 'N') found.push({ kind: 'beginsWith', prefix: literal(condition.prefix.value) });
    }
  }
  return found;
}

/** A bound of the sort key range, with whether it is exclusive (`>`, `<`). */
interface Bound {
  readonly value: AttributeValue;
  readonly exclusive: boolean;
}

/** The bounds a sort key condition sets: [lower, upper]. */
function boundsOf(condition: SortKeyCondition): [Bound | undefined, Bound | undefined] {
  if (condition.kind === 'between')
    return [
      { value: condition.lower, exclusive: false },
      { value: condition.upper, exclusive: false },
    ];
  if (condition.kind !== 'compare') return [undefined, undefined];
  const bound = { value: condition.value, exclusive: condition.operator === '>' || condition.operator === '<' };
  return [LOWER_BOUNDS.has(condition.operator) ? bound : undefined, UPPER_BOUNDS.has(condition.operator) ? bound : undefined];
}

/** Whether `candidate` is tighter than `current` on the side `sign` says (1: a lower bound, -1: an upper one). */
function tighter(candidate: Bound, current: Bound | undefined, sign: number): boolean {
  if (current === undefined) return true;
  const order = (compareValues(candidate.value, current.value) ?? 0) * sign;
  return order > 0 || (order === 0 && candidate.exclusive);
}

/**
 * One key range condition that holds every sort key the conditions allow: an
 * equality if there is one, else the tightest bounds, else a prefix. A single bound
 * keeps its own operator, so that a Limit counts the items a Query would read
 * (`sk > 1` starts after 1, as DynamoDB reads it); two bounds become an inclusive
 * BETWEEN, the filter dropping an exclusive end.
 */
function narrowest(conditions: readonly SortKeyCondition[]): SortKeyCondition | undefined {
  const equality = conditions.find((condition) => condition.kind === 'compare' && condition.operator === '=');
  if (equality !== undefined) return equality;
  let lower: Bound | undefined;
  let upper: Bound | undefined;
  for (const condition of conditions) {
    const [low, high] = boundsOf(condition);
    if (low !== undefined && tighter(low, lower, 1)) lower = low;
    if (high !== undefined && tighter(high, upper, -1)) upper = high;
  }
  if (lower !== undefined && upper !== undefined)
    return (compareValues(lower.value, upper.value) ?? 0) <= 0
      ? { kind: 'between', lower: lower.value, upper: upper.value }
      : { kind: 'compare', operator: '>=', value: lower.value };
  if (lower !== undefined) return { kind: 'compare', operator: lower.exclusive ? '>' : '>=', value: lower.value };
  if (upper !== undefined) return { kind: 'compare', operator: upper.exclusive ? '<' : '<=', value: upper.value };
  return conditions.find((condition) => condition.kind === 'beginsWith');
}

/**
 * The key conditions of the Queries a WHERE reduces to, one per partition in the
 * order the statement names them; undefined when it needs a Scan.
 */
export function partitionQueries(target: ReadTarget, where: Condition | undefined): KeyCondition[] | undefined {
  if (where === undefined) return undefined;
  const partitionNames = new Set(target.partitionKeys.map((attribute) => attribute.name));
  const found = assignments(where, partitionNames);
  if (found.some((assignment) => assignment.size !== partitionNames.size)) return undefined;
  // With one sort key attribute, its conditions narrow each partition's range; a
  // multi-attribute sort key is left to the filter.
  const sortKey = target.sortKeys.length === 1 ? target.sortKeys[0] : undefined;
  const sort = sortKey === undefined ? undefined : narrowest(sortConditions(conjunctsOf(where), sortKey));
  const seen = new Set<string>();
  const queries: KeyCondition[] = [];
  for (const assignment of found) {
    const leaves: KeyConditionLeaf[] = target.partitionKeys.map((attribute) => {
      const value = assignment.get(attribute.name)!;
      checkKeyValueType(attribute, value);
      return { attribute: attribute.name, condition: { kind: 'compare', operator: '=', value } };
    });
    const identity = JSON.stringify(leaves.map((leaf) => keyText((leaf.condition as { value: AttributeValue }).value)));
    if (seen.has(identity)) continue;
    seen.add(identity);
    if (sort !== undefined) leaves.push({ attribute: sortKey!.name, condition: sort });
    queries.push(keyConditionFromLeaves(target, leaves));
  }
  return queries;
}
