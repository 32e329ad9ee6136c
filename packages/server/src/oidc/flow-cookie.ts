import '@fastify/cookie';
import { randomBytes } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { FLOW_TTL_SECONDS } from './flow-store.js';

/** The flow cookie: it binds a sign-in's state, nonce and PKCE verifier to this browser (O02). */
export const FLOW_COOKIE_NAME = 'tessera_oidc';

/** A new flow secret: 256 random bits, base64url (the cookie's value; only its hash is stored). */
export function newFlowSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** The flow secret the request's cookie carries, if any. */
export function readFlowCookie(request: FastifyRequest): string | undefined {
  const header = request.headers.cookie;
  if (header === undefined || header === '') return undefined;
  const value = request.server.parseCookie(header)[FLOW_COOKIE_NAME];
  return value === undefined || value === '' ? undefined : value;
}

/**
 * Sets (or, with `undefined`, clears) the flow cookie: HttpOnly; SameSite=Lax, since the
 * provider's redirect back is a top-level cross-site navigation; Secure over HTTPS; Path `/`
 * (it must reach `/api/auth/oidc/*` and Satellizer's `/auth/<name>`); 10 minutes.
 */
export function setFlowCookie(reply: FastifyReply, secret: string | undefined): void {
  reply.header(
    'set-cookie',
    reply.server.serializeCookie(FLOW_COOKIE_NAME, secret ?? '', {
      path: '/',
      httpOnly: true,
      secure: reply.request.protocol === 'https',
      sameSite: 'lax',
      maxAge: secret === undefined ? 0 : FLOW_TTL_SECONDS,
    }),
  );
}
