import { ATTRIBUTE_TYPES, typeOf, type AttributeType, type AttributeValue } from '../model/attribute-value.js';
import { DOCUMENT_NESTING_LEVELS_MAX, IN_OPERANDS_MAX } from '../model/limits.js';
import type { ConditionNode, ExpressionKind, FunctionCallNode, OperandNode, PathNode, ProjectionNode, UpdateNode } from './ast.js';
import { invalidExpression } from './errors.js';
import { isReservedWord } from './reserved-words.js';
import { checkConditionOperators, checkUpdateOperators } from './operator-count.js';
import { checkPathsDisjoint } from './path-overlap.js';
import { describePath, type Condition, type DocumentPath, type Operand, type Projection, type Update } from './resolved.js';
import { compareValues } from '../model/attribute-compare.js';

/**
 * Binds parsed expressions to a request's ExpressionAttributeNames and
 * ExpressionAttributeValues, checking what DynamoDB checks before it reads anything:
 * reserved words, undefined placeholders, function names, arity and operand types,
 * nesting depth, and operands that must differ. `PlaceholderBinding` also records
 * which placeholders were used, so the request can reject unused ones.
 */
export class PlaceholderBinding {
  readonly usedNames = new Set<string>();
  readonly usedValues = new Set<string>();

  constructor(
    readonly names: Readonly<Record<string, string>>,
    readonly values: Readonly<Record<string, AttributeValue>>,
  ) {}
}

const CONDITION_FUNCTIONS = new Map<string, number>([
  ['attribute_exists', 1],
  ['attribute_not_exists', 1],
  ['attribute_type', 2],
  ['begins_with', 2],
  ['contains', 2],
]);
const UPDATE_FUNCTIONS = new Map<string, number>([
  ['if_not_exists', 2],
  ['list_append', 2],
]);
const SIZE_FUNCTION = 'size';
const ORDERED_COMPARATORS: ReadonlySet<string> = new Set(['<', '<=', '>', '>=']);
const ORDERED_TYPES: ReadonlySet<AttributeType> = new Set(['N', 'S', 'B']);
/** The types size() measures: lengths of strings and binaries, member counts of the rest. */
const SIZED_TYPES: ReadonlySet<AttributeType> = new Set(['S', 'B', 'SS', 'NS', 'BS', 'L', 'M']);

/**
 * "AttributeValue: {S:x}", how DynamoDB prints a literal in its messages: Java's
 * toString of its AttributeValue, where a binary prints as the Java buffer holding it.
 */
function describeLiteral(value: AttributeValue): string {
  const type = typeOf(value);
  const describeBinary = (base64: string): string => {
    const bytes = Buffer.byteLength(base64, 'base64');
    return `java.nio.HeapByteBuffer[pos=0 lim=${bytes} cap=${bytes}]`;
  };
  let payload: string;
  if ('B' in value) payload = describeBinary(value.B);
  else if ('BS' in value) payload = `[${value.BS.map(describeBinary).join(', ')}]`;
  else {
    const raw = (value as Record<string, unknown>)[type];
    payload = Array.isArray(raw) ? `[${raw.join(', ')}]` : String(raw);
  }
  return `AttributeValue: {${type}:${payload}}`;
}

class Resolver {
  constructor(
    private readonly kind: ExpressionKind,
    private readonly binding: PlaceholderBinding,
  ) {}

  private error(detail: string): Error {
    return invalidExpression(this.kind, detail);
  }

  path(node: PathNode): DocumentPath {
    if (node.elements.length > DOCUMENT_NESTING_LEVELS_MAX) {
      throw this.error(`The document path has too many nesting levels; nesting levels: ${node.elements.length}`);
    }
    return node.elements.map((element) => {
      if (element.kind === 'index') return element.index;
      if (element.kind === 'name') return element.name;
      const name = this.binding.names[element.ref];
      if (name === undefined) throw this.error(`An expression attribute name used in the document path is not defined; attribute name: ${element.ref}`);
      this.binding.usedNames.add(element.ref);
      return name;
    });
  }

  literal(ref: string): AttributeValue {
    const value = this.binding.values[ref];
    if (value === undefined) throw this.error(`An expression attribute value used in expression is not defined; attribute value: ${ref}`);
    this.binding.usedValues.add(ref);
    return value;
  }

  private arity(call: FunctionCallNode, expected: number): void {
    if (call.args.length !== expected) {
      throw this.error(`Incorrect number of operands for operator or function; operator or function: ${call.name}, number of operands: ${call.args.length}`);
    }
  }

  private requirePath(call: FunctionCallNode, operand: OperandNode): PathNode {
    if (operand.kind !== 'path') throw this.error(`Operator or function requires a document path; operator or function: ${call.name}`);
    return operand;
  }

  private checkOperandType(operatorName: string, operand: Operand, allowed: ReadonlySet<AttributeType>): void {
    if (operand.kind !== 'literal') return;
    const type = typeOf(operand.value);
    if (!allowed.has(type)) throw this.error(`Incorrect operand type for operator or function; operator or function: ${operatorName}, operand type: ${type}`);
  }

  /** An operand of a condition: a path, a :value, or size(...). */
  conditionOperand(node: OperandNode): Operand {
    switch (node.kind) {
      case 'path':
        return { kind: 'path', path: this.path(node) };
      case 'valueRef':
        return { kind: 'literal', value: this.literal(node.ref) };
      case 'arithmetic':
        throw this.error(`Syntax error; token: "${node.operator}"`);
      case 'function': {
        if (node.name === SIZE_FUNCTION) {
          this.arity(node, 1);
          const operand = this.conditionOperand(node.args[0]!);
          this.checkOperandType(SIZE_FUNCTION, operand, SIZED_TYPES);
          return { kind: 'size', operand };
        }
        throw this.functionMisuse(node.name);
      }
    }
  }

  private functionMisuse(name: string): Error {
    if (UPDATE_FUNCTIONS.has(name)) return this.error(`The function is not allowed in a condition expression; function: ${name}`);
    if (CONDITION_FUNCTIONS.has(name) || name === SIZE_FUNCTION)
      return this.error(`The function is not allowed to be used this way in an expression; function: ${name}`);
    return this.error(`Invalid function name; function: ${name}`);
  }

  private distinctFirstOperand(operatorName: string, first: Operand, others: readonly Operand[]): void {
    if (first.kind !== 'path') return;
    const firstText = describePath(first.path);
    for (const other of others) {
      if (other.kind === 'path' && describePath(other.path) === firstText) {
        throw this.error(
          `The first operand must be distinct from the remaining operands for this operator or function; operator: ${operatorName}, first operand: ${firstText}`,
        );
      }
    }
  }

  condition(node: ConditionNode): Condition {
    switch (node.kind) {
      case 'and':
      case 'or':
        return { kind: node.kind, left: this.condition(node.left), right: this.condition(node.right) };
      case 'not':
        return { kind: 'not', operand: this.condition(node.operand) };
      case 'compare': {
        const left = this.conditionOperand(node.left);
        const right = this.conditionOperand(node.right);
        if (ORDERED_COMPARATORS.has(node.operator)) {
          this.checkOperandType(node.operator, left, ORDERED_TYPES);
          this.checkOperandType(node.operator, right, ORDERED_TYPES);
        }
        this.distinctFirstOperand(node.operator, left, [right]);
        return { kind: 'compare', operator: node.operator, left, right };
      }
      case 'between': {
        const operand = this.conditionOperand(node.operand);
        const lower = this.conditionOperand(node.lower);
        const upper = this.conditionOperand(node.upper);
        for (const bound of [operand, lower, upper]) this.checkOperandType('BETWEEN', bound, ORDERED_TYPES);
        this.distinctFirstOperand('BETWEEN', operand, [lower, upper]);
        this.checkBetweenBounds(lower, upper);
        return { kind: 'between', operand, lower, upper };
      }
      case 'in': {
        if (node.candidates.length > IN_OPERANDS_MAX) {
          throw this.error(`The IN operator is provided with too many operands; number of operands: ${node.candidates.length}`);
        }
        const operand = this.conditionOperand(node.operand);
        const candidates = node.candidates.map((candidate) => this.conditionOperand(candidate));
        this.distinctFirstOperand('IN', operand, candidates);
        return { kind: 'in', operand, candidates };
      }
      case 'call':
        return this.conditionFunction(node.call);
    }
  }

  private checkBetweenBounds(lower: Operand, upper: Operand): void {
    if (lower.kind !== 'literal' || upper.kind !== 'literal') return;
    const bounds = `lower bound operand: ${describeLiteral(lower.value)}, upper bound operand: ${describeLiteral(upper.value)}`;
    if (typeOf(lower.value) !== typeOf(upper.value)) throw this.error(`The BETWEEN operator requires same data type for lower and upper bounds; ${bounds}`);
    if ((compareValues(lower.value, upper.value) ?? 0) > 0) {
      throw this.error(`The BETWEEN operator requires upper bound to be greater than or equal to lower bound; ${bounds}`);
    }
  }

  private conditionFunction(call: FunctionCallNode): Condition {
    const arity = CONDITION_FUNCTIONS.get(call.name);
    if (arity === undefined) throw this.functionMisuse(call.name);
    this.arity(call, arity);
    const [first, second] = call.args as [OperandNode, OperandNode];
    switch (call.name) {
      case 'attribute_exists':
      case 'attribute_not_exists':
        return { kind: 'exists', path: this.path(this.requirePath(call, first)), exists: call.name === 'attribute_exists' };
      case 'attribute_type': {
        const operand = this.conditionOperand(first);
        const type = this.conditionOperand(second);
        this.distinctFirstOperand(call.name, operand, [type]);
        this.checkOperandType(call.name, type, new Set(['S']));
        if (type.kind !== 'literal')
          throw this.error(`Incorrect operand type for operator or function; operator or function: ${call.name}, operand type: path`);
        const typeName = (type.value as { S: string }).S;
        if (!(ATTRIBUTE_TYPES as readonly string[]).includes(typeName)) {
          throw this.error(`Invalid attribute type name found; type: ${typeName}, valid types: {N,BS,L,B,NULL,M,S,SS,NS,BOOL}`);
        }
        return { kind: 'attributeType', operand, type: typeName as AttributeType };
      }
      case 'begins_with': {
        const operand = this.conditionOperand(first);
        const prefix = this.conditionOperand(second);
        this.distinctFirstOperand(call.name, operand, [prefix]);
        for (const argument of [operand, prefix]) this.checkOperandType(call.name, argument, new Set(['S', 'B']));
        return { kind: 'beginsWith', operand, prefix };
      }
      default: {
        // "The path and the operand must be distinct. That is, contains (a, a) returns an error." (Developer Guide, condition expressions)
        const operand = this.conditionOperand(first);
        const needle = this.conditionOperand(second);
        this.distinctFirstOperand(call.name, operand, [needle]);
        return { kind: 'contains', operand, needle };
      }
    }
  }

  /** The function calls of an update operand exist, may be used in updates, and have their operands. */
  checkUpdateFunctions(node: OperandNode): void {
    if (node.kind === 'arithmetic') {
      this.checkUpdateFunctions(node.left);
      this.checkUpdateFunctions(node.right);
    } else if (node.kind === 'function') {
      this.checkUpdateFunction(node);
      for (const argument of node.args) this.checkUpdateFunctions(argument);
    }
  }

  private checkUpdateFunction(node: FunctionCallNode): void {
    const arity = UPDATE_FUNCTIONS.get(node.name);
    if (arity === undefined) {
      if (CONDITION_FUNCTIONS.has(node.name) || node.name === SIZE_FUNCTION)
        throw this.error(`The function is not allowed in an update expression; function: ${node.name}`);
      throw this.error(`Invalid function name; function: ${node.name}`);
    }
    this.arity(node, arity);
  }

  /** An operand on the right of SET: paths, :values, if_not_exists, list_append, + and -. */
  updateOperand(node: OperandNode): Operand {
    switch (node.kind) {
      case 'path':
        return { kind: 'path', path: this.path(node) };
      case 'valueRef':
        return { kind: 'literal', value: this.literal(node.ref) };
      case 'arithmetic': {
        const left = this.updateOperand(node.left);
        const right = this.updateOperand(node.right);
        for (const operand of [left, right]) this.checkOperandType(node.operator, operand, new Set(['N']));
        return { kind: 'arithmetic', operator: node.operator, left, right };
      }
      case 'function': {
        this.checkUpdateFunction(node);
        const [first, second] = node.args as [OperandNode, OperandNode];
        if (node.name === 'if_not_exists') {
          return { kind: 'ifNotExists', path: this.path(this.requirePath(node, first)), fallback: this.updateOperand(second) };
        }
        const left = this.updateOperand(first);
        const right = this.updateOperand(second);
        for (const operand of [left, right]) this.checkOperandType(node.name, operand, new Set(['L']));
        return { kind: 'listAppend', left, right };
      }
    }
  }
}

/** Reserved words written plainly anywhere in a path of the expression. */
function checkReservedWords(kind: ExpressionKind, paths: Iterable<PathNode>): void {
  for (const path of paths) {
    for (const element of path.elements) {
      if (element.kind === 'name' && isReservedWord(element.name)) {
        throw invalidExpression(kind, `Attribute name is a reserved keyword; reserved keyword: ${element.name}`);
      }
    }
  }
}

function* operandPaths(node: OperandNode): Generator<PathNode> {
  if (node.kind === 'path') yield node;
  else if (node.kind === 'function') for (const argument of node.args) yield* operandPaths(argument);
  else if (node.kind === 'arithmetic') {
    yield* operandPaths(node.left);
    yield* operandPaths(node.right);
  }
}

function* conditionPaths(node: ConditionNode): Generator<PathNode> {
  switch (node.kind) {
    case 'and':
    case 'or':
      yield* conditionPaths(node.left);
      yield* conditionPaths(node.right);
      return;
    case 'not':
      yield* conditionPaths(node.operand);
      return;
    case 'compare':
      yield* operandPaths(node.left);
      yield* operandPaths(node.right);
      return;
    case 'between':
      for (const operand of [node.operand, node.lower, node.upper]) yield* operandPaths(operand);
      return;
    case 'in':
      for (const operand of [node.operand, ...node.candidates]) yield* operandPaths(operand);
      return;
    case 'call':
      yield* operandPaths(node.call);
  }
}

export function resolveCondition(node: ConditionNode, kind: ExpressionKind, binding: PlaceholderBinding): Condition {
  checkReservedWords(kind, conditionPaths(node));
  const condition = new Resolver(kind, binding).condition(node);
  checkConditionOperators(node, kind);
  return condition;
}

export function resolveProjection(node: ProjectionNode, binding: PlaceholderBinding): Projection {
  checkReservedWords('ProjectionExpression', node.paths);
  const resolver = new Resolver('ProjectionExpression', binding);
  return node.paths.map((path) => resolver.path(path));
}

export function resolveUpdate(node: UpdateNode, binding: PlaceholderBinding): Update {
  const allPaths = [
    ...node.set.flatMap((action) => [action.path, ...operandPaths(action.value)]),
    ...node.remove,
    ...node.add.map((action) => action.path),
    ...node.delete.map((action) => action.path),
  ];
  checkReservedWords('UpdateExpression', allPaths);
  const resolver = new Resolver('UpdateExpression', binding);
  for (const action of node.set) resolver.checkUpdateFunctions(action.value);
  const setPaths = node.set.map((action) => resolver.path(action.path));
  const removePaths = node.remove.map((path) => resolver.path(path));
  const addPaths = node.add.map((action) => resolver.path(action.path));
  const deletePaths = node.delete.map((action) => resolver.path(action.path));
  // DynamoDB rejects overlapping paths before it looks at any operand, and compares
  // them in the order they appear in the text, whatever their clause.
  const actionPaths = [
    ...node.set.map((action, index) => ({ start: action.path.start, path: setPaths[index]! })),
    ...node.remove.map((path, index) => ({ start: path.start, path: removePaths[index]! })),
    ...node.add.map((action, index) => ({ start: action.path.start, path: addPaths[index]! })),
    ...node.delete.map((action, index) => ({ start: action.path.start, path: deletePaths[index]! })),
  ];
  checkPathsDisjoint(
    'UpdateExpression',
    actionPaths.sort((a, b) => a.start - b.start).map((action) => action.path),
  );
  // Of several SET actions with bad operands, DynamoDB reports the last one's.
  const setValues = node.set
    .map((action) => action.value)
    .reverse()
    .map((value) => resolver.updateOperand(value))
    .reverse();
  const add = node.add.map((action, index) => ({ path: addPaths[index]!, value: resolver.literal(action.value.ref) }));
  const deleted = node.delete.map((action, index) => ({ path: deletePaths[index]!, value: resolver.literal(action.value.ref) }));
  checkUpdateOperators(node);
  return {
    set: node.set.map((_, index) => ({ path: setPaths[index]!, value: setValues[index]! })),
    remove: removePaths,
    add,
    delete: deleted,
  };
}
