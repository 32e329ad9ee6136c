import type { Selectable } from 'kysely';
import type { UsersTable } from '../db/database-schema.js';
import type { UserRecord } from './user-record.js';

/** A `users` row as read from either engine. */
export type UserRow = Selectable<UsersTable>;

/**
 * Maps a `users` row to a {@link UserRecord} (`is_enabled` 0/1 becomes a boolean).
 *
 * @example
 * ```ts
 * const user = toUserRecord(await db.selectFrom('users').selectAll().where('id', '=', 1).executeTakeFirstOrThrow());
 * ```
 */
export function toUserRecord(row: UserRow): UserRecord {
  return {
    id: Number(row.id),
    email: row.email,
    name: row.name,
    role: row.role,
    isEnabled: Number(row.is_enabled) === 1,
    tokenVersion: Number(row.token_version),
    passwordHash: row.password_hash,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
