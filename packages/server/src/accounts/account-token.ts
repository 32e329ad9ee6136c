import { createHash, randomBytes } from 'node:crypto';

/** An account token as issued: 32 CSPRNG bytes (256 bits), unpadded base64url (43 characters). */
const ACCOUNT_TOKEN = /^[A-Za-z0-9_-]{43}$/;

/** Longest `token` a request body may carry (a schema bound; real ones are 43 characters). */
export const MAX_ACCOUNT_TOKEN_LENGTH = 512;

/**
 * A new reset, verification or invitation token: 256 random bits, base64url. It is mailed once;
 * only its {@link hashAccountToken} is stored.
 *
 * @example
 * ```ts
 * newAccountToken(); // 'mZ3…' (43 characters)
 * ```
 */
export function newAccountToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Whether `value` has the shape of a token Tessera mails; anything else is refused unhashed. */
export function isAccountTokenShaped(value: unknown): value is string {
  return typeof value === 'string' && ACCOUNT_TOKEN.test(value);
}

/**
 * The stored form of an account token: its SHA-256, base64url. Lookups are by this hash, so a
 * copy of the database holds no usable link.
 *
 * @example
 * ```ts
 * hashAccountToken(token); // 43 characters, never equal to token
 * ```
 */
export function hashAccountToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('base64url');
}
