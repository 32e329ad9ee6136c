import { createSecretKey, KeyObject } from 'node:crypto';

/** RFC 7518 §3.2: an HS256 key is at least as long as the hash output, 256 bits. */
export const MIN_HMAC_KEY_BYTES = 32;

/**
 * Turns caller-supplied key material into the HMAC `KeyObject` the verifier uses, refusing
 * anything that is not a secret key of at least 32 bytes. This rules out the empty key of a
 * resolver that returned `""` (K05) and a public key used as an HMAC secret (H06, K11).
 *
 * @throws TypeError for a key of the wrong kind or length (caller misuse, not a token failure).
 *
 * @example
 * ```ts
 * const key = toHmacKey(crypto.randomBytes(32));
 * ```
 */
export function toHmacKey(key: KeyObject | Uint8Array): KeyObject {
  if (key instanceof KeyObject) {
    if (key.type !== 'secret')
      throw new TypeError('HS256 needs a secret key, not a public or private key');
    if ((key.symmetricKeySize ?? 0) < MIN_HMAC_KEY_BYTES) {
      throw new TypeError(`HS256 keys must be at least ${MIN_HMAC_KEY_BYTES} bytes`);
    }
    return key;
  }
  if (!(key instanceof Uint8Array)) throw new TypeError('HS256 key must be a KeyObject or bytes');
  if (key.byteLength < MIN_HMAC_KEY_BYTES) {
    throw new TypeError(`HS256 keys must be at least ${MIN_HMAC_KEY_BYTES} bytes`);
  }
  return createSecretKey(key); // copies the bytes: later changes to `key` do not affect it
}
