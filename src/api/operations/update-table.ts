import { DynamoDBError } from '../../model/errors.js';
import { TABLE_NAME_OR_ARN, tableNameOf } from '../common.js';
import { describeTable } from '../table-description.js';
import {
  ATTRIBUTE_DEFINITIONS,
  attributeDefinitionsSpec,
  BILLING_MODE,
  GLOBAL_SECONDARY_INDEX_UPDATES,
  globalIndexUpdatesSpec,
  ON_DEMAND_THROUGHPUT,
  onDemandThroughputSpec,
  PROVISIONED_THROUGHPUT,
  SSE_SPECIFICATION,
  sseSpec,
  STREAM_CHANGE_WITH_THROUGHPUT,
  STREAM_SPECIFICATION,
  streamUpdateSpec,
  TABLE_CLASS,
  throughputSpec,
} from '../table-parameters.js';
import { BOOLEAN, REFUSED, structure } from '../validation/shape.js';
import { validateRequest } from '../validation/validate.js';
import type { DeclaredOperation } from '../operation-registry.js';

const REQUEST_SHAPE = structure(
  {
    AttributeDefinitions: ATTRIBUTE_DEFINITIONS,
    TableName: TABLE_NAME_OR_ARN,
    BillingMode: BILLING_MODE,
    ProvisionedThroughput: PROVISIONED_THROUGHPUT,
    DeletionProtectionEnabled: BOOLEAN,
    GlobalSecondaryIndexUpdates: GLOBAL_SECONDARY_INDEX_UPDATES,
    StreamSpecification: STREAM_SPECIFICATION,
    SSESpecification: SSE_SPECIFICATION,
    ReplicaUpdates: REFUSED,
    TableClass: TABLE_CLASS,
    MultiRegionConsistency: REFUSED,
    GlobalTableWitnessUpdates: REFUSED,
    OnDemandThroughput: ON_DEMAND_THROUGHPUT,
    WarmThroughput: REFUSED,
    GlobalTableSettingsReplicationMode: REFUSED,
  },
  ['TableName'],
);

export const updateTable: DeclaredOperation = {
  requestShape: REQUEST_SHAPE,
  async execute(body, context) {
    const request = validateRequest(REQUEST_SHAPE, body);
    const name = tableNameOf(request.TableName);
    const indexUpdates = request.GlobalSecondaryIndexUpdates ?? [];
    if (
      request.BillingMode === undefined &&
      request.ProvisionedThroughput === undefined &&
      request.DeletionProtectionEnabled === undefined &&
      request.SSESpecification === undefined &&
      request.TableClass === undefined &&
      request.OnDemandThroughput === undefined &&
      request.StreamSpecification === undefined &&
      indexUpdates.length === 0
    ) {
      throw DynamoDBError.validation(
        'At least one of ProvisionedThroughput, BillingMode, UpdateStreamEnabled, GlobalSecondaryIndexUpdates or SSESpecification or ReplicaUpdates is required',
      );
    }
    const stream = request.StreamSpecification === undefined ? undefined : streamUpdateSpec(request.StreamSpecification);
    if (stream !== undefined && request.ProvisionedThroughput !== undefined) throw DynamoDBError.validation(STREAM_CHANGE_WITH_THROUGHPUT);
    const table = await context.engine.updateTable(context.namespace, name, {
      ...(request.BillingMode === undefined ? {} : { billingMode: request.BillingMode }),
      ...(request.ProvisionedThroughput === undefined ? {} : { provisionedThroughput: throughputSpec(request.ProvisionedThroughput) }),
      ...(request.DeletionProtectionEnabled === undefined ? {} : { deletionProtectionEnabled: request.DeletionProtectionEnabled }),
      ...(request.AttributeDefinitions === undefined ? {} : { attributeDefinitions: attributeDefinitionsSpec(request.AttributeDefinitions) }),
      ...(indexUpdates.length === 0 ? {} : { globalIndexUpdates: globalIndexUpdatesSpec(indexUpdates) }),
      ...(request.SSESpecification === undefined ? {} : { encryption: sseSpec(request.SSESpecification) }),
      ...(request.TableClass === undefined ? {} : { tableClass: request.TableClass }),
      ...(request.OnDemandThroughput === undefined ? {} : { onDemandThroughput: onDemandThroughputSpec(request.OnDemandThroughput) }),
      ...(stream === undefined ? {} : { stream }),
    });
    return { TableDescription: await describeTable(context, table, 'ACTIVE') };
  },
};
