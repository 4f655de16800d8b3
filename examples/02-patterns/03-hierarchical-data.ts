import assert from 'node:assert/strict';
import { GetCommand, QueryCommand, ScanCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { chapter, eventually, example, type ExampleContext } from '../support/example.js';
import { attributeTypes, keySchema, queryItems } from '../support/helpers.js';
import { runWhenMain } from '../support/run.js';
import { putAll, type Item } from './batching.js';

/**
 * Trees in DynamoDB, three ways: an adjacency list (each node names its parent), a
 * materialized path (each node's key spells out its whole ancestry), and the same idea
 * applied to places (country, then state#city#store in the sort key).
 */

// ---- Adjacency list: an org chart --------------------------------------------------------

const BY_MANAGER = 'byManager';

/** Each employee names their manager; the CEO has none. */
const EMPLOYEES: readonly Item[] = [
  { employeeId: 'e-01', name: 'Maya', title: 'Chief Executive' },
  { employeeId: 'e-02', name: 'Omar', title: 'CTO', managerId: 'e-01' },
  { employeeId: 'e-03', name: 'Lena', title: 'CFO', managerId: 'e-01' },
  { employeeId: 'e-04', name: 'Ravi', title: 'Engineering Manager', managerId: 'e-02' },
  { employeeId: 'e-05', name: 'Sofia', title: 'Staff Engineer', managerId: 'e-02' },
  { employeeId: 'e-06', name: 'Jun', title: 'Engineer', managerId: 'e-04' },
  { employeeId: 'e-07', name: 'Ines', title: 'Engineer', managerId: 'e-04' },
  { employeeId: 'e-08', name: 'Tom', title: 'Accountant', managerId: 'e-03' },
];

/** The employees table, with a GSI that groups employees by their manager, sorted by name. */
async function createOrgChart(ex: ExampleContext): Promise<string> {
  const tableName = await ex.createTable({
    TableName: 'employees',
    KeySchema: keySchema('employeeId'),
    AttributeDefinitions: attributeTypes({ employeeId: 'S', managerId: 'S', name: 'S' }),
    GlobalSecondaryIndexes: [
      {
        IndexName: BY_MANAGER,
        KeySchema: keySchema('managerId', 'name'),
        Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: ['title'] },
      },
    ],
  });
  await putAll(ex.doc, tableName, EMPLOYEES);
  return tableName;
}

const directReports = example('direct-reports', 'Adjacency list: a GSI on the manager attribute lists direct reports', async (ex) => {
  const tableName = await createOrgChart(ex);
  ex.say(
    'Each employee item stores its managerId: the tree is kept as a list of parent links, one per node. Writing is trivial (a move to another team changes one attribute), and a GSI keyed on managerId turns "who reports to X" into one Query.',
  );
  const request = {
    TableName: tableName,
    IndexName: BY_MANAGER,
    KeyConditionExpression: 'managerId = :manager',
    ExpressionAttributeValues: { ':manager': 'e-02' },
  };
  ex.show('Query request', request);
  const reports = await eventually(async () => {
    const items = await queryItems(ex, request);
    assert.deepEqual(
      items.map((item) => [item['name'], item['title']]),
      [
        ['Ravi', 'Engineering Manager'],
        ['Sofia', 'Staff Engineer'],
      ],
    );
    return items;
  });
  ex.show("The CTO's direct reports", reports);

  ex.say(
    'The CEO has no managerId, so her item has no key for this index and is simply not in it: an index only holds items that have its key attributes (a "sparse" index).',
  );
  const indexed = await eventually(async () => {
    const { Count } = await ex.doc.send(new ScanCommand({ TableName: tableName, IndexName: BY_MANAGER, Select: 'COUNT' }));
    assert.equal(Count, EMPLOYEES.length - 1);
    return Count;
  });
  ex.show('Items in the index', indexed);
});

const chainOfCommand = example('chain-of-command', 'Adjacency list: walking up the tree takes one GetItem per level', async (ex) => {
  const tableName = await createOrgChart(ex);
  ex.say(
    "Going up is following parent links: read the employee, then their manager, then that manager's manager, until someone has no manager. Each step needs the previous answer, so the reads cannot be batched or sent in parallel.",
  );
  const chain: string[] = [];
  let next: string | undefined = 'e-07';
  let reads = 0;
  while (next !== undefined) {
    const employee: Item | undefined = (
      await ex.doc.send(
        new GetCommand({
          TableName: tableName,
          Key: { employeeId: next },
          ProjectionExpression: '#name, title, managerId',
          ExpressionAttributeNames: { '#name': 'name' },
          ConsistentRead: true,
        }),
      )
    ).Item;
    reads++;
    assert.ok(employee, `employee ${next} exists`);
    chain.push(`${employee['name']} (${employee['title']})`);
    next = typeof employee['managerId'] === 'string' ? employee['managerId'] : undefined;
  }
  ex.show('From Ines up to the top', chain);
  assert.deepEqual(chain, ['Ines (Engineer)', 'Ravi (Engineering Manager)', 'Omar (CTO)', 'Maya (Chief Executive)']);
  assert.equal(reads, 4);
  ex.say(
    'Four levels, four round trips. That is fine for a shallow tree read now and then. When whole chains or subtrees are read often, store the path itself in the key, as the next examples do: then one Query replaces the walk.',
  );
});

// ---- Materialized paths: folders and files ----------------------------------------------

const BY_PARENT = 'byParent';

/** A folder path ends with '/', a file path does not. */
const FILE_PATHS = [
  '/docs/',
  '/docs/readme.md',
  '/docs/2026/',
  '/docs/2026/report.pdf',
  '/docs/2026/budget.xlsx',
  '/docs/2026/q4/',
  '/docs/2026/q4/plan.md',
  '/docs-archive/',
  '/docs-archive/2019.zip',
  '/photos/',
  '/photos/cat.jpg',
];

/** The folder that contains `path`: '/docs/2026/report.pdf' and '/docs/2026/q4/' are both in '/docs/2026/'. */
function parentOf(path: string): string {
  const trimmed = path.endsWith('/') ? path.slice(0, -1) : path;
  return trimmed.slice(0, trimmed.lastIndexOf('/') + 1);
}

/** How many names the path has: '/docs/' is 1, '/docs/2026/report.pdf' is 3. */
function depthOf(path: string): number {
  return path.split('/').filter((part) => part !== '').length;
}

/**
 * One drive per partition, sorted by full path. A local secondary index sorts the same
 * partition by parent folder instead.
 */
async function createDrive(ex: ExampleContext): Promise<string> {
  const tableName = await ex.createTable({
    TableName: 'drive',
    KeySchema: keySchema('drive', 'path'),
    AttributeDefinitions: attributeTypes({ drive: 'S', path: 'S', parent: 'S' }),
    LocalSecondaryIndexes: [
      {
        IndexName: BY_PARENT,
        KeySchema: keySchema('drive', 'parent'),
        Projection: { ProjectionType: 'ALL' },
      },
    ],
  });
  await putAll(
    ex.doc,
    tableName,
    FILE_PATHS.map((path) => ({ drive: 'team-a', path, parent: parentOf(path), depth: depthOf(path), kind: path.endsWith('/') ? 'folder' : 'file' })),
  );
  return tableName;
}

/** The request for everything whose path starts with `prefix` on drive team-a. */
function pathsStartingWith(tableName: string, prefix: string): QueryCommandInput {
  return {
    TableName: tableName,
    KeyConditionExpression: 'drive = :drive AND begins_with(#path, :prefix)',
    ExpressionAttributeNames: { '#path': 'path' },
    ExpressionAttributeValues: { ':drive': 'team-a', ':prefix': prefix },
    ConsistentRead: true,
  };
}

const paths = (items: readonly Item[]): unknown[] => items.map((item) => item['path']);

const folderSubtree = example('folder-subtree', 'Materialized path: begins_with lists a whole subtree in one Query', async (ex) => {
  const tableName = await createDrive(ex);
  ex.say(
    'Each file and folder is keyed by its full path. Everything inside /docs/ has a path starting with "/docs/", and since the sort key keeps paths in order, the whole subtree is one contiguous range: begins_with reads it in one request, at any depth.',
  );
  const request = pathsStartingWith(tableName, '/docs/');
  ex.show('Query request', request);
  const subtree = await queryItems(ex, request);
  ex.show('Subtree of /docs/', paths(subtree));
  assert.deepEqual(paths(subtree), [
    '/docs/',
    '/docs/2026/',
    '/docs/2026/budget.xlsx',
    '/docs/2026/q4/',
    '/docs/2026/q4/plan.md',
    '/docs/2026/report.pdf',
    '/docs/readme.md',
  ]);

  ex.say('Mind the trailing slash. Without it the prefix "/docs" also matches a sibling folder whose name merely starts with the same letters:');
  const sloppy = await queryItems(ex, pathsStartingWith(tableName, '/docs'));
  ex.show('begins_with "/docs"', paths(sloppy));
  assert.ok(paths(sloppy).includes('/docs-archive/2019.zip'));
  ex.say(
    'The cost of this layout is on writes: renaming or moving a folder changes the key of everything below it, and a key cannot be updated, only deleted and written again under the new key.',
  );
});

const folderChildrenWithFilter = example('folder-children-with-filter', 'Immediate children only: a depth attribute and a FilterExpression', async (ex) => {
  const tableName = await createDrive(ex);
  ex.say(
    'A folder listing wants the direct children of /docs/, not the whole subtree. Each item stores its depth, so a filter can keep only the items of depth 2 from the subtree of /docs/.',
  );
  const request = {
    ...pathsStartingWith(tableName, '/docs/'),
    FilterExpression: '#depth = :childDepth',
    ExpressionAttributeNames: { '#path': 'path', '#depth': 'depth' },
    ExpressionAttributeValues: { ':drive': 'team-a', ':prefix': '/docs/', ':childDepth': 2 },
  };
  ex.show('Query request', request);
  const { Items = [], Count, ScannedCount } = await ex.doc.send(new QueryCommand(request));
  ex.show('Result', { ScannedCount, Count, paths: paths(Items) });
  assert.deepEqual(paths(Items), ['/docs/2026/', '/docs/readme.md']);
  assert.equal(ScannedCount, 7);
  ex.say(
    'It works, but look at ScannedCount: the filter runs after the read, so the whole subtree (7 items) was read and billed to return 2. Fine for small folders; for large ones the next example reads only the children. ("path" and "depth" are reserved words, hence the # placeholders.)',
  );
});

const folderChildrenByParentIndex = example(
  'folder-children-by-parent',
  'Immediate children only: a local secondary index on the parent folder',
  async (ex) => {
    const tableName = await createDrive(ex);
    ex.say(
      'Each item also stores its parent folder. A local secondary index keeps the same partition (the drive) but sorts it by parent, so the children of one folder are one contiguous range there: an equality on the index sort key reads exactly them.',
    );
    const request = {
      TableName: tableName,
      IndexName: BY_PARENT,
      KeyConditionExpression: 'drive = :drive AND parent = :folder',
      ExpressionAttributeValues: { ':drive': 'team-a', ':folder': '/docs/' },
      ConsistentRead: true,
    };
    ex.show('Query request', request);
    const { Items = [], Count, ScannedCount } = await ex.doc.send(new QueryCommand(request));
    ex.show('Result', { ScannedCount, Count, children: Items.map((item) => `${item['path']} (${item['kind']})`) });
    assert.deepEqual(new Set(paths(Items)), new Set(['/docs/2026/', '/docs/readme.md']));
    assert.equal(ScannedCount, 2);
    const topLevel = await queryItems(ex, { ...request, ExpressionAttributeValues: { ':drive': 'team-a', ':folder': '/' } });
    ex.show('Children of /', paths(topLevel));
    assert.deepEqual(new Set(paths(topLevel)), new Set(['/docs/', '/docs-archive/', '/photos/']));
    ex.say(
      'Unlike a GSI, a local index can be read with ConsistentRead. It must be declared when the table is created, and a table with one limits each partition key value (here, each drive) to 10 GB across the table and its local indexes.',
    );
  },
);

// ---- Location hierarchy: country, then state#city#store ---------------------------------

const STORES: readonly Item[] = [
  { country: 'USA', location: 'OR#Portland#store-201', opened: 2019 },
  { country: 'USA', location: 'OR#Salem#store-202', opened: 2021 },
  { country: 'USA', location: 'WA#Seattle#store-101', opened: 2015 },
  { country: 'USA', location: 'WA#Seattle#store-102', opened: 2018 },
  { country: 'USA', location: 'WA#Spokane#store-103', opened: 2022 },
  { country: 'USA', location: 'CA#San Francisco#store-301', opened: 2020 },
  { country: 'CAN', location: 'BC#Vancouver#store-501', opened: 2023 },
];

const locationHierarchy = example('location-hierarchy', 'Places: country as partition key, state#city#store as sort key, begins_with per level', async (ex) => {
  const tableName = await ex.createTable({
    TableName: 'stores',
    KeySchema: keySchema('country', 'location'),
    AttributeDefinitions: attributeTypes({ country: 'S', location: 'S' }),
  });
  await putAll(ex.doc, tableName, STORES);
  ex.say(
    'The sort key lists the levels from the most general to the most specific, joined by #. Every level of the hierarchy is then a prefix, and each question "stores in this country / state / city" is one Query.',
  );

  const storesUnder = async (country: string, prefix?: string): Promise<unknown[]> => {
    const items = await queryItems(ex, {
      TableName: tableName,
      KeyConditionExpression: prefix === undefined ? 'country = :country' : 'country = :country AND begins_with(#location, :prefix)',
      ExpressionAttributeValues: { ':country': country, ...(prefix === undefined ? {} : { ':prefix': prefix }) },
      ...(prefix === undefined ? {} : { ExpressionAttributeNames: { '#location': 'location' } }),
      ConsistentRead: true,
    });
    return items.map((item) => item['location']);
  };

  const inCountry = await storesUnder('USA');
  const inState = await storesUnder('USA', 'WA#');
  const inCity = await storesUnder('USA', 'WA#Seattle#');
  ex.show('Country USA (partition key only)', inCountry);
  ex.show("State WA (begins_with 'WA#')", inState);
  ex.show("City Seattle (begins_with 'WA#Seattle#')", inCity);
  assert.equal(inCountry.length, 6);
  assert.deepEqual(inState, ['WA#Seattle#store-101', 'WA#Seattle#store-102', 'WA#Spokane#store-103']);
  assert.deepEqual(inCity, ['WA#Seattle#store-101', 'WA#Seattle#store-102']);
  assert.deepEqual(await storesUnder('CAN', 'BC#'), ['BC#Vancouver#store-501']);
  ex.say(
    'Each prefix ends with the separator: without it, "WA#Seattle" would also match a city named "Seattle Heights". ("location" is a reserved word, hence #location.) The country is the partition key because every question names one; a very large country could take the state into the partition key too, at the price of one Query per state for a country-wide list.',
  );
});

const hierarchicalData = chapter(import.meta.url, 'Hierarchical data: adjacency lists and materialized paths', [
  directReports,
  chainOfCommand,
  folderSubtree,
  folderChildrenWithFilter,
  folderChildrenByParentIndex,
  locationHierarchy,
]);
export default hierarchicalData;

await runWhenMain(import.meta.url, hierarchicalData);
