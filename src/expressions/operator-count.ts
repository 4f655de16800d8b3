import { EXPRESSION_OPERATORS_MAX } from '../model/limits.js';
import type { ConditionNode, ExpressionKind, OperandNode, UpdateNode } from './ast.js';
import { invalidExpression } from './errors.js';

/**
 * DynamoDB's limit on operators in one expression ("The maximum number of operators
 * or functions allowed in an UpdateExpression is 300", Constraints, AWS developer
 * guide; the same limit holds for every expression kind, as AWS answers show:
 * aws/aws-sdk-js#3721 for a FilterExpression, scylladb/scylladb#14473 for a
 * ConditionExpression). Every comparison, BETWEEN, IN, AND, OR, NOT, + and - counts
 * one, and so does every function call; paths, values, parentheses and a SET
 * action's = count nothing (measured against DynamoDB Local, whose parser and counts
 * match those reports). DynamoDB stops counting at the first operator past the limit
 * and names that count, so the count named is always the limit plus one.
 */

/** Counts operators and stops, throwing, at the first one past the limit. */
class OperatorCounter {
  private count = 0;

  constructor(private readonly kind: ExpressionKind) {}

  private one(): void {
    this.count++;
    if (this.count > EXPRESSION_OPERATORS_MAX) {
      throw invalidExpression(this.kind, `The expression contains too many operators; operator count: ${this.count}`);
    }
  }

  condition(node: ConditionNode): void {
    this.one();
    switch (node.kind) {
      case 'and':
      case 'or':
        this.condition(node.left);
        this.condition(node.right);
        return;
      case 'not':
        this.condition(node.operand);
        return;
      case 'compare':
        this.operands([node.left, node.right]);
        return;
      case 'between':
        this.operands([node.operand, node.lower, node.upper]);
        return;
      case 'in':
        this.operands([node.operand, ...node.candidates]);
        return;
      case 'call':
        // The call is the condition: counted once, above.
        this.operands(node.call.args);
    }
  }

  operands(nodes: readonly OperandNode[]): void {
    for (const node of nodes) {
      if (node.kind === 'function') {
        this.one();
        this.operands(node.args);
      } else if (node.kind === 'arithmetic') {
        this.one();
        this.operands([node.left, node.right]);
      }
    }
  }
}

/** Checked last, once the expression has passed every other check, as DynamoDB orders it. */
export function checkConditionOperators(node: ConditionNode, kind: ExpressionKind): void {
  new OperatorCounter(kind).condition(node);
}

export function checkUpdateOperators(node: UpdateNode): void {
  new OperatorCounter('UpdateExpression').operands(node.set.map((action) => action.value));
}
