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

function consumedCapacity(mode: 'TOTAL' | 'INDEXES', tableName: string, units: number): Record<string, unknown> {
  return mode === 'TOTAL' ? { TableName: tableName, CapacityUnits: units } : { TableName: tableName, CapacityUnits: units, Table: { CapacityUnits: units } };
}

/** The ConsumedCapacity member of a response, when ReturnConsumedCapacity asks for it. */
export function consumedCapacityField(mode: string | undefined, tableName: string, units: number): Record<string, unknown> {
  return mode === 'TOTAL' || mode === 'INDEXES' ? { ConsumedCapacity: consumedCapacity(mode, tableName, units) } : {};
}

/** Batches and transactions answer ConsumedCapacity as a list, one entry per table. */
export function consumedCapacityListField(mode: string | undefined, unitsByTable: ReadonlyMap<string, number>): Record<string, unknown> {
  if (mode !== 'TOTAL' && mode !== 'INDEXES') return {};
  return { ConsumedCapacity: [...unitsByTable].map(([tableName, units]) => consumedCapacity(mode, tableName, units)) };
}

/** Adds `units` to a table's running total. */
export function addUnits(unitsByTable: Map<string, number>, tableName: string, units: number): void {
  unitsByTable.set(tableName, (unitsByTable.get(tableName) ?? 0) + units);
}
