import { decodeBase64Url } from './base64url.js';
import type { TokenPayload } from './types.js';

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Registered claims whose type {@link TokenPayload} promises. */
const CLAIM_TYPES = { sub: 'string', exp: 'number', iat: 'number', scope: 'string' } as const;

function decodeJsonObject(segment: string): Record<string, unknown> | null {
  const bytes = decodeBase64Url(segment);
  if (bytes === null || bytes.length === 0) return null;
  try {
    const value: unknown = JSON.parse(utf8.decode(bytes));
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
    return value as Record<string, unknown>;
  } catch {
    return null;
  }
}

function hasTypedClaims(payload: Record<string, unknown>): boolean {
  return Object.entries(CLAIM_TYPES).every(([claim, type]) => {
    if (!Object.prototype.hasOwnProperty.call(payload, claim)) return true;
    return typeof payload[claim] === type;
  });
}

/**
 * Decodes the payload of a JWS compact token WITHOUT verifying it (only the server can). The
 * client uses it to read `exp` and display claims; never trust it for access decisions.
 *
 * Strict: exactly three dot-separated segments of unpadded base64url, a header and a payload
 * that are UTF-8 JSON objects (invalid UTF-8 is rejected, so non-ASCII claims decode right or
 * not at all), and `sub`/`scope` strings and `exp`/`iat` numbers when present. Anything else
 * gives `null`; it never throws. The result is frozen.
 *
 * @example
 * ```ts
 * const payload = decodeTokenPayload(token);
 * if (payload?.exp !== undefined) console.log(new Date(payload.exp * 1000));
 * decodeTokenPayload('not.a.jwt'); // null
 * ```
 */
export function decodeTokenPayload(token: string): TokenPayload | null {
  if (typeof token !== 'string') return null;
  const segments = token.split('.');
  if (segments.length !== 3) return null;
  const [header = '', payload = '', signature = ''] = segments;
  if (decodeBase64Url(signature) === null || decodeJsonObject(header) === null) return null;
  const claims = decodeJsonObject(payload);
  if (claims === null || !hasTypedClaims(claims)) return null;
  return Object.freeze(claims);
}
