import { DynamoDBError } from '../model/errors.js';
import { itemSizeBytes } from '../model/item-size.js';
import { ITEM_COLLECTION_BYTES_MAX, ITEM_SIZE_BYTES_MAX } from '../model/limits.js';
import { StoredItem } from '../model/stored-item.js';
import { KeyTooLargeError, type OrderedStore } from '../storage/store.js';
import { transact, TransactionConflictError, type Transaction, type TransactOptions } from '../storage/transaction.js';
import { definitionFromCatalogEntry } from './catalog.js';
import { readClientToken, writeClientToken, type ClientTokenRecord } from './client-tokens.js';
import { indexEntry, indexEntryKey, indexEntrySizeBytes } from './indexes.js';
import { BASE_TABLE_INDEX_ID, catalogKey, itemCollectionKey } from './keyspace.js';
import { nextItemState, UNCHANGED, type Mutation } from './mutation.js';
import type { PrimaryKey } from './primary-key.js';
import type { TableDefinition } from './table-definition.js';
import type { TableStatsTracker } from './table-stats.js';
import { AWS_MESSAGES } from '../model/aws-messages.js';
import type { Clock } from '../model/clock.js';
import { appendStreamRecord, streamRecordOf } from './stream-records.js';
import type { ChangeSignal } from './change-signal.js';

export interface WriteOutcome {
  readonly previous: StoredItem | undefined;
  readonly next: StoredItem | undefined;
  /** The size of the item's collection after the write, for tables with LSIs. */
  readonly itemCollectionSizeBytes?: number;
  /** The index entries the write changed. */
  readonly indexChanges?: readonly IndexChange[];
}

/**
 * Item reads and writes. Every write is a Mutation (engine/mutation.ts) — Put, Delete,
 * Update and ConditionCheck, single, batched or transactional, from a client or from
 * the engine's background work — and goes through ItemTransaction.write, the one
 * read-modify-write path: the current item is read and the mutation decided inside
 * one storage transaction, so a condition checked there holds when the write commits.
 */
export class ItemStore {
  constructor(
    private readonly store: OrderedStore,
    private readonly stats: TableStatsTracker,
    private readonly clock: Clock,
    private readonly streamRecordsWritten: ChangeSignal,
  ) {}

  async get(key: PrimaryKey): Promise<StoredItem | undefined> {
    const bytes = await this.store.get(key.storageKey);
    return bytes === undefined ? undefined : StoredItem.fromBytes(bytes);
  }

  /** One mutation in a storage transaction of its own: PutItem, UpdateItem, DeleteItem. */
  async write(mutation: Mutation): Promise<WriteOutcome> {
    return this.transaction((items) => items.write(mutation));
  }

  /**
   * Several writes, each as `write` makes it, committed together in one storage
   * transaction (one LMDB flush, one database round trip) after their items and
   * tables' definitions are read in one call. Outcomes come in the order of `writes`.
   */
  async writeAll(mutations: readonly Mutation[]): Promise<WriteOutcome[]> {
    return this.transaction(async (items) => {
      await items.prefetch(mutations);
      const outcomes: WriteOutcome[] = [];
      for (const mutation of mutations) outcomes.push(await items.write(mutation));
      return outcomes;
    });
  }

  /**
   * Runs `work` as one storage transaction over any number of items, in any tables:
   * everything it writes commits together or not at all, and nothing it read may
   * have changed by then (else it runs again from the start). TransactWriteItems and
   * every single-item write use it.
   */
  async transaction<T>(work: (items: ItemTransaction) => Promise<T>, options: TransactOptions = {}): Promise<T> {
    let attempt: ItemTransaction | undefined;
    const result = await this.transactOnItem(async (txn) => {
      attempt = new ItemTransaction(txn, this.clock);
      return work(attempt);
    }, options);
    for (const change of attempt!.changes) this.stats.recordWrite(change.tableId, change.indexId, change.oldSizeBytes, change.newSizeBytes);
    if (attempt!.wroteStreamRecords) this.streamRecordsWritten.notify();
    return result;
  }

  /** Several items as of one moment, for TransactGetItems: no commit lands between the reads. */
  async getSnapshot(keys: readonly PrimaryKey[]): Promise<Array<StoredItem | undefined>> {
    const values = await this.store.getMany(keys.map((key) => key.storageKey));
    return values.map((bytes) => (bytes === undefined ? undefined : StoredItem.fromBytes(bytes)));
  }

  private async transactOnItem<T>(work: (txn: Transaction) => Promise<T>, options: TransactOptions): Promise<T> {
    try {
      return await transact(this.store, work, options);
    } catch (error) {
      if (error instanceof TransactionConflictError) throw new DynamoDBError('TransactionConflictException', 'Transaction is ongoing for the item');
      if (error instanceof KeyTooLargeError) {
        throw DynamoDBError.validation(
          `One or more parameter values were invalid: the encoded primary key takes ${error.keyBytes} bytes, more than the ${error.keyBytesMax} this storage backend can index (keys made mostly of zero bytes encode at up to twice their size)`,
        );
      }
      throw error;
    }
  }
}

/** A size change of one table or index entry, for DescribeTable's counts once committed. */
interface EntryChange {
  readonly tableId: number;
  readonly indexId: number;
  readonly oldSizeBytes: number | undefined;
  readonly newSizeBytes: number | undefined;
}

/** The item operations of one storage transaction (see ItemStore.transaction). */
export class ItemTransaction {
  readonly changes: EntryChange[] = [];
  /** Some write appended a stream record, so the commit is one the stream's consumers wait for. */
  wroteStreamRecords = false;

  constructor(
    private readonly txn: Transaction,
    private readonly clock: Clock,
  ) {}

  /** The item at `key`; it joins the read set, so a change to it before the commit makes the transaction run again. */
  async read(key: PrimaryKey): Promise<StoredItem | undefined> {
    const bytes = await this.txn.get(key.storageKey);
    return bytes === undefined ? undefined : StoredItem.fromBytes(bytes);
  }

  /**
   * Reads the items at `targets`, and their tables' definitions, in one storage call
   * (one round trip on a network database), so that the writes to them that follow
   * find everything already read.
   */
  async prefetch(targets: ReadonlyArray<Pick<Mutation, 'table' | 'key'>>): Promise<void> {
    await this.txn.getMany(targets.flatMap(({ table, key }) => [catalogKey(table.namespace, table.name), key.storageKey]));
  }

  /** The live record of a ClientRequestToken; it joins the read set, so a token taken concurrently makes the transaction run again. */
  clientToken(namespace: string, token: string, nowMs: number): Promise<ClientTokenRecord | undefined> {
    return readClientToken(this.txn, namespace, token, nowMs);
  }

  /** Records a ClientRequestToken in this transaction's commit. */
  rememberClientToken(namespace: string, token: string, record: ClientTokenRecord): void {
    writeClientToken(this.txn, namespace, token, record);
  }

  /**
   * Reads the item, decides its next state (nextItemState), and writes it with its
   * index entries, its item collection size and, when the table has a stream, the
   * record of the change: all in the one commit, so none is written without the others.
   */
  async write(mutation: Mutation): Promise<WriteOutcome> {
    const { txn } = this;
    const { table, key } = mutation;
    const entryKey = catalogKey(table.namespace, table.name);
    const [entryBytes, previousBytes] = await txn.getMany([entryKey, key.storageKey]);
    const definition = definitionFromCatalogEntry(entryKey, entryBytes);
    if (definition === undefined || definition.id !== table.id) throw DynamoDBError.resourceNotFound();
    const previous = previousBytes === undefined ? undefined : StoredItem.fromBytes(previousBytes);
    const nextItem = nextItemState(mutation, previous);
    if (nextItem === UNCHANGED) return { previous, next: previous };
    let next: StoredItem | undefined;
    if (nextItem === undefined) {
      if (previous === undefined) return { previous, next: undefined, ...(await updateItemCollection(txn, definition, key, previous, undefined, [])) };
      txn.delete(key.storageKey);
    } else {
      const nextSizeBytes = itemSizeBytes(nextItem);
      if (nextSizeBytes > ITEM_SIZE_BYTES_MAX) {
        throw DynamoDBError.validation(mutation.action.kind === 'update' ? AWS_MESSAGES.updatedItemTooLarge.text : AWS_MESSAGES.itemTooLarge.text);
      }
      next = StoredItem.fromItem(nextItem, nextSizeBytes);
      txn.put(key.storageKey, next.bytes);
    }
    if (definition.stream !== undefined) {
      const record = streamRecordOf(definition, definition.stream, previous?.item, next?.item, mutation.source, this.clock.nowMs());
      if (record !== undefined) {
        appendStreamRecord(txn, definition.stream, key.storageKey, record);
        this.wroteStreamRecords = true;
      }
    }
    const indexChanges = updateIndexEntries(txn, definition, previous, next);
    this.changes.push({ tableId: table.id, indexId: BASE_TABLE_INDEX_ID, oldSizeBytes: previous?.sizeBytes, newSizeBytes: next?.sizeBytes });
    for (const change of indexChanges) this.changes.push({ tableId: table.id, ...change });
    return { previous, next, indexChanges, ...(await updateItemCollection(txn, definition, key, previous, next, indexChanges)) };
  }
}

/** How one write changed one index: its old and new entries (absent: none). */
export interface IndexChange {
  readonly indexId: number;
  readonly oldSizeBytes: number | undefined;
  readonly newSizeBytes: number | undefined;
  /** Both entries exist under different keys: the index deleted one and wrote the other. */
  readonly moved: boolean;
}

/** Index entries move with their item, in the same transaction as the item itself. */
function updateIndexEntries(txn: Transaction, table: TableDefinition, previous: StoredItem | undefined, next: StoredItem | undefined): IndexChange[] {
  const changes: IndexChange[] = [];
  for (const index of table.indexes ?? []) {
    const oldKey = previous === undefined ? undefined : indexEntryKey(table, index, previous.item);
    const entry = next === undefined ? undefined : indexEntry(table, index, next);
    const moved = oldKey !== undefined && entry !== undefined && Buffer.compare(oldKey, entry.key) !== 0;
    if (oldKey !== undefined && (entry === undefined || moved)) txn.delete(oldKey);
    if (entry !== undefined) txn.put(entry.key, entry.value.bytes);
    if (oldKey === undefined && entry === undefined) continue;
    const oldSizeBytes = oldKey === undefined ? undefined : indexEntrySizeBytes(table, index, previous!);
    changes.push({ indexId: index.id, oldSizeBytes, newSizeBytes: entry?.value.sizeBytes, moved });
  }
  return changes;
}

/**
 * Keeps the size of an item collection — a partition's items plus their LSI entries —
 * for tables with LSIs, and refuses a write that would take it past 10 GB, as
 * DynamoDB does. The size lives in one key per partition, written in the same commit.
 */
async function updateItemCollection(
  txn: Transaction,
  table: TableDefinition,
  key: PrimaryKey,
  previous: StoredItem | undefined,
  next: StoredItem | undefined,
  indexChanges: readonly IndexChange[],
): Promise<{ itemCollectionSizeBytes?: number }> {
  const localIndexIds = new Set((table.indexes ?? []).filter((index) => index.kind === 'LSI').map((index) => index.id));
  if (localIndexIds.size === 0) return {};
  let deltaBytes = (next?.sizeBytes ?? 0) - (previous?.sizeBytes ?? 0);
  for (const change of indexChanges) {
    if (localIndexIds.has(change.indexId)) deltaBytes += (change.newSizeBytes ?? 0) - (change.oldSizeBytes ?? 0);
  }
  const counterKey = itemCollectionKey(table.id, key.partition);
  const stored = await txn.get(counterKey);
  const sizeBytes = Math.max(0, (stored === undefined ? 0 : Number(Buffer.from(stored).toString())) + deltaBytes);
  if (deltaBytes > 0 && sizeBytes > ITEM_COLLECTION_BYTES_MAX) {
    throw new DynamoDBError('ItemCollectionSizeLimitExceededException', 'Item collection size limit exceeded');
  }
  if (sizeBytes === 0) txn.delete(counterKey);
  else if (deltaBytes !== 0) txn.put(counterKey, Buffer.from(String(sizeBytes)));
  return { itemCollectionSizeBytes: sizeBytes };
}
