import { createHash } from 'node:crypto';
import { CLIENT_TOKEN_LIFETIME_MS, readClientToken, writeClientToken } from '../engine/client-tokens.js';
import { UNCHANGED, type ItemMutation, type ItemTransaction, type WriteOutcome } from '../engine/items.js';
import { keyFromKeyParameter, keyOfItem, tableKeyNames, type PrimaryKey } from '../engine/primary-key.js';
import type { TableDefinition } from '../engine/table-definition.js';
import { bindExpressions } from '../expressions/request-expressions.js';
import { applyUpdate, checkUpdate } from '../expressions/update.js';
import { parseTopLevelMap } from '../model/attribute-parse.js';
import { DynamoDBError } from '../model/errors.js';
import { itemSizeBytes } from '../model/item-size.js';
import { TRANSACTION_ACTIONS_MAX, TRANSACTION_BYTES_MAX } from '../model/limits.js';
import { requireTable, RETURN_CONSUMED_CAPACITY, RETURN_ITEM_COLLECTION_METRICS, TABLE_NAME_OR_ARN } from './common.js';
import { addUnits, consumedCapacityListField, readCapacityUnits, writeCapacityUnits } from './consumed-capacity.js';
import type { Operation, RequestContext } from './context.js';
import { EXPRESSION, EXPRESSION_ATTRIBUTE_NAMES, EXPRESSION_ATTRIBUTE_VALUES, requireCondition, RETURN_VALUES_ON_CONDITION_CHECK_FAILURE } from './expression-parameters.js';
import { itemCollectionMetricsByTableField } from './item-collection-metrics.js';
import { checkOneItemPerAction, TRANSACTION_CANCELLED_CODES, transactionCanceled, type CancellationReason } from './transactions.js';
import { ATTRIBUTE_MAP, list, string, structure } from './validation/shape.js';
import { validateRequest } from './validation/validate.js';

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
  readonly key: PrimaryKey;
  readonly mutate: ItemMutation;
  /** The request's share of the 4 MB limit: a Put's item, the key of the others. */
  readonly sizeBytes: number;
}

async function planAction(context: RequestContext, action: Partial<Record<ActionKind, ActionParameters>>): Promise<PlannedAction> {
  const kinds = ACTION_KINDS.filter((kind) => action[kind] !== undefined && action[kind] !== null);
  if (kinds.length !== 1) throw DynamoDBError.validation('TransactItems can only contain one of Check, Put, Update or Delete');
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
  if (kind === 'Put') {
    const item = parseTopLevelMap(parameters.Item, 'Item');
    return { kind, table, key: keyOfItem(table, item), sizeBytes: itemSizeBytes(item), mutate: checked(() => item) };
  }
  const keyItem = parseTopLevelMap(parameters.Key, 'Key');
  const key = keyFromKeyParameter(table, keyItem);
  const sizeBytes = itemSizeBytes(keyItem);
  switch (kind) {
    case 'ConditionCheck':
      return { kind, table, key, sizeBytes, mutate: checked(() => UNCHANGED) };
    case 'Delete':
      return { kind, table, key, sizeBytes, mutate: checked(() => undefined) };
    case 'Update': {
      const update = bound.update!;
      checkUpdate(update, tableKeyNames(table));
      // As in UpdateItem, an update of an absent item starts from its key.
      return { kind, table, key, sizeBytes, mutate: checked((current) => applyUpdate(current?.item ?? keyItem, update)) };
    }
  }
}

/**
 * What a repeated ClientRequestToken must match: the actions. A repeat may ask for
 * other return values; AWS then reports the read units of reading the items, as here.
 */
function requestHash(request: TransactWriteItemsRequest): string {
  return createHash('sha256').update(JSON.stringify(request.TransactItems)).digest('hex');
}

/** Transactional writes cost twice the units of plain ones. */
function transactionUnits(outcome: WriteOutcome): number {
  return 2 * writeCapacityUnits(outcome);
}

/** Runs every action in the transaction; if any fails, cancels it with a reason per action. */
async function runActions(items: ItemTransaction, actions: readonly PlannedAction[]): Promise<WriteOutcome[]> {
  const reasons: CancellationReason[] = [];
  const outcomes: WriteOutcome[] = [];
  for (const action of actions) {
    try {
      outcomes.push(await items.write(action.table, action.key, action.mutate));
      reasons.push({ Code: 'None' });
    } catch (error) {
      if (!(error instanceof DynamoDBError) || TRANSACTION_CANCELLED_CODES[error.type] === undefined) throw error;
      reasons.push({ Code: TRANSACTION_CANCELLED_CODES[error.type]!, Message: error.message, ...error.extraFields });
    }
  }
  if (reasons.some((reason) => reason.Code !== 'None')) throw transactionCanceled(reasons);
  return outcomes;
}

function response(request: TransactWriteItemsRequest, actions: readonly PlannedAction[], outcomes: readonly WriteOutcome[]): Record<string, unknown> {
  const unitsByTable = new Map<string, number>();
  actions.forEach((action, at) => addUnits(unitsByTable, action.table.name, transactionUnits(outcomes[at]!)));
  const writes = actions.map((action, at) => ({ ...action, outcome: outcomes[at]! })).filter((write) => write.kind !== 'ConditionCheck');
  return {
    ...consumedCapacityListField(request.ReturnConsumedCapacity, unitsByTable),
    ...itemCollectionMetricsByTableField(request.ReturnItemCollectionMetrics, writes),
  };
}

/** The answer to a repeat of a committed transaction: nothing is written, and the capacity is that of reading the items. */
async function repeatResponse(items: ItemTransaction, request: TransactWriteItemsRequest, actions: readonly PlannedAction[]): Promise<Record<string, unknown>> {
  const unitsByTable = new Map<string, number>();
  for (const action of actions) addUnits(unitsByTable, action.table.name, readCapacityUnits((await items.read(action.key))?.sizeBytes ?? 0, true));
  return consumedCapacityListField(request.ReturnConsumedCapacity, unitsByTable);
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
    checkOneItemPerAction(actions);
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
