import { sql } from 'kysely';
import type { Database } from '../db/database.js';
import { endUserSessions, openSessionIds } from '../sessions/session-queries.js';
import { toUserRecord, toUserSummary } from './user-record-row.js';
import { userLookups } from './user-store-lookups.js';
import type { UserPatch, UserRecord } from './user-record.js';
import type { UpdateOptions, UserStore } from './user-store-contract.js';
import {
  assertAnotherAdminRemains,
  lockEnabledAdmins,
  lockUser,
} from './user-store-admin-guard.js';
import { canonicalEmail } from './user-store-email.js';
import { UserStoreError } from './user-store-error.js';
import { isForeignKeyViolation } from '../db/foreign-key-violation.js';
import { createUserList } from './user-store-list.js';
import {
  asEmailTaken,
  insertUser,
  isEmailKeyTaken,
  isUserId,
  patchColumns,
} from './user-store-writes.js';

/**
 * Options of {@link createUserStore}.
 *
 * @example
 * ```ts
 * const store = createUserStore(database, { clock: () => new Date('2025-01-01T00:00:00Z') });
 * ```
 */
export interface UserStoreOptions {
  /** The source of `createdAt` / `updatedAt` (default: the system clock). */
  clock?: () => Date;
  /**
   * Called with the user's id after every write to a user (create, update, delete), once the
   * transaction has ended and before the write's promise settles: the {@link UserCache} of the
   * guard forgets the user here, so the next request reads the new state.
   */
  onWrite?: (id: number) => void;
  /**
   * Called with the ids of the sessions a write ended (a disable, a password change that asks
   * for it, a delete), after the transaction commits and before the write's promise settles:
   * the guard's session view marks them ended here. The sessions end in the database either way.
   */
  onSessionsEnded?: (ids: readonly string[]) => void;
}

/**
 * The {@link UserStore} on an open, migrated {@link Database}: the same code for SQLite and
 * PostgreSQL, except row locks (`FOR UPDATE`, `LOCK TABLE`) that only PostgreSQL needs.
 *
 * @example
 * ```ts
 * const store = createUserStore(database);
 * const user = await store.create({ email: 'ada@example.com', name: 'Ada', passwordHash, role: 'user', isEnabled: true });
 * ```
 */
export function createUserStore(database: Database, options: UserStoreOptions = {}): UserStore {
  const { db, engine } = database;
  const queries = userLookups(db);
  const clock = options.clock ?? (() => new Date());
  const now = (): string => clock().toISOString();
  const onWrite = options.onWrite ?? (() => undefined);
  const onSessionsEnded = options.onSessionsEnded ?? (() => undefined);
  /** The created user, after telling `onWrite`. */
  const created = (user: UserRecord): UserRecord => {
    onWrite(user.id);
    return user;
  };

  return {
    async count() {
      const row = await db
        .selectFrom('users')
        .select((eb) => eb.fn.countAll().as('count'))
        .executeTakeFirstOrThrow();
      return Number(row.count);
    },

    async findById(id) {
      if (!isUserId(id)) return undefined;
      const [row] = await queries.byId.read(database, { id });
      return row === undefined ? undefined : toUserRecord(row);
    },

    async findSummaryById(id) {
      if (!isUserId(id)) return undefined;
      const [row] = await queries.summaryById.read(database, { id });
      return row === undefined ? undefined : toUserSummary(row);
    },

    async findByEmail(email) {
      const [row] = await queries.byEmailKey.read(database, {
        key: canonicalEmail(email),
      });
      return row === undefined ? undefined : toUserRecord(row);
    },

    list: createUserList(database),

    async create(user) {
      if (await isEmailKeyTaken(db, canonicalEmail(user.email))) {
        throw new UserStoreError('email_taken');
      }
      try {
        return created(toUserRecord(await insertUser(db, user, now())));
      } catch (error) {
        throw asEmailTaken(error);
      }
    },

    async createFirstAdmin(user) {
      const admin = await db.transaction().execute(async (trx) => {
        if (engine === 'postgres') {
          // Self-conflicting and blocks inserts; plain reads go on. SQLite: BEGIN IMMEDIATE.
          await sql`lock table users in share row exclusive mode`.execute(trx);
        }
        const any = await trx.selectFrom('users').select('id').limit(1).executeTakeFirst();
        if (any !== undefined) return undefined;
        const row = await insertUser(trx, { ...user, role: 'admin', isEnabled: true }, now());
        return toUserRecord(row);
      });
      return admin === undefined ? undefined : created(admin);
    },

    async update(id, patch, updateOptions = {}) {
      if (!isUserId(id)) return undefined;
      const demotes = patch.role === 'user' || patch.isEnabled === false;
      let ended: readonly string[] = [];
      try {
        return await db.transaction().execute(async (trx): Promise<UserRecord | undefined> => {
          const admins = demotes ? await lockEnabledAdmins(trx, engine) : [];
          const current = await lockUser(trx, engine, id);
          if (current === undefined) return undefined;
          if (demotes) assertAnotherAdminRemains(current, admins);
          if (patch.email !== undefined) {
            if (await isEmailKeyTaken(trx, canonicalEmail(patch.email), id)) {
              throw new UserStoreError('email_taken');
            }
          }
          const bump = revokesTokens(patch, current.role);
          const row = await trx
            .updateTable('users')
            .set(patchColumns(patch, now()))
            .$if(bump, (qb) => qb.set((eb) => ({ token_version: eb('token_version', '+', 1) })))
            .where('id', '=', id)
            .returningAll()
            .executeTakeFirstOrThrow();
          const end = sessionsToEnd(patch, updateOptions);
          if (end !== undefined) {
            ended = await endUserSessions(trx, id, { at: now(), ...end });
          }
          return toUserRecord(row);
        });
      } catch (error) {
        throw asEmailTaken(error);
      } finally {
        // Also after a failure: the transaction may have committed before the error surfaced.
        onWrite(id);
        if (ended.length > 0) onSessionsEnded(ended);
      }
    },

    async delete(id) {
      if (!isUserId(id)) return false;
      let ended: readonly string[] = [];
      try {
        return await db.transaction().execute(async (trx) => {
          const admins = await lockEnabledAdmins(trx, engine);
          const current = await lockUser(trx, engine, id);
          if (current === undefined) return false;
          assertAnotherAdminRemains(current, admins);
          // The sessions go with the user (ON DELETE CASCADE); the guard's view is told below.
          const open = await openSessionIds(trx, id);
          const result = await trx.deleteFrom('users').where('id', '=', id).executeTakeFirst();
          ended = open;
          return result.numDeletedRows > 0n;
        });
      } catch (error) {
        // An application's table refers to the user (or to a record the user owns) with
        // ON DELETE RESTRICT: nothing was deleted.
        ended = [];
        if (isForeignKeyViolation(error)) throw new UserStoreError('conflict', { cause: error });
        throw error;
      } finally {
        onWrite(id);
        if (ended.length > 0) onSessionsEnded(ended);
      }
    },
  };
}

/**
 * Which sessions a write ends: a disable ends all of them (L02); a password change ends those
 * the caller asks for (all, or all but the caller's own: L03). A role change ends none: roles
 * are read from the database on every request, so a demotion answers 403 at once (L07).
 */
function sessionsToEnd(
  patch: UserPatch,
  options: UpdateOptions,
): { reason: 'user_disabled' | 'password_changed'; except?: string } | undefined {
  if (patch.isEnabled === false) return { reason: 'user_disabled' };
  const { endSessions } = options;
  if (endSessions === undefined) return undefined;
  return endSessions === 'all'
    ? { reason: 'password_changed' }
    : { reason: 'password_changed', except: endSessions.except };
}

/**
 * A new password, a disable or a role change bump `token_version` (kept for compatibility;
 * revocation itself is by session, see `sessionsToEnd`).
 */
function revokesTokens(patch: UserPatch, currentRole: UserRecord['role']): boolean {
  return (
    patch.passwordHash !== undefined ||
    patch.isEnabled === false ||
    (patch.role !== undefined && patch.role !== currentRole)
  );
}
