import type { KeyAttributeType } from '../model/attribute-value.js';

export interface KeyAttribute {
  readonly name: string;
  readonly type: KeyAttributeType;
}

export type BillingMode = 'PROVISIONED' | 'PAY_PER_REQUEST';

export interface ProvisionedThroughputState {
  readonly readCapacityUnits: number;
  readonly writeCapacityUnits: number;
  readonly lastIncreaseEpochMs?: number;
  readonly lastDecreaseEpochMs?: number;
  /** Decreases in the UTC day of `lastDecreaseEpochMs`. */
  readonly decreasesToday: number;
}

export type TableClass = 'STANDARD' | 'STANDARD_INFREQUENT_ACCESS';

/** An on-demand table's maximum request units per second; -1 (or absent) is no maximum. */
export interface OnDemandThroughputLimits {
  readonly maxReadRequestUnits?: number;
  readonly maxWriteRequestUnits?: number;
}

/** Server-side encryption with a KMS key; the key as the client named it, absent for the AWS managed key. */
export interface KmsEncryption {
  readonly kmsMasterKeyId?: string;
}

export interface Tag {
  readonly key: string;
  readonly value: string;
}

export type ProjectionType = 'ALL' | 'KEYS_ONLY' | 'INCLUDE';

export interface IndexProjection {
  readonly type: ProjectionType;
  /** For INCLUDE: the non-key attributes copied into the index. */
  readonly nonKeyAttributes?: readonly string[];
}

/** A secondary index: its own key over the table's items, and what it copies of them. */
export interface IndexDefinition {
  readonly name: string;
  readonly kind: 'GSI' | 'LSI';
  /** The index's prefix in the keyspace under its table; 0 is the table itself. */
  readonly id: number;
  /**
   * The index key. An LSI, and a GSI of the classic kind, has one attribute of each;
   * a GSI may have up to four of each (multi-attribute keys), in key schema order:
   * items are hashed on all partition attributes together and sorted by the sort
   * attributes left to right. An index without a sort key has `sortKeys` empty.
   */
  readonly partitionKeys: readonly KeyAttribute[];
  readonly sortKeys: readonly KeyAttribute[];
  readonly projection: IndexProjection;
  /** GSIs of PROVISIONED tables have their own throughput. */
  readonly provisionedThroughput?: ProvisionedThroughputState;
  /** Set while a GSI added to a table with items is being filled; absent once ACTIVE. */
  readonly backfilling?: boolean;
}

/** What a stream record holds of the item besides its keys (StreamViewType). */
export type StreamViewType = 'KEYS_ONLY' | 'NEW_IMAGE' | 'OLD_IMAGE' | 'NEW_AND_OLD_IMAGES';

/**
 * The table's stream while it is enabled: every write that changes an item appends
 * one record, in the write's commit, to the lane of the item's hash bucket
 * (engine/stream-records.ts). The stream's own description (engine/stream-catalog.ts)
 * outlives this, for the stream stays readable after it is disabled.
 */
export interface TableStream {
  /** The stream's prefix in the keyspace; never reused. */
  readonly id: number;
  readonly viewType: StreamViewType;
  /** Lanes the records are spread over by hash bucket: the records of one item are in one lane, in order. */
  readonly lanes: number;
}

/** Everything the catalog stores about a table. Persisted as JSON; keep it additive. */
export interface TableDefinition {
  /** Internal id, the table's prefix in the keyspace; never reused. */
  readonly id: number;
  /** The TableId of DescribeTable (a UUID). */
  readonly uuid: string;
  readonly namespace: string;
  readonly name: string;
  readonly partitionKey: KeyAttribute;
  readonly sortKey?: KeyAttribute;
  /** AttributeDefinitions in the order the client gave them. */
  readonly attributeDefinitions: readonly KeyAttribute[];
  readonly billingMode: BillingMode;
  /** Zero units in PAY_PER_REQUEST mode, as AWS reports. */
  readonly provisionedThroughput: ProvisionedThroughputState;
  readonly lastUpdateToPayPerRequestEpochMs?: number;
  readonly deletionProtectionEnabled: boolean;
  readonly createdEpochMs: number;
  /** Secondary indexes (absent in definitions stored before indexes existed). */
  readonly indexes?: readonly IndexDefinition[];
  /** The id the next added index gets: ids of deleted indexes are never reused. */
  readonly nextIndexId?: number;
  /** Time to Live, when enabled: the attribute holding each item's expiry in epoch seconds. */
  readonly timeToLive?: { readonly attributeName: string };
  /** Encryption with a KMS key; absent for the default, an AWS owned key. */
  readonly kmsEncryption?: KmsEncryption;
  /** The table class, when one was ever asked for (absent: STANDARD, never set). */
  readonly tableClass?: TableClass;
  /** When UpdateTable last changed the table class. */
  readonly tableClassUpdatedEpochMs?: number;
  readonly onDemandThroughput?: OnDemandThroughputLimits;
  /** The table's tags, keys unique, in the order first given. */
  readonly tags?: readonly Tag[];
  /** The stream, while enabled. */
  readonly stream?: TableStream;
  /** When the latest stream was enabled (its label), kept after it is disabled, as DescribeTable shows it. */
  readonly latestStreamCreatedEpochMs?: number;
}
