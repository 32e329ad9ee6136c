import type {
  ListUsersQuery,
  NewUser,
  UserPage,
  UserPatch,
  UserRecord,
  UserSummary,
} from './user-record.js';

/**
 * Where users live. One implementation (`createUserStore`) serves SQLite and PostgreSQL.
 *
 * The atomic rules it guarantees, also under concurrency (across processes too):
 * - emails are unique by `canonicalEmail` (`email_taken`);
 * - at least one enabled admin remains once there is one (`last_admin`): the check and the
 *   write share a transaction that locks the enabled admins, so of two admins demoting or
 *   deleting each other at once exactly one succeeds;
 * - {@link UserStore.createFirstAdmin} creates a user only into an empty table, once.
 *
 * @example
 * ```ts
 * const store = createUserStore(database);
 * const admin = await store.createFirstAdmin({ email: 'root@example.com', name: 'Root', passwordHash });
 * await store.update(admin!.id, { name: 'Admin' });
 * ```
 */
export interface UserStore {
  /** The number of users. */
  count(): Promise<number>;
  /** The user with this id, or `undefined` (also for an id that is not a positive integer). */
  findById(id: number): Promise<UserRecord | undefined>;
  /** What the API shows of the user with this id (no password hash is read), or `undefined`. */
  findSummaryById(id: number): Promise<UserSummary | undefined>;
  /** The user whose canonical email equals `canonicalEmail(email)`, or `undefined`. */
  findByEmail(email: string): Promise<UserRecord | undefined>;
  /** One page of users and the total matching the search (see {@link ListUsersQuery}). */
  list(query: ListUsersQuery): Promise<UserPage>;
  /** Inserts a user. Throws `email_taken` when the canonical email exists (checked, and enforced by a unique index). */
  create(user: NewUser): Promise<UserRecord>;
  /**
   * Inserts an enabled admin only when there is no user at all, atomically (of concurrent
   * calls exactly one creates); returns `undefined` when a user exists.
   */
  createFirstAdmin(user: Omit<NewUser, 'role' | 'isEnabled'>): Promise<UserRecord | undefined>;
  /**
   * Applies `patch` and sets `updatedAt`; `undefined` when there is no such user. A disable
   * ends every session of the user in the same transaction (their access and refresh tokens
   * stop working); `options.endSessions` does the same for a password change. A new password,
   * a disable or a role change also bumps `tokenVersion`. Throws `email_taken` for another
   * user's email, and `last_admin` when it would leave no enabled admin.
   */
  update(id: number, patch: UserPatch, options?: UpdateOptions): Promise<UserRecord | undefined>;
  /**
   * Deletes the user and, with them, their sessions; `false` when there is none. Throws
   * `last_admin` for the last enabled admin.
   */
  delete(id: number): Promise<boolean>;
}

/**
 * Options of {@link UserStore.update}.
 *
 * @example
 * ```ts
 * await store.update(7, { passwordHash }, { endSessions: { except: currentSessionId } });
 * ```
 */
export interface UpdateOptions {
  /** Sessions of the user to end with the change: `'all'`, or all but one. */
  readonly endSessions?: 'all' | { readonly except: string };
}
