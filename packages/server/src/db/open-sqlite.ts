import { closeSync, constants, mkdirSync, openSync } from 'node:fs';
import SqliteDatabase from 'better-sqlite3';
import { Kysely } from 'kysely';
import type { DatabaseSchema } from './database-schema.js';
import { ImmediateSqliteDialect } from './sqlite-dialect.js';

/** How long a writer waits for another one's lock before `SQLITE_BUSY`, in milliseconds. */
export const SQLITE_BUSY_TIMEOUT_MS = 5000;

/**
 * Opens (creating when missing) the SQLite file: the folder gets mode 0700 and a new file 0600
 * (it holds password hashes), then WAL journaling, foreign keys and a busy timeout are set.
 *
 * @example
 * ```ts
 * const db = openSqlite('data', 'data/tessera.sqlite');
 * ```
 */
export function openSqlite(dataDir: string, file: string): Kysely<DatabaseSchema> {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  // Create the file ourselves so it is never readable by others, not even for a moment.
  closeSync(openSync(file, constants.O_CREAT | constants.O_RDWR, 0o600));
  const sqlite = new SqliteDatabase(file, { timeout: SQLITE_BUSY_TIMEOUT_MS });
  try {
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma(`busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`);
  } catch (error) {
    sqlite.close();
    throw error;
  }
  return new Kysely<DatabaseSchema>({ dialect: new ImmediateSqliteDialect({ database: sqlite }) });
}
