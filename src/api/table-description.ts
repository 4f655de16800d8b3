import type { TableDefinition } from '../engine/table-definition.js';
import type { RequestContext } from './context.js';
import { tableArn } from './common.js';

export type TableStatus = 'CREATING' | 'ACTIVE' | 'DELETING' | 'UPDATING';

function epochSeconds(epochMs: number): number {
  return epochMs / 1000;
}

/** DescribeTable's TableDescription for a table definition. */
export async function describeTable(context: RequestContext, table: TableDefinition, status: TableStatus): Promise<Record<string, unknown>> {
  const stats = await context.engine.stats.get(table.id);
  const throughput = table.provisionedThroughput;
  const keySchema = [{ AttributeName: table.partitionKey.name, KeyType: 'HASH' }];
  if (table.sortKey !== undefined) keySchema.push({ AttributeName: table.sortKey.name, KeyType: 'RANGE' });
  // DynamoDB describes the billing mode only of tables that were ever on demand.
  const billingModeSummary =
    table.lastUpdateToPayPerRequestEpochMs === undefined
      ? undefined
      : { BillingMode: table.billingMode, LastUpdateToPayPerRequestDateTime: epochSeconds(table.lastUpdateToPayPerRequestEpochMs) };
  const provisionedThroughput: Record<string, unknown> = {
    NumberOfDecreasesToday: throughput.decreasesToday,
    ReadCapacityUnits: throughput.readCapacityUnits,
    WriteCapacityUnits: throughput.writeCapacityUnits,
  };
  if (throughput.lastIncreaseEpochMs !== undefined) provisionedThroughput.LastIncreaseDateTime = epochSeconds(throughput.lastIncreaseEpochMs);
  if (throughput.lastDecreaseEpochMs !== undefined) provisionedThroughput.LastDecreaseDateTime = epochSeconds(throughput.lastDecreaseEpochMs);
  return {
    AttributeDefinitions: table.attributeDefinitions.map((attribute) => ({ AttributeName: attribute.name, AttributeType: attribute.type })),
    TableName: table.name,
    KeySchema: keySchema,
    TableStatus: status,
    CreationDateTime: epochSeconds(table.createdEpochMs),
    ProvisionedThroughput: provisionedThroughput,
    TableSizeBytes: stats.sizeBytes,
    ItemCount: stats.itemCount,
    TableArn: tableArn(context, table.name),
    TableId: table.uuid,
    ...(billingModeSummary === undefined ? {} : { BillingModeSummary: billingModeSummary }),
    DeletionProtectionEnabled: table.deletionProtectionEnabled,
  };
}
