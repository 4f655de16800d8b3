import type { BillingMode, ProvisionedThroughputState, TableDefinition } from '../../engine/table-definition.js';
import { DynamoDBError } from '../../model/errors.js';
import { THROUGHPUT_DECREASES_PER_DAY_MAX } from '../../model/limits.js';
import { rejectUnsupported, requireNamedTable, TABLE_NAME_OR_ARN, tableNameOf } from '../common.js';
import type { Operation } from '../context.js';
import { BILLING_MODE, provisionedUnits } from '../billing-mode.js';
import { applyIndexUpdates, GLOBAL_SECONDARY_INDEX_UPDATES, type GlobalSecondaryIndexUpdate } from '../index-updates.js';
import { ATTRIBUTE_DEFINITIONS, PROVISIONED_THROUGHPUT, type AttributeDefinition, type ProvisionedThroughputInput } from '../key-schema.js';
import { describeTable } from '../table-description.js';
import { BOOLEAN, structure } from '../validation/shape.js';
import { validateRequest } from '../validation/validate.js';

const REQUEST_SHAPE = structure(
  {
    AttributeDefinitions: ATTRIBUTE_DEFINITIONS,
    TableName: TABLE_NAME_OR_ARN,
    BillingMode: BILLING_MODE,
    ProvisionedThroughput: PROVISIONED_THROUGHPUT,
    DeletionProtectionEnabled: BOOLEAN,
    GlobalSecondaryIndexUpdates: GLOBAL_SECONDARY_INDEX_UPDATES,
  },
  ['TableName'],
);

interface UpdateTableRequest {
  TableName: string;
  AttributeDefinitions?: AttributeDefinition[];
  GlobalSecondaryIndexUpdates?: GlobalSecondaryIndexUpdate[];
  BillingMode?: BillingMode;
  ProvisionedThroughput?: ProvisionedThroughputInput;
  DeletionProtectionEnabled?: boolean;
}

/** Decreases allowed at any time of a UTC day; after these, one per hour (AWS quotas). */
const FREE_DECREASES_PER_DAY = 4;
const DECREASE_INTERVAL_MS = 60 * 60 * 1000;

function utcDay(epochMs: number): number {
  return Math.floor(epochMs / 86_400_000);
}

function nextThroughput(current: ProvisionedThroughputState, requested: ProvisionedThroughputInput, nowMs: number): ProvisionedThroughputState {
  const read = requested.ReadCapacityUnits;
  const write = requested.WriteCapacityUnits;
  const increases = read > current.readCapacityUnits || write > current.writeCapacityUnits;
  const decreases = read < current.readCapacityUnits || write < current.writeCapacityUnits;
  let decreasesToday = current.lastDecreaseEpochMs !== undefined && utcDay(current.lastDecreaseEpochMs) === utcDay(nowMs) ? current.decreasesToday : 0;
  if (decreases) {
    const sinceLastDecreaseMs = current.lastDecreaseEpochMs === undefined ? Infinity : nowMs - current.lastDecreaseEpochMs;
    if (decreasesToday >= THROUGHPUT_DECREASES_PER_DAY_MAX || (decreasesToday >= FREE_DECREASES_PER_DAY && sinceLastDecreaseMs < DECREASE_INTERVAL_MS)) {
      throw new DynamoDBError(
        'LimitExceededException',
        `Subscriber limit exceeded: Provisioned throughput decreases are limited within a given UTC day. After the first ${FREE_DECREASES_PER_DAY} decreases, each subsequent decrease in the same UTC day can be performed at most once every 3600 seconds. Number of decreases today: ${decreasesToday}.`,
      );
    }
    decreasesToday++;
  }
  return {
    readCapacityUnits: read,
    writeCapacityUnits: write,
    ...(increases ? { lastIncreaseEpochMs: nowMs } : current.lastIncreaseEpochMs === undefined ? {} : { lastIncreaseEpochMs: current.lastIncreaseEpochMs }),
    ...(decreases ? { lastDecreaseEpochMs: nowMs } : current.lastDecreaseEpochMs === undefined ? {} : { lastDecreaseEpochMs: current.lastDecreaseEpochMs }),
    decreasesToday,
  };
}

function applyUpdate(current: TableDefinition, request: UpdateTableRequest, nowMs: number): TableDefinition {
  const billingMode = request.BillingMode ?? current.billingMode;
  let next: TableDefinition =
    request.DeletionProtectionEnabled === undefined ? current : { ...current, deletionProtectionEnabled: request.DeletionProtectionEnabled };
  if (request.BillingMode === undefined && request.ProvisionedThroughput === undefined) return next;
  const switchesMode = billingMode !== current.billingMode;
  if (billingMode === 'PAY_PER_REQUEST') {
    provisionedUnits(billingMode, request.ProvisionedThroughput);
    if (!switchesMode) return next;
    return {
      ...next,
      billingMode,
      lastUpdateToPayPerRequestEpochMs: nowMs,
      provisionedThroughput: { ...current.provisionedThroughput, readCapacityUnits: 0, writeCapacityUnits: 0 },
    };
  }
  const requested = provisionedUnits(billingMode, request.ProvisionedThroughput);
  const unchanged =
    requested.ReadCapacityUnits === current.provisionedThroughput.readCapacityUnits &&
    requested.WriteCapacityUnits === current.provisionedThroughput.writeCapacityUnits;
  if (unchanged && !switchesMode) {
    throw DynamoDBError.validation(
      `The provisioned throughput for the table will not change. The requested value equals the current value. Current ReadCapacityUnits provisioned for the table: ${requested.ReadCapacityUnits}. Requested ReadCapacityUnits: ${requested.ReadCapacityUnits}. Current WriteCapacityUnits provisioned for the table: ${requested.WriteCapacityUnits}. Requested WriteCapacityUnits: ${requested.WriteCapacityUnits}. Refer to the Amazon DynamoDB Developer Guide for current limits and how to request higher limits.`,
    );
  }
  next = {
    ...next,
    billingMode,
    provisionedThroughput: switchesMode
      ? { ...current.provisionedThroughput, readCapacityUnits: requested.ReadCapacityUnits, writeCapacityUnits: requested.WriteCapacityUnits }
      : nextThroughput(current.provisionedThroughput, requested, nowMs),
  };
  return next;
}

export const updateTable: Operation = {
  async execute(body, context) {
    const request = validateRequest<UpdateTableRequest>(REQUEST_SHAPE, body);
    rejectUnsupported(request, ['StreamSpecification', 'ReplicaUpdates']);
    const name = tableNameOf(request.TableName);
    const indexUpdates = request.GlobalSecondaryIndexUpdates ?? [];
    if (
      request.BillingMode === undefined &&
      request.ProvisionedThroughput === undefined &&
      request.DeletionProtectionEnabled === undefined &&
      indexUpdates.length === 0
    ) {
      throw DynamoDBError.validation(
        'At least one of ProvisionedThroughput, BillingMode, UpdateStreamEnabled, GlobalSecondaryIndexUpdates or SSESpecification or ReplicaUpdates is required',
      );
    }
    await requireNamedTable(context, name);
    const nowMs = Date.now();
    let created: string | undefined;
    const updated = await context.engine.catalog.update(context.namespace, name, (current) => {
      const withTable = applyUpdate(current, request, nowMs);
      if (indexUpdates.length === 0) return withTable;
      const result = applyIndexUpdates(withTable, indexUpdates, request.AttributeDefinitions, withTable.billingMode);
      created = result.created;
      return result.table;
    });
    if (created !== undefined) context.engine.backfiller.start(updated, created);
    return { TableDescription: await describeTable(context, updated, 'ACTIVE') };
  },
};
