import { parseAttributeValue } from '../model/attribute-parse.js';
import { keyText, typeOf, type AttributeValue } from '../model/attribute-value.js';
import { DynamoDBError } from '../model/errors.js';
import { ownMember, setOwnMember } from '../model/own-members.js';
import type { ExpressionNode } from './ast.js';
import { invalidAt } from './errors.js';

/**
 * The AttributeValue a PartiQL value denotes: 'strings' are S, numbers N (exact, as
 * DynamoDB's numbers are: written digits, never a float), TRUE and FALSE BOOL, NULL
 * NULL, [lists] L, {'tuples'} M, <<bags>> of strings or numbers SS or NS (of binaries
 * BS, from parameters), and a `?` whatever its parameter holds. A path or MISSING is
 * not a value; DynamoDB says so with where it stands.
 */
export class StatementValues {
  constructor(
    private readonly text: string,
    private readonly parameters: readonly AttributeValue[],
  ) {}

  /** Whether the node is a value (rather than a path, call or comparison). */
  static isValue(node: ExpressionNode): boolean {
    return ['literal', 'parameter', 'list', 'bag', 'tuple'].includes(node.kind) && !(node.kind === 'literal' && node.literal.type === 'missing');
  }

  valueOf(node: ExpressionNode): AttributeValue {
    return this.valueAt(node, undefined);
  }

  /** An INSERT's item: each attribute's value stands at a root of its own, as a SET's value does. */
  itemOf(node: ExpressionNode): AttributeValue {
    if (node.kind !== 'tuple') return this.valueOf(node);
    return { M: this.tupleMembers(node, () => undefined) };
  }

  /**
   * A value, `under` the keys and list positions that lead to it from its root (undefined
   * at the root itself). A parameter stands only for a whole value: DynamoDB refuses one
   * inside a list or map literal ("Unsupported data type: Parameter under key root.a.b").
   */
  private valueAt(node: ExpressionNode, under: readonly string[] | undefined): AttributeValue {
    const inside = (step: string): readonly string[] => [...(under ?? []), step];
    switch (node.kind) {
      case 'parameter':
        if (under !== undefined) throw invalidAt(this.text, `Unsupported data type: Parameter under key ${['root', ...under].join('.')}`, node.span);
        return this.parameters[node.index]!;
      case 'literal': {
        const { literal } = node;
        switch (literal.type) {
          case 'string':
            return { S: literal.value };
          case 'number':
            return this.number(literal.text);
          case 'boolean':
            return { BOOL: literal.value };
          case 'null':
            return { NULL: true };
          case 'missing':
            throw invalidAt(this.text, 'Unsupported data type: MISSING under key root', node.span);
        }
        break;
      }
      case 'list':
        return { L: node.elements.map((element, at) => this.valueAt(element, inside(String(at)))) };
      case 'tuple':
        return { M: this.tupleMembers(node, inside) };
      case 'bag':
        return this.bag(node);
    }
    throw invalidAt(this.text, `Unsupported data type: ${this.text.slice(node.span.start, node.span.end)} under key root`, node.span);
  }

  /** A number as DynamoDB checks one arriving in JSON: at most 38 digits, within its range. */
  private number(text: string): AttributeValue {
    return parseAttributeValue({ N: text });
  }

  private tupleMembers(
    node: Extract<ExpressionNode, { kind: 'tuple' }>,
    memberPath: (key: string) => readonly string[] | undefined,
  ): Record<string, AttributeValue> {
    const members: Record<string, AttributeValue> = {};
    for (const entry of node.entries) {
      const key = StatementValues.isValue(entry.key) ? this.valueOf(entry.key) : undefined;
      if (key === undefined || !('S' in key)) {
        const isInteger = entry.key.kind === 'literal' && entry.key.literal.type === 'number' && /^-?[0-9]+$/.test(entry.key.literal.text);
        // DynamoDB names an integer literal INT, as PartiQL types it ("Actual type: INT").
        // A name there ({"id": ...}) is PartiQL's variable reference.
        const unquoted = entry.key.kind === 'path' ? 'VariableReference' : this.text.slice(entry.key.span.start, entry.key.span.end);
        const actual = key === undefined ? unquoted : isInteger ? 'INT' : describeType(key);
        throw invalidAt(this.text, `Tuple keys must be of type String. Actual type: ${actual} under root`, entry.key.span);
      }
      if (ownMember(members, key.S) !== undefined) throw invalidAt(this.text, `Duplicate keys in tuple. Key: ${key.S} under root`, entry.key.span);
      setOwnMember(members, key.S, this.valueAt(entry.value, memberPath(key.S)));
    }
    return members;
  }

  private bag(node: Extract<ExpressionNode, { kind: 'bag' }>): AttributeValue {
    if (node.elements.length === 0) throw invalidAt(this.text, 'Empty bags are not supported', node.span);
    const elements = node.elements.map((element) => ({ element, value: StatementValues.isValue(element) ? this.valueOf(element) : undefined }));
    const first = elements[0]!.value;
    const setType = first === undefined ? undefined : SET_OF[typeOf(first)];
    for (const { element, value } of elements) {
      if (setType === undefined || value === undefined || SET_OF[typeOf(value)] !== setType) {
        throw invalidAt(this.text, 'Unsupported data type in Bag. DynamoDB only supports either numbers or strings in bags', element.span);
      }
    }
    const members = elements.map(({ value }) => keyText(value!)!);
    if (new Set(members).size !== members.length) throw DynamoDBError.validation('Input collection contains duplicates');
    return parseAttributeValue({ [setType!]: members });
  }
}

const SET_OF: Readonly<Record<string, 'SS' | 'NS' | 'BS'>> = { S: 'SS', N: 'NS', B: 'BS' };

/** How DynamoDB names the PartiQL type of a value in its messages. */
function describeType(value: AttributeValue): string {
  switch (typeOf(value)) {
    case 'N':
      return 'DECIMAL';
    case 'BOOL':
      return 'BOOL';
    case 'NULL':
      return 'NULL';
    case 'L':
      return 'LIST';
    case 'M':
      return 'STRUCT';
    default:
      return 'BAG';
  }
}
