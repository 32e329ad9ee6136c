import { decodeTokenPayload } from './decode-token-payload.js';
import type { AuthState, TokenPayload } from './types.js';

/** RFC 6750 `b64token`: what may follow `Bearer ` in an `Authorization` header. */
const B64TOKEN = /^[A-Za-z0-9\-._~+/]+=*$/;

/**
 * Whether `value` can be sent as a bearer token (RFC 6750 §2.1 `b64token`): no spaces, no line
 * breaks, nothing that could split or forge a header.
 *
 * @example
 * ```ts
 * isBearerToken('eyJ.eyJ.sig'); // true
 * isBearerToken('abc\r\nX-Evil: 1'); // false
 * ```
 */
export function isBearerToken(value: unknown): value is string {
  return typeof value === 'string' && B64TOKEN.test(value);
}

/**
 * The token of a login response: OAuth's `access_token`, else the tutorial's `token`.
 *
 * @example
 * ```ts
 * tokenOf({ token: 'eyJ…', access_token: 'eyJ…' }); // 'eyJ…' (access_token)
 * tokenOf({ user: 1 }); // null
 * ```
 */
export function tokenOf(body: unknown): string | null {
  if (typeof body !== 'object' || body === null) return null;
  for (const name of ['access_token', 'token']) {
    const value: unknown = Reflect.get(body, name);
    if (typeof value === 'string') return value;
  }
  return null;
}

/**
 * The moment (epoch ms) from which the client treats the token as expired: `exp` minus the
 * skew, or `null` when `exp` is missing or not finite (then it is never fresh).
 *
 * @example
 * ```ts
 * staleAt({ exp: 1_700_000_000 }, 30_000); // 1_699_999_970_000
 * ```
 */
export function staleAt(payload: TokenPayload | null, skewMs: number): number | null {
  const exp = payload?.exp;
  if (typeof exp !== 'number' || !Number.isFinite(exp)) return null;
  return exp * 1000 - skewMs;
}

/**
 * Builds a frozen {@link AuthState}. Authenticated means: a token whose payload decodes, with a
 * finite `exp`, and `now < exp − skew`. A token without `exp` is never authenticated.
 *
 * @example
 * ```ts
 * authState(token, Date.now(), 30_000).isAuthenticated;
 * ```
 */
export function authState(token: string | null, nowMs: number, skewMs: number): AuthState {
  const payload = token === null ? null : decodeTokenPayload(token);
  return withFreshness({ token, payload, isAuthenticated: false }, nowMs, skewMs);
}

/**
 * The same state when `isAuthenticated` still holds at `nowMs`, else a new frozen copy.
 *
 * @example
 * ```ts
 * state = withFreshness(state, Date.now(), 30_000); // same object until the token goes stale
 * ```
 */
export function withFreshness(state: AuthState, nowMs: number, skewMs: number): AuthState {
  const stale = staleAt(state.payload, skewMs);
  const isAuthenticated = stale !== null && nowMs < stale;
  if (Object.isFrozen(state) && state.isAuthenticated === isAuthenticated) return state;
  return Object.freeze({ ...state, isAuthenticated });
}
