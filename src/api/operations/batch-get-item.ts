import { keyFromKeyParameter, type PrimaryKey } from '../../engine/primary-key.js';
import type { TableDefinition } from '../../engine/table-definition.js';
import { projectItem } from '../../expressions/projection.js';
import type { Projection } from '../../expressions/resolved.js';
import { parseTopLevelMap } from '../../model/attribute-parse.js';
import type { Item } from '../../model/attribute-value.js';
import { DynamoDBError } from '../../model/errors.js';
import { BATCH_GET_KEYS_MAX, BATCH_GET_RESPONSE_BYTES_MAX } from '../../model/limits.js';
import { requireTable, RETURN_CONSUMED_CAPACITY } from '../common.js';
import { readCapacityUnits } from '../../engine/capacity.js';
import { CapacityTally } from '../consumed-capacity.js';
import { DistinctKeys, DUPLICATE_KEYS } from '../distinct-keys.js';
import type { RequestContext } from '../context.js';
import { EXPRESSION, EXPRESSION_ATTRIBUTE_NAMES, readProjection, rejectMixedParameters } from '../expression-parameters.js';
import { ATTRIBUTE_MAP, BOOLEAN, list, map, string, structure, type Infer } from '../validation/shape.js';
import { validateRequest } from '../validation/validate.js';
import type { DeclaredOperation } from '../operation-registry.js';

const REQUEST_SHAPE = structure(
  {
    RequestItems: map(
      structure(
        {
          Keys: list(ATTRIBUTE_MAP, { min: 1, max: BATCH_GET_KEYS_MAX }),
          AttributesToGet: list(string(), { min: 1 }),
          ConsistentRead: BOOLEAN,
          ProjectionExpression: EXPRESSION,
          ExpressionAttributeNames: EXPRESSION_ATTRIBUTE_NAMES,
        },
        ['Keys'],
      ),
      { min: 1, max: BATCH_GET_KEYS_MAX },
    ),
    ReturnConsumedCapacity: RETURN_CONSUMED_CAPACITY,
  },
  ['RequestItems'],
);

type BatchGetItemRequest = Infer<typeof REQUEST_SHAPE>;
type KeysAndAttributes = BatchGetItemRequest['RequestItems'][string];

interface TableRead {
  readonly name: string;
  readonly table: TableDefinition;
  readonly parameters: KeysAndAttributes;
  readonly projection?: Projection;
  readonly keys: ReadonlyArray<{ readonly json: KeysAndAttributes['Keys'][number]; readonly key: PrimaryKey }>;
}

async function planReads(context: RequestContext, request: BatchGetItemRequest): Promise<TableRead[]> {
  const reads: TableRead[] = [];
  const tables = Object.values(request.RequestItems);
  // One request uses either expressions or legacy parameters, across all its tables.
  rejectMixedParameters(
    {
      AttributesToGet: tables.find((table) => table.AttributesToGet !== undefined)?.AttributesToGet,
      ProjectionExpression: tables.find((table) => table.ProjectionExpression !== undefined)?.ProjectionExpression,
    },
    ['AttributesToGet'],
    ['ProjectionExpression'],
  );
  let keyCount = 0;
  for (const [name, parameters] of Object.entries(request.RequestItems)) {
    keyCount += parameters.Keys.length;
    if (keyCount > BATCH_GET_KEYS_MAX) throw DynamoDBError.validation('Too many items requested for the BatchGetItem call');
    const table = await requireTable(context, name);
    const projection = readProjection(parameters);
    const distinct = new DistinctKeys(DUPLICATE_KEYS);
    const keys = parameters.Keys.map((json) => {
      const key = keyFromKeyParameter(table, parseTopLevelMap(json, 'Key'));
      distinct.add(key);
      return { json, key };
    });
    reads.push({ name, table, parameters, keys, ...(projection === undefined ? {} : { projection }) });
  }
  return reads;
}

/**
 * BatchGetItem: up to 100 keys across tables, each read on its own (a batch is not a
 * transaction). Once the items gathered pass 16 MB the remaining keys are returned in
 * UnprocessedKeys, with their table's parameters, for the client to ask again.
 */
export const batchGetItem: DeclaredOperation = {
  requestShape: REQUEST_SHAPE,
  async execute(body, context) {
    const request = validateRequest(REQUEST_SHAPE, body);
    const reads = await planReads(context, request);
    // Maps, not objects: a table may be named __proto__.
    const responses = new Map<string, Item[]>();
    const unprocessed = new Map<string, KeysAndAttributes>();
    const capacity = new CapacityTally();
    let responseBytes = 0;
    let full = false;
    for (const read of reads) {
      const found: Item[] = [];
      responses.set(read.name, found);
      const stored = full ? [] : await context.engine.getItems(read.keys.map(({ key }) => key));
      read.keys.forEach(({ json }, at) => {
        const item = stored[at];
        full ||= responseBytes + (item?.sizeBytes ?? 0) > BATCH_GET_RESPONSE_BYTES_MAX;
        if (full) {
          const keys = unprocessed.get(read.name) ?? { ...read.parameters, Keys: [] };
          keys.Keys.push(json);
          unprocessed.set(read.name, keys);
          return;
        }
        capacity.addTable(read.table.name, readCapacityUnits(item?.sizeBytes ?? 0, read.parameters.ConsistentRead === true));
        if (item === undefined) return;
        responseBytes += item.sizeBytes;
        found.push(read.projection === undefined ? item.item : projectItem(item.item, read.projection));
      });
    }
    return {
      Responses: Object.fromEntries(responses),
      UnprocessedKeys: Object.fromEntries(unprocessed),
      ...capacity.listField(request.ReturnConsumedCapacity),
    };
  },
};
