import { CSRF_HEADER } from '@tessera/protocol';
import type { FastifyRequest } from 'fastify';
import { TesseraError } from '../errors/tessera-error.js';

/** Which rule a refused cross-site call broke (logged, never sent). */
export type CsrfFailure = 'csrf_header' | 'fetch_site' | 'origin';

/**
 * Whether a cookie-authenticated call may go on (SECURITY.md §1.H 54, W05): undefined when it
 * may, else the rule it broke, checked in this order:
 *
 * 1. `X-Tessera-CSRF: 1` is present. It is not a CORS-safelisted header, so a page of another
 *    origin can send it only after a preflight, which CORS grants only to the origins of
 *    `TESSERA_CORS_ORIGINS`; a form or a `no-cors` fetch cannot send it at all.
 * 2. An `Origin` listed in `TESSERA_CORS_ORIGINS` goes on: the operator named it, and its
 *    `Sec-Fetch-Site` is `same-site` or `cross-site` by nature (an app on another origin of the
 *    same site gets the SameSite=Strict cookie too).
 * 3. Otherwise `Sec-Fetch-Site`, when sent, is `same-origin` or `none` (pinned: `same-site` and
 *    `cross-site` are refused; a sibling subdomain is another site's code) …
 * 4. … and `Origin`, when sent, is the server's own (`protocol://host` of the request,
 *    honouring trusted proxies); `null` never matches.
 *
 * @example
 * ```ts
 * csrfFailure(request, new Set(['https://app.example.com'])); // undefined, or 'origin', …
 * ```
 */
export function csrfFailure(
  request: FastifyRequest,
  allowedOrigins: ReadonlySet<string>,
): CsrfFailure | undefined {
  if (request.headers[CSRF_HEADER] !== '1') return 'csrf_header';
  const origin = request.headers.origin;
  if (origin !== undefined && allowedOrigins.has(origin)) return undefined;
  const site = request.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin' && site !== 'none') return 'fetch_site';
  if (origin !== undefined && origin !== ownOrigin(request)) return 'origin';
  return undefined;
}

/**
 * Refuses (403 `csrf_rejected`, logged with the rule) a cookie-authenticated call that
 * {@link csrfFailure} does not let through; it must run before anything changes.
 *
 * @example
 * ```ts
 * assertSameOriginCall(request, allowedOrigins);
 * ```
 */
export function assertSameOriginCall(
  request: FastifyRequest,
  allowedOrigins: ReadonlySet<string>,
): void {
  const failure = csrfFailure(request, allowedOrigins);
  if (failure === undefined) return;
  request.log.warn({ event: 'csrf_rejected', reason: failure }, 'cross-site request refused');
  throw new TesseraError('csrf_rejected');
}

/** `protocol://host` of the request as a browser writes an origin (default port dropped). */
function ownOrigin(request: FastifyRequest): string | undefined {
  try {
    return new URL(`${request.protocol}://${request.host}`).origin;
  } catch {
    return undefined;
  }
}
