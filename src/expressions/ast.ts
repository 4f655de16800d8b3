/**
 * Typed syntax trees of DynamoDB's five expression kinds. The parser builds them with
 * placeholders (#name, :value) unresolved, so one tree serves every request that uses
 * the same text; resolve.ts binds a request's ExpressionAttributeNames and Values.
 */

export type ExpressionKind = 'ConditionExpression' | 'FilterExpression' | 'KeyConditionExpression' | 'ProjectionExpression' | 'UpdateExpression';

export type PathElement =
  { readonly kind: 'name'; readonly name: string } | { readonly kind: 'nameRef'; readonly ref: string } | { readonly kind: 'index'; readonly index: number };

export interface PathNode {
  readonly kind: 'path';
  readonly elements: readonly PathElement[];
  /** Where the path starts in the expression text: DynamoDB reports overlaps in text order. */
  readonly start: number;
}

export interface ValueRefNode {
  readonly kind: 'valueRef';
  readonly ref: string;
}

export interface FunctionCallNode {
  readonly kind: 'function';
  readonly name: string;
  readonly args: readonly OperandNode[];
}

export interface ArithmeticNode {
  readonly kind: 'arithmetic';
  readonly operator: '+' | '-';
  readonly left: OperandNode;
  readonly right: OperandNode;
}

export type OperandNode = PathNode | ValueRefNode | FunctionCallNode | ArithmeticNode;

export type Comparator = '=' | '<>' | '<' | '<=' | '>' | '>=';

export type ConditionNode =
  | { readonly kind: 'compare'; readonly operator: Comparator; readonly left: OperandNode; readonly right: OperandNode }
  | { readonly kind: 'between'; readonly operand: OperandNode; readonly lower: OperandNode; readonly upper: OperandNode }
  | { readonly kind: 'in'; readonly operand: OperandNode; readonly candidates: readonly OperandNode[] }
  | { readonly kind: 'and' | 'or'; readonly left: ConditionNode; readonly right: ConditionNode }
  | { readonly kind: 'not'; readonly operand: ConditionNode }
  | { readonly kind: 'call'; readonly call: FunctionCallNode };

export interface SetAction {
  readonly path: PathNode;
  readonly value: OperandNode;
}

export interface ValueAction {
  readonly path: PathNode;
  readonly value: ValueRefNode;
}

export interface UpdateNode {
  readonly set: readonly SetAction[];
  readonly remove: readonly PathNode[];
  readonly add: readonly ValueAction[];
  readonly delete: readonly ValueAction[];
}

export interface ProjectionNode {
  readonly paths: readonly PathNode[];
}
