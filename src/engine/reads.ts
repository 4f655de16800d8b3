import { conditionAttributes } from '../expressions/condition-attributes.js';
import { evaluateCondition } from '../expressions/evaluate.js';
import type { Condition, Projection } from '../expressions/resolved.js';
import type { Item } from '../model/attribute-value.js';
import { DynamoDBError } from '../model/errors.js';
import { PAGE_BYTES_MAX } from '../model/limits.js';
import { StoredItem } from '../model/stored-item.js';
import type { OrderedStore } from '../storage/store.js';
import { pageReadCapacityUnits } from './capacity.js';
import { keyConditionHolds, type KeyCondition } from './key-condition.js';
import { queryRange, rangeAfter, rangeContains, scanRange, type KeyRange, type ScanSegment } from './key-ranges.js';
import { positionOf, startPosition, type StartPosition } from './page-position.js';
import { keyOfItem } from './primary-key.js';
import { checkQueryFilter, namesIndexLacks, projectionNames, type Select } from './read-rules.js';
import { readTarget, type ReadTarget } from './read-target.js';
import type { IndexDefinition, TableDefinition } from './table-definition.js';
import { AWS_MESSAGES } from '../model/aws-messages.js';

/**
 * Query and Scan below the wire: a ReadPlan names what to read and how, and
 * ItemReader runs it as one page.
 */

/** Which keys a read walks: those of one partition a key condition selects (Query), or a whole table or index, or one parallel-scan segment of it (Scan). */
export type KeySelection =
  | { readonly kind: 'query'; readonly condition: KeyCondition; readonly forward: boolean }
  | { readonly kind: 'scan'; readonly segment?: ScanSegment | undefined };

/**
 * One page of a read, with its expressions bound. Whoever builds a plan checks it
 * with checkConsistentRead, checkSelect and checkGsiHoldsProjection (read-rules.ts)
 * while binding the request, each at its point among the binding's own checks; the
 * reader checks the rest: a Query's filter, then the start key.
 */
export interface ReadPlan {
  readonly table: TableDefinition;
  /** The index read; the table itself when absent. */
  readonly index?: IndexDefinition | undefined;
  readonly keys: KeySelection;
  /**
   * ExclusiveStartKey as the request gave it (DynamoDB JSON), not yet parsed: a
   * request with an invalid filter and an invalid start key is refused for its filter.
   */
  readonly exclusiveStartKey?: unknown;
  /** Entries to read (before filtering), at most. */
  readonly limit?: number | undefined;
  readonly filter?: Condition | undefined;
  /**
   * A PartiQL SELECT filters by its whole WHERE, key conditions included, where a
   * Query's FilterExpression may not name a key attribute.
   */
  readonly filterMayNameKeys?: boolean;
  /** Bytes to read at most before the page stops: PAGE_BYTES_MAX unless a PartiQL page has spent some on earlier partitions. */
  readonly bytesMax?: number | undefined;
  readonly projection?: Projection | undefined;
  readonly select?: Select | undefined;
  readonly consistentRead: boolean;
}

export interface ReadPage {
  /** The items read that passed the filter, in key order: index entries, or the table's items where an LSI lacks what the response asks for. */
  readonly items: readonly StoredItem[];
  /** Entries read, filtered or not. */
  readonly scannedCount: number;
  readonly scannedBytes: number;
  readonly consumedReadUnits: number;
  /** The key attributes of the last entry read, when the page stopped at its limit or at 1 MB: the next page starts after it. */
  readonly lastEvaluatedKey?: Item | undefined;
}

/** A walk over one key range: in which direction, how far, keeping which entries. */
interface RangeRead {
  readonly range: KeyRange;
  readonly forward: boolean;
  readonly limit?: number | undefined;
  readonly bytesMax: number;
  readonly filter?: ((item: Item) => boolean) | undefined;
}

interface RangePage {
  readonly items: readonly StoredItem[];
  readonly scannedCount: number;
  readonly scannedBytes: number;
  readonly lastEvaluated?: StoredItem;
}

/** A filter as the walk applies it. */
function filterPredicate(filter: Condition | undefined): ((item: Item) => boolean) | undefined {
  return filter === undefined ? undefined : (item) => evaluateCondition(filter, item);
}

/**
 * A parallel scan's start key from another segment, in AWS's words (DynamoDB Local
 * says "Exclusive start key must lie within the segment"). An unsegmented scan's range
 * is the whole table, so it holds every start key that fits the key schema.
 */
function startKeyOutsideSegment(segment: ScanSegment | undefined): DynamoDBError {
  return DynamoDBError.validation(AWS_MESSAGES.startKeyOutsideSegment.text(segment?.total ?? 1, segment?.index ?? 0));
}

/** The range a plan walks, and its direction; a start key must lie in it (and, for a Query, satisfy the key condition). */
function walkedRange(target: ReadTarget, keys: KeySelection, start: StartPosition | undefined): { range: KeyRange; forward: boolean } {
  if (keys.kind === 'query') {
    if (start !== undefined && !keyConditionHolds(target, keys.condition, start.item)) {
      throw DynamoDBError.validation('The provided starting key does not match the range key predicate');
    }
    return { range: queryRange(target, keys.condition), forward: keys.forward };
  }
  const range = scanRange(target, keys.segment);
  if (start !== undefined && !rangeContains(range, start.storageKey)) throw startKeyOutsideSegment(keys.segment);
  return { range, forward: true };
}

/**
 * What a read of an LSI needs from the table, which the index does not project:
 * attributes for the response (Select=ALL_ATTRIBUTES, or a projection naming them) or
 * for the filter. A GSI never reads the table, as AWS's cannot: it refuses
 * projections of what it does not hold (read-rules.ts), and its filter sees only what
 * it holds.
 */
function tableNeeds(plan: ReadPlan): { forOutput: boolean; forFilter: boolean } {
  const { table, index } = plan;
  const lsi = index?.kind === 'LSI' && index.projection.type !== 'ALL' ? index : undefined;
  if (lsi === undefined) return { forOutput: false, forFilter: false };
  const lacksAny = (names: Iterable<string>): boolean => namesIndexLacks(table, lsi, names).length > 0;
  return {
    forOutput: plan.select === 'ALL_ATTRIBUTES' || (plan.projection !== undefined && lacksAny(projectionNames(plan.projection))),
    forFilter: plan.filter !== undefined && lacksAny(conditionAttributes(plan.filter)),
  };
}

/** Reads the pages of Query and Scan from storage. */
export class ItemReader {
  constructor(private readonly store: OrderedStore) {}

  /**
   * Reads one page. When a read of an LSI needs attributes the index does not project,
   * AWS fetches each entry's item from the table, and so does this: the page is read
   * unfiltered (Limit counts entries read, filtered or not), its items are fetched in
   * one read, the filter runs on them, and they replace the entries only when the
   * response asks for more than the index holds.
   */
  async read(plan: ReadPlan): Promise<ReadPage> {
    const { table, index } = plan;
    const target = readTarget(table, index);
    if (plan.keys.kind === 'query' && plan.filterMayNameKeys !== true) checkQueryFilter(table, index, target, plan.filter);
    const start = startPosition(table, index, plan.exclusiveStartKey, plan.keys.kind);
    const { range, forward } = walkedRange(target, plan.keys, start);
    const walk: RangeRead = {
      range: start === undefined ? range : rangeAfter(range, start.storageKey, forward),
      forward,
      limit: plan.limit,
      bytesMax: plan.bytesMax ?? PAGE_BYTES_MAX,
    };
    const filter = filterPredicate(plan.filter);
    const needs = tableNeeds(plan);
    let page: RangePage;
    if (!needs.forOutput && !needs.forFilter) page = await this.readRange({ ...walk, filter });
    else {
      const entries = await this.readRange(walk);
      page = { ...entries, items: await this.withTableItems(table, entries.items, filter, needs.forOutput) };
    }
    return {
      items: page.items,
      scannedCount: page.scannedCount,
      scannedBytes: page.scannedBytes,
      consumedReadUnits: pageReadCapacityUnits(page.scannedBytes, plan.consistentRead),
      lastEvaluatedKey: page.lastEvaluated === undefined ? undefined : positionOf(table, index, page.lastEvaluated.item),
    };
  }

  /**
   * Reads one page of entries from a key range, streaming from storage: a page stops
   * at `limit` entries or once the entries read reach 1 MB, as DynamoDB's pages do, and
   * then names its last entry so the next page can start after it.
   */
  private async readRange(request: RangeRead): Promise<RangePage> {
    const { range, forward, limit = Infinity, bytesMax, filter } = request;
    const items: StoredItem[] = [];
    let scannedCount = 0;
    let scannedBytes = 0;
    if (Buffer.compare(range.start, range.end) >= 0) return { items, scannedCount, scannedBytes };
    for await (const entry of this.store.range({ start: range.start, end: range.end, reverse: !forward })) {
      const stored = StoredItem.fromBytes(entry.value);
      scannedCount++;
      scannedBytes += stored.sizeBytes;
      if (filter === undefined || filter(stored.item)) items.push(stored);
      if (scannedCount >= limit || scannedBytes >= bytesMax) return { items, scannedCount, scannedBytes, lastEvaluated: stored };
    }
    return { items, scannedCount, scannedBytes };
  }

  /**
   * The table's items of the index entries, in one consistent read, filtered; each
   * entry stays as it is unless `replace`. An item deleted since its entry was read is
   * left out.
   */
  private async withTableItems(
    table: TableDefinition,
    entries: readonly StoredItem[],
    filter: ((item: Item) => boolean) | undefined,
    replace: boolean,
  ): Promise<StoredItem[]> {
    if (entries.length === 0) return [];
    const fetched = await this.store.getMany(entries.map((entry) => keyOfItem(table, entry.item).storageKey));
    return entries.flatMap((entry, position) => {
      const bytes = fetched[position];
      if (bytes === undefined) return [];
      const item = StoredItem.fromBytes(bytes);
      if (filter !== undefined && !filter(item.item)) return [];
      return [replace ? item : entry];
    });
  }
}
