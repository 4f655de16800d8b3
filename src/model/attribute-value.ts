/**
 * DynamoDB's AttributeValue, in the form it travels on the wire and is stored.
 *
 * Binary values stay base64 text (as the JSON protocol carries them) so that a stored
 * item can be sent back without re-encoding; they are decoded only where bytes matter
 * (key encoding, sizes, comparison). Numbers are kept in canonical text form.
 */
export type AttributeValue =
  | { readonly S: string }
  | { readonly N: string }
  | { readonly B: string }
  | { readonly BOOL: boolean }
  | { readonly NULL: true }
  | { readonly M: AttributeMap }
  | { readonly L: readonly AttributeValue[] }
  | { readonly SS: readonly string[] }
  | { readonly NS: readonly string[] }
  | { readonly BS: readonly string[] };

export type AttributeMap = { readonly [name: string]: AttributeValue };

/** An item, or a primary key: attribute name to value. */
export type Item = AttributeMap;

/**
 * An AttributeValue as clients type it (the AWS SDK's, and @types/aws-lambda's in
 * Lambda events): every member optional, so that `value.S` reads without narrowing.
 * What Strata hands to user code (trigger events, tailed records) is typed so.
 */
export interface ClientAttributeValue {
  readonly S?: string;
  readonly N?: string;
  readonly B?: string;
  readonly BOOL?: boolean;
  readonly NULL?: boolean;
  readonly M?: ClientItem;
  readonly L?: readonly ClientAttributeValue[];
  readonly SS?: readonly string[];
  readonly NS?: readonly string[];
  readonly BS?: readonly string[];
}

export type ClientItem = { readonly [name: string]: ClientAttributeValue };

export type AttributeType = 'S' | 'N' | 'B' | 'BOOL' | 'NULL' | 'M' | 'L' | 'SS' | 'NS' | 'BS';

/** The types a key attribute may have (CreateTable's ScalarAttributeType). */
export type KeyAttributeType = 'S' | 'N' | 'B';

export const ATTRIBUTE_TYPES: readonly AttributeType[] = ['S', 'N', 'B', 'BOOL', 'NULL', 'M', 'L', 'SS', 'NS', 'BS'];

/** The long type names some DynamoDB messages use (STRING, NUMBER_SET, ...). */
export const LONG_TYPE_NAMES: Readonly<Record<AttributeType, string>> = {
  S: 'STRING',
  N: 'NUMBER',
  B: 'BINARY',
  BOOL: 'BOOLEAN',
  NULL: 'NULL',
  M: 'MAP',
  L: 'LIST',
  SS: 'STRING_SET',
  NS: 'NUMBER_SET',
  BS: 'BINARY_SET',
};

/** The type tag of a value that has already been validated (exactly one key). */
export function typeOf(value: AttributeValue): AttributeType {
  for (const key in value) return key as AttributeType;
  throw new Error('AttributeValue without a type');
}

/** The scalar payload of a key attribute value. */
export function keyText(value: AttributeValue): string | undefined {
  if ('S' in value) return value.S;
  if ('N' in value) return value.N;
  if ('B' in value) return value.B;
  return undefined;
}
