/**
 * Typed syntax trees of DynamoDB's PartiQL statements. The parser builds them with
 * `?` parameters unbound, so one tree serves every request with the same statement
 * text; bind.ts turns a tree and a request's Parameters into the resolved conditions,
 * updates and projections the engine runs.
 */

/** Where a node stands in the statement: DynamoDB's messages name line, column and length. */
export interface Span {
  readonly start: number;
  readonly end: number;
}

export type PathStep = { readonly kind: 'name'; readonly name: string } | { readonly kind: 'index'; readonly index: number };

/** An attribute path: a top-level name, then map keys and list indexes. */
export interface PathNode {
  readonly kind: 'path';
  readonly steps: readonly [{ readonly kind: 'name'; readonly name: string }, ...PathStep[]];
  readonly span: Span;
}

export type ScalarLiteral =
  | { readonly type: 'string'; readonly value: string }
  | { readonly type: 'number'; readonly text: string }
  | { readonly type: 'boolean'; readonly value: boolean }
  | { readonly type: 'null' }
  | { readonly type: 'missing' };

export type Comparator = '=' | '<>' | '<' | '<=' | '>' | '>=';

export type ExpressionNode =
  | PathNode
  | { readonly kind: 'literal'; readonly literal: ScalarLiteral; readonly span: Span }
  | { readonly kind: 'parameter'; readonly index: number; readonly span: Span }
  | { readonly kind: 'list'; readonly elements: readonly ExpressionNode[]; readonly span: Span }
  | { readonly kind: 'bag'; readonly elements: readonly ExpressionNode[]; readonly span: Span }
  | { readonly kind: 'tuple'; readonly entries: readonly TupleEntry[]; readonly span: Span }
  | { readonly kind: 'call'; readonly name: string; readonly args: readonly ExpressionNode[]; readonly span: Span }
  | { readonly kind: 'arithmetic'; readonly operator: '+' | '-'; readonly left: ExpressionNode; readonly right: ExpressionNode; readonly span: Span }
  | { readonly kind: 'compare'; readonly operator: Comparator; readonly left: ExpressionNode; readonly right: ExpressionNode; readonly span: Span }
  | { readonly kind: 'between'; readonly operand: ExpressionNode; readonly lower: ExpressionNode; readonly upper: ExpressionNode; readonly span: Span }
  | { readonly kind: 'in'; readonly operand: ExpressionNode; readonly candidates: ExpressionNode; readonly span: Span }
  | { readonly kind: 'is'; readonly operand: ExpressionNode; readonly test: 'MISSING' | 'NULL'; readonly negated: boolean; readonly span: Span }
  | { readonly kind: 'and' | 'or'; readonly left: ExpressionNode; readonly right: ExpressionNode; readonly span: Span }
  | { readonly kind: 'not'; readonly operand: ExpressionNode; readonly span: Span };

export interface TupleEntry {
  readonly key: ExpressionNode;
  readonly value: ExpressionNode;
}

export interface OrderByItem {
  readonly path: PathNode;
  readonly descending: boolean;
}

/** RETURNING's choice, as UpdateItem's ReturnValues names it. */
export type Returning = 'ALL_OLD' | 'ALL_NEW' | 'UPDATED_OLD' | 'UPDATED_NEW';

export interface SelectStatement {
  readonly kind: 'select';
  /** Undefined for `*`. */
  readonly projection?: readonly PathNode[];
  readonly tableName: string;
  readonly indexName?: string;
  readonly where?: ExpressionNode;
  readonly orderBy: readonly OrderByItem[];
}

export type UpdateAction =
  { readonly kind: 'set'; readonly path: PathNode; readonly value: ExpressionNode } | { readonly kind: 'remove'; readonly path: PathNode };

export type Statement =
  | SelectStatement
  | { readonly kind: 'insert'; readonly tableName: string; readonly item: ExpressionNode }
  | {
      readonly kind: 'update';
      readonly tableName: string;
      readonly actions: readonly UpdateAction[];
      readonly where?: ExpressionNode;
      readonly returning?: Returning;
    }
  | { readonly kind: 'delete'; readonly tableName: string; readonly where?: ExpressionNode; readonly returning?: Returning }
  /** EXISTS(SELECT ...): a transaction's condition check on one item. */
  | { readonly kind: 'exists'; readonly select: SelectStatement };

/** A statement and the number of `?` parameters it takes. */
export interface ParsedStatement {
  readonly statement: Statement;
  readonly parameterCount: number;
}
