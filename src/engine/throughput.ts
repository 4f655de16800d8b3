import { DynamoDBError } from '../model/errors.js';
import { THROUGHPUT_DECREASES_PER_DAY_MAX } from '../model/limits.js';
import type { BillingMode, ProvisionedThroughputState } from './table-definition.js';
import type { ThroughputUnits } from './table-spec.js';

/** A table's billing mode against its provisioned throughput, and AWS's quota on decreases. */

const invalid = (message: string): DynamoDBError => DynamoDBError.validation(message);

/** What an on-demand table reports as its provisioned throughput. */
export const ON_DEMAND_UNITS: ThroughputUnits = { readCapacityUnits: 0, writeCapacityUnits: 0 };

export const NO_THROUGHPUT = 'No provisioned throughput specified for the table';

/**
 * AWS words a missing ProvisionedThroughput two ways: "No provisioned throughput
 * specified for the table" when BillingMode is left to its default (aws-sdk-java
 * issue 1886), and this when PROVISIONED is named (amazon-kinesis-client issue 1357).
 * DynamoDB Local always gives the first.
 */
export const PROVISIONED_WITHOUT_THROUGHPUT =
  'One or more parameter values were invalid: ReadCapacityUnits and WriteCapacityUnits must both be specified when BillingMode is PROVISIONED';

/** Checks BillingMode against ProvisionedThroughput; returns the units to record. */
export function provisionedUnits(billingMode: BillingMode, throughput: ThroughputUnits | undefined, missingThroughputMessage = NO_THROUGHPUT): ThroughputUnits {
  if (billingMode === 'PAY_PER_REQUEST') {
    if (throughput !== undefined) {
      throw invalid(
        'One or more parameter values were invalid: Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST',
      );
    }
    return ON_DEMAND_UNITS;
  }
  if (throughput === undefined) throw invalid(missingThroughputMessage);
  return throughput;
}

/** Decreases allowed at any time of a UTC day; after these, one per hour (AWS quotas). */
const FREE_DECREASES_PER_DAY = 4;
const DECREASE_INTERVAL_MS = 60 * 60 * 1000;
const DAY_MS = 86_400_000;

function utcDay(epochMs: number): number {
  return Math.floor(epochMs / DAY_MS);
}

/**
 * The throughput after a change at `nowMs`, with the times of the last increase and
 * decrease and the day's count of decreases, which AWS limits (LimitExceededException).
 */
export function nextThroughput(current: ProvisionedThroughputState, requested: ThroughputUnits, nowMs: number): ProvisionedThroughputState {
  const read = requested.readCapacityUnits;
  const write = requested.writeCapacityUnits;
  const increases = read > current.readCapacityUnits || write > current.writeCapacityUnits;
  const decreases = read < current.readCapacityUnits || write < current.writeCapacityUnits;
  let decreasesToday = current.lastDecreaseEpochMs !== undefined && utcDay(current.lastDecreaseEpochMs) === utcDay(nowMs) ? current.decreasesToday : 0;
  if (decreases) {
    const sinceLastDecreaseMs = current.lastDecreaseEpochMs === undefined ? Infinity : nowMs - current.lastDecreaseEpochMs;
    if (decreasesToday >= THROUGHPUT_DECREASES_PER_DAY_MAX || (decreasesToday >= FREE_DECREASES_PER_DAY && sinceLastDecreaseMs < DECREASE_INTERVAL_MS)) {
      throw new DynamoDBError(
        'LimitExceededException',
        `Subscriber limit exceeded: Provisioned throughput decreases are limited within a given UTC day. After the first ${FREE_DECREASES_PER_DAY} decreases, each subsequent decrease in the same UTC day can be performed at most once every 3600 seconds. Number of decreases today: ${decreasesToday}.`,
      );
    }
    decreasesToday++;
  }
  const lastIncreaseEpochMs = increases ? nowMs : current.lastIncreaseEpochMs;
  const lastDecreaseEpochMs = decreases ? nowMs : current.lastDecreaseEpochMs;
  return {
    readCapacityUnits: read,
    writeCapacityUnits: write,
    ...(lastIncreaseEpochMs === undefined ? {} : { lastIncreaseEpochMs }),
    ...(lastDecreaseEpochMs === undefined ? {} : { lastDecreaseEpochMs }),
    decreasesToday,
  };
}

/** The throughput a table or index starts with. */
export function initialThroughput(units: ThroughputUnits): ProvisionedThroughputState {
  return { readCapacityUnits: units.readCapacityUnits, writeCapacityUnits: units.writeCapacityUnits, decreasesToday: 0 };
}
