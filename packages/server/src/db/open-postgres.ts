import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { DatabaseSchema } from './database-schema.js';

/** The most connections one Tessera process opens to PostgreSQL. */
export const POSTGRES_POOL_MAX = 10;

/**
 * Creates a pg pool (at most {@link POSTGRES_POOL_MAX} connections) behind Kysely. It connects
 * lazily; {@link openDatabase} pings it at once so a wrong URL fails at start.
 *
 * An idle connection that breaks (server restart, terminated backend) is dropped by the pool and
 * reported as a process warning instead of crashing the process; the next query reconnects.
 *
 * @example
 * ```ts
 * const db = openPostgres('postgres://tessera@127.0.0.1:5432/tessera');
 * ```
 */
export function openPostgres(url: string): Kysely<DatabaseSchema> {
  const pool = new pg.Pool({ connectionString: url, max: POSTGRES_POOL_MAX });
  pool.on('error', (error) => {
    process.emitWarning(`PostgreSQL idle connection failed: ${error.message}`, 'TesseraDatabase');
  });
  return new Kysely<DatabaseSchema>({ dialect: new PostgresDialect({ pool }) });
}
