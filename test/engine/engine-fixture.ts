import { Engine } from '../../src/engine/engine.js';
import { CLIENT_WRITES, type MutationOptions } from '../../src/engine/mutation.js';
import { keyFromKeyParameter, keyOfItem } from '../../src/engine/primary-key.js';
import type { TableDefinition } from '../../src/engine/table-definition.js';
import type { TableSpec, KeySchemaElement } from '../../src/engine/table-spec.js';
import type { WriteOutcome } from '../../src/engine/items.js';
import type { Condition, Update } from '../../src/expressions/resolved.js';
import type { AttributeValue, Item } from '../../src/model/attribute-value.js';
import { ManualClock } from '../../src/model/clock.js';
import { createLogger } from '../../src/model/logger.js';
import { MemoryStore } from '../../src/storage/memory-store.js';

/**
 * An engine on the memory store with a ManualClock, and the few building blocks the
 * engine's unit tests share: table specs, writes by item or key, and conditions and
 * updates written as the resolved ASTs the API layer would hand over.
 */

/** 2024-03-10T12:00:00Z: well inside a UTC day, so a few hours forward stay in it. */
export const START_MS = Date.UTC(2024, 2, 10, 12, 0, 0);
export const NAMESPACE = 'ns';

export interface EngineFixture {
  readonly store: MemoryStore;
  readonly engine: Engine;
  readonly clock: ManualClock;
}

export function openEngine(): EngineFixture {
  const store = new MemoryStore();
  const clock = new ManualClock(START_MS);
  const engine = new Engine(store, { logger: createLogger('error', () => {}), clock });
  return { store, engine, clock };
}

/** Runs `body` on a fresh engine and closes it after, whatever happens. */
export async function withEngine(body: (fixture: EngineFixture) => Promise<void>): Promise<void> {
  const fixture = openEngine();
  try {
    await body(fixture);
  } finally {
    await fixture.engine.close();
  }
}

/**
 * The table once its index `indexName` has left backfilling. The backfill runs in the
 * background on no timer of the clock's, so this polls for its end.
 */
export async function waitUntilIndexActive(engine: Engine, tableName: string, indexName: string): Promise<TableDefinition> {
  for (let attempt = 0; attempt < 1000; attempt++) {
    const table = await engine.requireTable(NAMESPACE, tableName);
    if (table.indexes?.find((index) => index.name === indexName)?.backfilling !== true) return table;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`${indexName} stayed backfilling`);
}

/** A key schema: a partition attribute, and a sort attribute when given. */
export function keySchemaOf(partitionKey: string, sortKey?: string): KeySchemaElement[] {
  return [{ attributeName: partitionKey, keyType: 'HASH' }, ...(sortKey === undefined ? [] : [{ attributeName: sortKey, keyType: 'RANGE' as const }])];
}

export function hashKeyTable(name: string, options: Partial<TableSpec> = {}): TableSpec {
  return {
    name,
    keySchema: [{ attributeName: 'id', keyType: 'HASH' }],
    attributeDefinitions: [{ name: 'id', type: 'S' }],
    billingMode: 'PAY_PER_REQUEST',
    ...options,
  };
}

export const S = (value: string): AttributeValue => ({ S: value });
export const N = (value: number): AttributeValue => ({ N: String(value) });

export function put(engine: Engine, table: TableDefinition, item: Item, options: MutationOptions = {}): Promise<WriteOutcome> {
  return engine.writeItem(CLIENT_WRITES.put(table, keyOfItem(table, item), item, options));
}

export function remove(engine: Engine, table: TableDefinition, key: Item, options: MutationOptions = {}): Promise<WriteOutcome> {
  return engine.writeItem(CLIENT_WRITES.delete(table, keyFromKeyParameter(table, key), options));
}

export function update(engine: Engine, table: TableDefinition, key: Item, change: Update, options: MutationOptions = {}): Promise<WriteOutcome> {
  return engine.writeItem(CLIENT_WRITES.update(table, keyFromKeyParameter(table, key), key, change, options));
}

/** SET name = value, … ; REMOVE name, … */
export function setAndRemove(values: Record<string, AttributeValue>, removed: readonly string[] = []): Update {
  return {
    set: Object.entries(values).map(([name, value]) => ({ path: [name], value: { kind: 'literal', value } })),
    remove: removed.map((name) => [name]),
    add: [],
    delete: [],
  };
}

/** ADD name value */
export function addNumber(name: string, amount: number): Update {
  return { set: [], remove: [], add: [{ path: [name], value: N(amount) }], delete: [] };
}

export function attributeExists(name: string, exists = true): Condition {
  return { kind: 'exists', path: [name], exists };
}

export function attributeEquals(name: string, value: AttributeValue): Condition {
  return { kind: 'compare', operator: '=', left: { kind: 'path', path: [name] }, right: { kind: 'literal', value } };
}
