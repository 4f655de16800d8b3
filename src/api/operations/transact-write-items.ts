import { createHash } from 'node:crypto';
import type { WriteOutcome } from '../../engine/items.js';
import { CLIENT_WRITES, type Mutation, type MutationOptions } from '../../engine/mutation.js';
import { keyFromKeyParameter, keyOfItem, rejectEmptyKeyValues } from '../../engine/primary-key.js';
import type { TableDefinition } from '../../engine/table-definition.js';
import type { TransactionAction } from '../../engine/transactions.js';
import type { Update } from '../../expressions/resolved.js';
import type { Item } from '../../model/attribute-value.js';
import { bindExpressions } from '../../expressions/request-expressions.js';
import { parseTopLevelMap } from '../../model/attribute-parse.js';
import { DynamoDBError } from '../../model/errors.js';
import { itemSizeBytes } from '../../model/item-size.js';
import { TRANSACTION_ACTIONS_MAX, TRANSACTION_BYTES_MAX } from '../../model/limits.js';
import { requireTable, RETURN_CONSUMED_CAPACITY, RETURN_ITEM_COLLECTION_METRICS, TABLE_NAME_OR_ARN } from '../common.js';
import { committedCapacityField, repeatCapacityField } from '../transaction-capacity.js';
import type { RequestContext } from '../context.js';
import { checkOneItemPerAction } from '../distinct-keys.js';
import {
  conditionOptions,
  EXPRESSION,
  EXPRESSION_ATTRIBUTE_NAMES,
  EXPRESSION_ATTRIBUTE_VALUES,
  RETURN_VALUES_ON_CONDITION_CHECK_FAILURE,
} from '../expression-parameters.js';
import { itemCollectionMetricsByTableField } from '../item-collection-metrics.js';
import { ATTRIBUTE_MAP, list, string, structure, type Infer } from '../validation/shape.js';
import { validateRequest } from '../validation/validate.js';
import type { DeclaredOperation } from '../operation-registry.js';

const CONDITION_MEMBERS = {
  TableName: TABLE_NAME_OR_ARN,
  ConditionExpression: EXPRESSION,
  ExpressionAttributeNames: EXPRESSION_ATTRIBUTE_NAMES,
  ExpressionAttributeValues: EXPRESSION_ATTRIBUTE_VALUES,
  ReturnValuesOnConditionCheckFailure: RETURN_VALUES_ON_CONDITION_CHECK_FAILURE,
};

const REQUEST_SHAPE = structure(
  {
    TransactItems: list(
      structure({
        ConditionCheck: structure({ Key: ATTRIBUTE_MAP, ...CONDITION_MEMBERS }, ['Key', 'TableName', 'ConditionExpression']),
        Put: structure({ Item: ATTRIBUTE_MAP, ...CONDITION_MEMBERS }, ['Item', 'TableName']),
        Delete: structure({ Key: ATTRIBUTE_MAP, ...CONDITION_MEMBERS }, ['Key', 'TableName']),
        Update: structure({ Key: ATTRIBUTE_MAP, UpdateExpression: EXPRESSION, ...CONDITION_MEMBERS }, ['Key', 'UpdateExpression', 'TableName']),
      }),
      { min: 1, max: TRANSACTION_ACTIONS_MAX },
    ),
    ReturnConsumedCapacity: RETURN_CONSUMED_CAPACITY,
    ReturnItemCollectionMetrics: RETURN_ITEM_COLLECTION_METRICS,
    ClientRequestToken: string({ min: 1, max: 36 }),
  },
  ['TransactItems'],
);

type TransactWriteItemsRequest = Infer<typeof REQUEST_SHAPE>;
type TransactItem = TransactWriteItemsRequest['TransactItems'][number];
type ActionKind = keyof TransactItem;
const ACTION_KINDS: readonly ActionKind[] = ['ConditionCheck', 'Put', 'Delete', 'Update'];

/** One action, checked and ready to run inside the transaction. */
interface PlannedAction {
  readonly table: TableDefinition;
  /** The request's share of the 4 MB limit: a Put's item, the key of the others. */
  readonly sizeBytes: number;
  /**
   * The mutation, or why the action is refused: AWS cancels a transaction with a
   * ValidationError reason for an action whose key does not fit the table or whose
   * update would change a key attribute, where malformed parameters fail the whole
   * request.
   */
  readonly action: TransactionAction;
}

/** The mutation an action describes; a ValidationException refuses the action. */
function mutationOf(kind: ActionKind, table: TableDefinition, item: Item, update: Update | undefined, options: MutationOptions): Mutation {
  if (kind === 'Put') return CLIENT_WRITES.put(table, keyOfItem(table, item), item, options);
  const key = keyFromKeyParameter(table, item);
  switch (kind) {
    case 'ConditionCheck':
      return CLIENT_WRITES.conditionCheck(table, key, options);
    case 'Delete':
      return CLIENT_WRITES.delete(table, key, options);
    case 'Update':
      // As in UpdateItem, an update of an absent item starts from its key.
      return CLIENT_WRITES.update(table, key, item, update!, options);
  }
}

async function planAction(context: RequestContext, transactItem: TransactItem): Promise<PlannedAction> {
  const kinds = ACTION_KINDS.filter((kind) => transactItem[kind] !== undefined && transactItem[kind] !== null);
  if (kinds.length === 0) throw DynamoDBError.validation('Invalid Request: TransactWriteRequest should contain Delete or Put or Update request');
  if (kinds.length > 1) throw DynamoDBError.validation('TransactItems can only contain one of Check, Put, Update or Delete');
  const kind = kinds[0]!;
  const parameters = transactItem[kind]!;
  const table = await requireTable(context, parameters.TableName);
  const bound = bindExpressions(parameters, kind === 'Update' ? ['UpdateExpression', 'ConditionExpression'] : ['ConditionExpression']);
  const options = conditionOptions(bound.condition, parameters.ReturnValuesOnConditionCheckFailure);
  const item = kind === 'Put' ? parseTopLevelMap(transactItem.Put!.Item, 'Item') : parseTopLevelMap((parameters as { Key: unknown }).Key, 'Key');
  const sizeBytes = itemSizeBytes(item);
  rejectEmptyKeyValues(table, item);
  try {
    return { table, sizeBytes, action: { mutation: mutationOf(kind, table, item, bound.update, options) } };
  } catch (error) {
    if (!(error instanceof DynamoDBError) || error.type !== 'ValidationException') throw error;
    return { table, sizeBytes, action: { refusal: error.message } };
  }
}

/**
 * What a repeated ClientRequestToken must match: the actions. A repeat may ask for
 * other return values; AWS then reports the read units of reading the items, as here.
 */
function requestHash(request: TransactWriteItemsRequest): string {
  return createHash('sha256').update(JSON.stringify(request.TransactItems)).digest('hex');
}

function committedResponse(request: TransactWriteItemsRequest, mutations: readonly Mutation[], outcomes: readonly WriteOutcome[]): Record<string, unknown> {
  const writes = mutations
    .map((mutation, at) => ({ table: mutation.table, key: mutation.key, kind: mutation.action.kind, outcome: outcomes[at]! }))
    .filter((write) => write.kind !== 'check');
  return {
    ...committedCapacityField(request.ReturnConsumedCapacity, mutations, outcomes),
    ...itemCollectionMetricsByTableField(request.ReturnItemCollectionMetrics, writes),
  };
}

/** TransactWriteItems: every action commits in one storage transaction or none does (engine/transactions.ts). */
export const transactWriteItems: DeclaredOperation = {
  requestShape: REQUEST_SHAPE,
  async execute(body, context) {
    const request = validateRequest(REQUEST_SHAPE, body);
    const actions: PlannedAction[] = [];
    for (const transactItem of request.TransactItems) actions.push(await planAction(context, transactItem));
    const mutations = actions.flatMap(({ action }) => ('mutation' in action ? [action.mutation] : []));
    checkOneItemPerAction(mutations.map((mutation) => mutation.key));
    if (actions.reduce((total, action) => total + action.sizeBytes, 0) > TRANSACTION_BYTES_MAX) {
      throw DynamoDBError.validation('Transaction size has exceeded the maximum allowed size of 4 MB');
    }
    const token = request.ClientRequestToken;
    const result = await context.engine.transactWriteItems(
      context.namespace,
      actions.map(({ action }) => action),
      token === undefined ? undefined : { token, requestHash: requestHash(request) },
    );
    if (!result.repeated) return committedResponse(request, mutations, result.outcomes);
    return repeatCapacityField(
      request.ReturnConsumedCapacity,
      actions.map(({ table, action }) => ('mutation' in action ? table : undefined)),
      result.items,
    );
  },
};
