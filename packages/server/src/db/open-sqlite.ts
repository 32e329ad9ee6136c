import { closeSync, constants, mkdirSync, openSync, readSync } from 'node:fs';
import SqliteDatabase from 'better-sqlite3';
import {
  Kysely,
  type CompiledQuery,
  type QueryResult,
  type SqliteDatabase as KyselySqliteDatabase,
} from 'kysely';
import type { ExecuteNow } from './database.js';
import type { DatabaseSchema } from './database-schema.js';
import { FairLock } from './fair-lock.js';
import { ImmediateSqliteDialect } from './sqlite-dialect.js';
import { statementCache, type StatementCache } from './sqlite-statements.js';

/** How long a writer waits for another one's lock before `SQLITE_BUSY`, in milliseconds. */
export const SQLITE_BUSY_TIMEOUT_MS = 5000;

/** An open SQLite file: Kysely over it, and its change counter. */
export interface OpenedSqlite {
  readonly db: Kysely<DatabaseSchema>;
  /**
   * `PRAGMA data_version` of the connection, read synchronously: it changes when another
   * connection (another process) commits to the file.
   */
  readonly dataVersion: () => number;
  /** Releases what {@link dataVersion} holds open; call after closing the database. */
  readonly release: () => void;
  /**
   * Lets a migration edit the schema table (SQLite's documented way to drop a CHECK
   * constraint) by turning better-sqlite3's defensive mode off; `false` turns it back on.
   */
  readonly allowSchemaEdits: (allowed: boolean) => void;
  /** Reads on a second, read-only connection (see `Database.readCommitted`). */
  readonly readCommitted?: <Row>(query: CompiledQuery<Row>) => Row[];
  /** A synchronous transaction in the connection's turn (see `Database.transactSynchronously`). */
  readonly transactSynchronously: <T>(work: (execute: ExecuteNow) => T) => Promise<T>;
}

/**
 * The connection as Kysely sees it, with prepared statements kept by SQL text: Kysely prepares
 * every query it runs. Statements are reused only one at a time, since Kysely runs one query at
 * a time on its single SQLite connection.
 */
function withStatementCache(
  sqlite: SqliteDatabase.Database,
  statements: StatementCache,
): KyselySqliteDatabase {
  return {
    close() {
      statements.clear();
      sqlite.close();
    },
    prepare: (sql) => statements.prepare(sql),
  };
}

/**
 * A second, read-only connection to `file` (see `Database.readCommitted`). In WAL mode each
 * statement reads the last committed state, whatever a transaction of the main connection is
 * doing at that moment (its uncommitted rows are never seen), and readers never wait for the
 * writer.
 */
function openCommittedReader(file: string) {
  const sqlite = new SqliteDatabase(file, { readonly: true, timeout: SQLITE_BUSY_TIMEOUT_MS });
  const statements = statementCache(sqlite);
  return {
    readCommitted: <Row>(query: CompiledQuery<Row>): Row[] => {
      const statement = statements.prepare(query.sql);
      if (!statement.reader)
        throw new TypeError('readCommitted runs only queries that return rows');
      return statement.all(query.parameters) as Row[];
    },
    close() {
      statements.clear();
      sqlite.close();
    },
  };
}

/**
 * `Database.transactSynchronously` on SQLite: waits for the connection's turn (`turns`, the lock
 * Kysely's driver takes for every query and transaction, so none is in progress), then runs
 * `BEGIN IMMEDIATE`, the work and `COMMIT` synchronously, and rolls back if the work throws.
 * `execute` answers as Kysely's SQLite driver does: the rows of a statement that returns rows,
 * else the changed rows' count and the last inserted rowid.
 */
function synchronousTransactions(
  sqlite: SqliteDatabase.Database,
  statements: StatementCache,
  turns: FairLock,
): <T>(work: (execute: ExecuteNow) => T) => Promise<T> {
  const execute = <Row>(query: CompiledQuery<Row>): QueryResult<Row> => {
    const statement = statements.prepare(query.sql);
    if (statement.reader) return { rows: statement.all(query.parameters) as Row[] };
    const { changes, lastInsertRowid } = statement.run(query.parameters);
    return { rows: [], numAffectedRows: BigInt(changes), insertId: BigInt(lastInsertRowid) };
  };
  const inTransaction = sqlite.transaction((work: (run: ExecuteNow) => unknown) => work(execute));
  return async <T>(work: (run: ExecuteNow) => T): Promise<T> => {
    await turns.acquire();
    try {
      return inTransaction.immediate(work) as T;
    } finally {
      turns.release();
    }
  };
}

/** The WAL-index header: two 48-byte copies at the start of the `-shm` file. */
const WAL_INDEX_HEADER_BYTES = 96;

/**
 * `PRAGMA data_version` behind a cheap filter. The pragma needs a read transaction, which on a
 * WAL database costs three system calls (a lock on the `-shm` file, an `fstat`, the unlock; 2 to
 * 4 µs), and the guard asks on every request. But every commit, by any connection, rewrites the
 * WAL-index header at the start of the `-shm` file (its change counter `iChange`, `mxFrame`,
 * the salts and checksums: https://www.sqlite.org/walformat.html), and the file is the memory
 * SQLite processes share. So while those 96 bytes, read with one `pread` (about 0.6 µs), have
 * not changed, no commit happened and the last `data_version` still holds; when they differ,
 * SQLite is asked. The header is read before the pragma, so a commit between the two reads is
 * either in the version or changes the header again. Without a readable `-shm` file, every call
 * asks SQLite.
 */
function filteredDataVersion(
  shmFile: string | undefined,
  read: () => number,
): { dataVersion: () => number; release: () => void } {
  if (shmFile === undefined) return { dataVersion: read, release: () => undefined };
  let fd: number | undefined;
  try {
    read(); // a read transaction: makes sure the WAL index exists
    fd = openSync(shmFile, 'r');
  } catch {
    return { dataVersion: read, release: () => undefined };
  }
  const shm = fd;
  const seen = Buffer.alloc(WAL_INDEX_HEADER_BYTES);
  const now = Buffer.alloc(WAL_INDEX_HEADER_BYTES);
  let version = Number.NaN;
  let open = true;
  const readHeader = (into: Buffer): boolean => {
    try {
      return readSync(shm, into, 0, WAL_INDEX_HEADER_BYTES, 0) === WAL_INDEX_HEADER_BYTES;
    } catch {
      return false;
    }
  };
  return {
    dataVersion() {
      if (open && readHeader(now) && now.equals(seen) && !Number.isNaN(version)) return version;
      if (open) now.copy(seen);
      version = read();
      return version;
    },
    release() {
      if (!open) return;
      open = false;
      closeSync(shm);
    },
  };
}

/**
 * Opens (creating when missing) the SQLite file: the folder gets mode 0700 and a new file 0600
 * (it holds password hashes), then WAL journaling with `synchronous=FULL` (every commit on disk
 * before it returns), foreign keys and a busy timeout are set.
 *
 * @example
 * ```ts
 * const { db, dataVersion } = openSqlite('data', 'data/tessera.sqlite');
 * ```
 */
export function openSqlite(dataDir: string, file: string): OpenedSqlite {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  // Create the file ourselves so it is never readable by others, not even for a moment.
  closeSync(openSync(file, constants.O_CREAT | constants.O_RDWR, 0o600));
  const sqlite = new SqliteDatabase(file, { timeout: SQLITE_BUSY_TIMEOUT_MS });
  try {
    sqlite.pragma('journal_mode = WAL');
    // Said, not left to the default: better-sqlite3 builds SQLite to open a file already in WAL
    // mode with synchronous=NORMAL, where a commit is not synced and an OS crash or a power
    // loss can undo the last ones (a logout, a password change). FULL syncs every commit.
    sqlite.pragma('synchronous = FULL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma(`busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`);
  } catch (error) {
    sqlite.close();
    throw error;
  }
  const dataVersionStatement = sqlite.prepare('pragma data_version').pluck();
  const wal = sqlite.pragma('journal_mode', { simple: true }) === 'wal';
  // Without WAL (a file system without shared memory) a reader could wait for the writer's
  // lock, synchronously: no second connection then, every read goes through Kysely.
  let reader: ReturnType<typeof openCommittedReader> | undefined;
  try {
    reader = wal ? openCommittedReader(file) : undefined;
  } catch (error) {
    sqlite.close();
    throw error;
  }
  const statements = statementCache(sqlite);
  const turns = new FairLock();
  const { dataVersion, release } = filteredDataVersion(wal ? `${file}-shm` : undefined, () =>
    Number(dataVersionStatement.get()),
  );
  return {
    db: new Kysely<DatabaseSchema>({
      dialect: new ImmediateSqliteDialect({
        database: withStatementCache(sqlite, statements),
        turns,
      }),
    }),
    transactSynchronously: synchronousTransactions(sqlite, statements, turns),
    dataVersion,
    release: () => {
      release();
      reader?.close();
    },
    ...(reader === undefined ? {} : { readCommitted: reader.readCommitted }),
    allowSchemaEdits: (allowed) => {
      sqlite.unsafeMode(allowed);
    },
  };
}
