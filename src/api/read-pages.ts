import { pageReadCapacityUnits } from '../engine/capacity.js';
import type { Page, PageRequest } from '../engine/items.js';
import { keyOfItem, type PrimaryKey } from '../engine/primary-key.js';
import { indexEntryKey, keyAttributeNamesInUse, projectedNames } from '../engine/indexes.js';
import type { IndexDefinition, TableDefinition } from '../engine/table-definition.js';
import { evaluateCondition } from '../expressions/evaluate.js';
import { attributesToGetProjection, filterCondition, type ExpectedAttributeValue } from '../expressions/legacy.js';
import { projectItem } from '../expressions/projection.js';
import { bindExpressions } from '../expressions/request-expressions.js';
import { conditionAttributes } from '../expressions/condition-attributes.js';
import type { Condition, Projection } from '../expressions/resolved.js';
import type { ExpressionKind } from '../expressions/ast.js';
import { parseTopLevelMap } from '../model/attribute-parse.js';
import type { Item } from '../model/attribute-value.js';
import { DynamoDBError } from '../model/errors.js';
import { consumedCapacityField } from './consumed-capacity.js';
import { RawJson, type OperationResult, type RequestContext } from './context.js';
import { COMPARISON_OPERATOR, rejectMixedParameters } from './expression-parameters.js';
import { ATTRIBUTE_VALUE, list, map, string, structure } from './validation/shape.js';

/** Query's and Scan's Select, and their legacy filters (KeyConditions, QueryFilter, ScanFilter). */
export const SELECT = string({ enum: ['ALL_ATTRIBUTES', 'ALL_PROJECTED_ATTRIBUTES', 'SPECIFIC_ATTRIBUTES', 'COUNT'] });
export const LEGACY_CONDITIONS = map(structure({ AttributeValueList: list(ATTRIBUTE_VALUE), ComparisonOperator: COMPARISON_OPERATOR }, ['ComparisonOperator']));

/**
 * What Query and Scan share: the Select and projection rules, the filter (expression
 * or legacy), ExclusiveStartKey, and the shape of a page in the response.
 */

export interface ReadRequest {
  IndexName?: string;
  Select?: string;
  AttributesToGet?: string[];
  ProjectionExpression?: string;
  FilterExpression?: string;
  KeyConditionExpression?: string;
  ExpressionAttributeNames?: Record<string, string>;
  ExpressionAttributeValues?: Record<string, unknown>;
  ConditionalOperator?: string;
  ExclusiveStartKey?: unknown;
  ConsistentRead?: boolean;
  ReturnConsumedCapacity?: string;
  Limit?: number;
}

export interface BoundRead {
  readonly projection?: Projection;
  readonly filter?: Condition;
  readonly keyCondition?: Condition;
  /** Select=COUNT: the response carries counts and no items. */
  readonly countOnly: boolean;
}

const invalid = (message: string): DynamoDBError => DynamoDBError.validation(message);

function checkSelect(select: string | undefined, projectionParameter: string | undefined, index: IndexDefinition | undefined): void {
  if (select === 'COUNT' && projectionParameter !== undefined) throw invalid(`Cannot specify the ${projectionParameter} when choosing to get only the Count`);
  if (select === 'ALL_ATTRIBUTES' && projectionParameter !== undefined)
    throw invalid(`Cannot specify the ${projectionParameter} when choosing to get ALL_ATTRIBUTES`);
  if (select === 'SPECIFIC_ATTRIBUTES' && projectionParameter === undefined) {
    throw invalid('Must specify the AttributesToGet or ProjectionExpression when choosing to get SPECIFIC_ATTRIBUTES');
  }
  if (select === 'ALL_PROJECTED_ATTRIBUTES' && index === undefined) throw invalid('ALL_PROJECTED_ATTRIBUTES can be used only when Querying using an IndexName');
  if (select === 'ALL_ATTRIBUTES' && index?.kind === 'GSI' && index.projection.type !== 'ALL') {
    throw invalid(
      `One or more parameter values were invalid: Select type ALL_ATTRIBUTES is not supported for global secondary index ${index.name} because its projection type is not ALL`,
    );
  }
}

/**
 * Binds a read's expressions together (placeholders are checked across all of them),
 * or turns its legacy parameters into the same trees; mixing the two is an error.
 */
export function bindRead(
  table: TableDefinition,
  request: ReadRequest,
  legacyFilter: { name: 'QueryFilter' | 'ScanFilter'; value: Readonly<Record<string, ExpectedAttributeValue>> | undefined },
  legacyKeyConditionsGiven: boolean,
  valueExpressionNames: readonly ExpressionKind[],
  index: IndexDefinition | undefined,
): BoundRead {
  if (index?.kind === 'GSI' && request.ConsistentRead === true) throw invalid('Consistent reads are not supported on global secondary indexes');
  // KeyConditions may go with a FilterExpression (DynamoDB accepts that mix), but not
  // with a KeyConditionExpression.
  rejectMixedParameters(
    { ...request, [legacyFilter.name]: legacyFilter.value },
    ['AttributesToGet', legacyFilter.name, 'ConditionalOperator'],
    ['ProjectionExpression', 'FilterExpression', 'KeyConditionExpression'],
  );
  rejectMixedParameters({ ...request, KeyConditions: legacyKeyConditionsGiven ? true : undefined }, ['KeyConditions'], ['KeyConditionExpression']);
  const projectionParameter =
    request.AttributesToGet !== undefined ? 'AttributesToGet' : request.ProjectionExpression !== undefined ? 'ProjectionExpression' : undefined;
  checkSelect(request.Select, projectionParameter, index);
  const bound = bindExpressions(request, valueExpressionNames);
  if (request.AttributesToGet !== undefined && new Set(request.AttributesToGet).size !== request.AttributesToGet.length) {
    throw invalid('Cannot have two attributes with the same name');
  }
  const projection = request.AttributesToGet === undefined ? bound.projection : attributesToGetProjection(request.AttributesToGet);
  if (index?.kind === 'GSI' && projection !== undefined) checkGsiProjects(table, index, projection);
  let filter = bound.filter;
  if (legacyFilter.value !== undefined) filter = filterCondition(legacyFilter.value, request.ConditionalOperator);
  else if (request.ConditionalOperator !== undefined) throw invalid('ConditionalOperator cannot be used without Filter or Expected');
  return { projection, filter, keyCondition: bound.keyCondition, countOnly: request.Select === 'COUNT' };
}

/** The attributes among `names` that `index` does not project, each once (none for an index projecting ALL). */
function namesIndexLacks(table: TableDefinition, index: IndexDefinition, names: Iterable<string>): string[] {
  const held = projectedNames(table, index);
  return held === undefined ? [] : [...new Set(names)].filter((name) => !held.includes(name));
}

/** A GSI answers only with what it holds: projecting other attributes is an error. */
function checkGsiProjects(table: TableDefinition, index: IndexDefinition, projection: Projection): void {
  const missing = namesIndexLacks(
    table,
    index,
    projection.map((path) => path[0] as string),
  );
  if (missing.length > 0)
    throw invalid(`One or more parameter values were invalid: Global secondary index ${index.name} does not project [${missing.join(', ')}]`);
}

/**
 * A Query's filter on an index may only name what the index holds, LSIs included,
 * although an LSI fetches from the table for the response and for a Scan's filter:
 * DynamoDB Local draws the line there, with this message, and AWS's documentation
 * says nothing either way.
 */
export function checkIndexProjectsFilter(table: TableDefinition, index: IndexDefinition | undefined, filter: Condition | undefined): void {
  if (index === undefined || filter === undefined) return;
  const missing = namesIndexLacks(table, index, conditionAttributes(filter));
  if (missing.length > 0)
    throw invalid(
      `One or more parameter values were invalid: Secondary index ${index.name} does not project one or more filter attributes: [${missing.join(', ')}]`,
    );
}

/** A filter as the page reader applies it. */
function filterPredicate(filter: Condition | undefined): ((item: Item) => boolean) | undefined {
  return filter === undefined ? undefined : (item) => evaluateCondition(filter, item);
}

/**
 * Reads one page of a table or index for Query and Scan. When a read of an LSI needs
 * attributes the index does not project (Select=ALL_ATTRIBUTES or a projection naming
 * them, for the response; a Scan's filter naming them), AWS fetches each entry's item
 * from the table, and so does this: the page is read unfiltered (Limit counts entries
 * read, filtered or not), the items are fetched, the filter runs on them, and they
 * replace the entries only when the response asks for more than the index holds. A GSI
 * never fetches: bindRead refuses what it would need.
 */
export async function readPageOf(
  context: RequestContext,
  table: TableDefinition,
  index: IndexDefinition | undefined,
  read: BoundRead,
  select: string | undefined,
  request: PageRequest,
): Promise<Page> {
  const filter = filterPredicate(read.filter);
  const lsi = index?.kind === 'LSI' && index.projection.type !== 'ALL' ? index : undefined;
  const lacksAny = (names: Iterable<string>): boolean => lsi !== undefined && namesIndexLacks(table, lsi, names).length > 0;
  const outputNeedsTable = lsi !== undefined && (select === 'ALL_ATTRIBUTES' || lacksAny((read.projection ?? []).map((path) => path[0] as string)));
  const filterNeedsTable = read.filter !== undefined && lacksAny(conditionAttributes(read.filter));
  if (!outputNeedsTable && !filterNeedsTable) return context.engine.items.readPage({ ...request, filter });
  const page = await context.engine.items.readPage(request);
  const fetched = await Promise.all(page.items.map((entry) => context.engine.items.get(keyOfItem(table, entry.item))));
  const items = page.items.flatMap((entry, position) => {
    const item = fetched[position];
    if (item === undefined || (filter !== undefined && !filter(item.item))) return [];
    return [outputNeedsTable ? item : entry];
  });
  return { ...page, items };
}

/** The key attributes a page position names: the table's, and the index's when reading one. */
function positionAttributes(table: TableDefinition, index: IndexDefinition | undefined): string[] {
  return [...keyAttributeNamesInUse(table, index === undefined ? [] : [index])];
}

export interface StartPosition {
  /** The storage key of the item (or index entry) the page starts after. */
  readonly storageKey: Uint8Array;
  readonly item: Item;
}

/** ExclusiveStartKey, checked against the key schema of the table (and index) read. */
export function exclusiveStartKey(table: TableDefinition, index: IndexDefinition | undefined, json: unknown): StartPosition | undefined {
  if (json === undefined || json === null) return undefined;
  const item = parseTopLevelMap(json, 'ExclusiveStartKey');
  if (Object.keys(item).length !== positionAttributes(table, index).length) throw invalid("Exclusive Start Key must have same size as table's key schema");
  let storageKey: Uint8Array | undefined;
  try {
    const tableKey: PrimaryKey = keyOfItem(table, item);
    storageKey = index === undefined ? tableKey.storageKey : indexEntryKey(table, index, item);
  } catch {
    storageKey = undefined;
  }
  if (storageKey === undefined) throw invalid('The provided starting key is invalid: The provided key element does not match the schema');
  return { storageKey, item };
}

function positionOf(table: TableDefinition, index: IndexDefinition | undefined, item: Item): Item {
  return Object.fromEntries(positionAttributes(table, index).map((name) => [name, item[name]!]));
}

/** The response of a Query or Scan page. With no projection the stored JSON is sent as is. */
export function pageResponse(table: TableDefinition, index: IndexDefinition | undefined, page: Page, read: BoundRead, request: ReadRequest): OperationResult {
  const units = pageReadCapacityUnits(page.scannedBytes, request.ConsistentRead === true);
  const tail: Record<string, unknown> = { Count: page.items.length, ScannedCount: page.scannedCount };
  if (page.lastEvaluated !== undefined) tail.LastEvaluatedKey = positionOf(table, index, page.lastEvaluated.item);
  Object.assign(tail, consumedCapacityField(request.ReturnConsumedCapacity, table.name, units));
  if (read.countOnly) return tail;
  const { projection } = read;
  if (projection !== undefined) return { Items: page.items.map((stored) => projectItem(stored.item, projection)), ...tail };
  const tailJson = JSON.stringify(tail);
  return new RawJson(`{"Items":[${page.items.map((stored) => stored.jsonText).join(',')}],${tailJson.slice(1)}`);
}
