import type { KeyObject } from 'node:crypto';
import { verifyJws, type CompactJwsResult, type JwsPolicy } from './compact-jws.js';
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
  const typ = options.typ ?? 'at+jwt';
  if (typ !== 'at+jwt' && typ !== 'any') throw new TypeError("typ must be 'at+jwt' or 'any'");
  const policy: JwsPolicy = {
    key: toHmacKey(key),
    maxTokenBytes: checkMaxTokenBytes(options.maxTokenBytes ?? DEFAULT_MAX_TOKEN_BYTES),
    typ,
  };
  return verifyJws(token, policy);
}
