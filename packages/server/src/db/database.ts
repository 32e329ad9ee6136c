import type { CompiledQuery, Kysely, QueryResult } from 'kysely';
import type { DatabaseSchema } from './database-schema.js';

/** Runs a compiled query at once (see `Database.transactSynchronously`). */
export type ExecuteNow = <Row>(query: CompiledQuery<Row>) => QueryResult<Row>;

/** The SQL engines Tessera runs on. */
export type DatabaseEngine = 'sqlite' | 'postgres';

/**
 * Where the data lives.
 *
 * @example
 * ```ts
 * const sqlite: OpenDatabaseOptions = { dataDir: './data' };
 * const postgres: OpenDatabaseOptions = { dataDir: './data', databaseUrl: 'postgres://tessera@db/tessera' };
 * ```
 */
export interface OpenDatabaseOptions {
  /** `postgres://…` or `postgresql://…`; when absent, SQLite in `dataDir`. */
  databaseUrl?: string;
  /** The folder of `tessera.sqlite` (created with mode 0700 when missing). */
  dataDir: string;
}

/**
 * An open database: the Kysely instance, the engine behind it, and its lifecycle.
 *
 * On SQLite every transaction starts with `BEGIN IMMEDIATE`, so transactions of any process
 * writing the same file run one after the other (waiting up to `busy_timeout`). Within a
 * process, open one `Database` per SQLite file: better-sqlite3 waits for a lock synchronously,
 * so a second handle in the same process would block the one holding the lock.
 *
 * @example
 * ```ts
 * const database = await openDatabase({ dataDir: './data' });
 * await migrateToLatest(database);
 * await database.ping();
 * await database.close();
 * ```
 */
export interface Database {
  readonly db: Kysely<DatabaseSchema>;
  readonly engine: DatabaseEngine;
  /**
   * SQLite only: the connection's `PRAGMA data_version`, read synchronously. It changes whenever
   * another connection or process (the CLI, say) commits to the file, never for this
   * connection's own commits. Undefined on PostgreSQL.
   */
  readonly dataVersion?: () => number;
  /**
   * Runs a compiled query that returns rows outside any transaction, and gives its rows: the
   * last committed state, never the uncommitted rows of a transaction in progress (so inside a
   * transaction, query through the transaction instead).
   *
   * - SQLite: at once, synchronously, on a second, read-only connection, without waiting behind
   *   the queries queued on the main connection. A query that returns no rows throws a
   *   `TypeError` before it runs. Undefined when SQLite cannot use WAL.
   * - PostgreSQL: a promise, from `pool.query` on the pool behind Kysely, without Kysely's
   *   per-query executor. A query that is not a select rejects with a `TypeError` before it runs.
   *
   * `QueryTemplate.read` picks for you.
   */
  readonly readCommitted?: <Row>(query: CompiledQuery<Row>) => Row[] | Promise<Row[]>;
  /**
   * SQLite only: runs `work` as one transaction on the main connection and resolves with what
   * it returns. It waits for the connection's turn, behind the queries and transactions already
   * waiting for it, then runs `BEGIN IMMEDIATE`, `work` and `COMMIT` synchronously: `execute`
   * runs a compiled query at once and returns Kysely's result (`rows`, or `numAffectedRows` of a
   * write), with none of Kysely's per-query promises and no transaction object. `work` must not
   * wait for anything. If it throws, the transaction rolls back and the promise rejects with its
   * error (a driver error as through Kysely). Never call it inside a transaction (it would wait
   * for that transaction's end). Undefined on PostgreSQL. `runTransaction` from this folder
   * picks for you.
   */
  readonly transactSynchronously?: <T>(work: (execute: ExecuteNow) => T) => Promise<T>;
  /**
   * SQLite only, for Tessera's own migrations: lets one edit the schema table (the documented
   * way to drop a CHECK constraint). Not for application code.
   * @internal
   */
  readonly allowSchemaEdits?: (allowed: boolean) => void;
  /** Resolves when the database answers `select 1`; rejects otherwise. */
  ping(): Promise<void>;
  /** Closes the connection (SQLite) or ends the pool (PostgreSQL). Safe to call twice. */
  close(): Promise<void>;
}
