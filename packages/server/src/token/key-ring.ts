/**
 * Keys named by `kid`: one `current` key (the one that signs or encrypts) and the keys whose
 * tokens are still accepted (the current one, a published `next`, a `previous` one until its last
 * token expires). A token is checked only against the key its `kid` names here: never a key the
 * token brings. {@link KeyRing.replace} swaps the whole ring at once (a rotation or a revocation)
 * and tells the listeners, so a verifier drops what it remembers.
 */
export class KeyRing<Current extends Accepted, Accepted extends { readonly kid: string }> {
  #current!: Current;
  #byKid!: ReadonlyMap<string, Accepted>;
  readonly #listeners = new Set<() => void>();

  /** @throws TypeError when two keys share a `kid`. */
  constructor(current: Current, others: readonly Accepted[] = []) {
    this.replace(current, others);
  }

  /** The key new tokens are made with. */
  get current(): Current {
    return this.#current;
  }

  /** Every key whose tokens are accepted, the current one included. */
  get keys(): readonly Accepted[] {
    return [...this.#byKid.values()];
  }

  /** Calls `listener` after every {@link replace}. */
  onChange(listener: () => void): void {
    this.#listeners.add(listener);
  }

  /** The key named `kid`, if this ring holds it. */
  find(kid: string): Accepted | undefined {
    return this.#byKid.get(kid);
  }

  /**
   * Makes `current` the key new tokens use and `current` plus `others` the accepted keys, in one
   * step.
   *
   * @throws TypeError when two keys share a `kid` (the ring is then left as it was).
   */
  replace(current: Current, others: readonly Accepted[] = []): void {
    const byKid = new Map<string, Accepted>();
    for (const key of [current, ...others]) {
      if (byKid.has(key.kid)) throw new TypeError(`two keys share the kid ${key.kid}`);
      byKid.set(key.kid, key);
    }
    this.#current = current;
    this.#byKid = byKid;
    for (const listener of this.#listeners) listener();
  }
}
