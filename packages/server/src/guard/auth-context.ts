import type { AccessTokenClaims, Scope } from '@tessera/protocol';
import type { FastifyRequest } from 'fastify';
import type { UserRecord } from '../users/user-store.js';

/** Who made the request: the user as stored now, and the verified token claims. */
export interface AuthContext {
  readonly user: UserRecord;
  readonly claims: AccessTokenClaims;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Opt out of the guard. Every route without `public: true` requires a valid token. */
    public?: boolean;
    /** Scope the route requires (403 `insufficient_scope` without it). */
    scope?: Scope;
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
