import { CLIENT_WRITES, type Mutation, type MutationOptions } from '../engine/mutation.js';
import { keyFromKeyParameter, keyOfItem, type PrimaryKey } from '../engine/primary-key.js';
import type { KeyAttribute, TableDefinition } from '../engine/table-definition.js';
import type { Condition, Update } from '../expressions/resolved.js';
import { parseTopLevelMap } from '../model/attribute-parse.js';
import type { AttributeValue, Item } from '../model/attribute-value.js';
import { DynamoDBError } from '../model/errors.js';
import { ownMember } from '../model/own-members.js';
import type { Returning, Statement } from './ast.js';
import { checkKeyValueType, conjunction, conjunctsOf, equalityOf } from './conjuncts.js';
import { invalidAt, invalidStatement } from './errors.js';
import type { StatementTranslator } from './translate.js';

/**
 * INSERT, UPDATE, DELETE and a transaction's EXISTS as the mutations they are: each
 * names one item by equalities on its whole primary key among the WHERE's conjuncts,
 * and the other conjuncts are the write's condition. An UPDATE also requires the
 * item to exist (it never creates one) and an INSERT requires it not to (it never
 * replaces one), so they go through the one conditional write path like any write.
 */

export interface PlannedWrite {
  readonly kind: 'insert' | 'update' | 'delete' | 'exists';
  readonly table: TableDefinition;
  readonly mutation: Mutation;
  readonly update?: Update;
  readonly returning?: Returning;
}

export interface NamedItem {
  readonly key: PrimaryKey;
  readonly keyItem: Item;
  /** The conjuncts other than the key's equalities. */
  readonly remaining: Condition[];
}

/** The item a WHERE names by equalities on its whole primary key, and the conjuncts that remain; undefined when it does not name one. */
export function namedItem(table: TableDefinition, where: Condition | undefined): NamedItem | undefined {
  const remaining = conjunctsOf(where);
  const keyItem: Record<string, AttributeValue> = {};
  for (const attribute of keyAttributes(table)) {
    const at = remaining.findIndex((condition) => equalityOf(condition)?.attribute === attribute.name);
    if (at < 0) return undefined;
    const value = equalityOf(remaining[at]!)!.value;
    checkKeyValueType(attribute, value);
    keyItem[attribute.name] = value;
    remaining.splice(at, 1);
  }
  return { key: keyFromKeyParameter(table, keyItem), keyItem, remaining };
}

/** The item a write's WHERE names, which it must. */
function itemOfWhere(table: TableDefinition, where: Condition | undefined): NamedItem {
  const found = namedItem(table, where);
  if (found === undefined) throw invalidStatement('Where clause does not contain a mandatory equality on all key attributes');
  // A second equality on a key attribute (`id = 'a' AND id = 'b'`) would name another
  // item: DynamoDB refuses it rather than fail the condition.
  const repeated = keyAttributes(table).find((attribute) => found.remaining.some((condition) => equalityOf(condition)?.attribute === attribute.name));
  if (repeated !== undefined) throw invalidStatement(`Multiple conditions on same key ${repeated.name}. Only single item Update/Insert/Delete are supported`);
  return found;
}

function keyAttributes(table: TableDefinition): KeyAttribute[] {
  return table.sortKey === undefined ? [table.partitionKey] : [table.partitionKey, table.sortKey];
}

/** The item of an INSERT: a tuple of values holding the whole primary key. */
function insertedItem(text: string, table: TableDefinition, statement: Extract<Statement, { kind: 'insert' }>, translator: StatementTranslator): Item {
  if (statement.item.kind !== 'tuple') {
    throw invalidAt(
      text,
      'Unsupported format in item expression. Please use struct format {...} to express item values for insert statement.',
      statement.item.span,
    );
  }
  const value = translator.itemOf(statement.item) as { M: Item };
  const item = parseTopLevelMap(value.M, 'Item');
  for (const attribute of keyAttributes(table)) {
    const keyValue = ownMember(item, attribute.name);
    if (keyValue === undefined) throw invalidStatement(`Key attribute should be present in the item: Key ${attribute.name}`);
    checkKeyValueType(attribute, keyValue);
  }
  return item;
}

const ITEM_EXISTS = (table: TableDefinition, exists: boolean): Condition => ({ kind: 'exists', path: [table.partitionKey.name], exists });

/**
 * The mutation of a write statement. `options` carries what the request asks on a
 * failed condition (ReturnValuesOnConditionCheckFailure).
 */
export function planWrite(
  text: string,
  statement: Exclude<Statement, { kind: 'select' }>,
  table: TableDefinition,
  translator: StatementTranslator,
  options: Pick<MutationOptions, 'returnItemOnConditionFailure'>,
): PlannedWrite {
  switch (statement.kind) {
    case 'insert': {
      const item = insertedItem(text, table, statement, translator);
      const mutation = CLIENT_WRITES.put(table, keyOfItem(table, item), item, { ...options, condition: ITEM_EXISTS(table, false) });
      return { kind: 'insert', table, mutation };
    }
    case 'update': {
      const where = statement.where === undefined ? undefined : translator.condition(statement.where);
      const { key, keyItem, remaining } = itemOfWhere(table, where);
      const update = translator.update(statement.actions);
      const condition = conjunction([ITEM_EXISTS(table, true), ...remaining]);
      const mutation = CLIENT_WRITES.update(table, key, keyItem, update, { ...options, condition });
      return { kind: 'update', table, mutation, update, ...(statement.returning === undefined ? {} : { returning: statement.returning }) };
    }
    case 'delete': {
      if (statement.returning !== undefined && statement.returning !== 'ALL_OLD') {
        const clause = { ALL_NEW: 'ALL NEW', UPDATED_OLD: 'MODIFIED OLD', UPDATED_NEW: 'MODIFIED NEW' }[statement.returning];
        throw invalidStatement(`Invalid returning clause: RETURNING ${clause} *. Only RETURNING ALL OLD * is allowed in DELETE statements.`);
      }
      const where = statement.where === undefined ? undefined : translator.condition(statement.where);
      const { key, remaining } = itemOfWhere(table, where);
      const mutation = CLIENT_WRITES.delete(table, key, { ...options, condition: conjunction(remaining) });
      return { kind: 'delete', table, mutation, ...(statement.returning === undefined ? {} : { returning: statement.returning }) };
    }
    case 'exists': {
      const where = statement.select.where === undefined ? undefined : translator.condition(statement.select.where);
      const { key, remaining } = namedItem(table, where) ?? { key: undefined, remaining: [] };
      if (key === undefined || remaining.length === 0) throw invalidStatement('EXISTS() must contain a single item read with additional condition');
      return { kind: 'exists', table, mutation: CLIENT_WRITES.conditionCheck(table, key, { ...options, condition: conjunction(remaining) }) };
    }
  }
}

/** An INSERT whose item exists fails as AWS fails it, not as a failed condition. */
export function duplicateItem(): DynamoDBError {
  return new DynamoDBError('DuplicateItemException', 'Duplicate primary key exists in table');
}
