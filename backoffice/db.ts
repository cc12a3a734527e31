// The back office's one store: a pg pool over DATABASE_URL and the schema migrations (node-pg-migrate, SQL files in
// backoffice/migrations). Migrating takes node-pg-migrate's advisory lock, so instances starting together are safe.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runner } from 'node-pg-migrate';
import pg from 'pg';

export const MIGRATIONS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

export function createPool(databaseUrl: string, max = 10): pg.Pool {
  const pool = new pg.Pool({ connectionString: databaseUrl, max });
  // An idle client losing its connection (database restart) must not crash the service; the pool replaces it.
  pool.on('error', () => undefined);
  return pool;
}

/** Brings the schema up to date; returns the names of the migrations it ran. */
export async function migrate(
  databaseUrl: string,
  log: (line: string) => void = () => {},
): Promise<string[]> {
  const ran = await runner({
    databaseUrl,
    dir: MIGRATIONS_DIR,
    direction: 'up',
    migrationsTable: 'pgmigrations',
    checkOrder: true,
    logger: { info: log, warn: log, error: log, debug: () => {} },
  });
  return ran.map((m) => m.name);
}

/** Runs `work` in one transaction (rolled back if it throws). */
export async function inTransaction<T>(pool: pg.Pool, work: (c: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (e) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw e;
  } finally {
    client.release();
  }
}
