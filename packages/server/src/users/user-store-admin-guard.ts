import type { Transaction } from 'kysely';
import type { DatabaseEngine } from '../db/database.js';
import type { DatabaseSchema } from '../db/database-schema.js';
import type { UserRow } from './user-record-row.js';
import { UserStoreError } from './user-store-error.js';

/**
 * Reads the ids of the enabled admins inside `trx`, locking their rows on PostgreSQL
 * (`FOR UPDATE`, in id order so concurrent callers cannot deadlock). A concurrent transaction
 * that demotes, disables or deletes an admin therefore waits, then sees the committed result.
 * SQLite needs no row lock: its transactions start with `BEGIN IMMEDIATE` and run one at a time.
 *
 * Call it before locking or writing any other `users` row, so every writer takes its locks in
 * the same order.
 *
 * @example
 * ```ts
 * const admins = await lockEnabledAdmins(trx, 'postgres'); // [1, 4]
 * ```
 */
export async function lockEnabledAdmins(
  trx: Transaction<DatabaseSchema>,
  engine: DatabaseEngine,
): Promise<number[]> {
  const rows = await trx
    .selectFrom('users')
    .select('id')
    .where('role', '=', 'admin')
    .where('is_enabled', '=', 1)
    .orderBy('id')
    .$if(engine === 'postgres', (qb) => qb.forUpdate())
    .execute();
  return rows.map((row) => Number(row.id));
}

/**
 * Reads one user inside `trx`, locking the row on PostgreSQL (`FOR UPDATE`).
 *
 * @example
 * ```ts
 * const row = await lockUser(trx, 'sqlite', 7);
 * ```
 */
export async function lockUser(
  trx: Transaction<DatabaseSchema>,
  engine: DatabaseEngine,
  id: number,
): Promise<UserRow | undefined> {
  return await trx
    .selectFrom('users')
    .selectAll()
    .where('id', '=', id)
    .$if(engine === 'postgres', (qb) => qb.forUpdate())
    .executeTakeFirst();
}

/**
 * Throws `last_admin` when `user`, an enabled admin, is about to stop being one (demoted,
 * disabled or deleted) and no other enabled admin would remain.
 *
 * @example
 * ```ts
 * assertAnotherAdminRemains(row, await lockEnabledAdmins(trx, engine));
 * ```
 */
export function assertAnotherAdminRemains(user: UserRow, enabledAdminIds: readonly number[]): void {
  const isEnabledAdmin = enabledAdminIds.includes(Number(user.id));
  if (isEnabledAdmin && enabledAdminIds.length <= 1) throw new UserStoreError('last_admin');
}
