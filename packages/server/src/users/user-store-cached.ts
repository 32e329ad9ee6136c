import type { Database } from '../db/database.js';
import { dataVersionOncePerTurn } from '../db/once-per-turn.js';
import { UserCache, type UserCacheOptions } from './user-cache.js';
import { createUserStore } from './user-store-kysely.js';
import type { UserStore } from './user-store-contract.js';

/** A user store and the guard's cache of it, kept coherent. */
export interface CachedUserStore {
  /** The store: reads go to the database; every write also invalidates the cache. */
  readonly users: UserStore;
  /** The guard's lookup: {@link UserCache.peek}, else {@link UserCache.load} through `users`. */
  readonly userCache: UserCache;
}

/**
 * {@link createUserStore} plus the {@link UserCache} the guard reads users through: every write
 * through the returned store forgets the user in the cache before it resolves, and on SQLite the
 * cache watches `PRAGMA data_version` for commits made by other processes.
 *
 * @example
 * ```ts
 * const { users, userCache } = createCachedUserStore(database, { ttlSeconds: 1 });
 * await users.update(7, { isEnabled: false }); // user 7 is read from the database next time
 * ```
 */
export function createCachedUserStore(
  database: Database,
  options: Omit<UserCacheOptions, 'dataVersion'> & {
    /** Told the ids of the sessions a user write ended (see `UserStoreOptions`). */
    readonly onSessionsEnded?: (ids: readonly string[]) => void;
    /** Told the id of each user written, right after the cache forgot it. */
    readonly onUserWritten?: (id: number) => void;
  },
): CachedUserStore {
  const { onSessionsEnded, onUserWritten, ...cacheOptions } = options;
  // Declared before the store so that the store's onWrite can reach it; assigned right below.
  let userCache: UserCache | undefined = undefined;
  const users = createUserStore(database, {
    onWrite: (id) => {
      userCache?.invalidate(id);
      onUserWritten?.(id);
    },
    ...(onSessionsEnded === undefined ? {} : { onSessionsEnded }),
  });
  userCache = new UserCache((id) => users.findById(id), {
    ...cacheOptions,
    dataVersion: dataVersionOncePerTurn(database),
  });
  return { users, userCache };
}
