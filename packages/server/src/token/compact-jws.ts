import { createHmac, timingSafeEqual, type KeyObject } from 'node:crypto';
import {
  ASYMMETRIC_SIGNATURE_LENGTH,
  verifyAsymmetric,
  type VerificationKey,
} from './asymmetric-keys.js';
import { isCanonicalBase64url } from './base64url.js';
import { TokenVerificationError } from './errors.js';
import { readJwsHeader, type JwsHeader, type TypPolicy } from './jws-header.js';
import type { KeySet } from './key-set.js';

/**
 * The keys a token may be checked against:
 * - `hmac`: one HS256 secret (`type: 'secret'`, at least 32 bytes); `alg` must be `HS256`;
 * - `set`: asymmetric keys by `kid`; the token must name one of them and its algorithm;
 * - `single`: one asymmetric key whatever the `kid` (JWS-layer checks of foreign vectors only).
 */
export type JwsKeys =
  | { readonly kind: 'hmac'; readonly key: KeyObject }
  | { readonly kind: 'set'; readonly set: KeySet }
  | { readonly kind: 'single'; readonly key: VerificationKey };

/** A checked, reusable verification setup: built once, read on every call. */
export interface JwsPolicy {
  readonly keys: JwsKeys;
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
export function exceedsCap(token: string, maxBytes: number): boolean {
  if (token.length > maxBytes) return true;
  return token.length * 3 > maxBytes && Buffer.byteLength(token, 'utf8') > maxBytes;
}

/**
 * Verifies a compact JWS against a prepared {@link JwsPolicy}, in this order:
 * 1. string, byte cap → `malformed`, `too_large`;
 * 2. strict compact syntax → `malformed`;
 * 3. canonical base64url for each segment (S12) → `malformed`;
 * 4. header (see `readJwsHeader`) → `malformed`, `header`, `algorithm`, `type`;
 * 5. the key (see `checkSignature`) → `header` (no or unknown `kid` for a key set), `algorithm`;
 * 6. the signature: HS256 a 32-byte MAC compared in constant time; EdDSA and ES256 64 bytes
 *    checked with the public key → `signature`.
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
  checkSignature(policy.keys, header, token.slice(0, secondDot), signatureSegment);
  return { header, payloadBytes: Buffer.from(payloadSegment, 'base64url') };
}

/**
 * The key step: the key is chosen by the verifier's own configuration and the token's `kid`
 * only, and the token's `alg` must be that key's (an HS256 token against a public key, or an
 * ES256 token naming an EdDSA key, is refused before any signature work).
 */
function checkSignature(
  keys: JwsKeys,
  header: JwsHeader,
  signingInput: string,
  signatureSegment: string,
): void {
  if (keys.kind === 'hmac') {
    if (header.alg !== 'HS256') throw new TokenVerificationError('algorithm');
    if (signatureSegment.length !== HS256_SIGNATURE_LENGTH) {
      throw new TokenVerificationError('signature');
    }
    const expected = createHmac('sha256', keys.key).update(signingInput, 'latin1').digest();
    if (!timingSafeEqual(expected, Buffer.from(signatureSegment, 'base64url'))) {
      throw new TokenVerificationError('signature');
    }
    return;
  }
  let key: VerificationKey | undefined;
  if (keys.kind === 'single') key = keys.key;
  else {
    // A token checked against a key set must say which key (H07): no kid, no key.
    if (header.kid === undefined) throw new TokenVerificationError('header');
    key = keys.set.find(header.kid);
    if (key === undefined) throw new TokenVerificationError('header');
  }
  if (header.alg !== key.alg) throw new TokenVerificationError('algorithm');
  if (signatureSegment.length !== ASYMMETRIC_SIGNATURE_LENGTH) {
    throw new TokenVerificationError('signature');
  }
  const signature = Buffer.from(signatureSegment, 'base64url');
  if (!verifyAsymmetric(key.alg, key.publicKey, Buffer.from(signingInput, 'latin1'), signature)) {
    throw new TokenVerificationError('signature');
  }
}
