import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CreateTableCommand, DeleteTableCommand, PutItemCommand, type TableDescription } from '@aws-sdk/client-dynamodb';
import { onDemandTable, startStrataWithClient, uniqueTableName, type StrataUnderTest } from '../support/strata.js';

/**
 * DeleteTable answers with what AWS describes of a table it is deleting: its identity,
 * status, throughput and usage, none of its schema, indexes or settings.
 */

/** The members the SDK received, with their values. */
function members(description: TableDescription | undefined): Record<string, unknown> {
  return Object.fromEntries(Object.entries(description ?? {}).filter(([, value]) => value !== undefined));
}

describe('DeleteTable', () => {
  let server: StrataUnderTest;

  before(async () => {
    server = await startStrataWithClient();
  });

  after(async () => {
    await server.close();
  });

  it('describes a provisioned table with indexes by its name, status, throughput, usage, ARN and id only', async () => {
    const name = uniqueTableName('deleted-provisioned');
    const { TableDescription: created } = await server.client.send(
      new CreateTableCommand({
        TableName: name,
        KeySchema: [
          { AttributeName: 'pk', KeyType: 'HASH' },
          { AttributeName: 'sk', KeyType: 'RANGE' },
        ],
        AttributeDefinitions: ['pk', 'sk', 'g'].map((attribute) => ({ AttributeName: attribute, AttributeType: 'S' })),
        BillingMode: 'PROVISIONED',
        ProvisionedThroughput: { ReadCapacityUnits: 3, WriteCapacityUnits: 4 },
        GlobalSecondaryIndexes: [
          {
            IndexName: 'byG',
            KeySchema: [{ AttributeName: 'g', KeyType: 'HASH' }],
            Projection: { ProjectionType: 'ALL' },
            ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 1 },
          },
        ],
        LocalSecondaryIndexes: [
          {
            IndexName: 'byPkG',
            KeySchema: [
              { AttributeName: 'pk', KeyType: 'HASH' },
              { AttributeName: 'g', KeyType: 'RANGE' },
            ],
            Projection: { ProjectionType: 'KEYS_ONLY' },
          },
        ],
      }),
    );
    await server.client.send(new PutItemCommand({ TableName: name, Item: { pk: { S: 'p' }, sk: { S: 's' }, g: { S: 'g' } } }));

    const { TableDescription: deleted } = await server.client.send(new DeleteTableCommand({ TableName: name }));
    assert.deepEqual(members(deleted), {
      TableName: name,
      TableStatus: 'DELETING',
      ProvisionedThroughput: { NumberOfDecreasesToday: 0, ReadCapacityUnits: 3, WriteCapacityUnits: 4 },
      TableSizeBytes: 8,
      ItemCount: 1,
      TableArn: created?.TableArn,
      TableId: created?.TableId,
      DeletionProtectionEnabled: false,
    });
  });

  it('keeps the summaries of an on-demand table given a class', async () => {
    const name = uniqueTableName('deleted-on-demand');
    const { TableDescription: created } = await server.client.send(
      new CreateTableCommand({ ...onDemandTable(name, [{ name: 'id', type: 'S' }]), TableClass: 'STANDARD_INFREQUENT_ACCESS' }),
    );
    const { TableDescription: deleted } = await server.client.send(new DeleteTableCommand({ TableName: name }));
    assert.deepEqual(members(deleted), {
      TableName: name,
      TableStatus: 'DELETING',
      ProvisionedThroughput: { NumberOfDecreasesToday: 0, ReadCapacityUnits: 0, WriteCapacityUnits: 0 },
      TableSizeBytes: 0,
      ItemCount: 0,
      TableArn: created?.TableArn,
      TableId: created?.TableId,
      BillingModeSummary: created?.BillingModeSummary,
      TableClassSummary: { TableClass: 'STANDARD_INFREQUENT_ACCESS' },
      DeletionProtectionEnabled: false,
    });
  });
});
