import { CSRF_HEADER } from '@tessera/protocol';
import type { ApiUrls } from './api-urls.js';
import { authState, isBearerToken, tokenOf } from './auth-state.js';
import type { AuthStore } from './auth-store.js';
import type { ClientMode, CookieInit } from './client-mode.js';
import { ExpiryTimer } from './expiry-timer.js';
import { readJsonResponse } from './json-response.js';
import type { ResolvedOptions, ResolvedRefresh } from './resolve-options.js';
import { fingerprint } from './fingerprint.js';
import { NO_TABS, openTabSync, type TabMessage, type TabSync } from './tab-sync.js';
import { TesseraHttpError } from './tessera-http-error.js';
import { fetchOrThrow } from './tessera-network-error.js';
import { detailsOf, type TokenDetails } from './token-details.js';
import { openTokenStorage, type TokenStorage } from './token-storage.js';
import type { AuthState, StorageType } from './types.js';
import { credentialsFor } from './url-resolution.js';

/** The proactive timer never fires sooner than this after a token arrives. */
const MIN_TIMER_DELAY_MS = 1_000;
/** After waiting for another tab's lock, time for its broadcast of the new token to land. */
const SETTLE_MS = 25;

/**
 * Where the `body` refresh token lives: as asked, else like the access token, except that
 * `localStorage` is never chosen implicitly (it would outlive the browser and be readable by any
 * XSS; SECURITY.md W10).
 *
 * @example
 * ```ts
 * refreshStorageType('localStorage', null); // 'sessionStorage'
 * refreshStorageType('localStorage', 'localStorage'); // 'localStorage'
 * ```
 */
export function refreshStorageType(access: StorageType, asked: StorageType | null): StorageType {
  if (asked !== null) return asked;
  return access === 'localStorage' ? 'sessionStorage' : access;
}

/** The opaque refresh token of a `body` transport response, or `null`. */
function refreshTokenOf(body: unknown): string | null {
  if (typeof body !== 'object' || body === null) return null;
  const value: unknown = Reflect.get(body, 'refresh_token');
  return typeof value === 'string' && value !== '' ? value : null;
}

/** Whether `token` (from another tab) expires no sooner than the current one. */
function isNewer(token: string, details: TokenDetails | null, state: AuthState): boolean {
  const current = state.expiresAt;
  if (current === null) return true;
  const next = authState(token, details, 0, 0).expiresAt;
  return next !== null && next >= current;
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * What a {@link RefreshSession} needs from its client.
 *
 * @example
 * ```ts
 * const deps: RefreshSessionDeps = { options, refresh: options.refresh!, store, urls };
 * ```
 */
export interface RefreshSessionDeps {
  readonly options: ResolvedOptions;
  readonly refresh: ResolvedRefresh;
  readonly store: AuthStore;
  readonly urls: ApiUrls;
}

/**
 * The client's mode when `refresh` is configured (see {@link ClientMode}): the refresh call,
 * shared by every concurrent caller and serialised across tabs; the proactive timer; the
 * refresh token itself in `body` transport; the messages to and from other tabs; and the
 * server-side logout.
 *
 * An epoch counter guards every asynchronous step: a login or a logout (here or in another tab)
 * bumps it, and a refresh that was in flight then discards its answer instead of signing the
 * user back in.
 *
 * @example
 * ```ts
 * const session = new RefreshSession({ options, refresh: options.refresh!, store, urls });
 * await session.refresh(); // true: a new access token is stored
 * session.dispose();
 * ```
 */
export class RefreshSession implements ClientMode {
  readonly canRefresh = true;
  readonly #options: ResolvedOptions;
  readonly #refresh: ResolvedRefresh;
  readonly #store: AuthStore;
  readonly #urls: ApiUrls;
  readonly #timer: ExpiryTimer;
  readonly #tabs: TabSync;
  #refreshTokens: TokenStorage;
  #epoch = 0;
  #inFlight: Promise<boolean> | null = null;

  constructor(deps: RefreshSessionDeps) {
    const { options, refresh, store } = deps;
    this.#options = options;
    this.#refresh = refresh;
    this.#store = store;
    this.#urls = deps.urls;
    this.#timer = new ExpiryTimer(options.now, () => {
      this.refresh().catch(() => undefined); // Not signed out: a request will try again.
    });
    this.#refreshTokens = openTokenStorage(
      refreshStorageType(options.storageType, refresh.storageType),
      `${options.storageKey}_refresh`,
    );
    this.#tabs = refresh.crossTab
      ? openTabSync(options.storageKey, (message) => this.#receive(message))
      : NO_TABS;
    this.tokenChanged(store.state);
  }

  /** The refresh endpoint, absolute when `baseUrl` or the page is. */
  get url(): string {
    return this.#urls.resolve(this.#refresh.url);
  }

  /** The storage of the `body` refresh token really in use. */
  get refreshStorageType(): StorageType {
    return this.#refreshTokens.type;
  }

  /**
   * Refreshes now, or joins the refresh already in flight. `true`: a new access token is
   * stored (or another tab just stored one). `false`: the session is over (the server answered
   * 401; both tokens were removed and `session-ended` emitted), or there is nothing to refresh
   * with. Rejects with `TesseraNetworkError` or `TesseraHttpError` (another status) and keeps
   * the state as it was.
   */
  refresh(): Promise<boolean> {
    this.#inFlight ??= this.#run().finally(() => {
      this.#inFlight = null;
    });
    return this.#inFlight;
  }

  /** On page load: `true` when signed in (refreshing if needed), `false` otherwise; never rejects. */
  async restore(): Promise<boolean> {
    if (this.#store.state.isAuthenticated) return true;
    if (this.#refresh.transport === 'body' && this.#refreshTokens.get() === null) return false;
    try {
      return await this.refresh();
    } catch {
      return false;
    }
  }

  /**
   * Adopts a token response (login, refresh, password change): stores the access token (and the
   * `body` refresh token), emits `login` (always) or `token` (when it changed), tells the other
   * tabs. `token` must already be checked.
   */
  accept(token: string, body: unknown, kind: 'login' | 'token'): void {
    if (kind === 'login') this.#epoch++;
    let consumed: string | undefined;
    if (this.#refresh.transport === 'body') {
      const previous = this.#refreshTokens.get();
      const next = refreshTokenOf(body);
      if (next === null) this.#refreshTokens.remove();
      else this.#refreshTokens.set(next);
      if (kind === 'token' && previous !== null && previous !== next) {
        consumed = fingerprint(previous);
      }
    }
    const details = detailsOf(body, this.#options.now());
    const changed = this.#store.set(token, details);
    if (kind === 'login' || changed) this.#store.emit({ type: kind });
    // Only a token the client cannot read needs its details told (they are `null` otherwise).
    const told = this.#store.state.payload === null && details !== null ? { details } : {};
    this.#tabs.post(
      kind === 'login'
        ? { type: 'login', token, ...told }
        : { type: 'token', token, ...told, ...(consumed === undefined ? {} : { consumed }) },
    );
  }

  /**
   * Ends the session here: forgets both tokens, emits `reason` (a `logout` always, a
   * `session-ended` only when a token was lost) and tells the other tabs when there was
   * something to end.
   */
  end(reason: 'logout' | 'session-ended'): void {
    this.#epoch++;
    const had = this.#store.state.token !== null || this.#refreshTokens.get() !== null;
    this.#refreshTokens.remove();
    const changed = this.#store.set(null);
    if (changed || reason === 'logout') this.#store.emit({ type: reason });
    if (had || reason === 'logout') this.#tabs.post({ type: 'logout', reason });
  }

  /**
   * `logout()`: ends the session here and in every tab at once, then asks the server to end it
   * (best-effort). The access token goes along only while it is fresh (a stale one could make
   * the server refuse the call); the cookie, or the `body` refresh token, names the session.
   */
  async logout(): Promise<void> {
    const { token, isAuthenticated } = this.#store.state;
    const refreshToken = this.#refreshTokens.get();
    this.end('logout');
    if (this.#options.logoutUrl === null) return;
    const url = this.#urls.resolve(this.#options.logoutUrl);
    const bearer = token !== null && isAuthenticated && this.#urls.isApiOrigin(url);
    const cookie = this.#refresh.transport === 'cookie';
    if (!cookie && !bearer && refreshToken === null) return;
    const headers = new Headers({ accept: 'application/json', 'content-type': 'application/json' });
    if (bearer) headers.set('authorization', `Bearer ${token}`);
    if (cookie) headers.set(CSRF_HEADER, '1');
    const body = !cookie && refreshToken !== null ? { refresh_token: refreshToken } : {};
    const credentials = cookie ? credentialsFor(url) : 'same-origin';
    try {
      await this.#options.fetch(url, {
        method: 'POST',
        headers,
        body: JSON.stringify(body),
        credentials,
      });
    } catch {
      // Best-effort: the local logout already happened (a 401 means it was over anyway).
    }
  }

  /** In `cookie` transport: the cookie goes along, with the CSRF header the server requires. */
  cookieInit(url: string): CookieInit {
    if (this.#refresh.transport !== 'cookie') return {};
    return { credentials: credentialsFor(url), headers: { [CSRF_HEADER]: '1' } };
  }

  /** `setStorageType()`: the `body` refresh token follows, unless its storage was given. */
  setStorageType(type: StorageType): void {
    if (this.#refresh.storageType !== null) return;
    const next = refreshStorageType(type, null);
    if (next === this.#refreshTokens.type) return;
    const token = this.#refreshTokens.get();
    this.#refreshTokens.remove();
    this.#refreshTokens = openTokenStorage(next, `${this.#options.storageKey}_refresh`);
    if (token !== null) this.#refreshTokens.set(token);
  }

  /** Reschedules the proactive refresh for the token now held (the store calls it). */
  tokenChanged(state: AuthState): void {
    const { expiresAt } = state;
    if (!state.isAuthenticated || expiresAt === null) {
      this.#timer.cancel();
      return;
    }
    const now = this.#options.now();
    const lead = Math.min(this.#refresh.beforeExpiryMs, (expiresAt - now) / 2);
    this.#timer.schedule(Math.max(expiresAt - lead, now + MIN_TIMER_DELAY_MS));
  }

  dispose(): void {
    this.#epoch++;
    this.#timer.cancel();
    this.#tabs.close();
  }

  async #run(): Promise<boolean> {
    const epoch = this.#epoch;
    const seen = this.#store.state.token;
    return this.#tabs.withLock(async (waited) => {
      if (waited) await delay(SETTLE_MS);
      this.#store.reload();
      const current = this.#store.state;
      if (epoch !== this.#epoch) return current.isAuthenticated;
      // Another tab refreshed while this one waited for the lock: use its token.
      if (current.token !== seen && current.isAuthenticated) return true;
      return this.#send(epoch);
    });
  }

  async #send(epoch: number): Promise<boolean> {
    const cookie = this.#refresh.transport === 'cookie';
    const refreshToken = cookie ? null : this.#refreshTokens.get();
    if (!cookie && refreshToken === null) return false;
    const url = this.url;
    const headers = new Headers({ accept: 'application/json', 'content-type': 'application/json' });
    if (cookie) headers.set(CSRF_HEADER, '1');
    const response = await fetchOrThrow(this.#options.fetch, url, {
      method: 'POST',
      headers,
      body: JSON.stringify(cookie ? {} : { refresh_token: refreshToken }),
      credentials: cookie ? credentialsFor(url) : 'same-origin',
    });
    // Signed out or in again meanwhile: this answer belongs to a session that is gone.
    if (epoch !== this.#epoch) return this.#store.state.isAuthenticated;
    if (response.status === 401) {
      this.end('session-ended');
      return false;
    }
    const body = await readJsonResponse(response);
    if (epoch !== this.#epoch) return this.#store.state.isAuthenticated;
    const token = tokenOf(body);
    if (!isBearerToken(token)) {
      throw new TesseraHttpError(200, { message: 'The refresh response holds no usable token' });
    }
    this.accept(token, body, 'token');
    return true;
  }

  #receive(message: TabMessage): void {
    switch (message.type) {
      case 'login':
        this.#epoch++;
        // Another tab's session replaces this one's; a private refresh token would bring back
        // the old identity at the next refresh.
        if (this.#refreshTokens.type !== 'localStorage') this.#refreshTokens.remove();
        if (this.#store.set(message.token, message.details ?? null)) {
          this.#store.emit({ type: 'login' });
        }
        return;
      case 'token': {
        const own = this.#refreshTokens.get();
        if (
          message.consumed !== undefined &&
          own !== null &&
          fingerprint(own) === message.consumed
        ) {
          this.#refreshTokens.remove(); // A copy of the token the other tab just used up.
        }
        const state = this.#store.state;
        // A signed-out tab ignores refreshes: one that raced its logout must not sign it in.
        const details = message.details ?? null;
        if (state.token === null || !isNewer(message.token, details, state)) return;
        if (this.#store.set(message.token, details)) this.#store.emit({ type: 'token' });
        return;
      }
      case 'logout':
        this.#epoch++;
        this.#refreshTokens.remove();
        if (this.#store.set(null)) this.#store.emit({ type: message.reason });
        return;
    }
  }
}
