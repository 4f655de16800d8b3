import type { BillingMode, KeyAttribute } from '../engine/table-definition.js';
import type { KeyAttributeType } from '../model/attribute-value.js';
import { DynamoDBError } from '../model/errors.js';
import { KEY_SCHEMA_ELEMENTS_MAX, TAGS_PER_RESOURCE_MAX } from '../model/limits.js';
import { rejectUnsupported, TABLE_NAME_OR_ARN, tableNameOf } from './common.js';
import type { Operation } from './context.js';
import { describeTable } from './table-description.js';
import { BOOLEAN, list, long, string, structure } from './validation/shape.js';
import { validateRequest } from './validation/validate.js';

const KEY_ATTRIBUTE_NAME = string({ min: 1, max: 255 });

export const KEY_SCHEMA = list(structure({ AttributeName: KEY_ATTRIBUTE_NAME, KeyType: string({ enum: ['HASH', 'RANGE'] }) }, ['AttributeName', 'KeyType']), { min: 1 });
export const ATTRIBUTE_DEFINITIONS = list(
  structure({ AttributeName: KEY_ATTRIBUTE_NAME, AttributeType: string({ enum: ['S', 'N', 'B'] }) }, ['AttributeName', 'AttributeType']),
);
export const BILLING_MODE = string({ enum: ['PROVISIONED', 'PAY_PER_REQUEST'] });
export const PROVISIONED_THROUGHPUT = structure({ ReadCapacityUnits: long({ min: 1 }), WriteCapacityUnits: long({ min: 1 }) }, [
  'ReadCapacityUnits',
  'WriteCapacityUnits',
]);

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
  },
  ['TableName'],
);

interface KeySchemaElement {
  AttributeName: string;
  KeyType: 'HASH' | 'RANGE';
}
interface AttributeDefinition {
  AttributeName: string;
  AttributeType: KeyAttributeType;
}
export interface ProvisionedThroughputInput {
  ReadCapacityUnits: number;
  WriteCapacityUnits: number;
}
interface CreateTableRequest {
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

/** The table's key attributes, checked with the messages DynamoDB gives. */
function keyAttributes(keySchema: readonly KeySchemaElement[], definitions: readonly AttributeDefinition[]): { partitionKey: KeyAttribute; sortKey?: KeyAttribute } {
  const names = new Set<string>();
  for (const definition of definitions) {
    if (names.has(definition.AttributeName)) throw invalid('Cannot have two attributes with the same name');
    names.add(definition.AttributeName);
  }
  if (keySchema.length > KEY_SCHEMA_ELEMENTS_MAX) throw invalid('Key Schema too big.  Key Schema must at most consist of the hash and range key of a table');
  const hashElements = keySchema.filter((element) => element.KeyType === 'HASH');
  if (hashElements.length === 0) throw invalid('No Hash Key specified in schema.  All Dynamo DB tables must have exactly one hash key');
  if (hashElements.length > 1) throw invalid('Too many hash keys specified.  All Dynamo DB tables must have exactly one hash key');
  if (keySchema[0]!.KeyType !== 'HASH') throw invalid('Invalid key order. Hash Key must be specified first in key schema, Range Key must be specifed second');
  if (keySchema.length === 2 && keySchema[0]!.AttributeName === keySchema[1]!.AttributeName) throw invalid('Two keys can not have the same name');
  const typeOf = (element: KeySchemaElement, role: 'Hash' | 'Range'): KeyAttribute => {
    const definition = definitions.find((candidate) => candidate.AttributeName === element.AttributeName);
    if (definition === undefined) throw invalid(`${role} Key not specified in Attribute Definitions.  Type unknown.`);
    return { name: element.AttributeName, type: definition.AttributeType };
  };
  const partitionKey = typeOf(keySchema[0]!, 'Hash');
  const sortKey = keySchema.length === 2 ? typeOf(keySchema[1]!, 'Range') : undefined;
  if (definitions.length !== keySchema.length) {
    throw invalid('One or more parameter values were invalid: Number of attributes in KeySchema does not exactly match number of attributes defined in AttributeDefinitions');
  }
  return sortKey === undefined ? { partitionKey } : { partitionKey, sortKey };
}

/** Checks BillingMode against ProvisionedThroughput; returns the units to record. */
export function provisionedUnits(billingMode: BillingMode, throughput: ProvisionedThroughputInput | undefined): ProvisionedThroughputInput {
  if (billingMode === 'PAY_PER_REQUEST') {
    if (throughput !== undefined) {
      throw invalid('One or more parameter values were invalid: Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST');
    }
    return { ReadCapacityUnits: 0, WriteCapacityUnits: 0 };
  }
  if (throughput === undefined) throw invalid('No provisioned throughput specified for the table');
  return throughput;
}

export const createTable: Operation = {
  async execute(body, context) {
    const request = validateRequest<CreateTableRequest>(REQUEST_SHAPE, body);
    rejectUnsupported(request, ['GlobalSecondaryIndexes', 'LocalSecondaryIndexes', 'StreamSpecification']);
    const name = tableNameOf(request.TableName);
    // Neither is required by the API model (other table-creation paths exist); CreateTable needs both.
    if (request.KeySchema === undefined) throw invalid('No defined key schema.  A key schema containing at least a hash key must be defined for all tables');
    if (request.AttributeDefinitions === undefined) throw invalid('No Attribute Schema Defined');
    const { partitionKey, sortKey } = keyAttributes(request.KeySchema, request.AttributeDefinitions);
    const billingMode = request.BillingMode ?? 'PROVISIONED';
    const units = provisionedUnits(billingMode, request.ProvisionedThroughput);
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
    });
    context.engine.stats.startEmpty(table.id);
    // Tables are usable the moment CreateTable returns (as in DynamoDB Local), so the
    // description says ACTIVE rather than AWS's transient CREATING.
    return { TableDescription: await describeTable(context, table, 'ACTIVE') };
  },
};
