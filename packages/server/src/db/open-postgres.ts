import { Kysely, PostgresDialect, type CompiledQuery } from 'kysely';
import type { Pool } from 'pg';
import type { DatabaseSchema } from './database-schema.js';

/** The most connections one Tessera process opens to PostgreSQL. */
export const POSTGRES_POOL_MAX = 10;
/**
 * Longest wait for a connection, ms: a new one (PostgreSQL unreachable, or not answering) or a
 * free one (every connection busy). Past it the request gets 503 `service_unavailable`.
 */
export const POSTGRES_CONNECT_TIMEOUT_MS = 2000;
/** Longest wait for a query's answer, ms (a PostgreSQL that stopped answering): then 503 too. */
export const POSTGRES_QUERY_TIMEOUT_MS = 10_000;

/**
 * Creates a pg pool (at most {@link POSTGRES_POOL_MAX} connections) behind Kysely. It connects
 * lazily, and `pg` itself is loaded with the first query (a SQLite deployment never loads it:
 * about 100 ms of start-up); {@link openDatabase} pings it at once so a wrong URL fails at
 * start. Nothing waits without bound: a connection comes within {@link POSTGRES_CONNECT_TIMEOUT_MS} (a new one, or a
 * free one of a full pool) and an answer within {@link POSTGRES_QUERY_TIMEOUT_MS}, else the
 * query fails (and the request gets 503, see `isDatabaseUnavailable`); TCP keep-alive notices a
 * dead server on idle connections.
 *
 * An idle connection that breaks (server restart, terminated backend) is dropped by the pool and
 * reported as a process warning instead of crashing the process, and one that breaks during a
 * query fails that query only; the next query reconnects.
 *
 * `readCommitted` (see `Database.readCommitted`) runs a compiled select on the same pool with
 * `pool.query`, outside any transaction: the SQL and values Kysely's executor would send, without
 * its per-query connection provider, plugin pass and promise hops.
 *
 * @example
 * ```ts
 * const { db } = openPostgres('postgres://tessera@127.0.0.1:5432/tessera');
 * ```
 */
export function openPostgres(url: string): {
  db: Kysely<DatabaseSchema>;
  readCommitted: <Row>(query: CompiledQuery<Row>) => Promise<Row[]>;
} {
  let pool: Promise<Pool> | undefined;
  let ready: Pool | undefined;
  const sharedPool = (): Promise<Pool> =>
    (pool ??= createPool(url).then((created) => (ready = created)));
  const rowsOf = <Row>(result: { rows: unknown[] }): Row[] => result.rows as Row[];
  return {
    db: new Kysely<DatabaseSchema>({ dialect: new PostgresDialect({ pool: sharedPool }) }),
    readCommitted: <Row>(query: CompiledQuery<Row>): Promise<Row[]> => {
      if (query.query.kind !== 'SelectQueryNode')
        return Promise.reject(new TypeError('readCommitted runs only queries that return rows'));
      const statement = { text: query.sql, values: [...query.parameters] };
      // once the pool exists, no extra promise per query
      if (ready !== undefined) return ready.query(statement).then(rowsOf<Row>);
      return sharedPool()
        .then((created) => created.query(statement))
        .then(rowsOf<Row>);
    },
  };
}

async function createPool(url: string): Promise<Pool> {
  const { default: pg } = await import('pg');
  const pool = new pg.Pool({
    connectionString: url,
    max: POSTGRES_POOL_MAX,
    connectionTimeoutMillis: POSTGRES_CONNECT_TIMEOUT_MS,
    query_timeout: POSTGRES_QUERY_TIMEOUT_MS,
    keepAlive: true,
  });
  pool.on('error', (error) => {
    process.emitWarning(`PostgreSQL idle connection failed: ${error.message}`, 'TesseraDatabase');
  });
  // A connection lost while a query runs fails that query (answered 503); without a listener its
  // 'error' event would also end the process.
  pool.on('connect', (client) => {
    client.on('error', () => undefined);
  });
  return pool;
}
