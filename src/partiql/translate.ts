import type {
  ConditionNode,
  ExpressionKind,
  FunctionCallNode,
  OperandNode,
  PathElement,
  PathNode as ExpressionPathNode,
  ProjectionNode,
  UpdateNode,
  ValueAction,
  ValueRefNode,
} from '../expressions/ast.js';
import { checkPathsDisjoint } from '../expressions/path-overlap.js';
import { PlaceholderBinding, resolveCondition, resolveProjection, resolveUpdate } from '../expressions/resolve.js';
import type { Condition, Projection, Update } from '../expressions/resolved.js';
import type { AttributeValue } from '../model/attribute-value.js';
import { DynamoDBError } from '../model/errors.js';
import type { ExpressionNode, PathNode, UpdateAction } from './ast.js';
import { invalidAt, invalidStatement } from './errors.js';
import { StatementValues } from './values.js';

/**
 * PartiQL's WHERE, SET and REMOVE, and projections, are DynamoDB's condition, update
 * and projection expressions written another way, and DynamoDB runs them as such: its
 * messages for a bad operand are the expression messages without their "Invalid
 * ConditionExpression:" head. So a statement's parts are translated into expression
 * trees, every name as a #placeholder (a PartiQL name may be any string, reserved
 * words included) and every value as a :placeholder, and resolved by the expression
 * resolver, which checks what it checks for any expression: function arity and
 * operand types, nesting depth, overlapping paths, keys that an update may not touch.
 */

const CONDITION_FUNCTIONS: ReadonlySet<string> = new Set(['attribute_exists', 'attribute_not_exists', 'attribute_type', 'begins_with', 'contains']);
const SET_FUNCTIONS: Readonly<Record<string, 'add' | 'delete'>> = { set_add: 'add', set_delete: 'delete' };

/** The expression resolver's message without the expression kind it names. */
function withoutExpressionKind(error: unknown): unknown {
  if (!(error instanceof DynamoDBError) || error.type !== 'ValidationException') return error;
  const match = /^Invalid [A-Za-z]+Expression: (.*)$/s.exec(error.message);
  return match === null ? error : DynamoDBError.validation(match[1]!);
}

export class StatementTranslator {
  private readonly names: Record<string, string> = {};
  private readonly placeholderOfName = new Map<string, string>();
  private readonly values: Record<string, AttributeValue> = {};
  private readonly literals: StatementValues;

  constructor(
    private readonly text: string,
    parameters: readonly AttributeValue[],
  ) {
    this.literals = new StatementValues(text, parameters);
  }

  /** The value a value node denotes (INSERT's item, a key in WHERE). */
  valueOf(node: ExpressionNode): AttributeValue {
    return this.literals.valueOf(node);
  }

  itemOf(node: ExpressionNode): AttributeValue {
    return this.literals.itemOf(node);
  }

  condition(node: ExpressionNode): Condition {
    return this.resolved(() => resolveCondition(this.conditionNode(node), 'ConditionExpression' satisfies ExpressionKind, this.binding()));
  }

  update(actions: readonly UpdateAction[]): Update {
    const set: { path: ExpressionPathNode; value: OperandNode }[] = [];
    const remove: ExpressionPathNode[] = [];
    const add: ValueAction[] = [];
    const deleted: ValueAction[] = [];
    for (const action of actions) {
      if (action.kind === 'remove') {
        remove.push(this.path(action.path));
        continue;
      }
      const setFunction = action.value.kind === 'call' ? SET_FUNCTIONS[action.value.name] : undefined;
      if (setFunction === undefined) set.push({ path: this.path(action.path), value: this.operand(action.value) });
      else (setFunction === 'add' ? add : deleted).push(this.setAction(action.path, action.value as Extract<ExpressionNode, { kind: 'call' }>));
    }
    const node: UpdateNode = { set, remove, add, delete: deleted };
    return this.resolved(() => resolveUpdate(node, this.binding()));
  }

  projection(paths: readonly PathNode[]): Projection {
    const node: ProjectionNode = { paths: paths.map((path) => this.path(path)) };
    return this.resolved(() => resolveProjection(node, this.binding()));
  }

  /**
   * A projection's paths may not overlap. DynamoDB names the later path of the pair
   * first in PartiQL's message ("path one: [m], path two: [m, x]" for `m.x, m`), the
   * reverse of a ProjectionExpression's.
   */
  checkDisjoint(projection: Projection): void {
    this.resolved(() => checkPathsDisjoint('ProjectionExpression', [...projection].reverse()));
  }

  private binding(): PlaceholderBinding {
    return new PlaceholderBinding(this.names, this.values);
  }

  private resolved<T>(resolve: () => T): T {
    try {
      return resolve();
    } catch (error) {
      throw withoutExpressionKind(error);
    }
  }

  /** SET x = set_add(x, <<...>>): the first argument must be the path assigned. */
  private setAction(path: PathNode, call: Extract<ExpressionNode, { kind: 'call' }>): ValueAction {
    const [target, value] = call.args;
    const upper = call.name.toUpperCase();
    const name = { start: call.span.start, end: call.span.start + call.name.length };
    if (call.args.length !== 2) throw invalidAt(this.text, `${upper} must have exactly two arguments`, name);
    if (target!.kind !== 'path' || pathText(target!) !== pathText(path))
      throw invalidStatement(`The first argument to ${upper} must equal the assignment value`);
    if (!StatementValues.isValue(value!)) throw invalidAt(this.text, `The second argument to ${upper} must be a value`, value!.span);
    const set = this.valueOf(value!);
    // DynamoDB points at the first argument here, not at the value it refuses.
    if (!('SS' in set || 'NS' in set || 'BS' in set)) throw invalidAt(this.text, `The second argument to ${upper} must be a value with type SET`, target!.span);
    return { path: this.path(path), value: this.valueRef(set) };
  }

  private nameRef(name: string): PathElement {
    let ref = this.placeholderOfName.get(name);
    if (ref === undefined) {
      ref = `#n${this.placeholderOfName.size}`;
      this.placeholderOfName.set(name, ref);
      this.names[ref] = name;
    }
    return { kind: 'nameRef', ref };
  }

  private valueRef(value: AttributeValue): ValueRefNode {
    const ref = `:v${Object.keys(this.values).length}`;
    this.values[ref] = value;
    return { kind: 'valueRef', ref };
  }

  private path(node: PathNode): ExpressionPathNode {
    const elements = node.steps.map((step): PathElement => (step.kind === 'index' ? step : this.nameRef(step.name)));
    return { kind: 'path', elements, start: node.span.start };
  }

  private operand(node: ExpressionNode): OperandNode {
    if (StatementValues.isValue(node)) return this.valueRef(this.valueOf(node));
    switch (node.kind) {
      case 'path':
        return this.path(node);
      case 'arithmetic':
        return { kind: 'arithmetic', operator: node.operator, left: this.operand(node.left), right: this.operand(node.right) };
      case 'call':
        return this.call(node);
      case 'literal':
        throw invalidAt(this.text, 'Unsupported data type: MISSING under key root', node.span);
      default:
        throw invalidAt(this.text, 'Unsupported expression', node.span);
    }
  }

  private call(node: Extract<ExpressionNode, { kind: 'call' }>): FunctionCallNode {
    return { kind: 'function', name: node.name, args: node.args.map((arg) => this.operand(arg)) };
  }

  /**
   * An operand of a comparison. Conditions have no arithmetic (only SET does), and
   * MISSING is tested with IS, never compared: DynamoDB refuses both in these words.
   */
  private conditionOperand(node: ExpressionNode): OperandNode {
    if (node.kind === 'arithmetic') throw invalidStatement(`Unsupported operator in Condition Expression. Operator: ${node.operator}`);
    if (node.kind === 'literal' && node.literal.type === 'missing') throw invalidStatement('MISSING must be compared using IS operator');
    return this.operand(node);
  }

  /** A side of AND or OR: a value there (`... AND TRUE`) is not a condition. */
  private logicalOperand(node: ExpressionNode): ConditionNode {
    if (StatementValues.isValue(node) || node.kind === 'literal') throw invalidStatement('The arguments to AND/OR must be Expressions');
    return this.conditionNode(node);
  }

  private conditionNode(node: ExpressionNode): ConditionNode {
    switch (node.kind) {
      case 'and':
      case 'or':
        return { kind: node.kind, left: this.logicalOperand(node.left), right: this.logicalOperand(node.right) };
      case 'not':
        return { kind: 'not', operand: this.conditionNode(node.operand) };
      case 'compare':
        return { kind: 'compare', operator: node.operator, left: this.conditionOperand(node.left), right: this.conditionOperand(node.right) };
      case 'between':
        return {
          kind: 'between',
          operand: this.conditionOperand(node.operand),
          lower: this.conditionOperand(node.lower),
          upper: this.conditionOperand(node.upper),
        };
      case 'in': {
        const { candidates } = node;
        if (node.operand.kind !== 'path' || (candidates.kind !== 'list' && candidates.kind !== 'bag') || candidates.elements.length === 0) {
          throw invalidStatement(
            'IN operator must have a left hand argument of type Variable Reference and right hand argument of type Seq with at least one member',
          );
        }
        return { kind: 'in', operand: this.operand(node.operand), candidates: candidates.elements.map((candidate) => this.operand(candidate)) };
      }
      case 'is': {
        if (node.operand.kind !== 'path') throw invalidAt(this.text, `IS ${node.test} requires an attribute path`, node.operand.span);
        const path = this.path(node.operand);
        const call: FunctionCallNode =
          node.test === 'MISSING'
            ? { kind: 'function', name: node.negated ? 'attribute_exists' : 'attribute_not_exists', args: [path] }
            : { kind: 'function', name: 'attribute_type', args: [path, this.valueRef({ S: 'NULL' })] };
        const test: ConditionNode = { kind: 'call', call };
        return node.test === 'NULL' && node.negated ? { kind: 'not', operand: test } : test;
      }
      case 'call':
        if (!CONDITION_FUNCTIONS.has(node.name)) throw invalidStatement(`Unrecognized function: ${node.name}`);
        return { kind: 'call', call: this.call(node) };
      default:
        throw invalidAt(this.text, 'Unsupported condition', node.span);
    }
  }
}

/** A path as text, to compare two paths. */
function pathText(node: PathNode): string {
  return JSON.stringify(node.steps);
}
