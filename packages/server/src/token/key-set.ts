import { encodeBase64url } from './base64url.js';
import type { SigningKey, VerificationKey } from './asymmetric-keys.js';
import { KeyRing } from './key-ring.js';

/**
 * The asymmetric keys a {@link TokenService} signs and verifies with (see {@link KeyRing}): a
 * token is checked only against the key its `kid` names in this set, with that key's algorithm:
 * never a key from the token itself (`jwk`, `jku`, `x5u`, `x5c`), never another algorithm.
 *
 * @example
 * ```ts
 * const keys = new KeySet(signingKey({ kid: 'k1', alg: 'EdDSA', privateKey }));
 * keys.replace(signingKey({ kid: 'k2', alg: 'EdDSA', privateKey: next }), [keys.current]);
 * ```
 */
export class KeySet extends KeyRing<SigningKey, VerificationKey> {
  #headerKey: SigningKey | undefined;
  #issuedHeader = '';

  /** `b64u({"alg":…,"typ":"at+jwt","kid":…})` of the current key: the first segment of every token it signs. */
  get issuedHeaderSegment(): string {
    const current = this.current;
    if (this.#headerKey !== current) {
      this.#issuedHeader = encodeBase64url(
        JSON.stringify({ alg: current.alg, typ: 'at+jwt', kid: current.kid }),
      );
      this.#headerKey = current;
    }
    return this.#issuedHeader;
  }
}
