import type { KeyAttribute } from '../engine/table-definition.js';
import type { GlobalIndexUpdate, IndexSpec, KeySchemaElement, ThroughputUnits } from '../engine/table-spec.js';
import { DynamoDBError } from '../model/errors.js';
import { TABLE_NAME } from './common.js';
import { list, long, REFUSED, string, structure, type Infer } from './validation/shape.js';

/**
 * The table parameters of CreateTable and UpdateTable — key schemas, attribute
 * definitions, billing mode and throughput, secondary indexes and their updates — as
 * declared shapes, and their translation into the engine's table specs (which the
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
