import type { WriteOutcome } from '../engine/items.js';
import type { PrimaryKey } from '../engine/primary-key.js';
import type { TableDefinition } from '../engine/table-definition.js';

const BYTES_PER_GB = 1024 ** 3;

/**
 * The ItemCollectionMetrics member of a write's response: asked for with
 * ReturnItemCollectionMetrics=SIZE, and only tables with LSIs have item collections.
 * DynamoDB gives the size as a range of whole gigabytes around its estimate.
 */
export function itemCollectionMetricsField(mode: string | undefined, table: TableDefinition, key: PrimaryKey, outcome: WriteOutcome): Record<string, unknown> {
  const metrics = mode === 'SIZE' ? itemCollectionMetrics(table, key, outcome) : undefined;
  return metrics === undefined ? {} : { ItemCollectionMetrics: metrics };
}

/** One write's item collection metrics, or undefined for a table without LSIs. */
export function itemCollectionMetrics(table: TableDefinition, key: PrimaryKey, outcome: WriteOutcome): Record<string, unknown> | undefined {
  if (outcome.itemCollectionSizeBytes === undefined) return undefined;
  const lowerGb = Math.floor(outcome.itemCollectionSizeBytes / BYTES_PER_GB);
  return {
    ItemCollectionKey: { [table.partitionKey.name]: { [key.partition.type]: key.partition.value } },
    SizeEstimateRangeGB: [lowerGb, lowerGb + 1],
  };
}

/** Batches and transactions answer ItemCollectionMetrics as lists by table name. */
export function itemCollectionMetricsByTableField(
  mode: string | undefined,
  writes: ReadonlyArray<{ table: TableDefinition; key: PrimaryKey; outcome: WriteOutcome }>,
): Record<string, unknown> {
  if (mode !== 'SIZE') return {};
  // A Map, not an object: a table may be named __proto__.
  const byTable = new Map<string, Array<Record<string, unknown>>>();
  for (const { table, key, outcome } of writes) {
    const metrics = itemCollectionMetrics(table, key, outcome);
    if (metrics === undefined) continue;
    const list = byTable.get(table.name) ?? [];
    list.push(metrics);
    byTable.set(table.name, list);
  }
  return { ItemCollectionMetrics: Object.fromEntries(byTable) };
}
