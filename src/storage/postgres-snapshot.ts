import type pg from 'pg';

/**
 * Opens a snapshot's transaction. REPEATABLE READ takes its snapshot at the first
 * statement, not at BEGIN, so the SELECT takes it now, in the same round trip; every
 * read on the connection then sees that moment until COMMIT. PostgreSQL, CockroachDB
 * and YugabyteDB all accept the statement.
 */
const SNAPSHOT_BEGIN_SQL = 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; SELECT 1';

/** Ignores errors of a held connection: a broken one fails the snapshot's next read, which says why. */
function ignoreConnectionError(): void {}

/**
 * Takes a connection of `pool` and begins a snapshot's transaction on it. Between
 * reads the connection sits idle outside the pool, where the pool no longer listens
 * for its errors and an unheard one would end the process, so the snapshot listens.
 */
export async function beginSnapshot(pool: pg.Pool): Promise<pg.PoolClient> {
  const connection = await pool.connect();
  connection.on('error', ignoreConnectionError);
  try {
    await connection.query(SNAPSHOT_BEGIN_SQL);
    return connection;
  } catch (error) {
    connection.off('error', ignoreConnectionError);
    connection.release(true);
    throw error;
  }
}

/**
 * Ends a snapshot's transaction and returns its connection to the pool. Its reads
 * are over either way, so a failure to end it is not the caller's: the connection,
 * in a state unknown, is closed instead of returned.
 */
export async function endSnapshot(connection: pg.PoolClient): Promise<void> {
  const ended = await connection.query('COMMIT').then(
    () => true,
    () => false,
  );
  connection.off('error', ignoreConnectionError);
  connection.release(!ended);
}
