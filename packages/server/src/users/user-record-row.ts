import type { Selectable } from 'kysely';
import type { UsersTable } from '../db/database-schema.js';
import type { UserRecord, UserSummary } from './user-record.js';

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
    ...toUserSummary(row),
    tokenVersion: Number(row.token_version),
    passwordHash: row.password_hash,
  };
}

/** The columns of a {@link UserSummary}: what the API shows of a user, never the password hash. */
export const USER_SUMMARY_COLUMNS = [
  'id',
  'email',
  'name',
  'role',
  'is_enabled',
  'is_email_verified',
  'pending_invitation',
  'created_at',
  'updated_at',
] as const;

/** A `users` row with only the {@link USER_SUMMARY_COLUMNS}. */
export type UserSummaryRow = Pick<UserRow, (typeof USER_SUMMARY_COLUMNS)[number]>;

/** Maps a summary row to a {@link UserSummary} (`is_enabled` 0/1 becomes a boolean). */
export function toUserSummary(row: UserSummaryRow): UserSummary {
  return {
    id: Number(row.id),
    email: row.email,
    name: row.name,
    role: row.role,
    isEnabled: Number(row.is_enabled) === 1,
    isEmailVerified: Number(row.is_email_verified) === 1,
    pendingInvitation: Number(row.pending_invitation) === 1,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
