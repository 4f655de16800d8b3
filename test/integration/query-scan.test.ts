import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CreateTableCommand, paginateQuery, paginateScan, PutItemCommand, QueryCommand, ScanCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { onDemandTable, startStrataWithClient, type StrataUnderTest } from '../support/strata.js';

/**
 * Query and Scan through the SDK's paginators, compared with what the test computes
 * itself from the data it wrote: every combination of Limit, filter, direction and
 * projection must page through exactly the expected items in the expected order.
 */
const PARTITIONS = 10;
const ITEMS_PER_PARTITION = 1000;
const TAGS = ['red', 'green', 'blue'];

interface Row {
  readonly pk: string;
  readonly sk: number;
  readonly tag: string;
}

/** Sort keys mix negatives and fractions, so numeric order differs from text order. */
function sortKeyOf(index: number): number {
  return (index % 2 === 0 ? 1 : -1) * index * 1.5;
}

const rows: Row[] = [];
for (let partition = 0; partition < PARTITIONS; partition++) {
  for (let index = 0; index < ITEMS_PER_PARTITION; index++)
    rows.push({ pk: `p${partition}`, sk: sortKeyOf(index), tag: TAGS[(index * 7 + partition) % TAGS.length]! });
}

function asRow(item: Record<string, AttributeValue>): Partial<Row> {
  return {
    ...(item.pk?.S === undefined ? {} : { pk: item.pk.S }),
    ...(item.sk?.N === undefined ? {} : { sk: Number(item.sk.N) }),
    ...(item.tag?.S === undefined ? {} : { tag: item.tag.S }),
  };
}

describe('Query and Scan over 10,000 items', () => {
  let server: StrataUnderTest;

  before(async () => {
    server = await startStrataWithClient();
    await server.client.send(
      new CreateTableCommand(
        onDemandTable('rows', [
          { name: 'pk', type: 'S' },
          { name: 'sk', type: 'N' },
        ]),
      ),
    );
    const writers = 32;
    await Promise.all(
      Array.from({ length: writers }, async (_, writer) => {
        for (let index = writer; index < rows.length; index += writers) {
          const row = rows[index]!;
          await server.client.send(
            new PutItemCommand({
              TableName: 'rows',
              Item: { pk: { S: row.pk }, sk: { N: String(row.sk) }, tag: { S: row.tag }, filler: { S: 'x'.repeat(50) } },
            }),
          );
        }
      }),
    );
  });

  after(async () => {
    await server.close();
  });

  for (const limit of [undefined, 1, 7, 100]) {
    for (const filtered of [false, true]) {
      for (const forward of [true, false]) {
        for (const projected of [false, true]) {
          it(`pages a Query: limit ${limit ?? 'none'}, ${filtered ? 'filtered' : 'unfiltered'}, ${forward ? 'forward' : 'backward'}, ${projected ? 'projected' : 'whole items'}`, async () => {
            const low = limit === 1 ? 100 : -1000;
            const high = limit === 1 ? 250 : 1000;
            const expected = rows
              .filter((row) => row.pk === 'p3' && row.sk >= low && row.sk <= high && (!filtered || row.tag === 'red'))
              .sort((a, b) => (forward ? a.sk - b.sk : b.sk - a.sk))
              .map((row) => (projected ? { sk: row.sk, tag: row.tag } : row));
            const seen: Partial<Row>[] = [];
            let pages = 0;
            let scanned = 0;
            const values: Record<string, AttributeValue> = { ':p': { S: 'p3' }, ':low': { N: String(low) }, ':high': { N: String(high) } };
            if (filtered) values[':tag'] = { S: 'red' };
            for await (const page of paginateQuery(
              { client: server.client, ...(limit === undefined ? {} : { pageSize: limit }) },
              {
                TableName: 'rows',
                KeyConditionExpression: 'pk = :p AND sk BETWEEN :low AND :high',
                ExpressionAttributeValues: values,
                ...(filtered ? { FilterExpression: 'tag = :tag' } : {}),
                ...(projected ? { ProjectionExpression: 'sk, tag' } : {}),
                ScanIndexForward: forward,
              },
            )) {
              pages++;
              scanned += page.ScannedCount ?? 0;
              assert.equal(page.Count, page.Items?.length);
              if (limit !== undefined) assert.ok((page.ScannedCount ?? 0) <= limit);
              seen.push(...(page.Items ?? []).map(asRow));
            }
            assert.deepEqual(seen, expected);
            const inRange = rows.filter((row) => row.pk === 'p3' && row.sk >= low && row.sk <= high).length;
            assert.equal(scanned, inRange, 'every item in the key range is read exactly once');
            if (limit !== undefined) assert.ok(pages >= Math.ceil(inRange / limit));
          });
        }
      }
    }
  }

  it('keeps pages that the filter empties, with their LastEvaluatedKey', async () => {
    const page = await server.client.send(
      new QueryCommand({
        TableName: 'rows',
        KeyConditionExpression: 'pk = :p',
        FilterExpression: 'tag = :none',
        ExpressionAttributeValues: { ':p': { S: 'p1' }, ':none': { S: 'absent' } },
        Limit: 5,
      }),
    );
    assert.deepEqual(page.Items, []);
    assert.equal(page.Count, 0);
    assert.equal(page.ScannedCount, 5);
    assert.ok(page.LastEvaluatedKey !== undefined);
  });

  it('pages a filtered Scan through the whole table exactly once', async () => {
    const seen = new Map<string, number>();
    let scanned = 0;
    for await (const page of paginateScan(
      { client: server.client, pageSize: 333 },
      { TableName: 'rows', FilterExpression: 'tag <> :green', ExpressionAttributeValues: { ':green': { S: 'green' } } },
    )) {
      scanned += page.ScannedCount ?? 0;
      for (const item of page.Items ?? []) {
        const key = `${item.pk!.S}/${item.sk!.N}`;
        seen.set(key, (seen.get(key) ?? 0) + 1);
      }
    }
    assert.equal(scanned, rows.length);
    const expected = rows.filter((row) => row.tag !== 'green');
    assert.equal(seen.size, expected.length);
    assert.ok([...seen.values()].every((count) => count === 1));
  });

  for (const totalSegments of [1, 4, 7]) {
    it(`splits a parallel scan into ${totalSegments} disjoint segments that cover every item`, async () => {
      const counts = new Map<string, number>();
      await Promise.all(
        Array.from({ length: totalSegments }, async (_, segment) => {
          for await (const page of paginateScan(
            { client: server.client, pageSize: 500 },
            { TableName: 'rows', Segment: segment, TotalSegments: totalSegments, ProjectionExpression: 'pk, sk' },
          )) {
            for (const item of page.Items ?? []) {
              const key = `${item.pk!.S}/${item.sk!.N}`;
              counts.set(key, (counts.get(key) ?? 0) + 1);
            }
          }
        }),
      );
      assert.equal(counts.size, rows.length);
      assert.ok([...counts.values()].every((count) => count === 1));
    });
  }

  it('counts without returning items', async () => {
    const result = await server.client.send(
      new ScanCommand({ TableName: 'rows', Select: 'COUNT', FilterExpression: 'tag = :red', ExpressionAttributeValues: { ':red': { S: 'red' } } }),
    );
    assert.equal(result.Items, undefined);
    assert.equal(result.Count, rows.filter((row) => row.tag === 'red').length);
    assert.equal(result.ScannedCount, rows.length);
  });
});

describe('page size limit', () => {
  it('stops a page once it has read 1 MB of items', async () => {
    const server = await startStrataWithClient();
    try {
      await server.client.send(
        new CreateTableCommand(
          onDemandTable('big', [
            { name: 'pk', type: 'S' },
            { name: 'sk', type: 'N' },
          ]),
        ),
      );
      const itemBytes = 100 * 1024;
      for (let index = 0; index < 25; index++) {
        await server.client.send(
          new PutItemCommand({ TableName: 'big', Item: { pk: { S: 'p' }, sk: { N: String(index) }, blob: { S: 'b'.repeat(itemBytes) } } }),
        );
      }
      const first = await server.client.send(
        new QueryCommand({ TableName: 'big', KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': { S: 'p' } } }),
      );
      // 1 MB / ~100 KB per item: the page ends with the item that reaches 1 MB.
      assert.equal(first.Count, 11);
      assert.deepEqual(first.LastEvaluatedKey, { pk: { S: 'p' }, sk: { N: '10' } });
      const rest = await server.client.send(
        new QueryCommand({
          TableName: 'big',
          KeyConditionExpression: 'pk = :p',
          ExpressionAttributeValues: { ':p': { S: 'p' } },
          ExclusiveStartKey: first.LastEvaluatedKey,
        }),
      );
      assert.equal(rest.Items?.[0]?.sk?.N, '11');
    } finally {
      await server.close();
    }
  });
});
