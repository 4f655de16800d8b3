import type { BillingMode } from '../engine/table-definition.js';
import { DynamoDBError } from '../model/errors.js';
import type { ProvisionedThroughputInput } from './key-schema.js';
import { string } from './validation/shape.js';

/** BillingMode, and its rules against ProvisionedThroughput (CreateTable, UpdateTable). */
export const BILLING_MODE = string({ enum: ['PROVISIONED', 'PAY_PER_REQUEST'] });

const invalid = (message: string): DynamoDBError => DynamoDBError.validation(message);

const NO_THROUGHPUT = 'No provisioned throughput specified for the table';

/**
 * AWS words a missing ProvisionedThroughput two ways: "No provisioned throughput
 * specified for the table" when BillingMode is left to its default (aws-sdk-java
 * issue 1886), and this when PROVISIONED is named (amazon-kinesis-client issue 1357).
 * DynamoDB Local always gives the first.
 */
export const PROVISIONED_WITHOUT_THROUGHPUT =
  'One or more parameter values were invalid: ReadCapacityUnits and WriteCapacityUnits must both be specified when BillingMode is PROVISIONED';

/** Checks BillingMode against ProvisionedThroughput; returns the units to record. */
export function provisionedUnits(
  billingMode: BillingMode,
  throughput: ProvisionedThroughputInput | undefined,
  missingThroughputMessage = NO_THROUGHPUT,
): ProvisionedThroughputInput {
  if (billingMode === 'PAY_PER_REQUEST') {
    if (throughput !== undefined) {
      throw invalid(
        'One or more parameter values were invalid: Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST',
      );
    }
    return { ReadCapacityUnits: 0, WriteCapacityUnits: 0 };
  }
  if (throughput === undefined) throw invalid(missingThroughputMessage);
  return throughput;
}
