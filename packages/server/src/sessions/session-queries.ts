import type { Kysely } from 'kysely';
import type { DatabaseSchema } from '../db/database-schema.js';
import type { StoredSessionState } from './session-cache.js';
import type { SessionEndReason } from './session-record.js';

/** A Kysely handle or a transaction of one. */
type Db = Kysely<DatabaseSchema>;

/**
 * Ends every open session of `userId` (except `except`) at `at`, and returns the ids ended.
 * The user store calls it inside the transaction that disables a user or changes a password,
 * so the change and the revocation commit together.
 *
 * @example
 * ```ts
 * const ended = await endUserSessions(trx, 7, { at, reason: 'password_changed', except: sid });
 * ```
 */
export async function endUserSessions(
  db: Db,
  userId: number,
  options: { readonly at: string; readonly reason: SessionEndReason; readonly except?: string },
): Promise<string[]> {
  const rows = await db
    .updateTable('sessions')
    .set({ ended_at: options.at, ended_reason: options.reason })
    .where('user_id', '=', userId)
    .where('ended_at', 'is', null)
    .$if(options.except !== undefined, (qb) => qb.where('id', '!=', options.except ?? ''))
    .returning('id')
    .execute();
  return rows.map((row) => row.id);
}

/**
 * The ids of the open sessions of `userId` (read before the user is deleted; the rows go with
 * the user, `ON DELETE CASCADE`).
 *
 * @example
 * ```ts
 * const ids = await openSessionIds(trx, 7);
 * ```
 */
export async function openSessionIds(db: Db, userId: number): Promise<string[]> {
  const rows = await db
    .selectFrom('sessions')
    .select('id')
    .where('user_id', '=', userId)
    .where('ended_at', 'is', null)
    .execute();
  return rows.map((row) => row.id);
}

/**
 * What the guard's session view reads for a session id it does not hold: the user and whether
 * the session ended; `undefined` when there is no such session.
 *
 * @example
 * ```ts
 * new SessionCache((id) => readSessionState(database.db, id), options);
 * ```
 */
export async function readSessionState(
  db: Db,
  id: string,
): Promise<StoredSessionState | undefined> {
  const row = await db
    .selectFrom('sessions')
    .select(['user_id', 'ended_at'])
    .where('id', '=', id)
    .executeTakeFirst();
  return row === undefined
    ? undefined
    : { userId: Number(row.user_id), ended: row.ended_at !== null };
}
