import { keyFromKeyParameter, rejectEmptyKeyValues, type PrimaryKey } from '../../engine/primary-key.js';
import type { TableDefinition } from '../../engine/table-definition.js';
import { projectItem } from '../../expressions/projection.js';
import type { Projection } from '../../expressions/resolved.js';
import { parseTopLevelMap } from '../../model/attribute-parse.js';
import { DynamoDBError } from '../../model/errors.js';
import type { Item } from '../../model/attribute-value.js';
import { TRANSACTION_ACTIONS_MAX } from '../../model/limits.js';
import { requireTable, RETURN_CONSUMED_CAPACITY, TABLE_NAME_OR_ARN } from '../common.js';
import { checkOneItemPerAction } from '../distinct-keys.js';
import { transactionalGetResponse } from '../transactional-gets.js';
import type { DeclaredOperation } from '../operation-registry.js';
import { EXPRESSION, EXPRESSION_ATTRIBUTE_NAMES, readProjection } from '../expression-parameters.js';
import { transactionCanceled } from '../../engine/transactions.js';
import { ATTRIBUTE_MAP, list, structure } from '../validation/shape.js';
import { validateRequest } from '../validation/validate.js';

const REQUEST_SHAPE = structure(
  {
    TransactItems: list(
      structure(
        {
          Get: structure(
            { Key: ATTRIBUTE_MAP, TableName: TABLE_NAME_OR_ARN, ProjectionExpression: EXPRESSION, ExpressionAttributeNames: EXPRESSION_ATTRIBUTE_NAMES },
            ['Key', 'TableName'],
          ),
        },
        ['Get'],
      ),
      { min: 1, max: TRANSACTION_ACTIONS_MAX },
    ),
    ReturnConsumedCapacity: RETURN_CONSUMED_CAPACITY,
  },
  ['TransactItems'],
);

interface PlannedGet {
  readonly table: TableDefinition;
  readonly key?: PrimaryKey;
  readonly projection?: Projection;
  /** Why the Get is refused (a key that does not fit the table): AWS cancels the transaction with a ValidationError reason. */
  readonly refusal?: string;
}

function keyOrRefusal(table: TableDefinition, json: unknown): Pick<PlannedGet, 'key' | 'refusal'> {
  const keyItem = parseTopLevelMap(json, 'Key');
  rejectEmptyKeyValues(table, keyItem);
  try {
    return { key: keyFromKeyParameter(table, keyItem) };
  } catch (error) {
    if (!(error instanceof DynamoDBError) || error.type !== 'ValidationException') throw error;
    return { refusal: error.message };
  }
}

/**
 * TransactGetItems reads every item as of one moment (a storage snapshot), so it
 * never sees part of a TransactWriteItems; a transactional read costs twice the read
 * units of a strongly consistent one.
 */
export const transactGetItems: DeclaredOperation = {
  requestShape: REQUEST_SHAPE,
  async execute(body, context) {
    const request = validateRequest(REQUEST_SHAPE, body);
    const gets: PlannedGet[] = [];
    for (const { Get: get } of request.TransactItems) {
      const table = await requireTable(context, get.TableName);
      const projection = readProjection(get);
      gets.push({ table, ...keyOrRefusal(table, get.Key), ...(projection === undefined ? {} : { projection }) });
    }
    const keys = gets.flatMap((get) => (get.key === undefined ? [] : [get.key]));
    checkOneItemPerAction(keys);
    if (gets.some((get) => get.refusal !== undefined)) {
      throw transactionCanceled(gets.map((get) => (get.refusal === undefined ? { Code: 'None' } : { Code: 'ValidationError', Message: get.refusal })));
    }
    // With no refusal, every Get has its key.
    const reads = gets.map((get) => ({ table: get.table, key: get.key! }));
    const project = (item: Item, at: number): Item => {
      const { projection } = gets[at]!;
      return projection === undefined ? item : projectItem(item, projection);
    };
    return transactionalGetResponse(context, reads, project, request.ReturnConsumedCapacity);
  },
};
