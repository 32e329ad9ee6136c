import type { Scope } from '@tessera/protocol';

/**
 * Scopes an application adds, for its own routes. Augment it to have `config: { scope }` of
 * your routes type-checked (a scope that is not registered also stops the app at start):
 *
 * @example
 * ```ts
 * declare module '@tessera/server' {
 *   interface TesseraScopes {
 *     'notes:read': true;
 *     'notes:write': true;
 *   }
 * }
 * ```
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- augmented by applications
export interface TesseraScopes {}

/** A scope a route may require: one of Tessera's, or one the application registered. */
export type RouteScope = Scope | Extract<keyof TesseraScopes, string>;

/** A role name: Tessera's `admin` and `user`, or one the application added. */
export type RoleName = string;

/**
 * The application's roles and scopes, added to Tessera's (`admin`, `user`; `users:*`,
 * `profile:*`).
 *
 * @example
 * ```ts
 * const access: AccessOptions = {
 *   roles: ['editor'],
 *   scopes: { 'notes:read': ['user', 'editor', 'admin'], 'notes:write': ['editor', 'admin'] },
 * };
 * ```
 */
export interface AccessOptions {
  /**
   * Roles to add (`[a-z][a-z0-9_-]*`, at most 32 characters). A new role holds
   * `profile:read` and `profile:write` (every account reads and changes its own profile) and
   * the scopes that name it in {@link scopes}.
   */
  readonly roles?: readonly RoleName[];
  /**
   * Scopes to add (`resource:action`, lower case), each with the roles that hold it (Tessera's
   * or added ones).
   */
  readonly scopes?: Readonly<Record<string, readonly RoleName[]>>;
}
