import type { AuthEvent, AuthListener, AuthState } from './types.js';

/**
 * The subscribers of a client. A subscriber that throws is reported on `console.error` and
 * never stops the others or the client.
 *
 * @example
 * ```ts
 * const listeners = new ListenerSet();
 * const stop = listeners.add((state) => console.log(state.isAuthenticated));
 * listeners.emit(state, { type: 'login' });
 * stop();
 * ```
 */
export class ListenerSet {
  readonly #listeners = new Set<AuthListener>();

  add(listener: AuthListener): () => void {
    if (typeof listener !== 'function') throw new TypeError('listener must be a function');
    // A wrapper per call, so subscribing the same function twice gives two subscriptions.
    const entry: AuthListener = (state, event) => listener(state, event);
    this.#listeners.add(entry);
    return () => {
      this.#listeners.delete(entry);
    };
  }

  emit(state: AuthState, event: AuthEvent): void {
    for (const listener of [...this.#listeners]) {
      if (!this.#listeners.has(listener)) continue;
      try {
        listener(state, event);
      } catch (error) {
        console.error('[tessera] an auth state listener threw', error);
      }
    }
  }

  clear(): void {
    this.#listeners.clear();
  }
}
