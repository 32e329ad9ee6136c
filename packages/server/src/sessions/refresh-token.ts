import { createHash, randomBytes } from 'node:crypto';

/** A refresh token as issued: 32 CSPRNG bytes (256 bits), unpadded base64url (43 characters). */
const REFRESH_TOKEN = /^[A-Za-z0-9_-]{43}$/;

/** Longest `refresh_token` a request body may carry (a schema bound; real ones are 43 characters). */
export const MAX_REFRESH_TOKEN_LENGTH = 512;

/**
 * A new opaque refresh token: 256 random bits, base64url. It is returned to the client once and
 * only its {@link hashRefreshToken} is stored (SECURITY.md D6, L15).
 *
 * @example
 * ```ts
 * const token = newRefreshToken(); // 'mZ3…' (43 characters)
 * ```
 */
export function newRefreshToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * Whether `value` has the shape of a refresh token Tessera issues. Anything else (an access
 * token, `""`, 10 KB of text) is refused before any hashing or lookup (L11, L12).
 *
 * @example
 * ```ts
 * isRefreshTokenShaped(newRefreshToken()); // true
 * isRefreshTokenShaped('eyJhbGciOi…'); // false
 * ```
 */
export function isRefreshTokenShaped(value: unknown): value is string {
  return typeof value === 'string' && REFRESH_TOKEN.test(value);
}

/**
 * The stored form of a refresh token: its SHA-256, base64url. Lookups are by this hash, so the
 * database index never compares the secret itself (no timing side channel on the token, L11).
 *
 * @example
 * ```ts
 * hashRefreshToken(token); // 43 base64url characters
 * ```
 */
export function hashRefreshToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('base64url');
}
