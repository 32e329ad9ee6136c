import type { AccessTokenClaims } from '@tessera/protocol';
import type { FastifyRequest } from 'fastify';
import type { RouteScope } from '../access/access-options.js';
import type { UserRecord } from '../users/user-store.js';

/** Who made the request: the user as stored now, and the verified token claims. */
export interface AuthContext {
  readonly user: UserRecord;
  readonly claims: AccessTokenClaims;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * Opt out of the guard. With `protect: 'all'` (the default) every route without
     * `public: true` requires a valid token.
     */
    public?: boolean;
    /** Requires a valid token (any scope); what marks a route with `protect: 'marked'`. */
    auth?: boolean;
    /**
     * Scope the route requires (403 `insufficient_scope` without it); implies `auth`. It must
     * be Tessera's or one registered with the plugin's `access.scopes` (checked at start).
     */
    scope?: RouteScope;
    /**
     * Part of MFA enrolment: reachable by a session whose role requires a second factor it
     * was not signed in with (`TESSERA_MFA_REQUIRED_ROLES`); every other protected route
     * answers it 403 `mfa_enrolment_required`.
     */
    mfaEnrolment?: boolean;
  }
  interface FastifyRequest {
    /** Set by the guard on protected routes; null on public ones. */
    auth: AuthContext | null;
  }
}

/**
 * The current user of a protected route's handler (the tutorial's `g.user_id`).
 *
 * @example
 * ```ts
 * app.get('/api/things', async (request) => listThingsOf(currentAuth(request).user.id));
 * ```
 */
export function currentAuth(request: FastifyRequest): AuthContext {
  if (request.auth === null) {
    throw new TypeError('currentAuth() called on a public route');
  }
  return request.auth;
}

/**
 * The signed-in user of a protected route, as stored now (role, enabled, …).
 *
 * @throws TypeError on a public route (a programming error).
 * @example
 * ```ts
 * app.get('/api/notes', { config: { scope: 'notes:read' } }, (request) => notes.ownedBy(currentUser(request).id));
 * ```
 */
export function currentUser(request: FastifyRequest): UserRecord {
  return currentAuth(request).user;
}

/**
 * Whether a route needs no token: `public: true`, or (with `protect: 'marked'`) neither `auth`
 * nor a `scope`.
 */
export function isPublicRoute(
  config: { readonly public?: boolean; readonly auth?: boolean; readonly scope?: string },
  protect: 'all' | 'marked',
): boolean {
  if (config.public === true) return true;
  return protect === 'marked' && config.auth !== true && config.scope === undefined;
}
