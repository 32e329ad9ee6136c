import { encodeBase64url } from './base64url.js';
import type { SigningKey, VerificationKey } from './asymmetric-keys.js';

/**
 * The asymmetric keys a {@link TokenService} uses: one signing key (`current`) and the keys whose
 * tokens it still accepts (the current one, a published `next`, a `previous` one until its last
 * token expires). A token is checked only against the key its `kid` names in this set, with that
 * key's algorithm: never a key from the token itself (`jwk`, `jku`, `x5u`, `x5c`), never another
 * algorithm. {@link KeySet.replace} swaps the whole set at once (a rotation or a revocation).
 *
 * @example
 * ```ts
 * const keys = new KeySet(signingKey({ kid: 'k1', alg: 'EdDSA', privateKey }));
 * keys.replace(signingKey({ kid: 'k2', alg: 'EdDSA', privateKey: next }), [keys.current]);
 * ```
 */
export class KeySet {
  #current!: SigningKey;
  #byKid!: ReadonlyMap<string, VerificationKey>;
  #issuedHeader!: string;
  readonly #listeners = new Set<() => void>();

  /** @throws TypeError when two keys share a `kid`. */
  constructor(current: SigningKey, others: readonly VerificationKey[] = []) {
    this.replace(current, others);
  }

  /** The key new tokens are signed with. */
  get current(): SigningKey {
    return this.#current;
  }

  /** `b64u({"alg":…,"typ":"at+jwt","kid":…})` of the current key: the first segment of every token it signs. */
  get issuedHeaderSegment(): string {
    return this.#issuedHeader;
  }

  /** Every key whose tokens are accepted, the current one included. */
  get keys(): readonly VerificationKey[] {
    return [...this.#byKid.values()];
  }

  /** Calls `listener` after every {@link replace} (a verifier drops what it remembers). */
  onChange(listener: () => void): void {
    this.#listeners.add(listener);
  }

  /** The key named `kid`, if this set holds it. */
  find(kid: string): VerificationKey | undefined {
    return this.#byKid.get(kid);
  }

  /**
   * Makes `current` the signing key and `current` plus `others` the accepted keys, in one step.
   *
   * @throws TypeError when two keys share a `kid` (the set is then left as it was).
   */
  replace(current: SigningKey, others: readonly VerificationKey[] = []): void {
    const byKid = new Map<string, VerificationKey>();
    for (const key of [current, ...others]) {
      if (byKid.has(key.kid)) throw new TypeError(`two keys share the kid ${key.kid}`);
      byKid.set(key.kid, key);
    }
    this.#current = current;
    this.#byKid = byKid;
    this.#issuedHeader = encodeBase64url(
      JSON.stringify({ alg: current.alg, typ: 'at+jwt', kid: current.kid }),
    );
    for (const listener of this.#listeners) listener();
  }
}
