import assert from 'node:assert/strict';
import pg from 'pg';
import { OpenSnapshots } from './open-snapshots.js';
import type { Append, Entry, Key, OrderedStore, RangeOptions, ReadSet, StoreReader, StoreSnapshot, Value, WriteSet } from './store.js';
import { asBuffer, KeyTooLargeError, keyId, STORE_SNAPSHOTS_OPEN_MAX } from './store.js';
import { migratePostgresSchema } from './postgres-schema.js';
import { KeyQueues } from './key-queues.js';
import { beginSnapshot, endSnapshot } from './postgres-snapshot.js';

/**
 * PostgreSQL's B-tree holds index entries of up to 2,704 bytes (a third of an 8 KB
 * page, less headers); this leaves room for the entry's own header. Incompressible
 * keys past it cannot be indexed, so they are refused before they reach the server.
 */
const POSTGRES_KEY_BYTES_MAX = 2_600;

/** Rows fetched per round trip of a range walk. */
const RANGE_BATCH_ROWS = 256;

/** Connections per pool; a node has two pools (reads, commits). */
const POOL_CONNECTIONS = 16;

// Each open snapshot holds a reads connection; plain reads must keep at least half the pool.
assert.ok(STORE_SNAPSHOTS_OPEN_MAX <= POOL_CONNECTIONS / 2, 'storage snapshots could take more than half the PostgreSQL reads pool');

/** SQLSTATEs that mean "another transaction got there first": the commit is retried from its reads. */
const CONFLICT_SQLSTATES = new Set(['40001', '40P01']);

/**
 * How often a commit with appends runs its statement while it meets conflicts, before
 * it gives up as any conflicted commit does. Concurrent appends to one log conflict
 * over its counter row though nothing they read changed; since the statement checks
 * the read set itself, running it again is safe, and spares the caller its rerun.
 * Each attempt first waits for the row lock of the commit it met, so the attempts are
 * paced by the commits ahead of it.
 */
const APPENDING_COMMIT_ATTEMPTS_MAX = 64;

function isConflict(error: unknown): boolean {
  return CONFLICT_SQLSTATES.has((error as { code?: string }).code ?? '');
}

/** SQL for the u64 big-endian number in the bytea `column` (a log counter, see Append). */
function bigintOf(column: string): string {
  return `('x' || encode(${column}, 'hex'))::bit(64)::bigint`;
}

/**
 * Commits one transaction in one statement, so it is one round trip: it checks that
 * every key read ($1) still holds the value seen ($2; NULL for absent), and only then
 * upserts the written keys ($3, $4), deletes the deleted ones ($5) and appends the
 * log records ($6 counter keys, $7 record prefixes, $8 values; see Append): each
 * counter is raised by its records in one upsert, whose RETURNING numbers them, the
 * records of one counter in the order given. A counter is a row that every commit
 * appending to its log updates, so concurrent appends to one log wait on each other
 * and the later one fails with a serialization error and is retried. The statement
 * runs at SERIALIZABLE isolation (set on the commit pool's connections), so a
 * concurrent commit that invalidates the check — including one that inserts a key
 * this one read as absent — makes one of the two fail with a serialization error.
 * Data-modifying CTEs, unnest of several arrays and ON CONFLICT are accepted by
 * PostgreSQL, CockroachDB and YugabyteDB alike (docs/scale-out.md).
 */
const COMMIT_SQL = `
WITH expected(k, v) AS (SELECT * FROM unnest($1::bytea[], $2::bytea[])),
checked AS (
  SELECT NOT EXISTS (
    SELECT 1 FROM expected LEFT JOIN strata_kv AS current ON current.k = expected.k
    WHERE current.v IS DISTINCT FROM expected.v
  ) AS unchanged
),
upserted AS (
  INSERT INTO strata_kv (k, v)
  SELECT k, v FROM unnest($3::bytea[], $4::bytea[]) AS written(k, v) WHERE (SELECT unchanged FROM checked)
  ON CONFLICT (k) DO UPDATE SET v = excluded.v
  RETURNING 1
),
deleted AS (
  DELETE FROM strata_kv WHERE k = ANY($5::bytea[]) AND (SELECT unchanged FROM checked)
  RETURNING 1
),
appends AS (
  SELECT counter_key, record_prefix, v,
    row_number() OVER (PARTITION BY counter_key ORDER BY position) - 1 AS offset_in_commit,
    count(*) OVER (PARTITION BY counter_key) AS appended
  FROM unnest($6::bytea[], $7::bytea[], $8::bytea[]) WITH ORDINALITY AS given(counter_key, record_prefix, v, position)
),
counters AS (
  INSERT INTO strata_kv (k, v)
  SELECT counter_key, int8send(max(appended)) FROM appends WHERE (SELECT unchanged FROM checked) GROUP BY counter_key
  ON CONFLICT (k) DO UPDATE SET v = int8send(${bigintOf('strata_kv.v')} + ${bigintOf('excluded.v')})
  RETURNING k, ${bigintOf('v')} AS next_number
),
appended AS (
  INSERT INTO strata_kv (k, v)
  SELECT appends.record_prefix || int8send(counters.next_number - appends.appended + appends.offset_in_commit), appends.v
  FROM appends JOIN counters ON counters.k = appends.counter_key
  RETURNING 1
)
SELECT unchanged FROM checked`;

const GET_SQL = 'SELECT v FROM strata_kv WHERE k = $1';
const GET_MANY_SQL = 'SELECT k, v FROM strata_kv WHERE k = ANY($1::bytea[])';

/** A range's lower end: its start key (inclusive), or, when a walk resumes, the last key seen (exclusive). */
interface LowerBound {
  readonly key: Key;
  readonly inclusive: boolean;
}

/**
 * The query for one batch of a range walk: one prepared statement per combination of
 * bounds and direction, named after its shape. $1 is the row limit, then the bounds
 * that exist; the upper bound is always exclusive.
 */
function rangeQuery(lower: LowerBound | undefined, upper: Key | undefined, reverse: boolean, rows: number): pg.QueryConfig {
  const conditions: string[] = [];
  const values: unknown[] = [rows];
  if (lower !== undefined) {
    values.push(asBuffer(lower.key));
    conditions.push(`k ${lower.inclusive ? '>=' : '>'} $${values.length}`);
  }
  if (upper !== undefined) {
    values.push(asBuffer(upper));
    conditions.push(`k < $${values.length}`);
  }
  const where = conditions.length === 0 ? '' : `WHERE ${conditions.join(' AND ')}`;
  const direction = reverse ? 'DESC' : 'ASC';
  return {
    name: `strata-range ${where === '' ? 'all' : conditions.join(' ').replace(/\$\d/g, '')} ${direction}`,
    text: `SELECT k, v FROM strata_kv ${where} ORDER BY k ${direction} LIMIT $1`,
    values,
  };
}

/** Where reads run: any connection of the reads pool, or one connection held for a snapshot. */
type ReadConnection = pg.Pool | pg.PoolClient;

/** Reads the table on `connection`, each statement a consistent snapshot of its own. */
class PostgresReader implements StoreReader {
  constructor(private readonly connection: ReadConnection) {}

  async get(key: Key): Promise<Value | undefined> {
    if (key.length > POSTGRES_KEY_BYTES_MAX) return undefined;
    const result = await this.connection.query<{ v: Buffer }>({ name: 'strata-get', text: GET_SQL, values: [asBuffer(key)] });
    return result.rows[0]?.v;
  }

  /** One statement reads all the keys, so they come from one snapshot. */
  async getMany(keys: readonly Key[]): Promise<Array<Value | undefined>> {
    const indexable = keys.filter((key) => key.length <= POSTGRES_KEY_BYTES_MAX).map(asBuffer);
    const result = await this.connection.query<{ k: Buffer; v: Buffer }>({ name: 'strata-get-many', text: GET_MANY_SQL, values: [indexable] });
    const byKey = new Map(result.rows.map((row) => [keyId(row.k), row.v]));
    return keys.map((key) => byKey.get(keyId(key)));
  }

  /**
   * Walks the range a batch of rows per query, resuming after the last key seen; each
   * batch is its own snapshot, so a walk shows commits that land past the batch in
   * hand and none behind the cursor, as a walk over memory does.
   */
  async *range(options: RangeOptions): AsyncIterable<Entry> {
    const { start, end, reverse = false } = options;
    let remaining = options.limit ?? Infinity;
    let lower: LowerBound | undefined = start === undefined ? undefined : { key: start, inclusive: true };
    let upper = end;
    while (remaining > 0) {
      const batchRows = Math.min(remaining, RANGE_BATCH_ROWS);
      const result = await this.connection.query<{ k: Buffer; v: Buffer }>(rangeQuery(lower, upper, reverse, batchRows));
      for (const row of result.rows) {
        yield { key: row.k, value: row.v };
        remaining--;
      }
      if (result.rows.length < batchRows) return;
      const last = result.rows[result.rows.length - 1]!.k;
      if (reverse) upper = last;
      else lower = { key: last, inclusive: false };
    }
  }
}

/**
 * The shared OrderedStore: one table of `bytea` keys and values in a
 * PostgreSQL-protocol database, which many Strata nodes may use at once. Reads are
 * plain statements on the reads pool (each one a consistent snapshot); commits are
 * one serializable statement on the commits pool that checks the read set and writes
 * (see COMMIT_SQL). Nothing is cached here, so every node sees every other node's
 * commits.
 */
export class PostgresStore extends PostgresReader implements OrderedStore {
  private readonly snapshots = new OpenSnapshots();
  /** Commits with appends, one at a time per log counter (see commit). */
  private readonly appendingCommits = new KeyQueues();

  private constructor(
    private readonly reads: pg.Pool,
    private readonly commits: pg.Pool,
  ) {
    super(reads);
  }

  /** Connects, creating or migrating the schema first. */
  static async open(url: string): Promise<PostgresStore> {
    const reads = new pg.Pool({ connectionString: url, max: POOL_CONNECTIONS });
    const commits = new pg.Pool({
      connectionString: url,
      max: POOL_CONNECTIONS,
      options: '-c default_transaction_isolation=serializable',
    });
    // An idle connection that breaks is replaced on next use; without a listener its error would end the process.
    for (const pool of [reads, commits]) pool.on('error', () => undefined);
    try {
      await migratePostgresSchema(commits);
    } catch (error) {
      await Promise.all([reads.end(), commits.end()]);
      throw new Error(`cannot open the PostgreSQL storage: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
    return new PostgresStore(reads, commits);
  }

  /** A connection of the reads pool held in a REPEATABLE READ transaction until release; range walks page on it as usual. */
  snapshot(): Promise<StoreSnapshot> {
    return this.snapshots.take(async () => {
      const connection = await beginSnapshot(this.reads);
      return { reader: new PostgresReader(connection), free: () => endSnapshot(connection) };
    });
  }

  async commit(reads: ReadSet, writes: WriteSet, appends: readonly Append[] = []): Promise<boolean> {
    const readKeys: Buffer[] = [];
    const readValues: Array<Buffer | null> = [];
    for (const { key, value } of reads.values()) {
      // A key too long to store cannot have been stored, so it still reads as absent.
      if (key.length > POSTGRES_KEY_BYTES_MAX) continue;
      readKeys.push(asBuffer(key));
      readValues.push(value === undefined ? null : asBuffer(value));
    }
    const putKeys: Buffer[] = [];
    const putValues: Buffer[] = [];
    const deleteKeys: Buffer[] = [];
    for (const { key, value } of writes.values()) {
      if (key.length > POSTGRES_KEY_BYTES_MAX) throw new KeyTooLargeError(key.length, POSTGRES_KEY_BYTES_MAX);
      if (value === undefined) {
        deleteKeys.push(asBuffer(key));
      } else {
        putKeys.push(asBuffer(key));
        putValues.push(asBuffer(value));
      }
    }
    const statement: pg.QueryConfig = {
      name: 'strata-commit',
      text: COMMIT_SQL,
      values: [
        readKeys,
        readValues,
        putKeys,
        putValues,
        deleteKeys,
        appends.map((append) => asBuffer(append.counterKey)),
        appends.map((append) => asBuffer(append.recordPrefix)),
        appends.map((append) => asBuffer(append.value)),
      ],
    };
    if (appends.length === 0) return this.runCommit(statement, 1);
    // Commits of this node appending to one log take turns: run at once, all but one
    // would fail on its counter row and run again, a storm that grows with the square
    // of the writers. Only commits of other nodes sharing the database still meet.
    return this.appendingCommits.run(
      appends.map((append) => keyId(append.counterKey)),
      () => this.runCommit(statement, APPENDING_COMMIT_ATTEMPTS_MAX),
    );
  }

  private async runCommit(statement: pg.QueryConfig, attempts: number): Promise<boolean> {
    for (let attempt = 1; ; attempt++) {
      try {
        const result = await this.commits.query<{ unchanged: boolean }>(statement);
        return result.rows[0]!.unchanged;
      } catch (error) {
        if (!isConflict(error)) throw error;
        if (attempt === attempts) return false;
      }
    }
  }

  async close(): Promise<void> {
    await this.snapshots.close();
    await Promise.all([this.reads.end(), this.commits.end()]);
  }
}
