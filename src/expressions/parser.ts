import type {
  Comparator,
  ConditionNode,
  ExpressionKind,
  FunctionCallNode,
  OperandNode,
  PathElement,
  PathNode,
  ProjectionNode,
  SetAction,
  UpdateNode,
  ValueAction,
  ValueRefNode,
} from './ast.js';
import { invalidExpression } from './errors.js';
import { tokenize, type Token } from './lexer.js';

const COMPARATORS: ReadonlySet<string> = new Set(['=', '<>', '<', '<=', '>', '>=']);

/**
 * A recursive-descent parser for DynamoDB's expression grammar ("Expressions",
 * AWS developer guide). Hand-written rather than generated: the grammar is a page
 * long, and reproducing DynamoDB's syntax-error messages — the offending token and
 * the text from the token before it to the token after it — needs the token list
 * at hand, which a small parser over an array of tokens gives directly.
 *
 * Precedence, loosest first: OR, AND, NOT, then comparisons, BETWEEN, IN and
 * function calls; parentheses group conditions, operands and a SET action's value.
 * DynamoDB refuses a group that holds nothing but another group, "((a = :v))", as
 * soon as the outer group closes: a syntax error inside it comes first, one after it
 * does not.
 */
class Parser {
  private readonly tokens: Token[];
  private position = 0;
  /** The furthest token a failed alternative reached: the error reported if all fail. */
  private furthestErrorAt = -1;
  /** Nodes the text wrote in parentheses. */
  private readonly grouped = new WeakSet<object>();
  /** Set with the error for a group that holds only another group, which no other reading of the text escapes. */
  private redundantParentheses = false;

  constructor(
    private readonly text: string,
    private readonly kind: ExpressionKind,
  ) {
    if (text === '') throw invalidExpression(kind, 'The expression can not be empty;');
    this.tokens = tokenize(text);
  }

  private get current(): Token {
    return this.tokens[this.position]!;
  }

  private syntaxError(at: number = this.position): Error {
    this.furthestErrorAt = Math.max(this.furthestErrorAt, at);
    const token = this.tokens[at]!;
    // With nothing before it, the end of input is "near" the whole (blank) text.
    const nearStart = this.tokens[at - 1]?.start ?? (token.kind === 'eof' ? 0 : token.start);
    const nearEnd = this.tokens[at + 1]?.end ?? token.end;
    return invalidExpression(this.kind, `Syntax error; token: "${token.text}", near: "${this.text.slice(nearStart, nearEnd)}"`);
  }

  private isPunct(text: string): boolean {
    return this.current.kind === 'punct' && this.current.text === text;
  }

  private isKeyword(keyword: string): boolean {
    return this.current.kind === 'keyword' && this.current.text.toUpperCase() === keyword;
  }

  private expectPunct(text: string): void {
    if (!this.isPunct(text)) throw this.syntaxError();
    this.position++;
  }

  expectEnd(): void {
    if (this.current.kind !== 'eof') throw this.syntaxError();
  }

  /** `node`, which the text wrote in parentheses (the closing one already read). */
  private group<Node extends object>(node: Node): Node {
    if (this.grouped.has(node)) {
      this.redundantParentheses = true;
      throw invalidExpression(this.kind, 'The expression has redundant parentheses;');
    }
    this.grouped.add(node);
    return node;
  }

  path(): PathNode {
    const start = this.current.start;
    const elements: PathElement[] = [this.pathName()];
    for (;;) {
      if (this.isPunct('.')) {
        this.position++;
        elements.push(this.pathName());
      } else if (this.isPunct('[')) {
        this.position++;
        if (this.current.kind !== 'integer') throw this.syntaxError();
        elements.push({ kind: 'index', index: Number(this.current.text) });
        this.position++;
        this.expectPunct(']');
      } else {
        return { kind: 'path', elements, start };
      }
    }
  }

  private pathName(): PathElement {
    const token = this.current;
    if (token.kind === 'identifier') {
      this.position++;
      return { kind: 'name', name: token.text };
    }
    if (token.kind === 'nameRef') {
      this.position++;
      return { kind: 'nameRef', ref: token.text };
    }
    throw this.syntaxError();
  }

  /** A path, a :value, or a function call such as size(a) or if_not_exists(a, :v), maybe in parentheses. */
  operand(): OperandNode {
    if (this.isPunct('(')) {
      this.position++;
      const inner = this.operand();
      this.expectPunct(')');
      return this.group(inner);
    }
    const token = this.current;
    if (token.kind === 'valueRef') return this.valueRef();
    if (token.kind === 'identifier' && this.tokens[this.position + 1]?.text === '(') return this.functionCall();
    return this.path();
  }

  private functionCall(): FunctionCallNode {
    const name = this.current.text;
    this.position += 2;
    const args = [this.operand()];
    while (this.isPunct(',')) {
      this.position++;
      args.push(this.operand());
    }
    this.expectPunct(')');
    return { kind: 'function', name, args };
  }

  condition(): ConditionNode {
    let left = this.conjunction();
    while (this.isKeyword('OR')) {
      this.position++;
      left = { kind: 'or', left, right: this.conjunction() };
    }
    return left;
  }

  private conjunction(): ConditionNode {
    let left = this.negation();
    while (this.isKeyword('AND')) {
      this.position++;
      left = { kind: 'and', left, right: this.negation() };
    }
    return left;
  }

  private negation(): ConditionNode {
    if (this.isKeyword('NOT')) {
      this.position++;
      return { kind: 'not', operand: this.negation() };
    }
    if (this.isPunct('(')) return this.parenthesized();
    return this.predicate();
  }

  /**
   * "(" opens either a grouped condition, "(a = :v OR b = :w)", or a grouped operand,
   * "(a) = :v" or "(size(a)) < :v". Try the condition first (a group followed by a
   * comparison was an operand after all); if that fails, the operand; if both fail,
   * report the failure that got further, as DynamoDB's parser does.
   */
  private parenthesized(): ConditionNode {
    const start = this.position;
    let conditionError: unknown;
    try {
      this.position++;
      const inner = this.condition();
      this.expectPunct(')');
      if (this.continuesPredicate()) throw this.syntaxError();
      return this.group(inner);
    } catch (error) {
      if (this.redundantParentheses) throw error;
      conditionError = error;
    }
    const conditionErrorAt = this.furthestErrorAt;
    this.position = start;
    try {
      return this.predicate();
    } catch (operandError) {
      throw this.redundantParentheses || this.furthestErrorAt > conditionErrorAt ? operandError : conditionError;
    }
  }

  private isComparator(): boolean {
    return this.current.kind === 'punct' && COMPARATORS.has(this.current.text);
  }

  /** Whether the next token goes on with a predicate whose left operand has been read. */
  private continuesPredicate(): boolean {
    return this.isComparator() || this.isKeyword('BETWEEN') || this.isKeyword('IN');
  }

  private predicate(): ConditionNode {
    const left = this.operand();
    const token = this.current;
    if (this.isComparator()) {
      this.position++;
      return { kind: 'compare', operator: token.text as Comparator, left, right: this.operand() };
    }
    if (this.isKeyword('BETWEEN')) {
      this.position++;
      const lower = this.operand();
      if (!this.isKeyword('AND')) throw this.syntaxError();
      this.position++;
      return { kind: 'between', operand: left, lower, upper: this.operand() };
    }
    if (this.isKeyword('IN')) {
      this.position++;
      this.expectPunct('(');
      const candidates = [this.operand()];
      while (this.isPunct(',')) {
        this.position++;
        candidates.push(this.operand());
      }
      this.expectPunct(')');
      return { kind: 'in', operand: left, candidates };
    }
    if (left.kind === 'function') return { kind: 'call', call: left };
    throw this.syntaxError();
  }

  projection(): ProjectionNode {
    const paths = [this.path()];
    while (this.isPunct(',')) {
      this.position++;
      paths.push(this.path());
    }
    return { paths };
  }

  update(): UpdateNode {
    const clauses: { set?: SetAction[]; remove?: PathNode[]; add?: ValueAction[]; delete?: ValueAction[] } = {};
    do {
      const keyword = this.current.kind === 'keyword' ? this.current.text.toUpperCase() : '';
      const clause = keyword === 'SET' ? 'set' : keyword === 'REMOVE' ? 'remove' : keyword === 'ADD' ? 'add' : keyword === 'DELETE' ? 'delete' : undefined;
      if (clause === undefined) throw this.syntaxError();
      if (clauses[clause] !== undefined) throw invalidExpression(this.kind, `The "${keyword}" section can only be used once in an update expression;`);
      this.position++;
      if (clause === 'set') clauses.set = this.list(() => this.setAction());
      else if (clause === 'remove') clauses.remove = this.list(() => this.path());
      else clauses[clause] = this.list(() => ({ path: this.path(), value: this.valueRef() }));
    } while (this.current.kind !== 'eof');
    return { set: clauses.set ?? [], remove: clauses.remove ?? [], add: clauses.add ?? [], delete: clauses.delete ?? [] };
  }

  private valueRef(): ValueRefNode {
    const token = this.current;
    if (token.kind !== 'valueRef') throw this.syntaxError();
    this.position++;
    return { kind: 'valueRef', ref: token.text };
  }

  private list<T>(element: () => T): T[] {
    const elements = [element()];
    while (this.isPunct(',')) {
      this.position++;
      elements.push(element());
    }
    return elements;
  }

  private setAction(): SetAction {
    const path = this.path();
    this.expectPunct('=');
    return { path, value: this.setValue() };
  }

  /**
   * A SET action's value: an operand, or two joined by + or -. The whole value may be
   * in parentheses, "(:a + :b)"; a sum in parentheses cannot be added to again.
   */
  private setValue(): OperandNode {
    const left = this.setOperand();
    if (!this.isPunct('+') && !this.isPunct('-')) return left;
    if (left.kind === 'arithmetic') throw this.syntaxError();
    const operator = this.current.text as '+' | '-';
    this.position++;
    return { kind: 'arithmetic', operator, left, right: this.operand() };
  }

  private setOperand(): OperandNode {
    if (!this.isPunct('(')) return this.operand();
    this.position++;
    const inner = this.setValue();
    this.expectPunct(')');
    return this.group(inner);
  }
}

export function parseCondition(text: string, kind: ExpressionKind): ConditionNode {
  const parser = new Parser(text, kind);
  const condition = parser.condition();
  parser.expectEnd();
  return condition;
}

export function parseProjection(text: string): ProjectionNode {
  const parser = new Parser(text, 'ProjectionExpression');
  const projection = parser.projection();
  parser.expectEnd();
  return projection;
}

export function parseUpdate(text: string): UpdateNode {
  const parser = new Parser(text, 'UpdateExpression');
  const update = parser.update();
  parser.expectEnd();
  return update;
}
