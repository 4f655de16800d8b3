import type { WriteOutcome } from '../engine/items.js';

/**
 * Capacity units by DynamoDB's rules ("Read/write capacity mode", AWS developer guide):
 * a read costs one unit per 4 KB (half for eventually consistent reads), a write one
 * unit per 1 KB of the larger of the old and new item; a missing item still costs
 * one unit's worth of its kind.
 */
const READ_UNIT_BYTES = 4096;
const WRITE_UNIT_BYTES = 1024;

export function readCapacityUnits(itemSizeBytes: number, consistentRead: boolean): number {
  const units = Math.max(1, Math.ceil(itemSizeBytes / READ_UNIT_BYTES));
  return consistentRead ? units : units / 2;
}

/** A write is priced by the larger of the item it replaced and the item it wrote. */
export function writeCapacityUnits(outcome: WriteOutcome): number {
  const itemSizeBytes = Math.max(outcome.previous?.sizeBytes ?? 0, outcome.next?.sizeBytes ?? 0);
  return Math.max(1, Math.ceil(itemSizeBytes / WRITE_UNIT_BYTES));
}

/** The ConsumedCapacity member of a response, when ReturnConsumedCapacity asks for it. */
export function consumedCapacityField(mode: string | undefined, tableName: string, units: number): Record<string, unknown> {
  if (mode === 'TOTAL') return { ConsumedCapacity: { TableName: tableName, CapacityUnits: units } };
  if (mode === 'INDEXES') return { ConsumedCapacity: { TableName: tableName, CapacityUnits: units, Table: { CapacityUnits: units } } };
  return {};
}
