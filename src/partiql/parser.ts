import type {
  Comparator,
  ExpressionNode,
  OrderByItem,
  ParsedStatement,
  PathNode,
  PathStep,
  Returning,
  SelectStatement,
  Span,
  Statement,
  TupleEntry,
  UpdateAction,
} from './ast.js';
import { describeSpan, failedCheck, invalidAt, invalidStatement } from './errors.js';
import { tokenize, type Token } from './lexer.js';
import { isPartiqlReservedWord } from './reserved-words.js';

/**
 * A recursive-descent parser for DynamoDB's PartiQL dialect ("PartiQL - a SQL-compatible
 * query language for Amazon DynamoDB", AWS developer guide). The grammar it reads,
 * keywords in any letter case:
 *
 *   statement  := select | insert | update | delete | EXISTS '(' select ')'
 *   select     := SELECT ('*' | path (',' path)*) FROM name ['.' name]
 *                 [WHERE expr] [ORDER BY path [ASC | DESC] (',' path [ASC | DESC])*]
 *   insert     := INSERT INTO name VALUE expr
 *   update     := UPDATE name (SET path '=' expr (',' path '=' expr)* | REMOVE path)+
 *                 [WHERE expr] [returning]
 *   delete     := DELETE FROM name [WHERE expr] [returning]
 *   returning  := RETURNING (ALL | MODIFIED) (OLD | NEW) '*'
 *   expr       := and (OR and)*
 *   and        := not (AND not)*
 *   not        := NOT not | predicate
 *   predicate  := sum [comparator sum | [NOT] BETWEEN sum AND sum | [NOT] IN sum
 *                 | IS [NOT] (MISSING | NULL)]
 *   sum        := primary (('+' | '-') primary)*
 *   primary    := literal | '?' | path | word '(' [expr (',' expr)*] ')' | '(' expr ')'
 *                 | '[' [expr (',' expr)*] ']' | '{' [expr ':' expr (',' ...)*] '}'
 *                 | '<<' [expr (',' expr)*] '>>'
 *   path       := name ('.' name | '[' (integer | string) ']')*
 *   name       := a word that is not reserved | "double-quoted"
 *
 * A WHERE is optional in the grammar so that a missing one gets DynamoDB's own message
 * from the planner, not a syntax error. SQL that DynamoDB reads but does not run
 * (joins, GROUP BY, aliases, subqueries, LIKE, DDL) is recognised and named as
 * unsupported, in DynamoDB's words.
 */

const COMPARATORS: Readonly<Record<string, Comparator>> = { '=': '=', '<>': '<>', '!=': '<>', '<': '<', '<=': '<=', '>': '>', '>=': '>=' };
/** Clauses SQL has and DynamoDB refuses by name. */
const UNSUPPORTED_CLAUSES = ['GROUP', 'HAVING', 'LIMIT', 'UNION', 'INTERSECT', 'EXCEPT'];
/** Clauses whose refusal names where the clause stands, as DynamoDB's does ("Unsupported clause: LIMIT at 1:25:1"). */
const POSITIONED_CLAUSES = new Set(['HAVING', 'LIMIT']);
/** EXISTS(...) outside a transaction's writes. */
export const EXISTS_OUTSIDE_TRANSACTION = 'EXISTS can only be used in ExecuteTransaction write requests.';
/** UNION, INTERSECT, EXCEPT: operations on two statements. */
const SET_OPERATIONS = new Set(['UNION', 'INTERSECT', 'EXCEPT']);
/** Operators that make a projected path an expression. */
const ARITHMETIC = new Set(['+', '-', '*', '/', '||']);
/** Words that join another source to the table. */
const JOIN_WORDS = ['JOIN', 'INNER', 'LEFT', 'RIGHT', 'CROSS', 'FULL', 'OUTER'];
/** Statements SQL has and DynamoDB refuses by name, with the operation it names. */
const UNSUPPORTED_OPERATIONS: Readonly<Record<string, string>> = { CREATE: 'CreateTable', DROP: 'DropTable', ALTER: 'AlterTable' };

/** "Statement wasn't well formed, can't be processed: <why>". */
export function malformed(text: string, span: Span, detail: string): Error {
  return invalidStatement(`Statement wasn't well formed, can't be processed: ${detail} at ${describeSpan(text, span)}`);
}

class Parser {
  private readonly tokens: Token[];
  private position = 0;
  private parameterCount = 0;

  constructor(private readonly text: string) {
    this.tokens = tokenize(text);
  }

  parse(): ParsedStatement {
    const statement = this.statement();
    this.acceptPunct(';');
    if (this.current.kind !== 'eof') {
      if (this.current.kind === 'word' && ['SELECT', 'INSERT', 'UPDATE', 'DELETE'].includes(this.current.text.toUpperCase())) {
        this.unsupported('Only one operation is allowed in a statement.');
      }
      this.unexpected();
    }
    return { statement, parameterCount: this.parameterCount };
  }

  private get current(): Token {
    return this.tokens[this.position]!;
  }

  private advance(): Token {
    const token = this.current;
    if (token.kind !== 'eof') this.position++;
    return token;
  }

  private isKeyword(word: string, token: Token = this.current): boolean {
    return token.kind === 'word' && token.text.toUpperCase() === word;
  }

  private acceptKeyword(word: string): boolean {
    if (!this.isKeyword(word)) return false;
    this.position++;
    return true;
  }

  private expectKeyword(word: string): void {
    if (!this.acceptKeyword(word)) this.unexpected(`expected ${word}`);
  }

  private isPunct(punct: string, token: Token = this.current): boolean {
    return token.kind === 'punct' && token.text === punct;
  }

  private acceptPunct(punct: string): boolean {
    if (!this.isPunct(punct)) return false;
    this.position++;
    return true;
  }

  private expectPunct(punct: string): void {
    if (!this.acceptPunct(punct)) this.unexpected(`expected '${punct}'`);
  }

  private spanFrom(start: number): Span {
    return { start, end: this.tokens[Math.max(this.position - 1, 0)]!.end };
  }

  private unexpected(expected?: string): never {
    const token = this.current;
    const found = token.kind === 'eof' ? 'end of statement' : `'${this.text.slice(token.start, token.end)}'`;
    throw malformed(this.text, token, `unexpected ${found}${expected === undefined ? '' : `, ${expected}`}`);
  }

  private unsupported(message: string): never {
    throw invalidStatement(message);
  }

  private statement(): Statement {
    const token = this.current;
    const word = token.kind === 'word' ? token.text.toUpperCase() : '';
    switch (word) {
      case 'SELECT':
        return this.select();
      case 'INSERT':
        return this.insert();
      case 'UPDATE':
        return this.update();
      case 'DELETE':
        return this.delete();
      case 'EXISTS': {
        this.advance();
        this.expectPunct('(');
        if (!this.isKeyword('SELECT')) this.unexpected('expected SELECT');
        const select = this.select();
        this.expectPunct(')');
        return { kind: 'exists', select };
      }
    }
    const operation = UNSUPPORTED_OPERATIONS[word];
    if (operation !== undefined) this.unsupported(`Unsupported operation: ${operation}`);
    this.unexpected();
  }

  private select(): SelectStatement {
    this.expectKeyword('SELECT');
    if (this.isKeyword('DISTINCT') || this.isKeyword('ALL')) this.unsupported(`Unsupported token in expression: ${this.current.text.toUpperCase()}`);
    let projection: PathNode[] | undefined;
    if (this.acceptPunct('*')) {
      if (this.isPunct(',')) this.unsupported("Other attributes should not be present in the projection when '*' is used.");
    } else {
      projection = [this.projectedPath()];
      while (this.acceptPunct(',')) {
        if (this.isPunct('*')) this.unsupported("Other attributes should not be present in the projection when '*' is used.");
        projection.push(this.projectedPath());
      }
    }
    this.expectKeyword('FROM');
    if (this.isPunct('(')) this.unsupported('Unexpected from source');
    const tableName = this.name();
    const indexName = this.acceptPunct('.') ? this.name() : undefined;
    if (this.isPunct('.')) this.unsupported('A path may contain at most 2 components in the FROM clause');
    if (this.joinFollows()) this.unsupported('Only select from a single table or index is supported.');
    if (this.isKeyword('AS') || this.isKeyword('AT') || this.nameFollows()) this.unsupported('Aliasing is not supported');
    const where = this.acceptKeyword('WHERE') ? this.expression() : undefined;
    const orderBy: OrderByItem[] = [];
    if (this.acceptKeyword('ORDER')) {
      this.expectKeyword('BY');
      do {
        const path = this.path();
        const descending = this.acceptKeyword('DESC');
        if (!descending) this.acceptKeyword('ASC');
        orderBy.push({ path, descending });
      } while (this.acceptPunct(','));
    }
    const clause = UNSUPPORTED_CLAUSES.find((keyword) => this.isKeyword(keyword));
    // DynamoDB reads `SELECT ... UNION SELECT ...` as an operation on two statements, as
    // it reads EXISTS(...), and refuses it in the words it refuses EXISTS with outside
    // a transaction (a transaction refuses it as an unsupported operation).
    if (clause !== undefined && SET_OPERATIONS.has(clause)) throw failedCheck('setOperation', EXISTS_OUTSIDE_TRANSACTION);
    if (clause !== undefined) {
      const message = `Unsupported clause: ${clause === 'GROUP' ? 'GROUP BY' : clause}`;
      if (POSITIONED_CLAUSES.has(clause)) throw invalidAt(this.text, message, this.clauseArgument());
      this.unsupported(message);
    }
    return {
      kind: 'select',
      ...(projection === undefined ? {} : { projection }),
      tableName,
      ...(indexName === undefined ? {} : { indexName }),
      ...(where === undefined ? {} : { where }),
      orderBy,
    };
  }

  /**
   * Where DynamoDB points when it refuses a LIMIT or HAVING clause: at the root of its
   * argument, the comparison's operator in `HAVING sk = 1`, else the token after the keyword.
   */
  private clauseArgument(): Token {
    let depth = 0;
    for (let at = this.position + 1; at < this.tokens.length; at++) {
      const token = this.tokens[at]!;
      if (this.isPunct('(', token) || this.isPunct('[', token)) depth++;
      else if (this.isPunct(')', token) || this.isPunct(']', token)) depth--;
      else if (depth === 0 && token.kind === 'punct' && COMPARATORS[token.text] !== undefined) return token;
    }
    return this.tokens[this.position + 1] ?? this.current;
  }

  /** A projected path: an alias after it is refused by name. */
  private projectedPath(): PathNode {
    // A literal, a function call or arithmetic is not a path: DynamoDB names the
    // expression's head token (the function name, the literal, the operator).
    const literal = this.current.kind === 'string' || this.current.kind === 'number';
    if (literal || this.isPunct('(', this.tokens[this.position + 1])) throw invalidAt(this.text, 'Unexpected path component', this.current);
    const path = this.path();
    if (this.isKeyword('AS')) this.unsupported('Aliasing is not supported');
    if (ARITHMETIC.has(this.current.text) && this.current.kind === 'punct') throw invalidAt(this.text, 'Unexpected path component', this.current);
    return path;
  }

  private isNameToken(token: Token): boolean {
    return token.kind === 'quotedName' || (token.kind === 'word' && !isPartiqlReservedWord(token.text));
  }

  /** Whether another source follows the table, aliased or not, before any WHERE: a join. */
  private joinFollows(): boolean {
    for (let at = this.position; at < this.tokens.length && !this.isKeyword('WHERE', this.tokens[at]); at++) {
      const token = this.tokens[at]!;
      if (this.isPunct(',', token) || JOIN_WORDS.some((word) => this.isKeyword(word, token))) return true;
    }
    return false;
  }

  /** Whether a name stands next, as an alias would after a table name. */
  private nameFollows(): boolean {
    const token = this.current;
    // OFFSET is no alias either: DynamoDB finds the statement not well formed there.
    if (token.kind === 'word' && [...UNSUPPORTED_CLAUSES, 'OFFSET'].includes(token.text.toUpperCase())) return false;
    return token.kind === 'quotedName' || (token.kind === 'word' && !isPartiqlReservedWord(token.text));
  }

  private insert(): Statement {
    this.expectKeyword('INSERT');
    this.expectKeyword('INTO');
    const tableName = this.name();
    if (this.isPunct('.')) this.unsupported('FROM clause may only contain a single table name in data manipulation statements');
    if (this.isKeyword('VALUES') || this.isPunct('<<') || this.isPunct('{')) this.unsupported('Unsupported operation: InsertOp');
    this.expectKeyword('VALUE');
    const item = this.expression();
    if (this.isKeyword('RETURNING')) this.unsupported('RETURNING is not supported in INSERT');
    return { kind: 'insert', tableName, item };
  }

  private update(): Statement {
    this.expectKeyword('UPDATE');
    const tableName = this.name();
    this.refuseIndex();
    const actions: UpdateAction[] = [];
    for (;;) {
      if (this.acceptKeyword('SET')) {
        do {
          const path = this.path();
          this.expectPunct('=');
          actions.push({ kind: 'set', path, value: this.expression() });
          // Only + and - are PartiQL's arithmetic; DynamoDB names any other operator.
          if (this.isPunct('*') || this.isPunct('/') || this.isPunct('%'))
            this.unsupported(`Unsupported operator in Update Expression. Operator: ${this.current.text}`);
        } while (this.acceptPunct(','));
      } else if (this.acceptKeyword('REMOVE')) actions.push({ kind: 'remove', path: this.path() });
      else break;
    }
    if (actions.length === 0) this.unexpected('expected SET or REMOVE');
    const where = this.acceptKeyword('WHERE') ? this.expression() : undefined;
    const returning = this.returning();
    return { kind: 'update', tableName, actions, ...(where === undefined ? {} : { where }), ...(returning === undefined ? {} : { returning }) };
  }

  private delete(): Statement {
    this.expectKeyword('DELETE');
    this.expectKeyword('FROM');
    const tableName = this.name();
    this.refuseIndex();
    const where = this.acceptKeyword('WHERE') ? this.expression() : undefined;
    const returning = this.returning();
    return { kind: 'delete', tableName, ...(where === undefined ? {} : { where }), ...(returning === undefined ? {} : { returning }) };
  }

  /** UPDATE and DELETE name a table; "table"."index" is refused as DynamoDB refuses it. */
  private refuseIndex(): void {
    if (this.isPunct('.') && this.isNameToken(this.tokens[this.position + 1] ?? this.current))
      throw failedCheck('indexWrite', 'This operation is not supported on an index');
  }

  private returning(): Returning | undefined {
    if (!this.acceptKeyword('RETURNING')) return undefined;
    const scope = this.acceptKeyword('ALL') ? 'ALL' : this.acceptKeyword('MODIFIED') ? 'UPDATED' : this.unexpected('expected ALL or MODIFIED');
    const version = this.acceptKeyword('OLD') ? 'OLD' : this.acceptKeyword('NEW') ? 'NEW' : this.unexpected('expected OLD or NEW');
    this.expectPunct('*');
    if (this.isPunct(',')) this.unsupported('Invalid syntax with multiple returning elements in RETURNING clause');
    return `${scope}_${version}`;
  }

  /** A table, index or attribute name: a word that is not reserved, or a double-quoted name. */
  private name(): string {
    const token = this.current;
    if (token.kind === 'quotedName' || (token.kind === 'word' && !isPartiqlReservedWord(token.text))) {
      this.advance();
      return token.text;
    }
    this.unexpected('expected a name');
  }

  private path(): PathNode {
    const start = this.current.start;
    const steps: PathStep[] = [];
    const first = { kind: 'name' as const, name: this.name() };
    for (;;) {
      if (this.acceptPunct('.')) steps.push({ kind: 'name', name: this.name() });
      else if (this.acceptPunct('[')) {
        const token = this.advance();
        if (token.kind === 'string') steps.push({ kind: 'name', name: token.text });
        else if (token.kind === 'number' && /^[0-9]+$/.test(token.text)) steps.push({ kind: 'index', index: Number(token.text) });
        else {
          this.position--;
          this.unexpected('expected a list index or a quoted map key');
        }
        this.expectPunct(']');
      } else break;
    }
    return { kind: 'path', steps: [first, ...steps], span: this.spanFrom(start) };
  }

  private expression(): ExpressionNode {
    const start = this.current.start;
    let left = this.conjunction();
    while (this.acceptKeyword('OR')) left = { kind: 'or', left, right: this.conjunction(), span: this.spanFrom(start) };
    return left;
  }

  private conjunction(): ExpressionNode {
    const start = this.current.start;
    let left = this.negation();
    while (this.acceptKeyword('AND')) left = { kind: 'and', left, right: this.negation(), span: this.spanFrom(start) };
    return left;
  }

  private negation(): ExpressionNode {
    const start = this.current.start;
    if (this.acceptKeyword('NOT')) return { kind: 'not', operand: this.negation(), span: this.spanFrom(start) };
    return this.predicate();
  }

  private predicate(): ExpressionNode {
    const start = this.current.start;
    const operand = this.sum();
    const comparator = this.current.kind === 'punct' ? COMPARATORS[this.current.text] : undefined;
    if (comparator !== undefined) {
      this.advance();
      return { kind: 'compare', operator: comparator, left: operand, right: this.sum(), span: this.spanFrom(start) };
    }
    if (this.acceptKeyword('IS')) {
      const negated = this.acceptKeyword('NOT');
      const test = this.acceptKeyword('MISSING') ? 'MISSING' : this.acceptKeyword('NULL') ? 'NULL' : this.unexpected('expected MISSING or NULL');
      return { kind: 'is', operand, test, negated, span: this.spanFrom(start) };
    }
    const negated = this.isKeyword('NOT') && ['BETWEEN', 'IN', 'LIKE'].some((word) => this.isKeyword(word, this.tokens[this.position + 1]));
    if (negated) this.advance();
    let node: ExpressionNode;
    if (this.acceptKeyword('BETWEEN')) {
      const lower = this.sum();
      this.expectKeyword('AND');
      node = { kind: 'between', operand, lower, upper: this.sum(), span: this.spanFrom(start) };
    } else if (this.acceptKeyword('IN')) {
      if (this.isPunct('(') && this.isKeyword('SELECT', this.tokens[this.position + 1])) {
        this.unsupported('IN operator must have a left hand argument of type Variable Reference and right hand argument of type Seq with at least one member');
      }
      node = { kind: 'in', operand, candidates: this.sum(), span: this.spanFrom(start) };
    } else if (this.isKeyword('LIKE')) this.unsupported('Unsupported operator in Condition Expression. Operator: like');
    else return operand;
    return negated ? { kind: 'not', operand: node, span: node.span } : node;
  }

  private sum(): ExpressionNode {
    const start = this.current.start;
    let left = this.primary();
    while (this.isPunct('+') || this.isPunct('-')) {
      const operator = this.advance().text as '+' | '-';
      left = { kind: 'arithmetic', operator, left, right: this.primary(), span: this.spanFrom(start) };
    }
    return left;
  }

  private elements(close: string): ExpressionNode[] {
    const elements: ExpressionNode[] = [];
    if (this.acceptPunct(close)) return elements;
    do elements.push(this.expression());
    while (this.acceptPunct(','));
    this.expectPunct(close);
    return elements;
  }

  private primary(): ExpressionNode {
    const token = this.current;
    const start = token.start;
    switch (token.kind) {
      case 'string':
        this.advance();
        return { kind: 'literal', literal: { type: 'string', value: token.text }, span: { start: token.start, end: token.end } };
      case 'number':
        this.advance();
        return { kind: 'literal', literal: { type: 'number', text: token.text }, span: { start: token.start, end: token.end } };
      case 'parameter':
        this.advance();
        return { kind: 'parameter', index: this.parameterCount++, span: { start: token.start, end: token.end } };
      case 'quotedName':
        return this.path();
      case 'word':
        return this.wordPrimary(token);
      case 'punct':
        break;
      default:
        this.unexpected();
    }
    if (this.acceptPunct('(')) {
      if (this.isKeyword('SELECT')) this.unsupported('Unsupported subquery: nested SELECT statements are not supported');
      const inner = this.expression();
      if (!this.isPunct(',')) {
        this.expectPunct(')');
        return inner;
      }
      // A parenthesised list of values, as IN ('a', 'b') writes one.
      const elements = [inner];
      while (this.acceptPunct(',')) elements.push(this.expression());
      this.expectPunct(')');
      return { kind: 'list', elements, span: { start, end: start + 1 } };
    }
    // A collection's span is its opening token: DynamoDB's messages about one point there.
    const opening = { start, end: token.end };
    if (this.acceptPunct('[')) return { kind: 'list', elements: this.elements(']'), span: opening };
    if (this.acceptPunct('<<')) return { kind: 'bag', elements: this.elements('>>'), span: opening };
    if (this.acceptPunct('{')) return { kind: 'tuple', entries: this.tupleEntries(), span: opening };
    if (this.isPunct('-') && this.tokens[this.position + 1]?.kind === 'number') {
      this.advance();
      const number = this.advance();
      return { kind: 'literal', literal: { type: 'number', text: `-${number.text}` }, span: this.spanFrom(start) };
    }
    this.unexpected();
  }

  private wordPrimary(token: Token): ExpressionNode {
    const upper = token.text.toUpperCase();
    if (this.isPunct('(', this.tokens[this.position + 1])) {
      this.advance();
      this.advance();
      const args = this.elements(')');
      return { kind: 'call', name: token.text.toLowerCase(), args, span: this.spanFrom(token.start) };
    }
    if (upper === 'TRUE' || upper === 'FALSE') {
      this.advance();
      return { kind: 'literal', literal: { type: 'boolean', value: upper === 'TRUE' }, span: { start: token.start, end: token.end } };
    }
    if (upper === 'NULL' || upper === 'MISSING') {
      this.advance();
      return { kind: 'literal', literal: upper === 'NULL' ? { type: 'null' } : { type: 'missing' }, span: { start: token.start, end: token.end } };
    }
    return this.path();
  }

  private tupleEntries(): TupleEntry[] {
    const entries: TupleEntry[] = [];
    if (this.acceptPunct('}')) return entries;
    do {
      const key = this.expression();
      this.expectPunct(':');
      entries.push({ key, value: this.expression() });
    } while (this.acceptPunct(','));
    this.expectPunct('}');
    return entries;
  }
}

/** Whether a statement opens with a data-definition word (CREATE, DROP, ALTER), whatever follows. */
export function isDataDefinition(text: string): boolean {
  const first = /^\s*([A-Za-z]+)/.exec(text)?.[1];
  return first !== undefined && UNSUPPORTED_OPERATIONS[first.toUpperCase()] !== undefined;
}

export function parseStatement(text: string): ParsedStatement {
  return new Parser(text).parse();
}
