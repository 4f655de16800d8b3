import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import pg from 'pg';
import { postgresSkipReason, testPostgresDatabase } from '../support/postgres-server.js';

/** The PostgreSQL test support itself: the postgres backend's tests rely on every database it hands out being fresh and real. */

async function connect(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return client;
}

async function tableNames(url: string): Promise<string[]> {
  const client = await connect(url);
  try {
    const result = await client.query<{ table_name: string }>(
      "SELECT table_name FROM information_schema.tables WHERE table_schema NOT IN ('pg_catalog', 'information_schema')",
    );
    return result.rows.map((row) => row.table_name);
  } finally {
    await client.end();
  }
}

describe('PostgreSQL test databases', { skip: postgresSkipReason() }, () => {
  it('stores and reads back bytea keys, and is gone once dropped', async () => {
    const database = await testPostgresDatabase();
    const client = await connect(database.url);
    try {
      await client.query('CREATE TABLE entries (key bytea PRIMARY KEY, value bytea NOT NULL)');
      const key = Buffer.from([0x00, 0xff, 0x7f]);
      await client.query('INSERT INTO entries (key, value) VALUES ($1, $2)', [key, Buffer.from('value')]);
      const result = await client.query<{ value: Buffer }>('SELECT value FROM entries WHERE key = $1', [key]);
      assert.deepEqual(result.rows, [{ value: Buffer.from('value') }]);
    } finally {
      await client.end();
    }
    await database.drop();
    await assert.rejects(connect(database.url), { code: '3D000' }); // invalid_catalog_name: no such database
  });

  it('gives each caller a distinct, empty database', async () => {
    const first = await testPostgresDatabase();
    const second = await testPostgresDatabase();
    try {
      assert.notEqual(first.url, second.url);
      const client = await connect(first.url);
      await client.query('CREATE TABLE only_in_first (id integer)');
      await client.end();
      assert.deepEqual(await tableNames(first.url), ['only_in_first']);
      assert.deepEqual(await tableNames(second.url), []);
    } finally {
      await first.drop();
      await second.drop();
    }
  });

  it('drops a database that still has open connections', async () => {
    const database = await testPostgresDatabase();
    const client = await connect(database.url);
    // The forced drop ends this session; without a listener its error would crash the process.
    client.on('error', () => {});
    await database.drop();
    await assert.rejects(client.query('SELECT 1'));
  });
});
