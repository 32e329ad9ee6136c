import {
  CompiledQuery,
  SqliteAdapter,
  SqliteDialect,
  SqliteDriver,
  type DatabaseConnection,
  type DialectAdapter,
  type Driver,
  type SqliteDialectConfig,
} from 'kysely';
import { FairLock } from './fair-lock.js';

/**
 * Kysely's SQLite driver, with `BEGIN IMMEDIATE` instead of a deferred `BEGIN`, and its one
 * connection handed out in arrival order ({@link FairLock}; Kysely's own lock is then never
 * contended, since one caller at a time gets past this one).
 */
class ImmediateSqliteDriver extends SqliteDriver {
  readonly #turns: FairLock;

  constructor(config: SqliteDialectConfig, turns: FairLock) {
    super(config);
    this.#turns = turns;
  }

  override async acquireConnection(): Promise<DatabaseConnection> {
    await this.#turns.acquire();
    try {
      return await super.acquireConnection();
    } catch (error) {
      this.#turns.release();
      throw error;
    }
  }

  override async releaseConnection(): Promise<void> {
    try {
      await super.releaseConnection();
    } finally {
      this.#turns.release();
    }
  }

  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

/** Kysely's SQLite adapter, declaring that SQLite DDL is transactional (it is). */
class TransactionalDdlSqliteAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true;
  }
}

/** {@link ImmediateSqliteDialect}'s options: Kysely's, and the lock of the connection. */
export interface ImmediateSqliteDialectConfig extends SqliteDialectConfig {
  /**
   * The lock that hands out the connection, shared with whatever else runs statements on it
   * outside Kysely (`Database.transactSynchronously`); default: a lock of its own.
   */
  readonly turns?: FairLock;
}

/**
 * Kysely's SQLite dialect with two changes that make concurrent writers safe:
 *
 * - Transactions start with `BEGIN IMMEDIATE`: the write lock is taken at the start, so a
 *   read-check-write transaction in another process waits (`busy_timeout`) and then sees the
 *   committed result, instead of failing with `SQLITE_BUSY` when it upgrades its read lock.
 * - Migrations run inside such a transaction, so two processes starting at once apply each
 *   migration once.
 *
 * Within one process all queries share one connection, handed to callers in arrival order.
 *
 * @example
 * ```ts
 * const db = new Kysely<DatabaseSchema>({ dialect: new ImmediateSqliteDialect({ database: sqlite }) });
 * ```
 */
export class ImmediateSqliteDialect extends SqliteDialect {
  readonly #config: SqliteDialectConfig;
  readonly #turns: FairLock;

  constructor({ turns, ...config }: ImmediateSqliteDialectConfig) {
    super(config);
    this.#config = config;
    this.#turns = turns ?? new FairLock();
  }

  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.#config, this.#turns);
  }

  override createAdapter(): DialectAdapter {
    return new TransactionalDdlSqliteAdapter();
  }
}
