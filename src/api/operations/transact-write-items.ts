import { createHash } from 'node:crypto';
import { CLIENT_TOKEN_LIFETIME_MS, readClientToken, writeClientToken } from '../../engine/client-tokens.js';
import { UNCHANGED, type ItemMutation, type ItemTransaction, type WriteOutcome } from '../../engine/items.js';
import { keyFromKeyParameter, keyOfItem, rejectEmptyKeyValues, tableKeyNames, type PrimaryKey } from '../../engine/primary-key.js';
import type { TableDefinition } from '../../engine/table-definition.js';
import type { Update } from '../../expressions/resolved.js';
import type { Item } from '../../model/attribute-value.js';
import { bindExpressions } from '../../expressions/request-expressions.js';
import { applyUpdate, checkUpdate } from '../../expressions/update.js';
import { parseTopLevelMap } from '../../model/attribute-parse.js';
import { DynamoDBError } from '../../model/errors.js';
import { itemSizeBytes } from '../../model/item-size.js';
import { TRANSACTION_ACTIONS_MAX, TRANSACTION_BYTES_MAX } from '../../model/limits.js';
import { requireTable, RETURN_CONSUMED_CAPACITY, RETURN_ITEM_COLLECTION_METRICS, TABLE_NAME_OR_ARN } from '../common.js';
import { CapacityTally, transactionalReadUnits } from '../consumed-capacity.js';
import type { Operation, RequestContext } from '../context.js';
import {
  EXPRESSION,
  EXPRESSION_ATTRIBUTE_NAMES,
  EXPRESSION_ATTRIBUTE_VALUES,
  requireCondition,
  RETURN_VALUES_ON_CONDITION_CHECK_FAILURE,
} from '../expression-parameters.js';
import { itemCollectionMetricsByTableField } from '../item-collection-metrics.js';
import { checkOneItemPerAction, TRANSACTION_CANCELLED_CODES, transactionCanceled, type CancellationReason } from '../transactions.js';
import { ATTRIBUTE_MAP, list, string, structure } from '../validation/shape.js';
import { validateRequest } from '../validation/validate.js';

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

interface ActionParameters {
  TableName: string;
  Key?: unknown;
  Item?: unknown;
  UpdateExpression?: string;
  ConditionExpression?: string;
  ExpressionAttributeNames?: Record<string, string>;
  ExpressionAttributeValues?: Record<string, unknown>;
  ReturnValuesOnConditionCheckFailure?: string;
}

type ActionKind = 'ConditionCheck' | 'Put' | 'Delete' | 'Update';
const ACTION_KINDS: readonly ActionKind[] = ['ConditionCheck', 'Put', 'Delete', 'Update'];

interface TransactWriteItemsRequest {
  TransactItems: Array<Partial<Record<ActionKind, ActionParameters>>>;
  ReturnConsumedCapacity?: string;
  ReturnItemCollectionMetrics?: string;
  ClientRequestToken?: string;
}

/** One action, checked and ready to run inside the transaction. */
interface PlannedAction {
  readonly kind: ActionKind;
  readonly table: TableDefinition;
  /** The request's share of the 4 MB limit: a Put's item, the key of the others. */
  readonly sizeBytes: number;
  /** The item and what to do with it; absent when the action is refused. */
  readonly write?: { readonly key: PrimaryKey; readonly mutate: ItemMutation };
  /**
   * Why the action is refused: AWS cancels a transaction with a ValidationError
   * reason for an action whose key does not fit the table or whose update would
   * change a key attribute, where malformed parameters fail the whole request.
   */
  readonly refusal?: string;
}

/** The item an action names and what it does with it; a ValidationException refuses the action. */
function planWrite(
  kind: ActionKind,
  table: TableDefinition,
  item: Item,
  update: Update | undefined,
  checked: (next: ItemMutation) => ItemMutation,
): PlannedAction['write'] {
  if (kind === 'Put') return { key: keyOfItem(table, item), mutate: checked(() => item) };
  const key = keyFromKeyParameter(table, item);
  switch (kind) {
    case 'ConditionCheck':
      return { key, mutate: checked(() => UNCHANGED) };
    case 'Delete':
      return { key, mutate: checked(() => undefined) };
    case 'Update':
      checkUpdate(update!, tableKeyNames(table));
      // As in UpdateItem, an update of an absent item starts from its key.
      return { key, mutate: checked((current) => applyUpdate(current?.item ?? item, update!)) };
  }
}

async function planAction(context: RequestContext, action: Partial<Record<ActionKind, ActionParameters>>): Promise<PlannedAction> {
  const kinds = ACTION_KINDS.filter((kind) => action[kind] !== undefined && action[kind] !== null);
  if (kinds.length === 0) throw DynamoDBError.validation('Invalid Request: TransactWriteRequest should contain Delete or Put or Update request');
  if (kinds.length > 1) throw DynamoDBError.validation('TransactItems can only contain one of Check, Put, Update or Delete');
  const kind = kinds[0]!;
  const parameters = action[kind]!;
  const table = await requireTable(context, parameters.TableName);
  const bound = bindExpressions(parameters, kind === 'Update' ? ['UpdateExpression', 'ConditionExpression'] : ['ConditionExpression']);
  const { condition } = bound;
  const returnOld = parameters.ReturnValuesOnConditionCheckFailure;
  /** The action's condition is checked first, then `next` decides the item's new state. */
  const checked =
    (next: ItemMutation): ItemMutation =>
    (current) => {
      requireCondition(condition, current, returnOld);
      return next(current);
    };
  const item = kind === 'Put' ? parseTopLevelMap(parameters.Item, 'Item') : parseTopLevelMap(parameters.Key, 'Key');
  const sizeBytes = itemSizeBytes(item);
  rejectEmptyKeyValues(table, item);
  try {
    return { kind, table, sizeBytes, write: planWrite(kind, table, item, bound.update, checked) };
  } catch (error) {
    if (!(error instanceof DynamoDBError) || error.type !== 'ValidationException') throw error;
    return { kind, table, sizeBytes, refusal: error.message };
  }
}

/**
 * What a repeated ClientRequestToken must match: the actions. A repeat may ask for
 * other return values; AWS then reports the read units of reading the items, as here.
 */
function requestHash(request: TransactWriteItemsRequest): string {
  return createHash('sha256').update(JSON.stringify(request.TransactItems)).digest('hex');
}

/** Runs every action in the transaction; if any fails, cancels it with a reason per action. */
async function runActions(items: ItemTransaction, actions: readonly PlannedAction[]): Promise<WriteOutcome[]> {
  const reasons: CancellationReason[] = [];
  const outcomes: WriteOutcome[] = [];
  for (const action of actions) {
    if (action.write === undefined) {
      reasons.push({ Code: 'ValidationError', Message: action.refusal });
      continue;
    }
    try {
      outcomes.push(await items.write(action.table, action.write.key, action.write.mutate));
      reasons.push({ Code: 'None' });
    } catch (error) {
      if (!(error instanceof DynamoDBError) || TRANSACTION_CANCELLED_CODES[error.type] === undefined) throw error;
      // DynamoDB Local words a failed ConditionCheck with a final period, unlike the other actions.
      const message = action.kind === 'ConditionCheck' && error.type === 'ConditionalCheckFailedException' ? `${error.message}.` : error.message;
      reasons.push({ Code: TRANSACTION_CANCELLED_CODES[error.type]!, Message: message, ...error.extraFields });
    }
  }
  if (reasons.some((reason) => reason.Code !== 'None')) throw transactionCanceled(reasons);
  return outcomes;
}

function response(request: TransactWriteItemsRequest, actions: readonly PlannedAction[], outcomes: readonly WriteOutcome[]): Record<string, unknown> {
  const capacity = new CapacityTally('WriteCapacityUnits');
  actions.forEach((action, at) => capacity.addWrite(action.table, outcomes[at]!, true));
  const writes = actions
    .map((action, at) => ({ table: action.table, kind: action.kind, key: action.write!.key, outcome: outcomes[at]! }))
    .filter((write) => write.kind !== 'ConditionCheck');
  return {
    ...capacity.listField(request.ReturnConsumedCapacity),
    ...itemCollectionMetricsByTableField(request.ReturnItemCollectionMetrics, writes),
  };
}

/** The answer to a repeat of a committed transaction: nothing is written, and the capacity is that of reading the items. */
async function repeatResponse(items: ItemTransaction, request: TransactWriteItemsRequest, actions: readonly PlannedAction[]): Promise<Record<string, unknown>> {
  const capacity = new CapacityTally('ReadCapacityUnits');
  for (const { table, write } of actions)
    if (write !== undefined) capacity.addTable(table.name, transactionalReadUnits((await items.read(write.key))?.sizeBytes ?? 0));
  return capacity.listField(request.ReturnConsumedCapacity);
}

/**
 * TransactWriteItems: every action commits in one storage transaction or none does.
 * Conflicting transactions are serialized (the storage transaction runs again), never
 * half-applied; a cancellation stands only if what it read was one consistent state.
 */
export const transactWriteItems: Operation = {
  async execute(body, context) {
    const request = validateRequest<TransactWriteItemsRequest>(REQUEST_SHAPE, body);
    const actions: PlannedAction[] = [];
    for (const action of request.TransactItems) actions.push(await planAction(context, action));
    checkOneItemPerAction(actions.flatMap((action) => (action.write === undefined ? [] : [action.write.key])));
    if (actions.reduce((total, action) => total + action.sizeBytes, 0) > TRANSACTION_BYTES_MAX) {
      throw DynamoDBError.validation('Transaction size has exceeded the maximum allowed size of 4 MB');
    }
    const token = request.ClientRequestToken;
    const hash = token === undefined ? '' : requestHash(request);
    const attempt = context.engine.items.transaction(
      async (items) => {
        const nowMs = Date.now();
        if (token !== undefined) {
          const first = await readClientToken(items.raw, context.namespace, token, nowMs);
          if (first !== undefined && first.requestHash !== hash) {
            throw new DynamoDBError('IdempotentParameterMismatchException', 'Request parameters do not match the request with the same client token');
          }
          if (first !== undefined) return repeatResponse(items, request, actions);
        }
        const outcomes = await runActions(items, actions);
        if (token !== undefined) writeClientToken(items.raw, context.namespace, token, { requestHash: hash, expiresAtMs: nowMs + CLIENT_TOKEN_LIFETIME_MS });
        return response(request, actions, outcomes);
      },
      { decidedByReads: (error) => error instanceof DynamoDBError && error.type === 'TransactionCanceledException' },
    );
    return attempt.catch((error: unknown) => {
      // Strata serializes conflicting transactions; only one that kept conflicting gives up, as AWS's would.
      if (!(error instanceof DynamoDBError) || error.type !== 'TransactionConflictException') throw error;
      throw transactionCanceled(actions.map(() => ({ Code: 'TransactionConflict', Message: 'Transaction is ongoing for the item' })));
    });
  },
};
