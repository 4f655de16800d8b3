import type { IndexDefinition, KeyAttribute, KmsEncryption, ProvisionedThroughputState, TableDefinition } from '../engine/table-definition.js';
import type { TableStats } from '../engine/table-stats.js';
import type { TableUsage } from '../engine/tables.js';
import { streamArnOf, streamLabelAt } from './streams/stream-arn.js';
import type { RequestContext } from './context.js';
import { tableArn } from './common.js';

/** The statuses DescribeTable, CreateTable and UpdateTable describe a table in; DeleteTable has its own description. */
export type TableStatus = 'CREATING' | 'ACTIVE' | 'UPDATING';

function epochSeconds(epochMs: number): number {
  return epochMs / 1000;
}

function keySchemaOf(partitionKeys: readonly KeyAttribute[], sortKeys: readonly KeyAttribute[]): Array<{ AttributeName: string; KeyType: string }> {
  return [
    ...partitionKeys.map((attribute) => ({ AttributeName: attribute.name, KeyType: 'HASH' })),
    ...sortKeys.map((attribute) => ({ AttributeName: attribute.name, KeyType: 'RANGE' })),
  ];
}

function throughputDescription(throughput: ProvisionedThroughputState): Record<string, unknown> {
  const description: Record<string, unknown> = {
    NumberOfDecreasesToday: throughput.decreasesToday,
    ReadCapacityUnits: throughput.readCapacityUnits,
    WriteCapacityUnits: throughput.writeCapacityUnits,
  };
  if (throughput.lastIncreaseEpochMs !== undefined) description.LastIncreaseDateTime = epochSeconds(throughput.lastIncreaseEpochMs);
  if (throughput.lastDecreaseEpochMs !== undefined) description.LastDecreaseDateTime = epochSeconds(throughput.lastDecreaseEpochMs);
  return description;
}

const NO_ITEMS: TableStats = { itemCount: 0, sizeBytes: 0 };

function indexDescription(context: RequestContext, table: TableDefinition, index: IndexDefinition, usage: TableUsage): Record<string, unknown> {
  const stats = usage.indexes.get(index.id) ?? NO_ITEMS;
  const projection: Record<string, unknown> = { ProjectionType: index.projection.type };
  if (index.projection.nonKeyAttributes !== undefined) projection.NonKeyAttributes = index.projection.nonKeyAttributes;
  const description: Record<string, unknown> = {
    IndexName: index.name,
    KeySchema: keySchemaOf(index.partitionKeys, index.sortKeys),
    Projection: projection,
    IndexSizeBytes: stats.sizeBytes,
    ItemCount: stats.itemCount,
    IndexArn: `${tableArn(context, table.name)}/index/${index.name}`,
  };
  if (index.kind === 'GSI') {
    description.IndexStatus = index.backfilling === true ? 'CREATING' : 'ACTIVE';
    if (index.backfilling === true) description.Backfilling = true;
    // An on-demand GSI reports zero units and no history of changes.
    description.ProvisionedThroughput =
      index.provisionedThroughput === undefined ? { ReadCapacityUnits: 0, WriteCapacityUnits: 0 } : throughputDescription(index.provisionedThroughput);
  }
  return description;
}

/**
 * SSEDescription of a table encrypted with a KMS key; a table on the default AWS owned
 * key has none (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_SSEDescription.html).
 * AWS answers with the ARN of the key itself: a key named by ARN is that ARN, one named
 * by id becomes the key's ARN in the table's account and region. Strata has no KMS to
 * resolve an alias to its key, so an alias, and the AWS managed key alias/aws/dynamodb
 * that Enabled alone chooses, are described by the alias's ARN.
 */
function sseDescription(context: RequestContext, encryption: KmsEncryption): Record<string, unknown> {
  const keyId = encryption.kmsMasterKeyId ?? 'alias/aws/dynamodb';
  const kmsArnPrefix = `arn:aws:kms:${context.region}:${context.accountId}:`;
  const keyArn = keyId.startsWith('arn:') ? keyId : keyId.startsWith('alias/') ? `${kmsArnPrefix}${keyId}` : `${kmsArnPrefix}key/${keyId}`;
  return { Status: 'ENABLED', SSEType: 'KMS', KMSMasterKeyArn: keyArn };
}

function tableClassSummaryOf(table: TableDefinition): Record<string, unknown> | undefined {
  if (table.tableClass === undefined) return undefined;
  return {
    TableClass: table.tableClass,
    ...(table.tableClassUpdatedEpochMs === undefined ? {} : { LastUpdateDateTime: epochSeconds(table.tableClassUpdatedEpochMs) }),
  };
}

/** DynamoDB describes the billing mode only of tables that were ever on demand. */
function billingModeSummaryOf(table: TableDefinition): Record<string, unknown> | undefined {
  if (table.lastUpdateToPayPerRequestEpochMs === undefined) return undefined;
  return { BillingMode: table.billingMode, LastUpdateToPayPerRequestDateTime: epochSeconds(table.lastUpdateToPayPerRequestEpochMs) };
}

/**
 * The table settings DescribeTable echoes once they were asked for: the table class
 * (TableClassSummary, with LastUpdateDateTime once UpdateTable changed it,
 * https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_TableClassSummary.html),
 * and the on-demand maximums, a maximum not given being -1, AWS's "no maximum"
 * (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_OnDemandThroughput.html).
 */
function settingsDescription(context: RequestContext, table: TableDefinition): Record<string, unknown> {
  const description: Record<string, unknown> = {};
  if (table.kmsEncryption !== undefined) description.SSEDescription = sseDescription(context, table.kmsEncryption);
  const tableClassSummary = tableClassSummaryOf(table);
  if (tableClassSummary !== undefined) description.TableClassSummary = tableClassSummary;
  if (table.onDemandThroughput !== undefined) {
    description.OnDemandThroughput = {
      MaxReadRequestUnits: table.onDemandThroughput.maxReadRequestUnits ?? -1,
      MaxWriteRequestUnits: table.onDemandThroughput.maxWriteRequestUnits ?? -1,
    };
  }
  return description;
}

/**
 * The stream members: StreamSpecification while a stream is enabled, and the latest
 * stream's label and ARN from its enabling on, after it is disabled too, as AWS and
 * DynamoDB Local show them.
 */
function streamDescription(context: RequestContext, table: TableDefinition): Record<string, unknown> {
  return {
    ...(table.stream === undefined ? {} : { StreamSpecification: { StreamEnabled: true, StreamViewType: table.stream.viewType } }),
    ...(table.latestStreamCreatedEpochMs === undefined
      ? {}
      : {
          LatestStreamLabel: streamLabelAt(table.latestStreamCreatedEpochMs),
          LatestStreamArn: streamArnOf(context, table.name, table.latestStreamCreatedEpochMs),
        }),
  };
}

/** DescribeTable's TableDescription for a table, with its current usage. */
export async function describeTable(context: RequestContext, table: TableDefinition, status: TableStatus): Promise<Record<string, unknown>> {
  return tableDescription(context, table, await context.engine.tableUsage(table), status);
}

function tableDescription(context: RequestContext, table: TableDefinition, usage: TableUsage, status: TableStatus): Record<string, unknown> {
  const stats = usage.table;
  const indexes = table.indexes ?? [];
  const localIndexes = indexes.filter((index) => index.kind === 'LSI').map((index) => indexDescription(context, table, index, usage));
  const globalIndexes = indexes.filter((index) => index.kind === 'GSI').map((index) => indexDescription(context, table, index, usage));
  const billingModeSummary = billingModeSummaryOf(table);
  return {
    AttributeDefinitions: table.attributeDefinitions.map((attribute) => ({ AttributeName: attribute.name, AttributeType: attribute.type })),
    TableName: table.name,
    KeySchema: keySchemaOf([table.partitionKey], table.sortKey === undefined ? [] : [table.sortKey]),
    TableStatus: status,
    CreationDateTime: epochSeconds(table.createdEpochMs),
    ProvisionedThroughput: throughputDescription(table.provisionedThroughput),
    TableSizeBytes: stats.sizeBytes,
    ItemCount: stats.itemCount,
    TableArn: tableArn(context, table.name),
    TableId: table.uuid,
    ...(billingModeSummary === undefined ? {} : { BillingModeSummary: billingModeSummary }),
    DeletionProtectionEnabled: table.deletionProtectionEnabled,
    ...(localIndexes.length === 0 ? {} : { LocalSecondaryIndexes: localIndexes }),
    ...(globalIndexes.length === 0 ? {} : { GlobalSecondaryIndexes: globalIndexes }),
    ...streamDescription(context, table),
    ...settingsDescription(context, table),
  };
}

/**
 * DeleteTable's TableDescription, with the usage counted before the drop. AWS answers
 * with the table's identity, status, throughput and usage, and none of its schema,
 * indexes or settings. Published answers agree: TableName, TableStatus,
 * ProvisionedThroughput, TableSizeBytes, ItemCount and TableArn in 2016, from a table
 * with local secondary indexes (https://github.com/architect/dynalite/issues/60);
 * TableId too in boto3 output of 2021, DeletionProtectionEnabled too in 2024 and
 * 2025; TableClassSummary in AWS CLI output for a table given a class. No published
 * answer for an on-demand table was found: its BillingModeSummary is kept, as the
 * table class summary is.
 */
export function deletedTableDescription(context: RequestContext, table: TableDefinition, usage: TableUsage): Record<string, unknown> {
  const billingModeSummary = billingModeSummaryOf(table);
  const tableClassSummary = tableClassSummaryOf(table);
  return {
    TableName: table.name,
    TableStatus: 'DELETING',
    ProvisionedThroughput: throughputDescription(table.provisionedThroughput),
    TableSizeBytes: usage.table.sizeBytes,
    ItemCount: usage.table.itemCount,
    TableArn: tableArn(context, table.name),
    TableId: table.uuid,
    ...(billingModeSummary === undefined ? {} : { BillingModeSummary: billingModeSummary }),
    ...(tableClassSummary === undefined ? {} : { TableClassSummary: tableClassSummary }),
    DeletionProtectionEnabled: table.deletionProtectionEnabled,
  };
}
