import '@fastify/cookie';
import {
  REFRESH_COOKIE_NAME,
  REFRESH_COOKIE_PATH,
  SECURE_REFRESH_COOKIE_NAME,
} from '@tessera/protocol';
import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * The refresh cookie's name for this request: `__Secure-tessera_rt` over HTTPS
 * (`request.protocol`, which honours `TESSERA_TRUST_PROXY`), `tessera_rt` over plain HTTP. Over
 * HTTPS only the prefixed cookie is read, which a browser accepts only with `Secure` from a
 * secure origin, so a cookie planted over plain HTTP is never taken for it.
 *
 * @example
 * ```ts
 * refreshCookieName(request); // '__Secure-tessera_rt' behind an HTTPS proxy
 * ```
 */
export function refreshCookieName(request: FastifyRequest): string {
  return request.protocol === 'https' ? SECURE_REFRESH_COOKIE_NAME : REFRESH_COOKIE_NAME;
}

/**
 * The refresh token in the request's cookie, if any (the `Cookie` header is parsed only on the
 * routes that call this, never on the hot path).
 *
 * @example
 * ```ts
 * const token = readRefreshCookie(request); // undefined without the cookie
 * ```
 */
export function readRefreshCookie(request: FastifyRequest): string | undefined {
  const header = request.headers.cookie;
  if (header === undefined || header === '') return undefined;
  const value = request.server.parseCookie(header)[refreshCookieName(request)];
  return value === undefined || value === '' ? undefined : value;
}

/**
 * Sets the refresh cookie (SECURITY.md D10, W06): `HttpOnly`, `SameSite=Strict`, `Path=/api/auth`
 * (sent to the refresh and logout endpoints only), `Secure` with the `__Secure-` name over HTTPS,
 * and `Max-Age` the session's remaining absolute lifetime.
 *
 * @example
 * ```ts
 * setRefreshCookie(reply, refreshToken, 2_592_000);
 * ```
 */
export function setRefreshCookie(reply: FastifyReply, token: string, maxAgeSeconds: number): void {
  reply.header('set-cookie', serialize(reply, token, maxAgeSeconds));
}

/**
 * Removes the refresh cookie (`Max-Age=0`, empty value, the same name, path and attributes).
 *
 * @example
 * ```ts
 * clearRefreshCookie(reply);
 * ```
 */
export function clearRefreshCookie(reply: FastifyReply): void {
  reply.header('set-cookie', serialize(reply, '', 0));
}

function serialize(reply: FastifyReply, value: string, maxAgeSeconds: number): string {
  const secure = reply.request.protocol === 'https';
  return reply.server.serializeCookie(refreshCookieName(reply.request), value, {
    path: REFRESH_COOKIE_PATH,
    httpOnly: true,
    secure,
    sameSite: 'strict',
    maxAge: Math.max(0, Math.floor(maxAgeSeconds)),
  });
}
