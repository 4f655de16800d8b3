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
}
