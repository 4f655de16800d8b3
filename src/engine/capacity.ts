import type { IndexChange, WriteOutcome } from './items.js';

/**
 * Read capacity units by DynamoDB's rules ("Read/write capacity mode", AWS developer
 * guide): a strongly consistent read costs one unit per 4 KB, an eventually
 * consistent one half as much. A single-item read costs at least one unit's worth,
 * even of a missing item; a Query or Scan page is priced by the total size of the
 * entries it read, rounded up to 4 KB once for the whole page.
 */
const READ_UNIT_BYTES = 4096;
const EVENTUALLY_CONSISTENT_FACTOR = 0.5;

function consistencyFactor(consistentRead: boolean): number {
  return consistentRead ? 1 : EVENTUALLY_CONSISTENT_FACTOR;
}

/** The units of reading one item of `itemSizeBytes` (0 for a missing item). */
export function readCapacityUnits(itemSizeBytes: number, consistentRead: boolean): number {
  return Math.max(1, Math.ceil(itemSizeBytes / READ_UNIT_BYTES)) * consistencyFactor(consistentRead);
}

/** The units of a Query or Scan page that read `scannedBytes` of entries. */
export function pageReadCapacityUnits(scannedBytes: number, consistentRead: boolean): number {
  return Math.ceil(scannedBytes / READ_UNIT_BYTES) * consistencyFactor(consistentRead);
}

/**
 * Write capacity units by the same rules: a write costs one unit per 1 KB of the
 * larger of the old and new item, and a missing item still one unit. A write also
 * costs units in every index whose entry it changes, two writes where the entry moved
 * to another key. Transactional reads and writes cost twice as much.
 */
const WRITE_UNIT_BYTES = 1024;
export const TRANSACTION_FACTOR = 2;

function writeUnitsOfSize(sizeBytes: number): number {
  return Math.max(1, Math.ceil(sizeBytes / WRITE_UNIT_BYTES));
}

/** A write is priced by the larger of the item it replaced and the item it wrote. */
export function writeCapacityUnits(outcome: WriteOutcome): number {
  return writeUnitsOfSize(Math.max(outcome.previous?.sizeBytes ?? 0, outcome.next?.sizeBytes ?? 0));
}

/** The units one write spent in one index. */
export function indexWriteUnits(change: IndexChange): number {
  if (change.moved) return writeUnitsOfSize(change.oldSizeBytes!) + writeUnitsOfSize(change.newSizeBytes!);
  return writeUnitsOfSize(Math.max(change.oldSizeBytes ?? 0, change.newSizeBytes ?? 0));
}

/** A transactional read of an item: twice a strongly consistent read. */
export function transactionalReadUnits(itemSizeBytes: number): number {
  return TRANSACTION_FACTOR * readCapacityUnits(itemSizeBytes, true);
}
