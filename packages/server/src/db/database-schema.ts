import type { Role } from '@tessera/protocol';
import type { Generated } from 'kysely';

/**
 * The `users` table as Kysely sees it (column names as in SQL). The same shape on SQLite and
 * PostgreSQL: booleans are `integer` 0/1 and timestamps are ISO 8601 UTC text with milliseconds,
 * so store code never branches on the engine to read a row.
 */
export interface UsersTable {
  id: Generated<number>;
  /** The email as entered. */
  email: string;
  /** The canonical email (NFC, lower-case): the uniqueness key. */
  email_key: string;
  name: string;
  password_hash: string;
  role: Role;
  /** 1 when the user may log in, 0 when disabled. */
  is_enabled: number;
  /** Bumped to revoke every token issued before. */
  token_version: Generated<number>;
  /** ISO 8601 UTC with milliseconds, e.g. `2025-01-31T12:00:00.000Z`. */
  created_at: string;
  /** ISO 8601 UTC with milliseconds. */
  updated_at: string;
}

/**
 * Every table of Tessera's database, for `Kysely<DatabaseSchema>`.
 *
 * @example
 * ```ts
 * const row = await database.db.selectFrom('users').selectAll().where('id', '=', 1).executeTakeFirst();
 * ```
 */
export interface DatabaseSchema {
  users: UsersTable;
}
