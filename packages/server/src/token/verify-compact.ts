import type { KeyObject } from 'node:crypto';
import { verificationKey, type VerificationKey } from './asymmetric-keys.js';
import { verifyJws, type CompactJwsResult, type JwsKeys, type JwsPolicy } from './compact-jws.js';
import { toHmacKey } from './hmac-key.js';
import type { TypPolicy } from './jws-header.js';
import { checkMaxTokenBytes, DEFAULT_MAX_TOKEN_BYTES } from './options.js';

/** Options of {@link verifyCompactHs256}. */
export interface CompactJwsOptions {
  /** Byte cap checked before any decoding. Default 8192. */
  readonly maxTokenBytes?: number;
  /**
   * `'at+jwt'` (default) requires `typ` to be `at+jwt` or `application/at+jwt`; `'any'` accepts
   * an absent `typ` or any string, for JWS-layer checks of foreign vectors.
   */
  readonly typ?: TypPolicy;
}

/**
 * The strict compact-JWS layer on its own: checks structure, canonical base64url, the header
 * allowlist `{alg, typ, kid}`, `alg === 'HS256'`, `typ`, and the HMAC-SHA256 signature in
 * constant time, and returns the header and the payload bytes **without parsing the payload**
 * (so payloads that are not JSON, as in the Wycheproof vectors, can be checked).
 *
 * This builds its policy (and, for a `Uint8Array` key, a `KeyObject`) on every call; request paths
 * use {@link TokenService}, which prepares both once.
 *
 * @throws {@link TokenVerificationError} when the token is rejected.
 * @throws TypeError for a key that is not a secret of at least 32 bytes, or bad options.
 *
 * @example
 * ```ts
 * const { header, payloadBytes } = verifyCompactHs256(jws, keyBytes, { typ: 'any' });
 * ```
 */
export function verifyCompactHs256(
  token: string,
  key: KeyObject | Uint8Array,
  options: CompactJwsOptions = {},
): CompactJwsResult {
  return verifyJws(token, policyOf({ kind: 'hmac', key: toHmacKey(key) }, options));
}

/**
 * The same strict JWS layer for one EdDSA or ES256 key: the header's `alg` must be the key's;
 * its `kid`, if any, is not matched (a {@link TokenService} with a key set requires it). For
 * checks of foreign vectors; request paths use {@link TokenService}.
 *
 * @throws {@link TokenVerificationError} when the token is rejected.
 * @throws TypeError for bad options.
 *
 * @example
 * ```ts
 * const key = verificationKey({ kid: 'k1', alg: 'EdDSA', publicKey });
 * const { header, payloadBytes } = verifyCompactAsymmetric(jws, key, { typ: 'any' });
 * ```
 */
export function verifyCompactAsymmetric(
  token: string,
  key: VerificationKey,
  options: CompactJwsOptions = {},
): CompactJwsResult {
  return verifyJws(token, policyOf({ kind: 'single', key: verificationKey(key) }, options));
}

function policyOf(keys: JwsKeys, options: CompactJwsOptions): JwsPolicy {
  const typ = options.typ ?? 'at+jwt';
  if (typ !== 'at+jwt' && typ !== 'any') throw new TypeError("typ must be 'at+jwt' or 'any'");
  return {
    keys,
    maxTokenBytes: checkMaxTokenBytes(options.maxTokenBytes ?? DEFAULT_MAX_TOKEN_BYTES),
    typ,
  };
}
