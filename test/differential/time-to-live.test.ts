import { createTableBody, differentialSuite, freshTableName, step, type DifferentialCase, type Step } from './harness.js';

/**
 * UpdateTimeToLive and DescribeTimeToLive against DynamoDB Local: the status before and
 * after, turning it on and off, the errors for doing either twice or for naming another
 * attribute, malformed specifications and missing tables. (Deleting expired items is
 * checked in test/integration/time-to-live.test.ts: DynamoDB Local's timing differs.)
 */

const table = freshTableName('ttl');
const spec = (AttributeName: unknown, Enabled: unknown): Record<string, unknown> => ({ TableName: table, TimeToLiveSpecification: { AttributeName, Enabled } });
const describe = step('DescribeTimeToLive', { TableName: table });

/**
 * AWS checks requests against its API model before anything else, and both members of
 * TimeToLiveSpecification are required there (AttributeName of 1 to 255 characters), so
 * its answers are the model's "1 validation error detected" messages; DynamoDB Local
 * words these its own way.
 */
const MODEL_CHECK: Pick<Step, 'awsDiffers'> = { awsDiffers: 'AWS checks the API model first' };
/** As for DescribeTable, AWS names the missing table; "Cannot do operations on a non-existent table" is DynamoDB Local's own text. */
const TABLE_NOT_FOUND: Pick<Step, 'awsDiffers'> = { awsDiffers: 'AWS says "Requested resource not found" for a missing table' };

const cases: DifferentialCase[] = [
  { name: 'a new table has TTL disabled', steps: [step('CreateTable', createTableBody(table, { hash: ['pk', 'S'] })), describe] },
  {
    name: 'enable, describe, enable again, disable with another attribute, disable, disable again',
    steps: [
      step('UpdateTimeToLive', spec('expiresAt', true)),
      describe,
      step('UpdateTimeToLive', spec('expiresAt', true)),
      step('UpdateTimeToLive', spec('otherAttribute', true)),
      step('UpdateTimeToLive', spec('otherAttribute', false)),
      step('UpdateTimeToLive', spec('expiresAt', true)),
      step('UpdateTimeToLive', spec('expiresAt', false)),
      describe,
      step('UpdateTimeToLive', spec('expiresAt', false)),
    ],
  },
  { name: 'TTL on a key attribute', steps: [step('UpdateTimeToLive', spec('pk', true)), describe, step('UpdateTimeToLive', spec('pk', false))] },
  {
    name: 'specification without an attribute name',
    steps: [step('UpdateTimeToLive', { TableName: table, TimeToLiveSpecification: { Enabled: true } }, MODEL_CHECK)],
  },
  {
    name: 'specification without Enabled',
    steps: [step('UpdateTimeToLive', { TableName: table, TimeToLiveSpecification: { AttributeName: 'expiresAt' } }, MODEL_CHECK)],
  },
  { name: 'empty attribute name', steps: [step('UpdateTimeToLive', spec('', true), MODEL_CHECK)] },
  { name: 'no specification', steps: [step('UpdateTimeToLive', { TableName: table }, MODEL_CHECK)] },
  {
    name: 'missing table',
    steps: [
      step('UpdateTimeToLive', { TableName: 'ttl-missing', TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true } }, TABLE_NOT_FOUND),
      step('DescribeTimeToLive', { TableName: 'ttl-missing' }, TABLE_NOT_FOUND),
    ],
  },
];

differentialSuite('differential: time to live', cases);
