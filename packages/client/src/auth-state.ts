import { decodeTokenPayload } from './decode-token-payload.js';
import type { TokenDetails } from './token-details.js';
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

/** The token's expiry (epoch ms): its `exp` when it has one, else what its response said. */
function expiresAtOf(payload: TokenPayload | null, details: TokenDetails | null): number | null {
  const exp = payload?.exp;
  if (typeof exp === 'number' && Number.isFinite(exp)) return exp * 1000;
  return details?.expiresAt ?? null;
}

/** The token's scopes: its `scope` claim when it can be read, else what its response said. */
function scopeOf(payload: TokenPayload | null, details: TokenDetails | null): string | null {
  if (payload !== null) return typeof payload.scope === 'string' ? payload.scope : null;
  return details?.scope ?? null;
}

/**
 * The moment (epoch ms) from which the client treats the token as expired: its expiry minus
 * the skew, or `null` when the expiry is unknown (then it is never fresh).
 *
 * @example
 * ```ts
 * staleAt({ expiresAt: 1_700_000_000_000 }, 30_000); // 1_699_999_970_000
 * ```
 */
export function staleAt(state: Pick<AuthState, 'expiresAt'>, skewMs: number): number | null {
  return state.expiresAt === null ? null : state.expiresAt - skewMs;
}

/**
 * Builds a frozen {@link AuthState}. The expiry is the payload's `exp` when the token can be
 * decoded and has one; else, for a token the client cannot read (an encrypted one), the
 * `details` its response gave. Authenticated means: a known expiry and `now < expiry − skew`.
 *
 * @example
 * ```ts
 * authState(token, null, Date.now(), 30_000).isAuthenticated;
 * ```
 */
export function authState(
  token: string | null,
  details: TokenDetails | null,
  nowMs: number,
  skewMs: number,
): AuthState {
  const payload = token === null ? null : decodeTokenPayload(token);
  const known = token === null ? null : details;
  const state: AuthState = {
    token,
    payload,
    expiresAt: expiresAtOf(payload, known),
    scope: scopeOf(payload, known),
    isAuthenticated: false,
  };
  return withFreshness(state, nowMs, skewMs);
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
  const stale = staleAt(state, skewMs);
  const isAuthenticated = stale !== null && nowMs < stale;
  if (Object.isFrozen(state) && state.isAuthenticated === isAuthenticated) return state;
  return Object.freeze({ ...state, isAuthenticated });
}
