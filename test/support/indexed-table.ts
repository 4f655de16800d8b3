/**
 * The indexes of the tables the index key limit tests write to, in the request's own
 * terms: a GSI keyed by `team` and `rank`, an LSI by `note`, every attribute a string.
 * Shared by the integration test (through the SDK) and the differential one (as raw
 * JSON), so that both write to the same shape of table.
 */
export const INDEXED_TABLE_PARTS = {
  AttributeDefinitions: ['pk', 'sk', 'team', 'rank', 'note'].map((name) => ({ AttributeName: name, AttributeType: 'S' as const })),
  GlobalSecondaryIndexes: [
    {
      IndexName: 'byTeam',
      KeySchema: [
        { AttributeName: 'team', KeyType: 'HASH' as const },
        { AttributeName: 'rank', KeyType: 'RANGE' as const },
      ],
      Projection: { ProjectionType: 'ALL' as const },
    },
  ],
  LocalSecondaryIndexes: [
    {
      IndexName: 'byNote',
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' as const },
        { AttributeName: 'note', KeyType: 'RANGE' as const },
      ],
      Projection: { ProjectionType: 'KEYS_ONLY' as const },
    },
  ],
};
