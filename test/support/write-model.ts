import assert from 'node:assert/strict';
import {
  itemOf,
  keyItem,
  keyTextOf,
  ttlAttribute,
  type ItemWrite,
  type TtlSeconds,
  type UpdateActions,
  type WriteCondition,
  type WriteStep,
} from './random-writes.js';
import { canonicalItem, type Item } from './stream-replay.js';
import { UNKNOWN, type StepAnswer } from './write-requests.js';

/**
 * What a table should hold after each of a sequence of writes (test/support/random-writes.ts),
 * worked out apart from the server by DynamoDB's documented rules: a failed condition
 * changes nothing, and cancels the whole of a transaction; an update of an absent item
 * starts from its key, unless it only removes attributes, which on AWS creates nothing
 * (src/expressions/update.ts, onlyTakesAway, cites the evidence); ADD adds to a number
 * (absent: 0) or to a set.
 * It counts the writes that changed their item, which are the writes a stream records.
 */

/** How a write ended, as tallied: a run's tallies show which paths it went through. */
export type WriteOutcome = 'refused' | 'unchanged-absent' | 'unchanged' | 'changed';

export interface ModelledWrite {
  readonly itemKey: string;
  readonly before: Item | undefined;
  readonly after: Item | undefined;
}

export interface ModelledStep {
  readonly refused: boolean;
  readonly writes: readonly ModelledWrite[];
}

function holds(condition: WriteCondition, item: Item | undefined): boolean {
  switch (condition.kind) {
    case 'exists':
      return item !== undefined;
    case 'absent':
      return item === undefined;
    case 'vEquals':
      return item?.['v']?.N === String(condition.n);
    case 'vBelow':
      return item?.['v']?.N !== undefined && Number(item['v'].N) < condition.n;
  }
}

function updated(before: Item | undefined, write: ItemWrite & { kind: 'update' }, seconds: TtlSeconds): Item | undefined {
  const { v, s, tags, ttl } = write.actions;
  const actions = Object.values(write.actions) as Array<NonNullable<UpdateActions[keyof UpdateActions]>>;
  if (before === undefined && actions.length > 0 && actions.every((action) => action.op === 'remove')) return undefined;
  const item: Item = { ...(before ?? keyItem(write.key)) };
  if (v?.op === 'remove') delete item['v'];
  else if (v?.op === 'set' || (v?.op === 'setIfAbsent' && item['v'] === undefined)) item['v'] = { N: String(v.n) };
  else if (v?.op === 'add') item['v'] = { N: String(Number(item['v']?.N ?? 0) + v.n) };
  if (s?.op === 'remove') delete item['s'];
  else if (s?.op === 'set') item['s'] = { S: s.text };
  if (tags?.op === 'remove') delete item['tags'];
  else if (tags?.op === 'add') item['tags'] = { SS: [...new Set([...(item['tags']?.SS ?? []), ...tags.members])] };
  if (ttl?.op === 'remove') delete item['ttl'];
  else if (ttl?.op === 'set') item['ttl'] = ttlAttribute(ttl.value, seconds);
  return item;
}

/** The item after `write`, or 'refused' when its condition fails. */
function written(before: Item | undefined, write: ItemWrite, seconds: TtlSeconds): Item | undefined | 'refused' {
  if (write.condition !== undefined && !holds(write.condition, before)) return 'refused';
  switch (write.kind) {
    case 'put':
      return itemOf(write.key, write.body, seconds);
    case 'update':
      return updated(before, write, seconds);
    case 'delete':
      return undefined;
    case 'check':
      return before;
  }
}

function outcomeOf(before: Item | undefined, after: Item | undefined): WriteOutcome {
  if (canonicalItem(before) !== canonicalItem(after)) return 'changed';
  return before === undefined ? 'unchanged-absent' : 'unchanged';
}

export class TableModel {
  private readonly held = new Map<string, Item>();
  private changeCount = 0;
  private expiryCount = 0;

  /** `tally` counts each write's path and outcome, as `single/put:unchanged`, across the models that share it. */
  constructor(
    private readonly seconds: TtlSeconds,
    private readonly tally: Map<string, number>,
  ) {}

  get items(): ReadonlyMap<string, Item> {
    return this.held;
  }

  /** Writes that changed their item, Time to Live's included: each makes one stream record. */
  get changes(): number {
    return this.changeCount;
  }

  /** Items Time to Live deleted. */
  get expiries(): number {
    return this.expiryCount;
  }

  /** Applies the step's writes (all or none of a transaction's) and says what each did. */
  apply(step: WriteStep): ModelledStep {
    if (step.kind === 'rollover') return { refused: false, writes: [] };
    const writes = step.kind === 'single' ? [step.write] : step.writes;
    const planned = writes.map((write) => {
      const itemKey = keyTextOf(write.key);
      const before = this.held.get(itemKey);
      return { write, itemKey, before, after: written(before, write, this.seconds) };
    });
    if (planned.some((write) => write.after === 'refused')) {
      for (const { write } of planned) this.count(`${step.kind}/${write.kind}:refused`);
      return { refused: true, writes: [] };
    }
    const applied = planned.map(({ write, itemKey, before, after }) => {
      const next = after as Item | undefined;
      const outcome = outcomeOf(before, next);
      this.count(`${step.kind}/${write.kind}:${outcome}`);
      if (outcome === 'changed') this.changeCount++;
      if (next === undefined) this.held.delete(itemKey);
      else this.held.set(itemKey, next);
      return { itemKey, before, after: next };
    });
    return { refused: false, writes: applied };
  }

  /** Time to Live's sweep at `nowSeconds`: every item whose TTL attribute is a Number not after it is deleted. */
  sweep(nowSeconds: number): void {
    for (const [itemKey, item] of this.held) {
      const expiry = item['ttl']?.N;
      if (expiry === undefined || Number(expiry) > nowSeconds) continue;
      this.held.delete(itemKey);
      this.changeCount++;
      this.expiryCount++;
      this.count('ttl:expired');
    }
  }

  private count(label: string): void {
    this.tally.set(label, (this.tally.get(label) ?? 0) + 1);
  }
}

/** Checks the server's answer to a step against the model's: refused or not, and each item as far as the answer shows it. */
export function assertAnswerMatches(answer: StepAnswer, modelled: ModelledStep, context: string): void {
  assert.equal(answer.refused, modelled.refused, `${context}: ${answer.refused ? 'refused' : 'applied'}, but the model says otherwise`);
  if (answer.refused) return;
  assert.equal(answer.effects.length, modelled.writes.length, `${context}: the answer covers other writes than the model`);
  answer.effects.forEach((effect, index) => {
    const expected = modelled.writes[index]!;
    assert.equal(effect.itemKey, expected.itemKey);
    if (effect.before !== UNKNOWN)
      assert.equal(canonicalItem(effect.before), canonicalItem(expected.before), `${context}: the item before ${effect.itemKey}'s write`);
    if (effect.after !== UNKNOWN)
      assert.equal(canonicalItem(effect.after), canonicalItem(expected.after), `${context}: the item after ${effect.itemKey}'s write`);
  });
}
