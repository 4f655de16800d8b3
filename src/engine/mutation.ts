import { evaluateCondition } from '../expressions/evaluate.js';
import type { Condition, Update } from '../expressions/resolved.js';
import { applyUpdate, checkUpdate, onlyTakesAway } from '../expressions/update.js';
import type { Item } from '../model/attribute-value.js';
import { DynamoDBError } from '../model/errors.js';
import type { StoredItem } from '../model/stored-item.js';
import { tableKeyNames, type PrimaryKey } from './primary-key.js';
import type { TableDefinition } from './table-definition.js';

/**
 * Who asked for a write. Every write carries it to its commit, so that what observes
 * writes can tell them apart: a stream record names the TTL service as the remover of
 * an expired item, and capacity is charged to client writes only.
 */
export type WriteSource = 'client' | 'timeToLive' | 'restore';

/** What a mutation does to its item once its condition holds. */
export type MutationAction =
  | { readonly kind: 'put'; readonly item: Item }
  | { readonly kind: 'delete' }
  /**
   * `keyItem` is the item an update of an absent item starts from: its key attributes.
   * An update that only takes attributes away leaves an absent item absent.
   */
  | { readonly kind: 'update'; readonly update: Update; readonly keyItem: Item }
  /** A transaction's ConditionCheck: the item joins the read set and is left as it is. */
  | { readonly kind: 'check' };

/**
 * One write of one item, described completely: which item, what to do with it, under
 * which condition, and for whom. Put, Delete, Update and ConditionCheck — single,
 * batched or transactional, from a client or from the engine's own background work —
 * are all mutations, and one function (`nextItemState`) decides each inside the
 * storage transaction that reads the item, so a condition holds when the write commits.
 */
export interface Mutation {
  readonly table: TableDefinition;
  readonly key: PrimaryKey;
  readonly action: MutationAction;
  readonly source: WriteSource;
  readonly condition?: Condition;
  /** ReturnValuesOnConditionCheckFailure=ALL_OLD: a failed condition carries the current item. */
  readonly returnItemOnConditionFailure?: boolean;
  /**
   * A failed condition leaves the item unchanged instead of failing the write: for
   * the engine's own rechecks (TTL deletes an item only if it is still expired).
   */
  readonly skipOnConditionFailure?: boolean;
}

export interface MutationOptions {
  readonly condition?: Condition | undefined;
  readonly returnItemOnConditionFailure?: boolean;
  readonly skipOnConditionFailure?: boolean;
}

/** What `nextItemState` returns to leave the item as it is. */
export const UNCHANGED = Symbol('unchanged');

const EMPTY_ITEM: Item = {};

/**
 * Builds the mutations of one source. The caller derives the key first (keyOfItem for
 * an item, keyFromKeyParameter for a Key parameter), because DynamoDB reports a bad key
 * before a bad expression and the caller binds the expressions in between; the
 * builder checks what remains that needs no read (an update may not change a key).
 */
export class MutationBuilder {
  constructor(readonly source: WriteSource) {}

  /** PutItem, a batch's PutRequest, a transaction's Put: `key` is keyOfItem(table, item). */
  put(table: TableDefinition, key: PrimaryKey, item: Item, options: MutationOptions = {}): Mutation {
    return this.mutation(table, key, { kind: 'put', item }, options);
  }

  /** DeleteItem, a batch's DeleteRequest, a transaction's Delete. */
  delete(table: TableDefinition, key: PrimaryKey, options: MutationOptions = {}): Mutation {
    return this.mutation(table, key, { kind: 'delete' }, options);
  }

  /** UpdateItem and a transaction's Update; an update of an absent item creates it from `keyItem`, its Key parameter. */
  update(table: TableDefinition, key: PrimaryKey, keyItem: Item, update: Update, options: MutationOptions = {}): Mutation {
    checkUpdate(update, tableKeyNames(table));
    return this.mutation(table, key, { kind: 'update', update, keyItem }, options);
  }

  /** A transaction's ConditionCheck. */
  conditionCheck(table: TableDefinition, key: PrimaryKey, options: MutationOptions = {}): Mutation {
    return this.mutation(table, key, { kind: 'check' }, options);
  }

  private mutation(table: TableDefinition, key: PrimaryKey, action: MutationAction, options: MutationOptions): Mutation {
    return {
      table,
      key,
      action,
      source: this.source,
      ...(options.condition === undefined ? {} : { condition: options.condition }),
      ...(options.returnItemOnConditionFailure === true ? { returnItemOnConditionFailure: true } : {}),
      ...(options.skipOnConditionFailure === true ? { skipOnConditionFailure: true } : {}),
    };
  }
}

/** The mutations of client requests. */
export const CLIENT_WRITES = new MutationBuilder('client');

/**
 * The item a mutation leaves, from the item it finds: the new item, `undefined` for no
 * item (deleted, or an absent item left absent), or UNCHANGED; a failed condition
 * throws ConditionalCheckFailedException (an absent item is an item with no
 * attributes). It may run more than once, when a concurrent write conflicts, so it has
 * no outside effects.
 */
export function nextItemState(mutation: Mutation, current: StoredItem | undefined): Item | undefined | typeof UNCHANGED {
  const { condition } = mutation;
  if (condition !== undefined && !evaluateCondition(condition, current?.item ?? EMPTY_ITEM)) {
    if (mutation.skipOnConditionFailure === true) return UNCHANGED;
    throw DynamoDBError.conditionalCheckFailed(mutation.returnItemOnConditionFailure === true && current !== undefined ? { Item: current.item } : {});
  }
  const { action } = mutation;
  switch (action.kind) {
    case 'put':
      return action.item;
    case 'delete':
      return undefined;
    case 'update': {
      // Applied even to an absent item that it will not create, for the errors it raises.
      const updated = applyUpdate(current?.item ?? action.keyItem, action.update);
      return current === undefined && onlyTakesAway(action.update) ? undefined : updated;
    }
    case 'check':
      return UNCHANGED;
  }
}
