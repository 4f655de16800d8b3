import type { BillingMode } from '../../engine/table-definition.js';
import { keyAttributeNamesInUse } from '../../engine/indexes.js';
import { DynamoDBError } from '../../model/errors.js';
import { TAGS_PER_RESOURCE_MAX } from '../../model/limits.js';
import { rejectUnsupported, TABLE_NAME_OR_ARN, tableNameOf } from '../common.js';
import type { Operation } from '../context.js';
import {
  ATTRIBUTE_DEFINITIONS,
  KEY_SCHEMA,
  keySchemaAttributes,
  PROVISIONED_THROUGHPUT,
  type AttributeDefinition,
  type KeySchemaElement,
  type ProvisionedThroughputInput,
} from '../key-schema.js';
import { GLOBAL_SECONDARY_INDEX, LOCAL_SECONDARY_INDEX, secondaryIndexes, type SecondaryIndexesInput } from '../secondary-indexes.js';
import { describeTable } from '../table-description.js';
import { BOOLEAN, list, string, structure } from '../validation/shape.js';
import { validateRequest } from '../validation/validate.js';
import { BILLING_MODE, PROVISIONED_WITHOUT_THROUGHPUT, provisionedUnits } from '../billing-mode.js';

const REQUEST_SHAPE = structure(
  {
    AttributeDefinitions: ATTRIBUTE_DEFINITIONS,
    TableName: TABLE_NAME_OR_ARN,
    KeySchema: KEY_SCHEMA,
    BillingMode: BILLING_MODE,
    ProvisionedThroughput: PROVISIONED_THROUGHPUT,
    Tags: list(structure({ Key: string({ min: 1, max: 128 }), Value: string({ min: 0, max: 256 }) }, ['Key', 'Value']), { max: TAGS_PER_RESOURCE_MAX }),
    TableClass: string({ enum: ['STANDARD', 'STANDARD_INFREQUENT_ACCESS'] }),
    DeletionProtectionEnabled: BOOLEAN,
    LocalSecondaryIndexes: list(LOCAL_SECONDARY_INDEX),
    GlobalSecondaryIndexes: list(GLOBAL_SECONDARY_INDEX),
  },
  ['TableName'],
);

interface CreateTableRequest extends SecondaryIndexesInput {
  AttributeDefinitions?: AttributeDefinition[];
  TableName: string;
  KeySchema?: KeySchemaElement[];
  BillingMode?: BillingMode;
  ProvisionedThroughput?: ProvisionedThroughputInput;
  DeletionProtectionEnabled?: boolean;
}

function invalid(message: string): DynamoDBError {
  return DynamoDBError.validation(message);
}

function checkDefinitionsUnique(definitions: readonly AttributeDefinition[]): void {
  const names = new Set<string>();
  for (const definition of definitions) {
    if (names.has(definition.AttributeName)) throw invalid('Cannot have two attributes with the same name');
    names.add(definition.AttributeName);
  }
}

export const createTable: Operation = {
  async execute(body, context) {
    const request = validateRequest<CreateTableRequest>(REQUEST_SHAPE, body);
    rejectUnsupported(request, ['StreamSpecification']);
    const name = tableNameOf(request.TableName);
    // Neither is required by the API model (other table-creation paths exist); CreateTable needs both.
    if (request.KeySchema === undefined) throw invalid('No defined key schema.  A key schema containing at least a hash key must be defined for all tables');
    if (request.AttributeDefinitions === undefined) throw invalid('No Attribute Schema Defined');
    checkDefinitionsUnique(request.AttributeDefinitions);
    const { partitionKey, sortKey } = keySchemaAttributes(request.KeySchema, request.AttributeDefinitions, (role) =>
      role === 'hash' ? 'Hash Key not specified in Attribute Definitions.  Type unknown.' : 'Range Key not specified in Attribute Definitions.  Type unknown.',
    );
    const tableKey = sortKey === undefined ? { partitionKey } : { partitionKey, sortKey };
    const indexes = secondaryIndexes(request, tableKey, request.AttributeDefinitions, request.BillingMode ?? 'PROVISIONED');
    if (keyAttributeNamesInUse(tableKey, indexes).size !== request.AttributeDefinitions.length) {
      throw invalid(
        'One or more parameter values were invalid: Number of attributes in KeySchema does not exactly match number of attributes defined in AttributeDefinitions',
      );
    }
    const billingMode = request.BillingMode ?? 'PROVISIONED';
    const units = provisionedUnits(
      billingMode,
      request.ProvisionedThroughput,
      request.BillingMode === 'PROVISIONED' ? PROVISIONED_WITHOUT_THROUGHPUT : undefined,
    );
    const nowMs = Date.now();
    const table = await context.engine.catalog.create({
      namespace: context.namespace,
      name,
      partitionKey,
      ...(sortKey === undefined ? {} : { sortKey }),
      attributeDefinitions: request.AttributeDefinitions.map((definition) => ({ name: definition.AttributeName, type: definition.AttributeType })),
      billingMode,
      provisionedThroughput: { readCapacityUnits: units.ReadCapacityUnits, writeCapacityUnits: units.WriteCapacityUnits, decreasesToday: 0 },
      ...(billingMode === 'PAY_PER_REQUEST' ? { lastUpdateToPayPerRequestEpochMs: nowMs } : {}),
      deletionProtectionEnabled: request.DeletionProtectionEnabled ?? false,
      createdEpochMs: nowMs,
      ...(indexes.length === 0 ? {} : { indexes }),
    });
    context.engine.stats.startEmpty(
      table.id,
      indexes.map((index) => index.id),
    );
    // Tables are usable the moment CreateTable returns (as in DynamoDB Local), so the
    // description says ACTIVE rather than AWS's transient CREATING.
    return { TableDescription: await describeTable(context, table, 'ACTIVE') };
  },
};
