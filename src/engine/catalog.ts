import { randomUUID } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import type { Clock } from '../model/clock.js';
import { DynamoDBError } from '../model/errors.js';
import { bytesEqual, keyId, type OrderedStore } from '../storage/store.js';
import { transact } from '../storage/transaction.js';
import { catalogKey, catalogRange, droppedPrefixKey, indexPrefix, itemCollectionPrefix, metaKey, tablePrefix } from './keyspace.js';
import type { IndexDefinition, KeyAttribute, TableDefinition } from './table-definition.js';
import { AWS_MESSAGES } from '../model/aws-messages.js';
import { syncTableStream } from './stream-catalog.js';

const NEXT_TABLE_ID_KEY = metaKey('next-table-id');
const FIRST_TABLE_ID = 1;

function encodeDefinition(definition: TableDefinition): Uint8Array {
  return Buffer.from(JSON.stringify(definition), 'utf8');
}

/** An index as stored before multi-attribute keys: one attribute of each kind. */
interface SingleKeyIndex {
  readonly partitionKey?: KeyAttribute;
  readonly sortKey?: KeyAttribute;
}

function decodeDefinition(bytes: Uint8Array): TableDefinition {
  const definition = JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8')) as TableDefinition;
  if (definition.indexes === undefined) return definition;
  // Definitions written before indexes had multi-attribute keys name one attribute of each.
  const indexes = definition.indexes.map((index: IndexDefinition & SingleKeyIndex): IndexDefinition => {
    if (index.partitionKeys !== undefined) return index;
    const { partitionKey, sortKey, ...rest } = index;
    return { ...rest, partitionKeys: [partitionKey!], sortKeys: sortKey === undefined ? [] : [sortKey] };
  });
  return { ...definition, indexes };
}

function cacheKey(namespace: string, name: string): string {
  return namespace + '\u0000' + name;
}

export type NewTable = Omit<TableDefinition, 'id' | 'uuid'>;

/**
 * Table definitions kept decoded, in each cache below; past this many the least
 * recently used go (and are read again when next needed). A definition is a few
 * kilobytes at most, so this bounds each cache to a few tens of megabytes, while
 * DynamoDB's default quota is 2,500 tables per account and region.
 */
const CACHED_DEFINITIONS_MAX = 10_000;

/** The last definition decoded from each catalog entry, to skip parsing unchanged bytes. */
const decodedByKey = new LRUCache<string, { bytes: Uint8Array; definition: TableDefinition }>({ max: CACHED_DEFINITIONS_MAX });

/**
 * A table's definition from the bytes of its catalog entry, as read inside a write
 * transaction together with the item (see ItemTransaction.write): the read joins the
 * transaction's read set, so a write never commits against a definition that changed
 * (a table deleted, an index added) after the write began.
 */
export function definitionFromCatalogEntry(key: Uint8Array, bytes: Uint8Array | undefined): TableDefinition | undefined {
  if (bytes === undefined) return undefined;
  const id = keyId(key);
  const cached = decodedByKey.get(id);
  if (cached !== undefined && bytesEqual(cached.bytes, bytes)) return cached.definition;
  const definition = decodeDefinition(bytes);
  decodedByKey.set(id, { bytes, definition });
  return definition;
}

/**
 * How long a cached definition is trusted before it is read again. Other processes
 * sharing the store (Strata nodes on one PostgreSQL database, or on one LMDB
 * environment) may change the catalog; a write never depends on the cache (it reads
 * the definition in its own transaction), so this bounds only how long a read,
 * DescribeTable or ListTables on this node can lag another node's table change.
 */
const CATALOG_CACHE_TTL_MS = 1_000;

interface CachedDefinition {
  readonly definition: TableDefinition;
  readonly bytes: Uint8Array;
  checkedAtMs: number;
}

/**
 * The table catalog: definitions stored in the keyspace, with a cache in front so that
 * item operations find their table without a storage read each time. Every change
 * goes through a storage transaction first and reaches the cache only after it
 * committed.
 */
export class Catalog {
  private readonly cache = new LRUCache<string, CachedDefinition>({ max: CACHED_DEFINITIONS_MAX });

  constructor(
    private readonly store: OrderedStore,
    private readonly clock: Clock,
  ) {}

  /** The table, or ResourceNotFoundException with `notFoundMessage`. */
  async require(namespace: string, name: string, notFoundMessage?: string): Promise<TableDefinition> {
    const definition = await this.find(namespace, name);
    if (definition === undefined) throw DynamoDBError.resourceNotFound(notFoundMessage);
    return definition;
  }

  async find(namespace: string, name: string): Promise<TableDefinition | undefined> {
    const id = cacheKey(namespace, name);
    const cached = this.cache.get(id);
    const nowMs = this.clock.nowMs();
    if (cached !== undefined && nowMs - cached.checkedAtMs < CATALOG_CACHE_TTL_MS) return cached.definition;
    const bytes = await this.store.get(catalogKey(namespace, name));
    if (bytes === undefined) {
      this.cache.delete(id);
      return undefined;
    }
    if (cached !== undefined && bytesEqual(cached.bytes, bytes)) {
      cached.checkedAtMs = nowMs;
      return cached.definition;
    }
    return this.remember(namespace, name, bytes, decodeDefinition(bytes));
  }

  private remember(namespace: string, name: string, bytes: Uint8Array, definition: TableDefinition): TableDefinition {
    this.cache.set(cacheKey(namespace, name), { definition, bytes, checkedAtMs: this.clock.nowMs() });
    return definition;
  }

  async create(table: NewTable): Promise<TableDefinition> {
    const key = catalogKey(table.namespace, table.name);
    const definition = await transact(this.store, async (txn) => {
      if ((await txn.get(key)) !== undefined) throw DynamoDBError.resourceInUse(AWS_MESSAGES.tableExists.text(table.name));
      const nextIdBytes = await txn.get(NEXT_TABLE_ID_KEY);
      const id = nextIdBytes === undefined ? FIRST_TABLE_ID : Number(Buffer.from(nextIdBytes).toString('utf8'));
      txn.put(NEXT_TABLE_ID_KEY, Buffer.from(String(id + 1), 'utf8'));
      const created = (await syncTableStream(txn, undefined, { ...table, id, uuid: randomUUID() }, this.clock.nowMs()))!;
      const bytes = encodeDefinition(created);
      txn.put(key, bytes);
      return { created, bytes };
    });
    return this.remember(table.namespace, table.name, definition.bytes, definition.created);
  }

  /**
   * Replaces a table's definition with `change(current)`.table, where `current` is the
   * latest stored definition (a stream it enables or ends is recorded with it, see
   * syncTableStream). `change` may run more than once (a concurrent change
   * conflicts), so it must be pure; what it returned on the attempt that committed is
   * returned here, with the table as stored.
   */
  async update<T extends { readonly table: TableDefinition }>(namespace: string, name: string, change: (current: TableDefinition) => T): Promise<T> {
    const key = catalogKey(namespace, name);
    const { result, nextBytes } = await transact(this.store, async (txn) => {
      const bytes = await txn.get(key);
      if (bytes === undefined) throw DynamoDBError.resourceNotFound();
      const current = decodeDefinition(bytes);
      const asked = change(current);
      const next = (await syncTableStream(txn, current, asked.table, this.clock.nowMs()))!;
      const changed = { ...asked, table: next };
      const encoded = encodeDefinition(next);
      txn.put(key, encoded);
      for (const index of current.indexes ?? []) {
        if (!(next.indexes ?? []).some((kept) => kept.id === index.id)) txn.put(droppedPrefixKey(indexPrefix(current.id, index.id)), new Uint8Array(0));
      }
      return { result: changed, nextBytes: encoded };
    });
    this.remember(namespace, name, nextBytes, result.table);
    return result;
  }

  /**
   * Removes a table from the catalog and marks its id as dropped; its items are purged
   * in the background (see TablePurger). `check` may veto the removal.
   */
  async drop(namespace: string, name: string, check: (current: TableDefinition) => void): Promise<TableDefinition> {
    const key = catalogKey(namespace, name);
    const dropped = await transact(this.store, async (txn) => {
      const bytes = await txn.get(key);
      if (bytes === undefined) throw DynamoDBError.resourceNotFound();
      const definition = decodeDefinition(bytes);
      check(definition);
      await syncTableStream(txn, definition, undefined, this.clock.nowMs());
      txn.delete(key);
      txn.put(droppedPrefixKey(tablePrefix(definition.id)), new Uint8Array(0));
      txn.put(droppedPrefixKey(itemCollectionPrefix(definition.id)), new Uint8Array(0));
      return definition;
    });
    this.cache.delete(cacheKey(namespace, name));
    return dropped;
  }

  /** Every table of every namespace. */
  async allTables(): Promise<TableDefinition[]> {
    const tables: TableDefinition[] = [];
    for await (const entry of this.store.range(catalogRange(undefined))) tables.push(decodeDefinition(entry.value));
    return tables;
  }

  /** Table names of a namespace in ascending order, starting after `exclusiveStartName`. */
  async listNames(namespace: string, exclusiveStartName: string | undefined, limit: number): Promise<string[]> {
    const range = catalogRange(namespace);
    const start = exclusiveStartName === undefined ? range.start : successorKey(catalogKey(namespace, exclusiveStartName));
    const names: string[] = [];
    for await (const entry of this.store.range({ start, end: range.end, limit })) names.push(decodeDefinition(entry.value).name);
    return names;
  }
}

/** The smallest key greater than `key`. */
function successorKey(key: Uint8Array): Uint8Array {
  return Buffer.concat([key, Uint8Array.of(0)]);
}
