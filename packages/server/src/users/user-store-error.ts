/** Why the user store refused a write. */
export type UserStoreErrorCode = 'email_taken' | 'last_admin' | 'conflict';

const MESSAGES: Readonly<Record<UserStoreErrorCode, string>> = {
  email_taken: 'A user with this email already exists',
  last_admin: 'The last enabled admin cannot be removed, disabled or demoted',
  conflict: 'Records of the application still refer to this user (or to what they own)',
};

/**
 * A write the user store refused for a business rule. `code` matches the protocol error code
 * of the same name, so the HTTP layer maps it directly.
 *
 * @example
 * ```ts
 * try {
 *   await store.delete(id);
 * } catch (error) {
 *   if (error instanceof UserStoreError && error.code === 'last_admin') reply.code(409);
 * }
 * ```
 */
export class UserStoreError extends Error {
  override readonly name = 'UserStoreError';
  readonly code: UserStoreErrorCode;

  constructor(code: UserStoreErrorCode, options?: ErrorOptions) {
    super(MESSAGES[code], options);
    this.code = code;
  }
}
