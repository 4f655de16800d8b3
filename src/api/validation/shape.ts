/**
 * Request shapes, declared as data next to each operation: the JSON type of every
 * member and the constraints of the DynamoDB API model (required members, lengths,
 * ranges, enums, patterns). One validator (validate.ts) turns a declaration into
 * AWS's SerializationException and ValidationException messages.
 */
export interface StringShape {
  readonly type: 'string';
  readonly min?: number;
  readonly max?: number;
  readonly enum?: readonly string[];
  readonly pattern?: string;
}

export interface NumberShape {
  readonly type: 'integer' | 'long';
  readonly min?: number;
  readonly max?: number;
}

export interface BooleanShape {
  readonly type: 'boolean';
}

export interface StructureShape {
  readonly type: 'structure';
  readonly members: Readonly<Record<string, Shape>>;
  readonly required?: readonly string[];
}

export interface ListShape {
  readonly type: 'list';
  readonly member: Shape;
  readonly min?: number;
  readonly max?: number;
}

export interface MapShape {
  readonly type: 'map';
  readonly value: Shape;
  readonly min?: number;
  readonly max?: number;
}

/** An AttributeValue; its contents are checked by model/attribute-parse. */
export interface AttributeValueShape {
  readonly type: 'attributeValue';
}

export type Shape = StringShape | NumberShape | BooleanShape | StructureShape | ListShape | MapShape | AttributeValueShape;

export function structure(members: Record<string, Shape>, required: readonly string[] = []): StructureShape {
  return { type: 'structure', members, required };
}

export function list(member: Shape, bounds: { min?: number; max?: number } = {}): ListShape {
  return { type: 'list', member, ...bounds };
}

export function map(value: Shape, bounds: { min?: number; max?: number } = {}): MapShape {
  return { type: 'map', value, ...bounds };
}

export function string(constraints: Omit<StringShape, 'type'> = {}): StringShape {
  return { type: 'string', ...constraints };
}

export const BOOLEAN: BooleanShape = { type: 'boolean' };
export const ATTRIBUTE_VALUE: AttributeValueShape = { type: 'attributeValue' };
export const ATTRIBUTE_MAP: MapShape = map(ATTRIBUTE_VALUE);

export function integer(bounds: { min?: number; max?: number } = {}): NumberShape {
  return { type: 'integer', ...bounds };
}

export function long(bounds: { min?: number; max?: number } = {}): NumberShape {
  return { type: 'long', ...bounds };
}
