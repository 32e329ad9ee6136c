import { createHmac, timingSafeEqual, type KeyObject } from 'node:crypto';
import { isCanonicalBase64url } from './base64url.js';
import { TokenVerificationError } from './errors.js';
import { readJwsHeader, type JwsHeader, type TypPolicy } from './jws-header.js';

/** A checked, reusable verification setup: built once, read on every call. */
export interface JwsPolicy {
  /** HMAC key, `type: 'secret'`, at least 32 bytes (checked when the policy is built). */
  readonly key: KeyObject;
  /** Byte cap applied before anything else. */
  readonly maxTokenBytes: number;
  readonly typ: TypPolicy;
}

/** What a verified compact JWS yields: its header and the raw payload bytes (not parsed). */
export interface CompactJwsResult {
  readonly header: JwsHeader;
  readonly payloadBytes: Buffer;
}

/** RFC 7515 §7.1 with bis "Check JWT Format Type": three non-empty base64url segments, nothing else. */
const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

/** An HS256 MAC is 32 bytes: exactly 43 unpadded base64url characters. */
const HS256_SIGNATURE_LENGTH = 43;

/**
 * The byte cap (S19). A UTF-16 length above the cap is already too many bytes; a string within
 * it can still hold more UTF-8 bytes only if it has non-ASCII characters, measured only when the
 * string is long enough for that to matter.
 */
function exceedsCap(token: string, maxBytes: number): boolean {
  if (token.length > maxBytes) return true;
  return token.length * 3 > maxBytes && Buffer.byteLength(token, 'utf8') > maxBytes;
}

/**
 * Verifies a compact HS256 JWS against a prepared {@link JwsPolicy}, in this order:
 * 1. string, byte cap → `malformed`, `too_large`;
 * 2. strict compact syntax → `malformed`;
 * 3. canonical base64url for each segment (S12) → `malformed`;
 * 4. header (see `readJwsHeader`) → `malformed`, `header`, `algorithm`, `type`;
 * 5. a 32-byte signature equal, in constant time, to HMAC-SHA256 over `header.payload` → `signature`.
 *
 * The payload is not looked at; decoding it is the caller's next step, after the signature.
 *
 * @throws {@link TokenVerificationError}
 */
export function verifyJws(token: unknown, policy: JwsPolicy): CompactJwsResult {
  if (typeof token !== 'string') throw new TokenVerificationError('malformed');
  if (exceedsCap(token, policy.maxTokenBytes)) throw new TokenVerificationError('too_large');
  if (!COMPACT_JWS.test(token)) throw new TokenVerificationError('malformed');

  const firstDot = token.indexOf('.');
  const secondDot = token.indexOf('.', firstDot + 1);
  const headerSegment = token.slice(0, firstDot);
  const payloadSegment = token.slice(firstDot + 1, secondDot);
  const signatureSegment = token.slice(secondDot + 1);
  if (
    !isCanonicalBase64url(headerSegment) ||
    !isCanonicalBase64url(payloadSegment) ||
    !isCanonicalBase64url(signatureSegment)
  ) {
    throw new TokenVerificationError('malformed');
  }

  const header = readJwsHeader(headerSegment, policy.typ);

  if (signatureSegment.length !== HS256_SIGNATURE_LENGTH) {
    throw new TokenVerificationError('signature');
  }
  const expected = createHmac('sha256', policy.key)
    .update(token.slice(0, secondDot), 'latin1')
    .digest();
  if (!timingSafeEqual(expected, Buffer.from(signatureSegment, 'base64url'))) {
    throw new TokenVerificationError('signature');
  }

  return { header, payloadBytes: Buffer.from(payloadSegment, 'base64url') };
}
