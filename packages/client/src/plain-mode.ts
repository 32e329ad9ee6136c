import type { ApiUrls } from './api-urls.js';
import type { AuthStore } from './auth-store.js';
import type { ClientMode, CookieInit } from './client-mode.js';
import type { ResolvedOptions } from './resolve-options.js';
import { detailsOf } from './token-details.js';

/**
 * What a {@link PlainMode} needs from its client.
 *
 * @example
 * ```ts
 * const deps: PlainModeDeps = { options, store, urls };
 * ```
 */
export interface PlainModeDeps {
  readonly options: ResolvedOptions;
  readonly store: AuthStore;
  readonly urls: ApiUrls;
}

/**
 * The client without refresh tokens (the default): a token store. A token the API refuses is
 * removed, never renewed; `logout()` is local, plus a best-effort POST when `logoutUrl` is set.
 *
 * @example
 * ```ts
 * const mode = new PlainMode({ options, store, urls });
 * await mode.refresh(); // false: nothing to refresh with
 * ```
 */
export class PlainMode implements ClientMode {
  readonly canRefresh = false;
  readonly #options: ResolvedOptions;
  readonly #store: AuthStore;
  readonly #urls: ApiUrls;

  constructor(deps: PlainModeDeps) {
    this.#options = deps.options;
    this.#store = deps.store;
    this.#urls = deps.urls;
  }

  accept(token: string, body: unknown, kind: 'login' | 'token'): void {
    const changed = this.#store.set(token, detailsOf(body, this.#options.now()));
    if (kind === 'login' || changed) this.#store.emit({ type: kind });
  }

  end(reason: 'logout'): void {
    this.#store.set(null);
    this.#store.emit({ type: reason });
  }

  /** Signs out at once; then, with `logoutUrl` and a token, POSTs it there (failures ignored). */
  async logout(): Promise<void> {
    const token = this.#store.state.token;
    this.end('logout');
    if (this.#options.logoutUrl === null || token === null) return;
    const url = this.#urls.resolve(this.#options.logoutUrl);
    const headers = new Headers({ accept: 'application/json' });
    if (this.#urls.isApiOrigin(url)) headers.set('authorization', `Bearer ${token}`);
    try {
      await this.#options.fetch(url, { method: 'POST', headers, credentials: 'same-origin' });
    } catch {
      // Best-effort: the local logout already happened.
    }
  }

  refresh(): Promise<boolean> {
    return Promise.resolve(false);
  }

  restore(): Promise<boolean> {
    return Promise.resolve(this.#store.state.isAuthenticated);
  }

  cookieInit(): CookieInit {
    return {};
  }

  setStorageType(): void {
    // Nothing of its own to move: the store holds the only token.
  }

  tokenChanged(): void {
    // No timer to schedule.
  }

  dispose(): void {
    // Nothing to stop.
  }
}
