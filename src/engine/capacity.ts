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
