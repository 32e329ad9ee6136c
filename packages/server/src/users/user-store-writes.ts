import type { Kysely, Updateable } from 'kysely';
import type { DatabaseSchema, UsersTable } from '../db/database-schema.js';
import { isUniqueViolation } from '../db/unique-violation.js';
import type { UserRow } from './user-record-row.js';
import type { NewUser, UserPatch } from './user-record.js';
import { canonicalEmail } from './user-store-email.js';
import { UserStoreError } from './user-store-error.js';

/** The largest id of a PostgreSQL `integer` column; larger ids cannot exist. */
const MAX_ID = 2_147_483_647;

/**
 * Whether `id` can name a user: a positive integer in the range of both engines' id column.
 * Other values find nothing, rather than reaching the database as an invalid parameter.
 *
 * @example
 * ```ts
 * isUserId(1); // true
 * isUserId(1.5); // false
 * ```
 */
export function isUserId(id: number): boolean {
  return Number.isInteger(id) && id >= 1 && id <= MAX_ID;
}

/**
 * Whether another user (not `exceptId`) has the canonical email `emailKey`.
 *
 * @example
 * ```ts
 * await isEmailKeyTaken(db, 'ada@example.com');
 * ```
 */
export async function isEmailKeyTaken(
  db: Kysely<DatabaseSchema>,
  emailKey: string,
  exceptId?: number,
): Promise<boolean> {
  const row = await db
    .selectFrom('users')
    .select('id')
    .where('email_key', '=', emailKey)
    .$if(exceptId !== undefined, (qb) => qb.where('id', '!=', exceptId ?? 0))
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * Inserts `user` with both timestamps set to `at` and returns the stored row.
 *
 * @example
 * ```ts
 * const row = await insertUser(db, newUser, new Date().toISOString());
 * ```
 */
export async function insertUser(
  db: Kysely<DatabaseSchema>,
  user: NewUser,
  at: string,
): Promise<UserRow> {
  return await db
    .insertInto('users')
    .values({
      email: user.email,
      email_key: canonicalEmail(user.email),
      name: user.name,
      password_hash: user.passwordHash,
      role: user.role,
      is_enabled: user.isEnabled ? 1 : 0,
      is_email_verified: user.isEmailVerified === true ? 1 : 0,
      pending_invitation: user.pendingInvitation === true ? 1 : 0,
      has_password: user.hasPassword === false ? 0 : 1,
      created_at: at,
      updated_at: at,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/**
 * The column changes of `patch`, with `updated_at` set to `at` (`token_version` is not here).
 *
 * @example
 * ```ts
 * patchColumns({ isEnabled: false }, at); // { updated_at: at, is_enabled: 0 }
 * ```
 */
export function patchColumns(patch: UserPatch, at: string): Updateable<UsersTable> {
  const columns: Updateable<UsersTable> = { updated_at: at };
  if (patch.email !== undefined) {
    columns.email = patch.email;
    columns.email_key = canonicalEmail(patch.email);
  }
  if (patch.name !== undefined) columns.name = patch.name;
  if (patch.passwordHash !== undefined) {
    // Every password write (reset, change, invitation, admin) gives the user a password again.
    columns.password_hash = patch.passwordHash;
    columns.has_password = 1;
  }
  if (patch.role !== undefined) columns.role = patch.role;
  if (patch.isEnabled !== undefined) columns.is_enabled = patch.isEnabled ? 1 : 0;
  if (patch.isEmailVerified !== undefined) {
    columns.is_email_verified = patch.isEmailVerified ? 1 : 0;
  }
  if (patch.pendingInvitation !== undefined) {
    columns.pending_invitation = patch.pendingInvitation ? 1 : 0;
  }
  return columns;
}

/**
 * Turns the engine's unique violation on `users.email_key` into `email_taken`; returns any
 * other error unchanged.
 *
 * @example
 * ```ts
 * try { await insertUser(db, user, at); } catch (error) { throw asEmailTaken(error); }
 * ```
 */
export function asEmailTaken(error: unknown): unknown {
  return isUniqueViolation(error, 'users', 'email_key')
    ? new UserStoreError('email_taken', { cause: error })
    : error;
}
