import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBServiceException,
  UpdateTableCommand,
  type CreateTableCommandInput,
  type TableDescription,
  type UpdateTableCommandInput,
} from '@aws-sdk/client-dynamodb';
import { onDemandTable, startStrataWithClient, uniqueTableName, type StrataUnderTest } from '../support/strata.js';

/**
 * The table settings deployment tools set on CreateTable and UpdateTable and read back
 * through DescribeTable — encryption, table class, on-demand maximums, tags — and the
 * members Strata refuses rather than drops, through @aws-sdk/client-dynamodb.
 */

const KMS_ARN_PREFIX = 'arn:aws:kms:us-east-1:000000000000:';

describe('table parameters through @aws-sdk/client-dynamodb', () => {
  let server: StrataUnderTest;
  before(async () => {
    server = await startStrataWithClient();
  });
  after(async () => {
    await server.close();
  });

  async function createdAndDescribed(extra: Partial<CreateTableCommandInput>): Promise<{ name: string; tables: TableDescription[] }> {
    const name = uniqueTableName('params');
    const created = await server.client.send(new CreateTableCommand({ ...onDemandTable(name, [{ name: 'id', type: 'S' }]), ...extra }));
    const { Table: described } = await server.client.send(new DescribeTableCommand({ TableName: name }));
    assert.ok(created.TableDescription !== undefined && described !== undefined);
    return { name, tables: [created.TableDescription, described] };
  }

  async function updated(input: UpdateTableCommandInput): Promise<TableDescription> {
    const { TableDescription: table } = await server.client.send(new UpdateTableCommand(input));
    const { Table: described } = await server.client.send(new DescribeTableCommand({ TableName: input.TableName }));
    assert.deepEqual(described, table);
    assert.ok(table !== undefined);
    return table;
  }

  async function rejection(send: () => Promise<unknown>): Promise<{ name: string; message: string }> {
    try {
      await send();
    } catch (error) {
      assert.ok(error instanceof DynamoDBServiceException, String(error));
      return { name: error.name, message: error.message };
    }
    assert.fail('expected the request to be rejected');
  }

  const createRejection = (extra: Record<string, unknown>): Promise<{ name: string; message: string }> =>
    rejection(() =>
      server.client.send(
        new CreateTableCommand({ ...onDemandTable(uniqueTableName('refused'), [{ name: 'id', type: 'S' }]), ...extra } as CreateTableCommandInput),
      ),
    );

  it('describes no SSEDescription for the default AWS owned key', async () => {
    for (const sse of [undefined, { Enabled: false }]) {
      const { tables } = await createdAndDescribed(sse === undefined ? {} : { SSESpecification: sse });
      for (const table of tables) assert.equal(table.SSEDescription, undefined);
    }
  });

  it('describes a KMS key as its ARN', async () => {
    const cases = [
      [{ Enabled: true }, `${KMS_ARN_PREFIX}alias/aws/dynamodb`],
      [{ Enabled: true, SSEType: 'KMS', KMSMasterKeyId: '1234abcd-12ab-34cd-56ef-1234567890ab' }, `${KMS_ARN_PREFIX}key/1234abcd-12ab-34cd-56ef-1234567890ab`],
      [{ Enabled: true, SSEType: 'KMS', KMSMasterKeyId: 'arn:aws:kms:eu-west-1:111122223333:key/k1' }, 'arn:aws:kms:eu-west-1:111122223333:key/k1'],
      [{ Enabled: true, SSEType: 'KMS', KMSMasterKeyId: 'alias/mine' }, `${KMS_ARN_PREFIX}alias/mine`],
    ] as const;
    for (const [sse, keyArn] of cases) {
      const { tables } = await createdAndDescribed({ SSESpecification: sse });
      for (const table of tables) assert.deepEqual(table.SSEDescription, { Status: 'ENABLED', SSEType: 'KMS', KMSMasterKeyArn: keyArn });
    }
  });

  it('refuses what AWS refuses in SSESpecification', async () => {
    assert.deepEqual(await createRejection({ SSESpecification: { Enabled: true, SSEType: 'AES256' } }), {
      name: 'ValidationException',
      message: 'One or more parameter values were invalid: SSEType AES256 is not supported',
    });
    assert.deepEqual(await createRejection({ SSESpecification: { Enabled: true, KMSMasterKeyId: 'alias/mine' } }), {
      name: 'ValidationException',
      message: 'SSEType KMS is required if KMSMasterKeyId is specified',
    });
    assert.equal((await createRejection({ SSESpecification: { Enabled: false, SSEType: 'KMS' } })).name, 'ValidationException');
  });

  it('switches encryption keys with UpdateTable', async () => {
    const { name } = await createdAndDescribed({});
    const withKey = await updated({ TableName: name, SSESpecification: { Enabled: true, SSEType: 'KMS', KMSMasterKeyId: 'k2' } });
    assert.deepEqual(withKey.SSEDescription, { Status: 'ENABLED', SSEType: 'KMS', KMSMasterKeyArn: `${KMS_ARN_PREFIX}key/k2` });
    assert.equal((await updated({ TableName: name, SSESpecification: { Enabled: false } })).SSEDescription, undefined);
  });

  it('describes the table class once asked for, and its last change', async () => {
    const { tables: unset } = await createdAndDescribed({});
    for (const table of unset) assert.equal(table.TableClassSummary, undefined);
    const { name, tables } = await createdAndDescribed({ TableClass: 'STANDARD_INFREQUENT_ACCESS' });
    for (const table of tables) assert.deepEqual(table.TableClassSummary, { TableClass: 'STANDARD_INFREQUENT_ACCESS' });
    const startedMs = Date.now();
    const summary = (await updated({ TableName: name, TableClass: 'STANDARD' })).TableClassSummary;
    assert.equal(summary?.TableClass, 'STANDARD');
    const changedMs = summary?.LastUpdateDateTime?.getTime() ?? 0;
    assert.ok(changedMs >= startedMs - 1_000 && changedMs <= Date.now() + 1_000, `LastUpdateDateTime ${changedMs} is not recent`);
  });

  it('describes on-demand maximums, -1 for none', async () => {
    const { name, tables } = await createdAndDescribed({ OnDemandThroughput: { MaxReadRequestUnits: 100 } });
    for (const table of tables) assert.deepEqual(table.OnDemandThroughput, { MaxReadRequestUnits: 100, MaxWriteRequestUnits: -1 });
    const changed = await updated({ TableName: name, OnDemandThroughput: { MaxWriteRequestUnits: 50, MaxReadRequestUnits: -1 } });
    assert.deepEqual(changed.OnDemandThroughput, { MaxReadRequestUnits: -1, MaxWriteRequestUnits: 50 });
    assert.equal((await createRejection({ OnDemandThroughput: { MaxReadRequestUnits: 0 } })).name, 'ValidationException');
  });

  it('accepts tags within AWS bounds and refuses the aws: prefix', async () => {
    await createdAndDescribed({
      Tags: [
        { Key: 'team', Value: 'storage' },
        { Key: 'empty', Value: '' },
      ],
    });
    const reserved = await createRejection({ Tags: [{ Key: 'aws:cloudformation:stack-name', Value: 'x' }] });
    assert.equal(reserved.name, 'ValidationException');
    assert.match(reserved.message, /aws:/);
    const long = await createRejection({ Tags: [{ Key: 'k'.repeat(129), Value: 'v' }] });
    assert.match(long.message, /at 'tags\.1\.member\.key' failed to satisfy constraint: Member must have length less than or equal to 128/);
  });

  it('refuses each member Strata does not implement, naming it', async () => {
    const refusedOnCreate: Record<string, unknown> = {
      WarmThroughput: { ReadUnitsPerSecond: 12000 },
      ResourcePolicy: '{}',
      GlobalTableSourceArn: 'arn:aws:dynamodb:us-west-2:000000000000:table/source',
      GlobalTableSettingsReplicationMode: 'ENABLED',
    };
    for (const [member, value] of Object.entries(refusedOnCreate)) {
      assert.deepEqual(await createRejection({ [member]: value }), {
        name: 'ValidationException',
        message: `Strata does not support the ${member} parameter yet`,
      });
    }
    const index = { IndexName: 'byOther', KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }], Projection: { ProjectionType: 'ALL' } };
    for (const member of ['OnDemandThroughput', 'WarmThroughput']) {
      assert.equal(
        (await createRejection({ GlobalSecondaryIndexes: [{ ...index, [member]: { MaxReadRequestUnits: 5, ReadUnitsPerSecond: 5 } }] })).message,
        `Strata does not support the ${member} parameter yet`,
      );
    }
    const { name } = await createdAndDescribed({});
    const refusedOnUpdate: Record<string, unknown> = {
      ReplicaUpdates: [{ Create: { RegionName: 'us-west-2' } }],
      MultiRegionConsistency: 'STRONG',
      GlobalTableWitnessUpdates: [{ Create: { RegionName: 'us-west-2' } }],
      WarmThroughput: { WriteUnitsPerSecond: 4000 },
      GlobalTableSettingsReplicationMode: 'ENABLED',
    };
    for (const [member, value] of Object.entries(refusedOnUpdate)) {
      const refused = await rejection(() => server.client.send(new UpdateTableCommand({ TableName: name, [member]: value } as UpdateTableCommandInput)));
      assert.deepEqual(refused, { name: 'ValidationException', message: `Strata does not support the ${member} parameter yet` });
    }
  });
});
