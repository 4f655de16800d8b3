import type {
  BillingMode,
  KeyAttribute,
  KmsEncryption,
  OnDemandThroughputLimits,
  ProjectionType,
  StreamViewType,
  TableClass,
  Tag,
} from './table-definition.js';

/**
 * What a table command is asked for, before the engine checks it against DynamoDB's
 * rules and the table as stored: the engine's own form of CreateTable and UpdateTable
 * requests (and, later, of a restore's or an import's table), free of the wire's
 * member names. The engine turns a spec into a TableDefinition, assigning the ids.
 */

export interface KeySchemaElement {
  readonly attributeName: string;
  readonly keyType: 'HASH' | 'RANGE';
}

export interface ThroughputUnits {
  readonly readCapacityUnits: number;
  readonly writeCapacityUnits: number;
}

export interface IndexSpec {
  readonly name: string;
  readonly keySchema: readonly KeySchemaElement[];
  /** The projection as asked: a missing type means ALL. */
  readonly projection: { readonly type?: ProjectionType; readonly nonKeyAttributes?: readonly string[] };
  readonly provisionedThroughput?: ThroughputUnits;
}

export interface TableSpec {
  readonly name: string;
  readonly keySchema: readonly KeySchemaElement[];
  /** AttributeDefinitions in the order the client gave them. */
  readonly attributeDefinitions: readonly KeyAttribute[];
  /** As asked; absent means PROVISIONED, and words a missing throughput differently. */
  readonly billingMode?: BillingMode;
  readonly provisionedThroughput?: ThroughputUnits;
  /** Each list as given: an empty one is an error, an absent one is none. */
  readonly localIndexes?: readonly IndexSpec[];
  readonly globalIndexes?: readonly IndexSpec[];
  readonly deletionProtectionEnabled?: boolean;
  /** Absent: encrypted with an AWS owned key. */
  readonly kmsEncryption?: KmsEncryption;
  readonly tableClass?: TableClass;
  readonly onDemandThroughput?: OnDemandThroughputLimits;
  readonly tags?: readonly Tag[];
  /** A stream enabled from the start, with what its records hold. */
  readonly streamViewType?: StreamViewType;
}

export type GlobalIndexUpdate =
  | { readonly kind: 'create'; readonly index: IndexSpec }
  | { readonly kind: 'update'; readonly name: string; readonly provisionedThroughput: ThroughputUnits }
  | { readonly kind: 'delete'; readonly name: string };

/** UpdateTable's changes; each absent member leaves that part of the table as it is. */
export interface TableUpdate {
  readonly billingMode?: BillingMode;
  readonly provisionedThroughput?: ThroughputUnits;
  readonly deletionProtectionEnabled?: boolean;
  /** Definitions of the key attributes of indexes being created. */
  readonly attributeDefinitions?: readonly KeyAttribute[];
  readonly globalIndexUpdates?: readonly GlobalIndexUpdate[];
  /** KMS encryption to use, or 'aws-owned' to go back to the default key. */
  readonly encryption?: KmsEncryption | 'aws-owned';
  readonly tableClass?: TableClass;
  readonly onDemandThroughput?: OnDemandThroughputLimits;
  /** Enable a stream with this view type, or disable the table's stream. */
  readonly stream?: { readonly enabled: true; readonly viewType: StreamViewType } | { readonly enabled: false };
}

/** UpdateTimeToLive's specification. */
export interface TimeToLiveSpec {
  readonly attributeName: string;
  readonly enabled: boolean;
}
