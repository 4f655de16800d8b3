/**
 * Request shapes, declared as data next to each operation: the JSON type of every
 * member and the constraints of the DynamoDB API model (required members, lengths,
 * ranges, enums, patterns). One validator (validate.ts) turns a declaration into
 * AWS's SerializationException and ValidationException messages.
 */
export interface StringShape<Value extends string = string> {
  readonly type: 'string';
  readonly min?: number;
  readonly max?: number;
  readonly enum?: readonly Value[];
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

export type Members = Readonly<Record<string, Shape>>;

export interface StructureShape<M extends Members = Members, Required extends keyof M = keyof M> {
  readonly type: 'structure';
  readonly members: M;
  readonly required?: readonly Required[];
}

export interface ListShape<Member extends Shape = Shape> {
  readonly type: 'list';
  readonly member: Member;
  readonly min?: number;
  readonly max?: number;
}

export interface MapShape<Value extends Shape = Shape> {
  readonly type: 'map';
  readonly value: Value;
  readonly min?: number;
  readonly max?: number;
}

/** An AttributeValue; its contents are checked by model/attribute-parse. */
export interface AttributeValueShape {
  readonly type: 'attributeValue';
}

/**
 * A member of the API model that Strata does not implement: declared, so that a test
 * can hold every shape to the model, and refused when given a value rather than
 * silently ignored (validate.ts).
 */
export interface RefusedShape {
  readonly type: 'refused';
}

export type Shape = StringShape | NumberShape | BooleanShape | StructureShape | ListShape | MapShape | AttributeValueShape | RefusedShape;

/**
 * The type of a request that passed its shape's validation, derived from the shape
 * itself, so that a declaration and the type the operation reads cannot drift apart:
 * required members are present, the others optional; an enum is its union of values;
 * an AttributeValue stays `unknown` until model/attribute-parse has checked it; a
 * refused member is `never`, so an operation cannot read it.
 */
export type Infer<S extends Shape> =
  S extends StringShape<infer Value>
    ? Value
    : S extends NumberShape
      ? number
      : S extends BooleanShape
        ? boolean
        : S extends AttributeValueShape
          ? unknown
          : S extends RefusedShape
            ? never
            : S extends ListShape<infer Member>
              ? Infer<Member>[]
              : S extends MapShape<infer Value>
                ? Record<string, Infer<Value>>
                : S extends StructureShape<infer M, infer Required>
                  ? InferStructure<M, Required>
                  : never;

type InferStructure<M extends Members, Required extends keyof M> = {
  [K in keyof M as K extends Required ? K : never]: Infer<M[K]>;
} & {
  [K in keyof M as K extends Required ? never : K]?: Infer<M[K]>;
};

export function structure<const M extends Members, const Required extends keyof M & string = never>(
  members: M,
  required: readonly Required[] = [],
): StructureShape<M, Required> {
  return { type: 'structure', members, required };
}

export function list<Member extends Shape>(member: Member, bounds: { min?: number; max?: number } = {}): ListShape<Member> {
  return { type: 'list', member, ...bounds };
}

export function map<Value extends Shape>(value: Value, bounds: { min?: number; max?: number } = {}): MapShape<Value> {
  return { type: 'map', value, ...bounds };
}

export function string<const Value extends string = string>(constraints: Omit<StringShape<Value>, 'type'> = {}): StringShape<Value> {
  return { type: 'string', ...constraints };
}

export const BOOLEAN: BooleanShape = { type: 'boolean' };
export const ATTRIBUTE_VALUE: AttributeValueShape = { type: 'attributeValue' };
export const ATTRIBUTE_MAP = map(ATTRIBUTE_VALUE);
/** A member Strata refuses: "Strata does not support the X parameter yet". */
export const REFUSED: RefusedShape = { type: 'refused' };

export function integer(bounds: { min?: number; max?: number } = {}): NumberShape {
  return { type: 'integer', ...bounds };
}

export function long(bounds: { min?: number; max?: number } = {}): NumberShape {
  return { type: 'long', ...bounds };
}
