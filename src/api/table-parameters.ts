import type { KeyAttribute, KmsEncryption, OnDemandThroughputLimits, StreamViewType, Tag } from '../engine/table-definition.js';
import type { GlobalIndexUpdate, IndexSpec, KeySchemaElement, TableUpdate, ThroughputUnits } from '../engine/table-spec.js';
import { AWS_MESSAGES } from '../model/aws-messages.js';
import { DynamoDBError } from '../model/errors.js';
import { TAGS_PER_RESOURCE_MAX } from '../model/limits.js';
import { TABLE_NAME } from './common.js';
import { BOOLEAN, list, long, REFUSED, string, structure, type Infer } from './validation/shape.js';

/**
 * The table parameters of CreateTable and UpdateTable — key schemas, attribute
 * definitions, billing mode and throughput, secondary indexes and their updates,
 * encryption, table class, on-demand maximums and tags — as declared shapes, and their translation into the engine's table specs (which the
 * engine checks against DynamoDB's rules and the table as stored).
 */

const KEY_ATTRIBUTE_NAME = string({ min: 1, max: 255 });

export const KEY_SCHEMA = list(structure({ AttributeName: KEY_ATTRIBUTE_NAME, KeyType: string({ enum: ['HASH', 'RANGE'] }) }, ['AttributeName', 'KeyType']), {
  min: 1,
});
export const ATTRIBUTE_DEFINITIONS = list(
  structure({ AttributeName: KEY_ATTRIBUTE_NAME, AttributeType: string({ enum: ['S', 'N', 'B'] }) }, ['AttributeName', 'AttributeType']),
);
export const PROVISIONED_THROUGHPUT = structure({ ReadCapacityUnits: long({ min: 1 }), WriteCapacityUnits: long({ min: 1 }) }, [
  'ReadCapacityUnits',
  'WriteCapacityUnits',
]);
export const BILLING_MODE = string({ enum: ['PROVISIONED', 'PAY_PER_REQUEST'] });

const PROJECTION = structure({
  ProjectionType: string({ enum: ['ALL', 'KEYS_ONLY', 'INCLUDE'] }),
  NonKeyAttributes: list(string({ min: 1, max: 255 }), { min: 1, max: 20 }),
});

export const LOCAL_SECONDARY_INDEX = structure({ IndexName: TABLE_NAME, KeySchema: KEY_SCHEMA, Projection: PROJECTION }, [
  'IndexName',
  'KeySchema',
  'Projection',
]);
export const GLOBAL_SECONDARY_INDEX = structure(
  {
    IndexName: TABLE_NAME,
    KeySchema: KEY_SCHEMA,
    Projection: PROJECTION,
    ProvisionedThroughput: PROVISIONED_THROUGHPUT,
    OnDemandThroughput: REFUSED,
    WarmThroughput: REFUSED,
  },
  ['IndexName', 'KeySchema', 'Projection'],
);

/** UpdateTable's GlobalSecondaryIndexUpdates: create, update or delete a GSI on a live table. */
export const GLOBAL_SECONDARY_INDEX_UPDATES = list(
  structure({
    Create: GLOBAL_SECONDARY_INDEX,
    Update: structure({ IndexName: TABLE_NAME, ProvisionedThroughput: PROVISIONED_THROUGHPUT, OnDemandThroughput: REFUSED, WarmThroughput: REFUSED }, [
      'IndexName',
      'ProvisionedThroughput',
    ]),
    Delete: structure({ IndexName: TABLE_NAME }, ['IndexName']),
  }),
);

export function keySchemaSpec(keySchema: Infer<typeof KEY_SCHEMA>): KeySchemaElement[] {
  return keySchema.map((element) => ({ attributeName: element.AttributeName, keyType: element.KeyType }));
}

export function attributeDefinitionsSpec(definitions: Infer<typeof ATTRIBUTE_DEFINITIONS>): KeyAttribute[] {
  return definitions.map((definition) => ({ name: definition.AttributeName, type: definition.AttributeType }));
}

export function throughputSpec(throughput: Infer<typeof PROVISIONED_THROUGHPUT>): ThroughputUnits {
  return { readCapacityUnits: throughput.ReadCapacityUnits, writeCapacityUnits: throughput.WriteCapacityUnits };
}

export function indexSpec(index: Infer<typeof GLOBAL_SECONDARY_INDEX>): IndexSpec {
  const { ProjectionType: type, NonKeyAttributes: nonKeyAttributes } = index.Projection;
  return {
    name: index.IndexName,
    keySchema: keySchemaSpec(index.KeySchema),
    projection: { ...(type === undefined ? {} : { type }), ...(nonKeyAttributes === undefined ? {} : { nonKeyAttributes }) },
    ...(index.ProvisionedThroughput === undefined ? {} : { provisionedThroughput: throughputSpec(index.ProvisionedThroughput) }),
  };
}

/** Each GlobalSecondaryIndexUpdates entry must name exactly one of Create, Update and Delete. */
export function globalIndexUpdatesSpec(updates: Infer<typeof GLOBAL_SECONDARY_INDEX_UPDATES>): GlobalIndexUpdate[] {
  return updates.map((update): GlobalIndexUpdate => {
    if (update.Delete !== undefined) return { kind: 'delete', name: update.Delete.IndexName };
    if (update.Update !== undefined) {
      return { kind: 'update', name: update.Update.IndexName, provisionedThroughput: throughputSpec(update.Update.ProvisionedThroughput) };
    }
    if (update.Create !== undefined) return { kind: 'create', index: indexSpec(update.Create) };
    throw DynamoDBError.validation('Update global secondary index action is null');
  });
}

export const TABLE_CLASS = string({ enum: ['STANDARD', 'STANDARD_INFREQUENT_ACCESS'] });

/**
 * Server-side encryption. DynamoDB always encrypts at rest; SSESpecification only
 * chooses the key: Enabled true is a KMS key (the AWS managed alias/aws/dynamodb
 * unless KMSMasterKeyId names one), false or absent the default AWS owned key
 * (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_SSESpecification.html).
 * Strata encrypts nothing itself; it keeps the choice and describes it.
 */
/** StreamSpecification, with the view types in the order AWS's enum message lists them. */
export const STREAM_SPECIFICATION = structure(
  { StreamEnabled: BOOLEAN, StreamViewType: string({ enum: ['OLD_IMAGE', 'KEYS_ONLY', 'NEW_AND_OLD_IMAGES', 'NEW_IMAGE'] }) },
  ['StreamEnabled'],
);

/**
 * AWS's words for a stream enabled without a view type, at CreateTable and at
 * UpdateTable, and for a stream change beside a throughput change. They are recorded
 * in a generated catalogue of live us-west-2 probes ("ack-api-quirks", 2026-10,
 * entries DDB-TABLE-035, DDB-TABLE-050, DDB-TABLE-382 and DDB-TABLE-442) whose
 * repository the record does not name, so they stay out of aws-messages.ts.
 */
const STREAM_ENABLED_AT_CREATION_WITHOUT_VIEW_TYPE =
  'One or more parameter values were invalid: Table is being created with a stream enabled, UpdateViewType is required';
const STREAM_ENABLED_WITHOUT_VIEW_TYPE = 'One or more parameter values were invalid: If stream is being enabled then UpdateViewType is required';
export const STREAM_CHANGE_WITH_THROUGHPUT = 'One or more parameter values were invalid: You cannot modify stream status while updating table IOPS';

/** CreateTable's StreamSpecification: the view type of a stream enabled from the start, or none. */
export function createdStreamViewType(spec: Infer<typeof STREAM_SPECIFICATION>): StreamViewType | undefined {
  if (spec.StreamEnabled && spec.StreamViewType === undefined) throw DynamoDBError.validation(STREAM_ENABLED_AT_CREATION_WITHOUT_VIEW_TYPE);
  if (!spec.StreamEnabled && spec.StreamViewType !== undefined) throw DynamoDBError.validation(AWS_MESSAGES.tableCreatedWithoutStreamWithViewType.text);
  return spec.StreamViewType;
}

/** UpdateTable's StreamSpecification: enable a stream of a view type, or disable the stream. */
export function streamUpdateSpec(spec: Infer<typeof STREAM_SPECIFICATION>): NonNullable<TableUpdate['stream']> {
  if (spec.StreamEnabled) {
    if (spec.StreamViewType === undefined) throw DynamoDBError.validation(STREAM_ENABLED_WITHOUT_VIEW_TYPE);
    return { enabled: true, viewType: spec.StreamViewType };
  }
  if (spec.StreamViewType !== undefined) throw DynamoDBError.validation(AWS_MESSAGES.streamDisabledWithViewType.text);
  return { enabled: false };
}

export const SSE_SPECIFICATION = structure({ Enabled: BOOLEAN, SSEType: string({ enum: ['AES256', 'KMS'] }), KMSMasterKeyId: string() });

/**
 * AES256 is in the model's enum but refused by the service, in these words:
 * "One or more parameter values were invalid: SSEType AES256 is not supported"
 * (https://github.com/hashicorp/terraform-provider-aws/pull/5666). A key needs
 * SSEType KMS: "SSEType KMS is required if KMSMasterKeyId is specified", as quoted
 * from CloudFormation's relay of the service's answer
 * (https://github.com/awsdocs/aws-cloudformation-user-guide/pull/1228). A type or a
 * key with encryption not enabled is contradictory; AWS's wording for it is not
 * known, so that message is Strata's.
 */
export function sseSpec(sse: Infer<typeof SSE_SPECIFICATION>): KmsEncryption | 'aws-owned' {
  if (sse.SSEType === 'AES256') throw DynamoDBError.validation('One or more parameter values were invalid: SSEType AES256 is not supported');
  if (sse.KMSMasterKeyId !== undefined && sse.SSEType !== 'KMS') throw DynamoDBError.validation('SSEType KMS is required if KMSMasterKeyId is specified');
  if (sse.Enabled !== true) {
    if (sse.SSEType !== undefined) {
      throw DynamoDBError.validation('One or more parameter values were invalid: SSEType can only be specified when SSE is enabled');
    }
    return 'aws-owned';
  }
  return sse.KMSMasterKeyId === undefined ? {} : { kmsMasterKeyId: sse.KMSMasterKeyId };
}

/**
 * The maximum request units of an on-demand table: each at least 1, or -1 for no
 * maximum (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_OnDemandThroughput.html).
 * The model declares no range, so AWS's wording for other values is not known; the
 * message is Strata's.
 */
export const ON_DEMAND_THROUGHPUT = structure({ MaxReadRequestUnits: long(), MaxWriteRequestUnits: long() });

export function onDemandThroughputSpec(limits: Infer<typeof ON_DEMAND_THROUGHPUT>): OnDemandThroughputLimits {
  for (const [name, units] of Object.entries(limits)) {
    if (units !== undefined && units !== -1 && units < 1) {
      throw DynamoDBError.validation(`One or more parameter values were invalid: ${name} must be -1 (no maximum) or at least 1, not ${units}`);
    }
  }
  return {
    ...(limits.MaxReadRequestUnits === undefined ? {} : { maxReadRequestUnits: limits.MaxReadRequestUnits }),
    ...(limits.MaxWriteRequestUnits === undefined ? {} : { maxWriteRequestUnits: limits.MaxWriteRequestUnits }),
  };
}

/**
 * Tags as the model bounds them (key 1 to 128 characters, value 0 to 256). The model
 * puts no bound on the list; AWS's answer to more than 50 is not known, so the
 * validator's wording stands for it.
 */
export const TAGS = list(structure({ Key: string({ min: 1, max: 128 }), Value: string({ min: 0, max: 256 }) }, ['Key', 'Value']), {
  max: TAGS_PER_RESOURCE_MAX,
});

const RESERVED_TAG_PREFIX = 'aws:';

/**
 * The `aws:` prefix is AWS's own (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Tagging.html);
 * AWS's exact message for it is not known, so this one is Strata's. A key given
 * twice keeps its last value, as TagResource overwrites an existing key.
 */
export function tagsSpec(tags: Infer<typeof TAGS>): Tag[] {
  const byKey = new Map<string, string>();
  for (const tag of tags) {
    if (tag.Key.startsWith(RESERVED_TAG_PREFIX)) {
      throw DynamoDBError.validation(`One or more parameter values were invalid: Tag keys starting with '${RESERVED_TAG_PREFIX}' are reserved for AWS use`);
    }
    byKey.set(tag.Key, tag.Value);
  }
  return [...byKey].map(([key, value]) => ({ key, value }));
}
