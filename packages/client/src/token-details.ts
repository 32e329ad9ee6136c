import { fingerprint } from './fingerprint.js';

/**
 * What a token response says about its access token, for a token the client cannot read (an
 * encrypted one, `TESSERA_TOKEN_FORMAT=jwe`, or any opaque token): when it expires (epoch ms
 * on this client's clock, from `expires_in`) and the scopes it grants (`scope`).
 *
 * @example
 * ```ts
 * const details: TokenDetails = { expiresAt: Date.now() + 900_000, scope: 'users:read' };
 * ```
 */
export interface TokenDetails {
  readonly expiresAt: number;
  readonly scope: string | null;
}

/** The longest `expires_in` taken at its word (a year); a larger one is not a real lifetime. */
const MAX_EXPIRES_IN_SECONDS = 31_536_000;

/**
 * The details of a token response (`expires_in` seconds from `nowMs`, and `scope`), or `null`
 * when it has no usable `expires_in` (a positive finite number of seconds, at most a year).
 *
 * @example
 * ```ts
 * detailsOf({ access_token: 'ey…', expires_in: 900, scope: 'users:read' }, 0);
 * // { expiresAt: 900_000, scope: 'users:read' }
 * ```
 */
export function detailsOf(body: unknown, nowMs: number): TokenDetails | null {
  if (typeof body !== 'object' || body === null) return null;
  const expiresIn: unknown = Reflect.get(body, 'expires_in');
  if (typeof expiresIn !== 'number' || !(expiresIn > 0) || expiresIn > MAX_EXPIRES_IN_SECONDS) {
    return null;
  }
  const scope: unknown = Reflect.get(body, 'scope');
  return { expiresAt: nowMs + expiresIn * 1000, scope: typeof scope === 'string' ? scope : null };
}

/**
 * Whether `value` is a {@link TokenDetails} (from another tab, or from storage).
 *
 * @example
 * ```ts
 * isTokenDetails({ expiresAt: 1, scope: null }); // true
 * ```
 */
export function isTokenDetails(value: unknown): value is TokenDetails {
  if (typeof value !== 'object' || value === null) return false;
  const expiresAt: unknown = Reflect.get(value, 'expiresAt');
  const scope: unknown = Reflect.get(value, 'scope');
  return (
    typeof expiresAt === 'number' &&
    Number.isFinite(expiresAt) &&
    (scope === null || typeof scope === 'string')
  );
}

/**
 * The stored form of `details`, tied to `token` by its fingerprint, so details left behind by
 * another token (another library, or a tab that wrote the token alone) are never applied.
 *
 * @example
 * ```ts
 * storage.set(encodeDetails(token, details));
 * ```
 */
export function encodeDetails(token: string, details: TokenDetails): string {
  return JSON.stringify({ for: fingerprint(token), ...details });
}

/**
 * The details stored for `token`, or `null` when there are none, they are malformed, or they
 * belong to another token.
 *
 * @example
 * ```ts
 * decodeDetails(storage.get(), token)?.expiresAt;
 * ```
 */
export function decodeDetails(stored: string | null, token: string): TokenDetails | null {
  if (stored === null) return null;
  try {
    const value: unknown = JSON.parse(stored);
    if (!isTokenDetails(value) || Reflect.get(value, 'for') !== fingerprint(token)) return null;
    return { expiresAt: value.expiresAt, scope: value.scope };
  } catch {
    return null;
  }
}
