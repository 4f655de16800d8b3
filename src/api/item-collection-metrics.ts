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
  if (mode !== 'SIZE' || outcome.itemCollectionSizeBytes === undefined) return {};
  const lowerGb = Math.floor(outcome.itemCollectionSizeBytes / BYTES_PER_GB);
  return {
    ItemCollectionMetrics: {
      ItemCollectionKey: { [table.partitionKey.name]: { [key.partition.type]: key.partition.value } },
      SizeEstimateRangeGB: [lowerGb, lowerGb + 1],
    },
  };
}
