import type { AttributeType, AttributeValue } from '../model/attribute-value.js';
import type { Comparator } from './ast.js';

/**
 * Expressions bound to one request's ExpressionAttributeNames and Values: what the
 * evaluator, the updater and the projector work on. Paths are plain lists of
 * attribute names and list indexes; placeholders are gone.
 */

export type DocumentPath = readonly (string | number)[];

export type Operand =
  | { readonly kind: 'path'; readonly path: DocumentPath }
  | { readonly kind: 'literal'; readonly value: AttributeValue }
  | { readonly kind: 'size'; readonly operand: Operand }
  | { readonly kind: 'ifNotExists'; readonly path: DocumentPath; readonly fallback: Operand }
  | { readonly kind: 'listAppend'; readonly left: Operand; readonly right: Operand }
  | { readonly kind: 'arithmetic'; readonly operator: '+' | '-'; readonly left: Operand; readonly right: Operand };

export type Condition =
  | { readonly kind: 'compare'; readonly operator: Comparator; readonly left: Operand; readonly right: Operand }
  | { readonly kind: 'between'; readonly operand: Operand; readonly lower: Operand; readonly upper: Operand }
  | { readonly kind: 'in'; readonly operand: Operand; readonly candidates: readonly Operand[] }
  | { readonly kind: 'and' | 'or'; readonly left: Condition; readonly right: Condition }
  | { readonly kind: 'not'; readonly operand: Condition }
  | { readonly kind: 'exists'; readonly path: DocumentPath; readonly exists: boolean }
  | { readonly kind: 'attributeType'; readonly operand: Operand; readonly type: AttributeType }
  | { readonly kind: 'beginsWith'; readonly operand: Operand; readonly prefix: Operand }
  | { readonly kind: 'contains'; readonly operand: Operand; readonly needle: Operand };

export interface Update {
  readonly set: readonly { readonly path: DocumentPath; readonly value: Operand }[];
  readonly remove: readonly DocumentPath[];
  readonly add: readonly { readonly path: DocumentPath; readonly value: AttributeValue }[];
  readonly delete: readonly { readonly path: DocumentPath; readonly value: AttributeValue }[];
}

export type Projection = readonly DocumentPath[];

/** "[a, b, [0]]": how DynamoDB prints a document path in its messages. */
export function describePath(path: DocumentPath): string {
  return `[${path.map((element) => (typeof element === 'number' ? `[${element}]` : element)).join(', ')}]`;
}
