import type { Condition, Operand } from './resolved.js';

/** The top-level attribute names an operand reads. */
function* operandAttributes(operand: Operand): Generator<string> {
  switch (operand.kind) {
    case 'path':
      yield operand.path[0] as string;
      return;
    case 'literal':
      return;
    case 'size':
      yield* operandAttributes(operand.operand);
      return;
    case 'ifNotExists':
      yield operand.path[0] as string;
      yield* operandAttributes(operand.fallback);
      return;
    case 'listAppend':
    case 'arithmetic':
      yield* operandAttributes(operand.left);
      yield* operandAttributes(operand.right);
  }
}

/** The top-level attribute names a condition reads, in order, with repeats. */
export function* conditionAttributes(condition: Condition): Generator<string> {
  switch (condition.kind) {
    case 'and':
    case 'or':
      yield* conditionAttributes(condition.left);
      yield* conditionAttributes(condition.right);
      return;
    case 'not':
      yield* conditionAttributes(condition.operand);
      return;
    case 'exists':
      yield condition.path[0] as string;
      return;
    case 'compare':
      yield* operandAttributes(condition.left);
      yield* operandAttributes(condition.right);
      return;
    case 'between':
      for (const operand of [condition.operand, condition.lower, condition.upper]) yield* operandAttributes(operand);
      return;
    case 'in':
      for (const operand of [condition.operand, ...condition.candidates]) yield* operandAttributes(operand);
      return;
    case 'attributeType':
      yield* operandAttributes(condition.operand);
      return;
    case 'beginsWith':
      yield* operandAttributes(condition.operand);
      yield* operandAttributes(condition.prefix);
      return;
    case 'contains':
      yield* operandAttributes(condition.operand);
      yield* operandAttributes(condition.needle);
  }
}
