import { CLIENT_WRITES, type Mutation } from '../../engine/mutation.js';
import { keyFromKeyParameter, keyOfItem } from '../../engine/primary-key.js';
import { parseTopLevelMap } from '../../model/attribute-parse.js';
import { DynamoDBError } from '../../model/errors.js';
import { itemSizeBytes } from '../../model/item-size.js';
import { BATCH_WRITE_REQUESTS_MAX, ITEM_SIZE_BYTES_MAX } from '../../model/limits.js';
import { requireTable, RETURN_CONSUMED_CAPACITY, RETURN_ITEM_COLLECTION_METRICS } from '../common.js';
import { CapacityTally } from '../consumed-capacity.js';
import { DistinctKeys, DUPLICATE_KEYS } from '../distinct-keys.js';
import type { RequestContext } from '../context.js';
import { itemCollectionMetricsByTableField } from '../item-collection-metrics.js';
import { ATTRIBUTE_MAP, list, map, structure, type Infer } from '../validation/shape.js';
import { validateRequest } from '../validation/validate.js';
import type { DeclaredOperation } from '../operation-registry.js';
import { AWS_MESSAGES } from '../../model/aws-messages.js';

const REQUEST_SHAPE = structure(
  {
    RequestItems: map(
      list(structure({ PutRequest: structure({ Item: ATTRIBUTE_MAP }, ['Item']), DeleteRequest: structure({ Key: ATTRIBUTE_MAP }, ['Key']) }), {
        min: 1,
        max: BATCH_WRITE_REQUESTS_MAX,
      }),
      { min: 1, max: BATCH_WRITE_REQUESTS_MAX },
    ),
    ReturnConsumedCapacity: RETURN_CONSUMED_CAPACITY,
    ReturnItemCollectionMetrics: RETURN_ITEM_COLLECTION_METRICS,
  },
  ['RequestItems'],
);

/** Every request is checked before any is written: a batch with one bad request writes nothing. */
async function planWrites(context: RequestContext, request: Infer<typeof REQUEST_SHAPE>): Promise<Mutation[]> {
  const writes: Mutation[] = [];
  const distinct = new DistinctKeys(DUPLICATE_KEYS);
  for (const [name, requests] of Object.entries(request.RequestItems)) {
    if (writes.length + requests.length > BATCH_WRITE_REQUESTS_MAX) throw DynamoDBError.validation('Too many items requested for the BatchWriteItem call');
    const table = await requireTable(context, name);
    for (const writeRequest of requests) {
      const put = writeRequest.PutRequest ?? undefined;
      const del = writeRequest.DeleteRequest ?? undefined;
      if ((put === undefined) === (del === undefined)) {
        throw DynamoDBError.validation('Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes');
      }
      let planned: Mutation;
      if (put !== undefined) {
        const item = parseTopLevelMap(put.Item, 'Item');
        if (itemSizeBytes(item) > ITEM_SIZE_BYTES_MAX) throw DynamoDBError.validation(AWS_MESSAGES.itemTooLarge.text);
        planned = CLIENT_WRITES.put(table, keyOfItem(table, item), item);
      } else {
        planned = CLIENT_WRITES.delete(table, keyFromKeyParameter(table, parseTopLevelMap(del!.Key, 'Key')));
      }
      distinct.add(planned.key);
      writes.push(planned);
    }
  }
  return writes;
}

/**
 * BatchWriteItem: up to 25 puts and deletes across tables. DynamoDB makes each atomic
 * on its own (with its index entries); Strata commits them all in one storage
 * transaction, which is never weaker and costs one commit (one LMDB flush, one
 * database round trip) instead of 25. Their items are read in one call first. Every
 * request is taken, so UnprocessedItems is empty.
 */
export const batchWriteItem: DeclaredOperation = {
  requestShape: REQUEST_SHAPE,
  async execute(body, context) {
    const request = validateRequest(REQUEST_SHAPE, body);
    const writes = await planWrites(context, request);
    const outcomes = await context.engine.writeItems(writes);
    const capacity = new CapacityTally();
    writes.forEach((write, at) => capacity.addWrite(write.table, outcomes[at]!));
    return {
      UnprocessedItems: {},
      ...capacity.listField(request.ReturnConsumedCapacity),
      ...itemCollectionMetricsByTableField(
        request.ReturnItemCollectionMetrics,
        writes.map((write, at) => ({ ...write, outcome: outcomes[at]! })),
      ),
    };
  },
};
