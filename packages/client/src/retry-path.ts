import { isErrorCode, type ErrorCode } from '@tessera/protocol';
import type { ApiUrls } from './api-urls.js';
import { authState } from './auth-state.js';
import type { AuthStore } from './auth-store.js';
import type { ClientMode } from './client-mode.js';
import { RequestAttempt } from './request-attempt.js';
import type { RequestAuthorization } from './types.js';

/** The 401 codes that are about the bearer token (others, like a wrong password, are not). */
const TOKEN_CODES: ReadonlySet<ErrorCode> = new Set([
  'token_missing',
  'token_invalid',
  'token_expired',
]);

/**
 * An HTTP answer as the retry path reads it: the status, the problem `code` when there is one,
 * and the request's URL (absent: an API URL that is no auth endpoint).
 *
 * @example
 * ```ts
 * const answer: Answer = { status: 401, code: 'token_expired', url: 'https://api.example.com/x' };
 * ```
 */
export interface Answer {
  readonly status: number;
  readonly code?: string | undefined;
  readonly url?: string;
}

/**
 * What a {@link RetryPath} needs from its client.
 *
 * @example
 * ```ts
 * const deps: RetryPathDeps = { store, mode, urls, now: Date.now, clockSkewMs: 30_000 };
 * ```
 */
export interface RetryPathDeps {
  readonly store: AuthStore;
  readonly mode: ClientMode;
  readonly urls: ApiUrls;
  readonly now: () => number;
  readonly clockSkewMs: number;
}

/**
 * The client's one refresh-and-retry path, the same in both modes (the mode only says whether
 * it can refresh): which requests get the token; a stale token refreshed before a request
 * leaves; after a 401 about an expired token, one refresh shared by every request (the mode's
 * single-flight `refresh()`) and the request sent ONE more time; any other 401 about the token
 * removes it (`unauthorized`, once per token). `fetch()`, the interceptor methods and
 * `@tessera/angular` all go through it, through a {@link RequestAttempt} per request.
 *
 * @example
 * ```ts
 * const path = new RetryPath({ store, mode, urls, now: Date.now, clockSkewMs: 30_000 });
 * const attempt = path.begin('https://api.example.com/api/users');
 * ```
 */
export class RetryPath {
  readonly #deps: RetryPathDeps;

  constructor(deps: RetryPathDeps) {
    this.#deps = deps;
  }

  /** The token held now, fresh or not. */
  get token(): string | null {
    return this.#deps.store.state.token;
  }

  /** One request's pass through this path. */
  begin(url: string): RequestAuthorization {
    return new RequestAttempt(this, url);
  }

  /** `Bearer <token>` for an API origin while the token is fresh (never to the refresh URL). */
  header(url: string | URL): string | null {
    const { urls, store } = this.#deps;
    const { token, isAuthenticated } = store.state;
    if (token === null || !isAuthenticated || !urls.isApiOrigin(url)) return null;
    return urls.isRefreshEndpoint(String(url)) ? null : `Bearer ${token}`;
  }

  /** Whether a request to `url` may be refreshed for and sent again (not an auth endpoint). */
  mayResend(url: string): boolean {
    const { mode, urls } = this.#deps;
    return mode.canRefresh && urls.isApiOrigin(url) && !urls.isAuthEndpoint(url);
  }

  /** Whether a request to `url` must wait for a refresh: it would go with a stale token. */
  needsRefresh(url: string): boolean {
    const { token, isAuthenticated } = this.#deps.store.state;
    return token !== null && !isAuthenticated && this.mayResend(url);
  }

  /** {@link header}, after refreshing a stale token first. Rejects as the refresh does. */
  async freshHeader(url: string | URL): Promise<string | null> {
    if (this.needsRefresh(String(url))) await this.#deps.mode.refresh();
    return this.header(url);
  }

  /**
   * After a first 401 to a request sent with `held` (or that held it, too stale to send):
   * resolves `true` when the request may go once more, with a new token (refreshed here, or by
   * another request meanwhile). A 401 about the token that a refresh cannot cure removes the
   * token at once, before this returns; other answers change nothing.
   */
  afterUnauthorized(answer: Answer, held: string | null): Promise<boolean> {
    if (!this.#isTokenRejection(answer)) return Promise.resolve(false);
    const { mode, store, urls } = this.#deps;
    const renewable = answer.url === undefined || !urls.isAuthEndpoint(answer.url);
    if (!mode.canRefresh || !renewable || !this.#isExpiry(answer.code, held)) {
      this.#drop();
      return Promise.resolve(false);
    }
    const current = store.state;
    if (current.token !== held && current.isAuthenticated) return Promise.resolve(true);
    // Unreachable (a network blip, a 5xx): keep the session, return the 401 as it is.
    return mode.refresh().catch(() => false);
  }

  /** The answer to a request sent again: a 401 about the token is final (no second refresh). */
  settle(answer: Answer): void {
    if (this.#isTokenRejection(answer)) this.#drop();
  }

  /**
   * Whether an answer is a 401 about the token, from an API origin (not the login or refresh
   * URLs), with a token code or none.
   */
  #isTokenRejection({ status, url, code }: Answer): boolean {
    if (status !== 401) return false;
    const { urls } = this.#deps;
    if (url !== undefined && (!urls.isApiOrigin(url) || urls.isCredentialsEndpoint(url))) {
      return false;
    }
    return !isErrorCode(code) || TOKEN_CODES.has(code);
  }

  /** Whether a token 401 is about expiry: `token_expired`, or `token` stale by this clock. */
  #isExpiry(code: string | undefined, token: string | null): boolean {
    if (token === null) return false;
    if (code === 'token_expired') return true;
    const { now, clockSkewMs, store } = this.#deps;
    const state =
      store.state.token === token ? store.state : authState(token, null, now(), clockSkewMs);
    return !state.isAuthenticated;
  }

  /** Removes a token the API refused; `unauthorized`, once per token. */
  #drop(): void {
    const { store } = this.#deps;
    if (store.set(null)) store.emit({ type: 'unauthorized' });
  }
}
