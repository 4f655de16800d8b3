import { indexWriteUnits, TRANSACTION_FACTOR, writeCapacityUnits } from '../engine/capacity.js';
import type { WriteOutcome } from '../engine/items.js';
import type { IndexDefinition, TableDefinition } from '../engine/table-definition.js';

/** The ConsumedCapacity member of responses, from the units of engine/capacity.ts. */

/** Whether ReturnConsumedCapacity asks for the member at all. */
function wanted(mode: string | undefined): mode is 'TOTAL' | 'INDEXES' {
  return mode === 'TOTAL' || mode === 'INDEXES';
}

interface TableUnits {
  table: number;
  readonly localIndexes: Map<string, number>;
  readonly globalIndexes: Map<string, number>;
}

/**
 * The units a request consumed, by table and index, and the ConsumedCapacity member
 * that reports them: one entry for single-item operations, a list for batches and
 * transactions. Transactions also report which kind of units they spent.
 */
export class CapacityTally {
  private readonly byTable = new Map<string, TableUnits>();

  constructor(private readonly unitKind?: 'ReadCapacityUnits' | 'WriteCapacityUnits') {}

  private unitsOf(tableName: string): TableUnits {
    let units = this.byTable.get(tableName);
    if (units === undefined) {
      units = { table: 0, localIndexes: new Map(), globalIndexes: new Map() };
      this.byTable.set(tableName, units);
    }
    return units;
  }

  addTable(tableName: string, units: number): void {
    this.unitsOf(tableName).table += units;
  }

  addIndex(tableName: string, index: Pick<IndexDefinition, 'name' | 'kind'>, units: number): void {
    const tableUnits = this.unitsOf(tableName);
    const indexes = index.kind === 'LSI' ? tableUnits.localIndexes : tableUnits.globalIndexes;
    indexes.set(index.name, (indexes.get(index.name) ?? 0) + units);
  }

  /** A write: the table's units and those of every index entry it changed. */
  addWrite(table: TableDefinition, outcome: WriteOutcome, transactional = false): void {
    const factor = transactional ? TRANSACTION_FACTOR : 1;
    this.addTable(table.name, factor * writeCapacityUnits(outcome));
    for (const change of outcome.indexChanges ?? []) {
      const index = table.indexes?.find((candidate) => candidate.id === change.indexId);
      if (index !== undefined) this.addIndex(table.name, index, factor * indexWriteUnits(change));
    }
  }

  /**
   * One table's or index's share of the entry. Transactions name the kind of units in
   * every share, the table's and each index's, where other operations give only
   * CapacityUnits: so AWS answers (TransactGetItems,
   * https://github.com/ExtendDB/extenddb/issues/77; TransactWriteItems,
   * https://github.com/rusoto/rusoto/issues/1919; the other operations,
   * https://github.com/paritysuite/dynamodb-conformance/issues/69). DynamoDB Local
   * names the kind in the total alone.
   */
  private share(units: number): Record<string, number> {
    return { CapacityUnits: units, ...(this.unitKind === undefined ? {} : { [this.unitKind]: units }) };
  }

  /**
   * INDEXES adds the table's share even where no index was touched, a table without
   * indexes included, and a zero share for the table when only an index was read
   * ("INDEXES will only return ConsumedCapacity information for table(s)", API
   * reference, ReturnConsumedCapacity; an index read's table share is zero,
   * https://github.com/ExtendDB/extenddb/pull/305).
   */
  private entry(mode: 'TOTAL' | 'INDEXES', tableName: string, units: TableUnits): Record<string, unknown> {
    const indexUnits = [...units.localIndexes.values(), ...units.globalIndexes.values()].reduce((sum, value) => sum + value, 0);
    const entry: Record<string, unknown> = { TableName: tableName, ...this.share(units.table + indexUnits) };
    if (mode === 'TOTAL') return entry;
    entry.Table = this.share(units.table);
    const byName = (indexes: Map<string, number>): Record<string, unknown> =>
      Object.fromEntries([...indexes].map(([name, capacity]) => [name, this.share(capacity)]));
    if (units.localIndexes.size > 0) entry.LocalSecondaryIndexes = byName(units.localIndexes);
    if (units.globalIndexes.size > 0) entry.GlobalSecondaryIndexes = byName(units.globalIndexes);
    return entry;
  }

  /** ConsumedCapacity of a single-item operation on `tableName`. */
  field(mode: string | undefined, tableName: string): Record<string, unknown> {
    if (!wanted(mode)) return {};
    return { ConsumedCapacity: this.entry(mode, tableName, this.unitsOf(tableName)) };
  }

  /** ConsumedCapacity of a batch or transaction: one entry per table. */
  listField(mode: string | undefined): Record<string, unknown> {
    if (!wanted(mode)) return {};
    return { ConsumedCapacity: [...this.byTable].map(([tableName, units]) => this.entry(mode, tableName, units)) };
  }
}

/** The ConsumedCapacity member of a read of one table, or of one of its indexes, which then carries the units. */
export function consumedCapacityField(
  mode: string | undefined,
  tableName: string,
  units: number,
  index?: Pick<IndexDefinition, 'name' | 'kind'>,
): Record<string, unknown> {
  if (!wanted(mode)) return {};
  const tally = new CapacityTally();
  if (index === undefined) tally.addTable(tableName, units);
  else tally.addIndex(tableName, index, units);
  return tally.field(mode, tableName);
}

/** The ConsumedCapacity member of a single-item write. */
export function writeCapacityField(mode: string | undefined, table: TableDefinition, outcome: WriteOutcome): Record<string, unknown> {
  if (!wanted(mode)) return {};
  const tally = new CapacityTally();
  tally.addWrite(table, outcome);
  return tally.field(mode, table.name);
}
