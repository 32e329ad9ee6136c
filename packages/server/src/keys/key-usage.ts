import type { KeyUse, TokenKeyStore } from './key-store.js';

/** How often a process writes when its keys were last used: `tessera keys list` lags by at most this. */
export const KEY_USE_FLUSH_SECONDS = 60;

/**
 * Remembers, in memory, when this process last used each key (signed or encrypted a token with
 * it, or accepted one made with it) and writes that to the key store at most once per
 * {@link KEY_USE_FLUSH_SECONDS}, one statement per key used since the last write. Bounded: it
 * holds only kids of the process's own key sets.
 */
export class KeyUsage {
  #pending = new Map<KeyUse, Map<string, number>>();
  #lastFlush: number;
  readonly #clock: () => number;

  constructor(clock: () => number) {
    this.#clock = clock;
    this.#lastFlush = clock();
  }

  /** Notes that `kid` was used now (a map write: cheap enough for every issue and verify). */
  readonly note = (use: KeyUse, kid: string): void => {
    let byKid = this.#pending.get(use);
    if (byKid === undefined) {
      byKid = new Map();
      this.#pending.set(use, byKid);
    }
    byKid.set(kid, this.#clock());
  };

  /** Writes what was noted when the last write is older than the flush period, or when `force`. */
  async flush(store: TokenKeyStore, force = false): Promise<void> {
    const now = this.#clock();
    if (!force && now - this.#lastFlush < KEY_USE_FLUSH_SECONDS) return;
    this.#lastFlush = now;
    if (this.#pending.size === 0) return;
    const pending = this.#pending;
    this.#pending = new Map();
    await store.recordUse(pending);
  }
}
