import { DynamoDBError } from '../../model/errors.js';
import { TABLE_NAME_OR_ARN, tableNameOf } from '../common.js';
import { describeTable } from '../table-description.js';
import {
  ATTRIBUTE_DEFINITIONS,
  attributeDefinitionsSpec,
  BILLING_MODE,
  GLOBAL_SECONDARY_INDEX,
  indexSpec,
  KEY_SCHEMA,
  keySchemaSpec,
  LOCAL_SECONDARY_INDEX,
  ON_DEMAND_THROUGHPUT,
  onDemandThroughputSpec,
  PROVISIONED_THROUGHPUT,
  SSE_SPECIFICATION,
  sseSpec,
  createdStreamViewType,
  STREAM_SPECIFICATION,
  TABLE_CLASS,
  TAGS,
  tagsSpec,
  throughputSpec,
} from '../table-parameters.js';
import { BOOLEAN, list, REFUSED, structure } from '../validation/shape.js';
import { validateRequest } from '../validation/validate.js';
import type { DeclaredOperation } from '../operation-registry.js';

const REQUEST_SHAPE = structure(
  {
    AttributeDefinitions: ATTRIBUTE_DEFINITIONS,
    TableName: TABLE_NAME_OR_ARN,
    KeySchema: KEY_SCHEMA,
    BillingMode: BILLING_MODE,
    ProvisionedThroughput: PROVISIONED_THROUGHPUT,
    Tags: TAGS,
    TableClass: TABLE_CLASS,
    DeletionProtectionEnabled: BOOLEAN,
    LocalSecondaryIndexes: list(LOCAL_SECONDARY_INDEX),
    GlobalSecondaryIndexes: list(GLOBAL_SECONDARY_INDEX),
    StreamSpecification: STREAM_SPECIFICATION,
    SSESpecification: SSE_SPECIFICATION,
    WarmThroughput: REFUSED,
    ResourcePolicy: REFUSED,
    OnDemandThroughput: ON_DEMAND_THROUGHPUT,
    GlobalTableSourceArn: REFUSED,
    GlobalTableSettingsReplicationMode: REFUSED,
  },
  ['TableName'],
);

export const createTable: DeclaredOperation = {
  requestShape: REQUEST_SHAPE,
  async execute(body, context) {
    const request = validateRequest(REQUEST_SHAPE, body);
    const name = tableNameOf(request.TableName);
    // Neither is required by the API model (other table-creation paths exist); CreateTable needs both.
    if (request.KeySchema === undefined) {
      throw DynamoDBError.validation('No defined key schema.  A key schema containing at least a hash key must be defined for all tables');
    }
    if (request.AttributeDefinitions === undefined) throw DynamoDBError.validation('No Attribute Schema Defined');
    const encryption = request.SSESpecification === undefined ? 'aws-owned' : sseSpec(request.SSESpecification);
    const streamViewType = request.StreamSpecification === undefined ? undefined : createdStreamViewType(request.StreamSpecification);
    const table = await context.engine.createTable(context.namespace, {
      name,
      keySchema: keySchemaSpec(request.KeySchema),
      attributeDefinitions: attributeDefinitionsSpec(request.AttributeDefinitions),
      ...(request.BillingMode === undefined ? {} : { billingMode: request.BillingMode }),
      ...(request.ProvisionedThroughput === undefined ? {} : { provisionedThroughput: throughputSpec(request.ProvisionedThroughput) }),
      ...(request.LocalSecondaryIndexes === undefined ? {} : { localIndexes: request.LocalSecondaryIndexes.map(indexSpec) }),
      ...(request.GlobalSecondaryIndexes === undefined ? {} : { globalIndexes: request.GlobalSecondaryIndexes.map(indexSpec) }),
      ...(request.DeletionProtectionEnabled === undefined ? {} : { deletionProtectionEnabled: request.DeletionProtectionEnabled }),
      ...(encryption === 'aws-owned' ? {} : { kmsEncryption: encryption }),
      ...(request.TableClass === undefined ? {} : { tableClass: request.TableClass }),
      ...(request.OnDemandThroughput === undefined ? {} : { onDemandThroughput: onDemandThroughputSpec(request.OnDemandThroughput) }),
      ...(request.Tags === undefined ? {} : { tags: tagsSpec(request.Tags) }),
      ...(streamViewType === undefined ? {} : { streamViewType }),
    });
    // Tables are usable the moment CreateTable returns (as in DynamoDB Local), so the
    // description says ACTIVE rather than AWS's transient CREATING.
    return { TableDescription: await describeTable(context, table, 'ACTIVE') };
  },
};
