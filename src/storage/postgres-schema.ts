import type pg from 'pg';

/**
 * The schema Strata keeps in its database, one migration per version. Version 1 is
 * the whole keyspace in one table of byte strings: any PostgreSQL-protocol engine
 * with ordered primary keys stores and ranges over it the same way. The table may be
 * created beforehand with engine-specific options (YugabyteDB needs `PRIMARY KEY (k
 * ASC)` to keep keys in order; see docs/scale-out.md), so it is only created if absent.
 */
const MIGRATIONS: ReadonlyArray<readonly string[]> = [['CREATE TABLE IF NOT EXISTS strata_kv (k bytea PRIMARY KEY, v bytea NOT NULL)']];

export const POSTGRES_SCHEMA_VERSION = MIGRATIONS.length;

/**
 * Two nodes starting at once race to create the schema; the loser sees one of these
 * and tries again. CREATE TABLE IF NOT EXISTS is not atomic against a concurrent
 * one: besides a duplicate table (42P07) or key (23505), the table's row type can
 * collide (42710, duplicate_object: `type "strata_schema" already exists`).
 */
const RACE_SQLSTATES = new Set(['40001', '40P01', '23505', '42P07', '42710']);
const MIGRATION_ATTEMPTS_MAX = 10;

/**
 * Brings the database to POSTGRES_SCHEMA_VERSION, in one transaction per attempt so
 * that nodes starting together never see half a schema. A database written by a newer
 * Strata is refused rather than misread.
 */
export async function migratePostgresSchema(pool: pg.Pool): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      await client.query('CREATE TABLE IF NOT EXISTS strata_schema (id integer PRIMARY KEY, version integer NOT NULL)');
      const { rows } = await client.query<{ version: number }>('SELECT version FROM strata_schema WHERE id = 1');
      const version = rows[0]?.version ?? 0;
      if (version > POSTGRES_SCHEMA_VERSION) {
        throw new Error(`the database's Strata schema is version ${version}, newer than this Strata's ${POSTGRES_SCHEMA_VERSION}: upgrade Strata`);
      }
      for (const statements of MIGRATIONS.slice(version)) for (const statement of statements) await client.query(statement);
      await client.query('INSERT INTO strata_schema (id, version) VALUES (1, $1) ON CONFLICT (id) DO UPDATE SET version = excluded.version', [
        POSTGRES_SCHEMA_VERSION,
      ]);
      await client.query('COMMIT');
      return;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      const raced = RACE_SQLSTATES.has((error as { code?: string }).code ?? '');
      if (!raced || attempt === MIGRATION_ATTEMPTS_MAX) throw error;
    } finally {
      client.release();
    }
  }
}
