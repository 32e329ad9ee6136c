import type { RoleName } from '../access/access-options.js';

/**
 * What the API shows of a user: a {@link UserRecord} without `passwordHash` and
 * `tokenVersion`. Lists read only these columns.
 *
 * @example
 * ```ts
 * const { users } = await store.list(query); // UserSummary[]
 * ```
 */
export type UserSummary = Omit<UserRecord, 'passwordHash' | 'tokenVersion'>;

/**
 * A user as stored, including the secrets the API never returns (`passwordHash`,
 * `tokenVersion`). Timestamps are ISO 8601 UTC with milliseconds.
 *
 * @example
 * ```ts
 * const user: UserRecord | undefined = await store.findById(1);
 * ```
 */
export interface UserRecord {
  id: number;
  /** As entered; uniqueness is on {@link canonicalEmail}. */
  email: string;
  name: string;
  role: RoleName;
  isEnabled: boolean;
  /** The address was proven by a link mailed to it (verification, invitation or reset). */
  isEmailVerified: boolean;
  /** Created without a password; the invitation has not been accepted yet. */
  pendingInvitation: boolean;
  /** Bumped whenever earlier tokens must stop working. */
  tokenVersion: number;
  passwordHash: string;
  createdAt: string;
  updatedAt: string;
}

/**
 * The fields of a new user (already validated, password already hashed).
 *
 * @example
 * ```ts
 * await store.create({ email: 'ada@example.com', name: 'Ada', passwordHash, role: 'user', isEnabled: true });
 * ```
 */
export interface NewUser {
  email: string;
  name: string;
  passwordHash: string;
  role: RoleName;
  isEnabled: boolean;
  /** Default false: an address typed by an admin or at setup is not proven. */
  isEmailVerified?: boolean;
  /** Default false; true for a user invited to set their own password. */
  pendingInvitation?: boolean;
  /** Default true; false for a user a sign-in provider created (no password they know). */
  hasPassword?: boolean;
}

/**
 * The fields to change; absent fields stay as they are.
 *
 * @example
 * ```ts
 * await store.update(7, { role: 'admin' });
 * ```
 */
export interface UserPatch {
  email?: string;
  name?: string;
  passwordHash?: string;
  role?: RoleName;
  isEnabled?: boolean;
  isEmailVerified?: boolean;
  pendingInvitation?: boolean;
}

/** The fields a user list can be sorted by (the API's names). */
export type UserSortField = 'id' | 'email' | 'name' | 'role' | 'is_enabled' | 'created_at';

/**
 * Every {@link UserSortField}, for validation and API schemas.
 *
 * @example
 * ```ts
 * USER_SORT_FIELDS.includes('email'); // true
 * ```
 */
export const USER_SORT_FIELDS: readonly UserSortField[] = [
  'id',
  'email',
  'name',
  'role',
  'is_enabled',
  'created_at',
];

/**
 * One page of users. `page` starts at 1. `search` matches a case-insensitive substring of the
 * email or the name (taken literally: `%` and `_` are not wildcards). Email and name sort
 * case-insensitively (ASCII); ties are broken by id in the same order.
 *
 * @example
 * ```ts
 * await store.list({ page: 1, perPage: 20, search: 'ada', sort: 'created_at', order: 'desc' });
 * ```
 */
export interface ListUsersQuery {
  page: number;
  perPage: number;
  search?: string;
  sort: UserSortField;
  order: 'asc' | 'desc';
}

/**
 * A page of users and the number of users matching the search on all pages.
 *
 * @example
 * ```ts
 * const { users, total } = await store.list(query);
 * ```
 */
export interface UserPage {
  users: UserSummary[];
  total: number;
}
