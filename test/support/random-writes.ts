import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import fc from 'fast-check';
import { itemKeyText, type Item } from './stream-replay.js';

/**
 * Random writes through every write path of DynamoDB, on a small key space so that
 * they collide often: PutItem, UpdateItem and DeleteItem, with and without conditions;
 * BatchWriteItem; TransactWriteItems; items written already expired for Time to Live
 * to delete. The values come from tiny domains, so that writes that change nothing (a
 * Put of what is there, an update to the value held, a delete of an absent item)
 * happen as often as the rest. test/support/write-requests.ts sends them.
 *
 * The tables written are keyed by `pk` (S, HASH) and `sk` (S, RANGE).
 */

export const KEY_NAMES = ['pk', 'sk'] as const;
const PARTITION_KEYS = 12;
const SORT_KEYS = 3;
/** The most writes a BatchWriteItem or a TransactWriteItems step holds: enough to mix kinds, far below AWS's 25 and 100. */
const BATCH_WRITES_MAX = 6;
const TRANSACTION_WRITES_MAX = 4;

export interface ItemKey {
  readonly partition: number;
  readonly sort: number;
}

/**
 * A TTL attribute's value: `past` and `future` are epoch seconds on either side of the
 * test's time, by far more than the test moves its clock; `text` is a String, which
 * never expires ("the TTL attribute's value must be a Number", Developer Guide, Time to Live).
 */
export type TtlValue = 'past' | 'future' | 'text';

export interface TtlSeconds {
  readonly past: number;
  readonly future: number;
}

export interface ItemBody {
  readonly v?: number;
  readonly s?: string;
  readonly tags?: readonly string[];
  readonly ttl?: TtlValue;
}

export type WriteCondition =
  | { readonly kind: 'exists' }
  | { readonly kind: 'absent' }
  | { readonly kind: 'vEquals'; readonly n: number }
  | { readonly kind: 'vBelow'; readonly n: number };

/** At most one action per attribute: DynamoDB refuses an update whose paths overlap. */
export interface UpdateActions {
  readonly v?: { readonly op: 'set' | 'setIfAbsent' | 'add'; readonly n: number } | { readonly op: 'remove' };
  readonly s?: { readonly op: 'set'; readonly text: string } | { readonly op: 'remove' };
  readonly tags?: { readonly op: 'add'; readonly members: readonly string[] } | { readonly op: 'remove' };
  readonly ttl?: { readonly op: 'set'; readonly value: TtlValue } | { readonly op: 'remove' };
}

export type ItemWrite =
  | { readonly kind: 'put'; readonly key: ItemKey; readonly body: ItemBody; readonly condition?: WriteCondition }
  | { readonly kind: 'update'; readonly key: ItemKey; readonly actions: UpdateActions; readonly condition?: WriteCondition }
  | { readonly kind: 'delete'; readonly key: ItemKey; readonly condition?: WriteCondition }
  /** A ConditionCheck: only inside a transaction. */
  | { readonly kind: 'check'; readonly key: ItemKey; readonly condition: WriteCondition };

/**
 * One step of a run. `rollover` and `expire` move the server's clock: by a shard
 * rollover interval, and (after `expire`'s writes of expired items) by two TTL sweep
 * intervals, so that a sweep starts after the writes.
 */
export type WriteStep =
  | { readonly kind: 'single'; readonly write: ItemWrite }
  | { readonly kind: 'batch'; readonly writes: readonly ItemWrite[] }
  | { readonly kind: 'transaction'; readonly writes: readonly ItemWrite[] }
  | { readonly kind: 'rollover' }
  | { readonly kind: 'expire'; readonly writes: readonly ItemWrite[] };

export function keyItem(key: ItemKey): Item {
  return { pk: { S: `p${key.partition}` }, sk: { S: `s${key.sort}` } };
}

export function keyTextOf(key: ItemKey): string {
  return itemKeyText(keyItem(key), KEY_NAMES);
}

export function ttlAttribute(value: TtlValue, seconds: TtlSeconds): AttributeValue {
  return value === 'text' ? { S: 'never' } : { N: String(seconds[value]) };
}

export function itemOf(key: ItemKey, body: ItemBody, seconds: TtlSeconds): Item {
  return {
    ...keyItem(key),
    ...(body.v === undefined ? {} : { v: { N: String(body.v) } }),
    ...(body.s === undefined ? {} : { s: { S: body.s } }),
    ...(body.tags === undefined ? {} : { tags: { SS: [...body.tags] } }),
    ...(body.ttl === undefined ? {} : { ttl: ttlAttribute(body.ttl, seconds) }),
  };
}

const keys = fc.record({ partition: fc.nat({ max: PARTITION_KEYS - 1 }), sort: fc.nat({ max: SORT_KEYS - 1 }) });
const smallNumbers = fc.nat({ max: 3 });
const texts = fc.constantFrom('x', 'y');
const tagSets = fc.subarray(['r', 'g', 'b'], { minLength: 1 });
/** One body written often, so that Puts of what an item already holds are common. */
const COMMON_BODY: ItemBody = { v: 1 };
const bodies: fc.Arbitrary<ItemBody> = fc.oneof(
  fc.constant(COMMON_BODY),
  fc.constant(COMMON_BODY),
  fc.record({ v: smallNumbers, s: texts, tags: tagSets, ttl: fc.constantFrom<TtlValue>('future', 'text') }, { requiredKeys: [] }),
);
const conditions: fc.Arbitrary<WriteCondition> = fc.oneof(
  fc.constant({ kind: 'exists' as const }),
  fc.constant({ kind: 'absent' as const }),
  smallNumbers.map((n) => ({ kind: 'vEquals' as const, n })),
  smallNumbers.map((n) => ({ kind: 'vBelow' as const, n })),
);
/** A condition on two writes in five. */
const maybeConditions: fc.Arbitrary<{ condition?: WriteCondition }> = fc.oneof(
  { weight: 3, arbitrary: fc.constant({}) },
  { weight: 2, arbitrary: conditions.map((condition) => ({ condition })) },
);
const REMOVE = { op: 'remove' } as const;
const updateActions: fc.Arbitrary<UpdateActions> = fc.oneof(
  fc.record(
    {
      v: fc.oneof(
        fc.record({ op: fc.constantFrom('set' as const, 'setIfAbsent' as const, 'add' as const), n: fc.integer({ min: -1, max: 2 }) }),
        fc.constant(REMOVE),
      ),
      s: fc.oneof(
        texts.map((text) => ({ op: 'set' as const, text })),
        fc.constant(REMOVE),
      ),
      tags: fc.oneof(
        tagSets.map((members) => ({ op: 'add' as const, members })),
        fc.constant(REMOVE),
      ),
      ttl: fc.oneof(
        fc.constantFrom<TtlValue>('future', 'text').map((value) => ({ op: 'set' as const, value })),
        fc.constant(REMOVE),
      ),
    },
    { requiredKeys: [] },
  ),
  // Written out as well as drawn, as they matter most: a REMOVE-only update, which
  // creates no item where there is none, and one that leaves a held value as it is.
  fc.constant({ s: REMOVE }),
  fc.constant({ v: { op: 'setIfAbsent' as const, n: 1 } }),
);

const puts = fc.tuple(keys, bodies, maybeConditions).map(([key, body, condition]): ItemWrite => ({ kind: 'put', key, body, ...condition }));
const updates = fc.tuple(keys, updateActions, maybeConditions).map(([key, actions, condition]): ItemWrite => ({ kind: 'update', key, actions, ...condition }));
const deletes = fc.tuple(keys, maybeConditions).map(([key, condition]): ItemWrite => ({ kind: 'delete', key, ...condition }));
/** TransactWriteItems requires an UpdateExpression, so a transaction's updates have at least one action. */
const updatesWithActions = updates.filter((write) => write.kind === 'update' && Object.keys(write.actions).length > 0);
const checks = fc.tuple(keys, conditions).map(([key, condition]): ItemWrite => ({ kind: 'check', key, condition }));
const unconditionalPuts = fc.tuple(keys, bodies).map(([key, body]): ItemWrite => ({ kind: 'put', key, body }));
const unconditionalDeletes = keys.map((key): ItemWrite => ({ kind: 'delete', key }));
/** Writes that leave an item expired: a Put, or an update of the TTL attribute only (which keeps the rest). */
const expiringWrites = fc.oneof(
  fc.tuple(keys, smallNumbers).map(([key, v]): ItemWrite => ({ kind: 'put', key, body: { v, ttl: 'past' } })),
  keys.map((key): ItemWrite => ({ kind: 'update', key, actions: { ttl: { op: 'set', value: 'past' } } })),
);

/** A batch or transaction names each item once: DynamoDB refuses one that names an item twice. */
function distinctItems(writes: fc.Arbitrary<ItemWrite>, maxLength: number): fc.Arbitrary<ItemWrite[]> {
  return fc.uniqueArray(writes, { selector: (write) => keyTextOf(write.key), minLength: 1, maxLength });
}

const steps: fc.Arbitrary<WriteStep> = fc.oneof(
  { weight: 24, arbitrary: fc.oneof(puts, updates, deletes).map((write): WriteStep => ({ kind: 'single', write })) },
  {
    weight: 6,
    arbitrary: distinctItems(fc.oneof(unconditionalPuts, unconditionalDeletes), BATCH_WRITES_MAX).map((writes): WriteStep => ({ kind: 'batch', writes })),
  },
  {
    weight: 8,
    arbitrary: distinctItems(fc.oneof(puts, updatesWithActions, deletes, checks), TRANSACTION_WRITES_MAX).map((writes): WriteStep => ({
      kind: 'transaction',
      writes,
    })),
  },
  { weight: 4, arbitrary: fc.constant({ kind: 'rollover' as const }) },
  // Distinct items, so that the sweep woken by UpdateTimeToLive, which may still be
  // running, deletes each item at most once whenever it gets to it.
  { weight: 1, arbitrary: distinctItems(expiringWrites, 3).map((writes): WriteStep => ({ kind: 'expire', writes })) },
);

/**
 * Runs of up to `stepsMax` steps, of any length in between as often as each other: by
 * default fast-check favours short arrays, and short runs seldom roll a shard over
 * between two writes of one item.
 */
export function writeSteps(stepsMax: number): fc.Arbitrary<WriteStep[]> {
  return fc.noBias(fc.array(steps, { maxLength: stepsMax, size: 'max' }));
}
