import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startStrata } from '../../src/index.js';
import type { RunningStrata } from '../../src/strata.js';
import { runProcess, skipUnlessRuns, type ProcessResult } from '../support/run-process.js';

const CLI_ENVIRONMENT = {
  ...process.env,
  AWS_ACCESS_KEY_ID: 'clitest',
  AWS_SECRET_ACCESS_KEY: 'secret',
  AWS_DEFAULT_REGION: 'us-east-1',
  AWS_PAGER: '',
  AWS_EC2_METADATA_DISABLED: 'true',
};

const skipReason = skipUnlessRuns('aws', ['--version'], 'the AWS CLI is not installed', CLI_ENVIRONMENT);

describe('the AWS CLI against Strata', skipReason === undefined ? {} : { skip: skipReason }, () => {
  let strata: RunningStrata;
  before(async () => {
    strata = await startStrata();
  });
  after(async () => {
    await strata.close();
  });

  function dynamodb(...args: string[]): Promise<ProcessResult> {
    return runProcess('aws', ['dynamodb', ...args, '--endpoint-url', strata.endpoint, '--output', 'json'], CLI_ENVIRONMENT);
  }

  async function ok(...args: string[]): Promise<Record<string, unknown>> {
    const result = await dynamodb(...args);
    assert.equal(result.status, 0, result.stderr);
    return result.stdout.trim() === '' ? {} : (JSON.parse(result.stdout) as Record<string, unknown>);
  }

  it('creates, describes, lists, updates and deletes tables, and puts, gets and deletes items', async () => {
    await ok(
      'create-table',
      '--table-name',
      'Music',
      '--attribute-definitions',
      'AttributeName=Artist,AttributeType=S',
      'AttributeName=Song,AttributeType=S',
      '--key-schema',
      'AttributeName=Artist,KeyType=HASH',
      'AttributeName=Song,KeyType=RANGE',
      '--billing-mode',
      'PAY_PER_REQUEST',
    );
    const described = await ok('describe-table', '--table-name', 'Music');
    assert.equal((described.Table as { TableStatus: string }).TableStatus, 'ACTIVE');
    assert.deepEqual((await ok('list-tables')).TableNames, ['Music']);
    await ok('update-table', '--table-name', 'Music', '--billing-mode', 'PROVISIONED', '--provisioned-throughput', 'ReadCapacityUnits=2,WriteCapacityUnits=2');
    await ok('put-item', '--table-name', 'Music', '--item', '{"Artist":{"S":"Arturo"},"Song":{"S":"Moon"},"Year":{"N":"2021"}}');
    const got = await ok('get-item', '--table-name', 'Music', '--key', '{"Artist":{"S":"Arturo"},"Song":{"S":"Moon"}}');
    assert.deepEqual(got.Item, { Artist: { S: 'Arturo' }, Song: { S: 'Moon' }, Year: { N: '2021' } });
    const removed = await ok('delete-item', '--table-name', 'Music', '--key', '{"Artist":{"S":"Arturo"},"Song":{"S":"Moon"}}', '--return-values', 'ALL_OLD');
    assert.deepEqual((removed.Attributes as { Year: unknown }).Year, { N: '2021' });
    const missing = await dynamodb('describe-table', '--table-name', 'Nope');
    assert.notEqual(missing.status, 0);
    assert.match(missing.stderr, /ResourceNotFoundException/);
    await ok('delete-table', '--table-name', 'Music');
    assert.deepEqual((await ok('list-tables')).TableNames, []);
  });
});
