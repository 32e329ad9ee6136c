/**
 * The users module's public face: the store contract, its Kysely implementation, the cached
 * view the guard reads, and the record types. Modules inside `users/` import from the file that
 * defines a name, never from here, so no import circle runs through this file.
 */
export { canonicalEmail } from './user-store-email.js';
export { UserStoreError } from './user-store-error.js';
export type { UserStoreErrorCode } from './user-store-error.js';
export { createUserStore } from './user-store-kysely.js';
export { createCachedUserStore } from './user-store-cached.js';
export type { CachedUserStore } from './user-store-cached.js';
export {
  DEFAULT_USER_CACHE_ENTRIES,
  DEFAULT_USER_CACHE_TTL_SECONDS,
  UserCache,
} from './user-cache.js';
export type { UserCacheOptions } from './user-cache.js';
export type { UserStoreOptions } from './user-store-kysely.js';
export { USER_SORT_FIELDS } from './user-record.js';
export type {
  ListUsersQuery,
  NewUser,
  UserPage,
  UserPatch,
  UserRecord,
  UserSortField,
  UserSummary,
} from './user-record.js';

export type { UpdateOptions, UserStore } from './user-store-contract.js';
