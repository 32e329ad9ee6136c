import type { TesseraAccessClaims } from '../token/index.js';

/** Most tokens the guard remembers as verified by default. */
export const DEFAULT_VERIFIED_TOKENS = 10_000;

interface Entry {
  readonly claims: TesseraAccessClaims;
  /** Clock reading when the token passed `TokenService.verify`. */
  readonly verifiedAt: number;
}

/**
 * The tokens the guard has fully verified, keyed on the whole token string, so a client sending
 * the same token again skips the HMAC, the decoding and the claim checks (about 3 µs). It only
 * ever answers for a string identical to one that passed `TokenService.verify`, so it accepts
 * nothing that `verify` would refuse:
 *
 * - the signature, header and claim checks do not depend on time;
 * - of the time rules, `iat` and `nbf` "not in the future" stay true as time goes forward, and
 *   the lifetime rule compares `exp − iat` only; so an entry is used only while the clock reads
 *   between its verification and `exp` (before the leeway `verify` allows), and a clock that
 *   went back makes it verify again;
 * - revocation is not a property of the token: after this cache, on every request, remembered
 *   or not, the guard checks that the session the token's `sid` names is still open and that
 *   its user is still enabled. So an entry never outlives a logout, a reuse detection or a
 *   disable: it only saves the signature work for a token that is then refused.
 *
 * Bounded: beyond `maxEntries` the oldest entry goes. A lookup compares whole strings through a
 * `Map` (hash first, characters only on a full hash match), so its timing tells nothing useful
 * about a remembered token.
 *
 * @example
 * ```ts
 * const claims = cache.get(token, now) ?? cache.remember(token, tokens.verify(token), now);
 * ```
 */
export class VerifiedTokens {
  readonly #entries = new Map<string, Entry>();
  readonly #maxEntries: number;

  constructor(maxEntries = DEFAULT_VERIFIED_TOKENS) {
    if (!Number.isInteger(maxEntries) || maxEntries < 0) {
      throw new TypeError('maxEntries must be an integer >= 0');
    }
    this.#maxEntries = maxEntries;
  }

  /** Tokens remembered now (at most `maxEntries`). */
  get size(): number {
    return this.#entries.size;
  }

  /** The claims of `token` if it was verified and is still before its `exp` at `now`. */
  get(token: string, now: number): TesseraAccessClaims | undefined {
    const entry = this.#entries.get(token);
    if (entry === undefined) return undefined;
    if (now >= entry.verifiedAt && now < entry.claims.exp) return entry.claims;
    this.#entries.delete(token);
    return undefined;
  }

  /** Remembers that `token` verified at `now` with `claims`; returns the (frozen) claims. */
  remember(token: string, claims: TesseraAccessClaims, now: number): TesseraAccessClaims {
    const frozen = Object.freeze({
      ...claims,
      aud: typeof claims.aud === 'string' ? claims.aud : Object.freeze([...claims.aud]),
    });
    if (this.#maxEntries === 0 || !(Number.isFinite(now) && now < claims.exp)) return frozen;
    if (this.#entries.size >= this.#maxEntries) {
      const oldest = this.#entries.keys().next();
      if (oldest.done !== true) this.#entries.delete(oldest.value);
    }
    this.#entries.set(token, { claims: frozen, verifiedAt: now });
    return frozen;
  }

  /** Forgets every token. */
  clear(): void {
    this.#entries.clear();
  }
}
