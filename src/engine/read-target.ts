import { BASE_TABLE_INDEX_ID } from './keyspace.js';
import type { IndexDefinition, KeyAttribute, TableDefinition } from './table-definition.js';

/**
 * What a Query or Scan reads: a table, or one of its indexes, with the key it is
 * ordered by. Key conditions are checked against this key schema and key ranges
 * planned in this keyspace, whichever request (Query, Scan, PartiQL) asks.
 */
export interface ReadTarget {
  readonly tableId: number;
  readonly indexId: number;
  readonly partitionKeys: readonly KeyAttribute[];
  readonly sortKeys: readonly KeyAttribute[];
}

export function readTarget(table: TableDefinition, index: IndexDefinition | undefined): ReadTarget {
  if (index !== undefined) return { tableId: table.id, indexId: index.id, partitionKeys: index.partitionKeys, sortKeys: index.sortKeys };
  return { tableId: table.id, indexId: BASE_TABLE_INDEX_ID, partitionKeys: [table.partitionKey], sortKeys: table.sortKey === undefined ? [] : [table.sortKey] };
}

/** The names of every key attribute of what is read. */
export function keyAttributeNames(target: ReadTarget): string[] {
  return [...target.partitionKeys, ...target.sortKeys].map((attribute) => attribute.name);
}
