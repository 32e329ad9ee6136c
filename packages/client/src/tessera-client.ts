import { isErrorCode, type ErrorCode, type TokenResponse } from '@tessera/protocol';
import { isBearerToken, tokenOf } from './auth-state.js';
import { AuthStore } from './auth-store.js';
import { inputUrl, requestHeaders } from './fetch-input.js';
import { jsonInit, readJsonResponse } from './json-response.js';
import { isAllowedOrigin } from './origin-allowlist.js';
import { errorCodeOf } from './problem-body.js';
import { resolveOptions, type ResolvedOptions } from './resolve-options.js';
import { TesseraHttpError } from './tessera-http-error.js';
import { fetchOrThrow } from './tessera-network-error.js';
import type {
  AuthListener,
  AuthState,
  StorageType,
  TesseraClientOptions,
  TokenPayload,
} from './types.js';
import { documentBaseUrl, resolveApiUrl } from './url-resolution.js';

/** The 401 codes that are about the bearer token (others, like a wrong password, are not). */
const TOKEN_CODES: ReadonlySet<ErrorCode> = new Set([
  'token_missing',
  'token_invalid',
  'token_expired',
]);

/** Origin and path of a URL, to recognise an endpoint whatever its query. */
function endpointOf(url: string, base: string | undefined): string | null {
  try {
    const parsed = new URL(url, base);
    return `${parsed.origin}${parsed.pathname}`;
  } catch {
    return null;
  }
}

/** Reads the `code` of a JSON error response without consuming the caller's body. */
async function responseCode(response: Response): Promise<string | undefined> {
  if (!/json/i.test(response.headers.get('content-type') ?? '')) return undefined;
  try {
    return errorCodeOf(JSON.parse(await response.clone().text()));
  } catch {
    return undefined;
  }
}

/**
 * The framework-agnostic Tessera auth client (the Satellizer of today): logs in and out, keeps
 * the token (in memory by default), tells whether it is still valid, and gives a `fetch` that
 * attaches it only to the API's origins. Its state is a subscribable store, so a framework
 * binding (`@tessera/angular`) is a few lines.
 *
 * @example
 * ```ts
 * const auth = new TesseraClient({ baseUrl: 'https://api.example.com' });
 * await auth.login({ email: 'ada@example.com', password: 'correct horse battery' });
 * const { users } = await auth.request<UsersPage>('/api/users');
 * auth.subscribe((state, event) => console.log(event.type, state.isAuthenticated));
 * await auth.logout();
 * ```
 */
export class TesseraClient {
  readonly #options: ResolvedOptions;
  readonly #store: AuthStore;

  /** @throws TypeError for an invalid option (see {@link TesseraClientOptions}). */
  constructor(options: TesseraClientOptions = {}) {
    this.#options = resolveOptions(options);
    this.#store = new AuthStore(this.#options);
  }

  /**
   * The storage really in use: `'memory'` when the web storage asked for is unavailable
   * (disabled, blocked, full). An addition to Satellizer's API.
   *
   * @example
   * ```ts
   * if (auth.storageType !== 'localStorage') toast('You will be signed out when you close the tab');
   * ```
   */
  get storageType(): StorageType {
    return this.#store.storageType;
  }

  /**
   * Logs in: POSTs the credentials as JSON to `loginUrl` (no `Authorization`, credentials
   * `same-origin`), stores the response's `access_token` (or the tutorial's `token`) and
   * notifies subscribers with `login`.
   *
   * @example
   * ```ts
   * await auth.login({ email, password }); // then auth.isAuthenticated() === true
   * ```
   * @throws TesseraHttpError (e.g. 401 `invalid_credentials`, 429 `rate_limited`), or
   * TesseraNetworkError.
   */
  async login(credentials: { email: string; password: string }): Promise<TokenResponse> {
    const body = await this.#postJson(this.#options.loginUrl, credentials);
    const token = tokenOf(body);
    if (!isBearerToken(token)) {
      throw new TesseraHttpError(200, { message: 'The login response holds no usable token' });
    }
    this.#store.set(token);
    this.#store.emit({ type: 'login' });
    return body as TokenResponse;
  }

  /**
   * Signs up: POSTs `user` as JSON to `signupUrl` and returns the parsed response. It does not
   * store a token; call `setToken(response)` if your server logs the new user in.
   *
   * @example
   * ```ts
   * await auth.signup({ email, password, name });
   * ```
   * @throws TesseraHttpError (e.g. 409 `email_taken`), or TesseraNetworkError.
   */
  async signup(user: Record<string, unknown>): Promise<unknown> {
    return this.#postJson(this.#options.signupUrl, user);
  }

  /**
   * Logs out: removes the token at once and notifies subscribers with `logout`. When `logoutUrl`
   * is set and there was a token, then POSTs to it with the token (best-effort: failures are
   * ignored) and resolves when that call has settled.
   *
   * @example
   * ```ts
   * await auth.logout();
   * void router.navigate(['/']);
   * ```
   */
  async logout(): Promise<void> {
    const token = this.#store.state.token;
    this.#store.set(null);
    this.#store.emit({ type: 'logout' });
    if (this.#options.logoutUrl === null || token === null) return;
    const url = resolveApiUrl(this.#options.baseUrl, this.#options.logoutUrl);
    const headers = new Headers({ accept: 'application/json' });
    if (this.shouldAttachToken(url)) headers.set('authorization', `Bearer ${token}`);
    try {
      await this.#options.fetch(url, { method: 'POST', headers, credentials: 'same-origin' });
    } catch {
      // Best-effort: the local logout already happened.
    }
  }

  /**
   * Whether there is a token whose payload decodes and whose `exp` is more than
   * `clockSkewSeconds` away. A token without `exp` is not authenticated.
   *
   * @example
   * ```ts
   * if (!auth.isAuthenticated()) return router.parseUrl('/login');
   * ```
   */
  isAuthenticated(): boolean {
    return this.getState().isAuthenticated;
  }

  /**
   * The stored token, even if expired; `null` when there is none.
   *
   * @example
   * ```ts
   * const token = auth.getToken();
   * ```
   */
  getToken(): string | null {
    return this.#store.state.token;
  }

  /**
   * The decoded, NOT verified, payload of the token; `null` when there is none or it is
   * malformed (see {@link decodeTokenPayload}).
   *
   * @example
   * ```ts
   * const name = auth.getPayload()?.['name'];
   * ```
   */
  getPayload(): TokenPayload | null {
    return this.#store.state.payload;
  }

  /**
   * Stores a token: a string, the tutorial's `{token}` or OAuth's `{access_token}`. Notifies
   * subscribers with `token` when it changes the state.
   *
   * @example
   * ```ts
   * auth.setToken(await response.json());
   * ```
   * @throws TypeError when there is no token, or it is not a valid bearer token (RFC 6750).
   */
  setToken(token: string | TokenResponse): void {
    const value = typeof token === 'string' ? token : tokenOf(token);
    if (!isBearerToken(value)) {
      throw new TypeError('setToken needs a bearer token, or an object with access_token or token');
    }
    if (this.#store.set(value)) this.#store.emit({ type: 'token' });
  }

  /**
   * Removes the token; notifies subscribers with `token` when there was one.
   *
   * @example
   * ```ts
   * auth.removeToken();
   * ```
   */
  removeToken(): void {
    if (this.#store.set(null)) this.#store.emit({ type: 'token' });
  }

  /**
   * Moves the current token to another storage (e.g. to `localStorage` for "remember me") and
   * keeps using that storage. The old storage no longer holds it. No event: the state is the
   * same.
   *
   * @example
   * ```ts
   * auth.setStorageType(rememberMe ? 'localStorage' : 'memory');
   * ```
   * @throws TypeError for an unknown storage type.
   */
  setStorageType(type: StorageType): void {
    this.#store.setStorageType(type);
  }

  /**
   * The current state, as one frozen object that stays the same until the token, its payload
   * or `isAuthenticated` changes.
   *
   * @example
   * ```ts
   * const state = auth.getState();
   * state === auth.getState(); // true while nothing changed
   * ```
   */
  getState(): AuthState {
    return this.#store.state;
  }

  /**
   * Calls `listener` after each change, with the new state and why it changed (see
   * `AuthEvent`); it is not called at once (read `getState()` for that). A listener that
   * throws is reported on `console.error` and never breaks the client or other listeners.
   *
   * @example
   * ```ts
   * const unsubscribe = auth.subscribe((state) => signal.set(state));
   * unsubscribe();
   * ```
   * @returns the function that unsubscribes.
   */
  subscribe(listener: AuthListener): () => void {
    return this.#store.subscribe(listener);
  }

  /**
   * Whether a request to `url` may carry the token: only when its origin is exactly one of
   * `apiOrigins`. A relative URL is resolved as the browser would (against the document), or
   * against `baseUrl` where there is no document.
   *
   * @example
   * ```ts
   * auth.shouldAttachToken('https://api.example.com/api/users'); // true
   * auth.shouldAttachToken('https://api.example.com.evil.com/'); // false
   * ```
   */
  shouldAttachToken(url: string | URL): boolean {
    return isAllowedOrigin(url, this.#options.apiOrigins, this.#requestBase());
  }

  /**
   * The `Authorization` value for a request to `url`: `Bearer <token>` when the URL is on an API
   * origin and the token is valid, else `null`. For interceptors.
   *
   * @example
   * ```ts
   * const value = auth.authorizationHeader(req.url);
   * return next(value === null ? req : req.clone({ setHeaders: { Authorization: value } }));
   * ```
   */
  authorizationHeader(url: string | URL): string | null {
    if (!this.shouldAttachToken(url) || !this.isAuthenticated()) return null;
    return `Bearer ${String(this.#store.state.token)}`;
  }

  /**
   * For interceptors: after a 401 from an API origin about the token (`code` absent, unknown,
   * or `token_missing` / `token_invalid` / `token_expired`), removes the token and notifies
   * subscribers with `unauthorized`, once per token. Ignored for other statuses, other origins,
   * the login and signup URLs (a 401 there means wrong credentials), and other 401 codes (such as
   * `invalid_credentials` from a password change).
   *
   * @example
   * ```ts
   * auth.handleUnauthorized({ status: error.status, code: error.error?.code, url: req.url });
   * ```
   */
  handleUnauthorized(response: { status: number; code?: string | undefined; url?: string }): void {
    if (response.status !== 401) return;
    const { url, code } = response;
    if (url !== undefined && (!this.shouldAttachToken(url) || this.#isCredentialsUrl(url))) return;
    if (isErrorCode(code) && !TOKEN_CODES.has(code)) return;
    if (!this.#store.set(null)) return;
    this.#store.emit({ type: 'unauthorized' });
  }

  /**
   * `fetch` with the token: adds `Authorization: Bearer <token>` only for API origins (never to
   * another origin), never replaces an `Authorization` the caller set, and calls
   * {@link handleUnauthorized} on a 401 from an API origin. Relative URLs are left to `fetch`.
   *
   * @example
   * ```ts
   * const response = await auth.fetch('https://api.example.com/api/users');
   * ```
   * @throws TesseraNetworkError when `fetch` rejects (an abort is rethrown as it is).
   */
  async fetch(input: string | URL | Request, init?: RequestInit): Promise<Response> {
    const url = inputUrl(input);
    const headers = requestHeaders(input, init);
    if (!headers.has('authorization')) {
      const authorization = this.authorizationHeader(url);
      if (authorization !== null) headers.set('authorization', authorization);
    }
    const response = await fetchOrThrow(this.#options.fetch, input, { ...init, headers });
    if (response.status === 401 && this.shouldAttachToken(url)) {
      this.handleUnauthorized({ status: 401, code: await responseCode(response), url });
    }
    return response;
  }

  /**
   * JSON over {@link fetch}: `path` is appended to `baseUrl` (an absolute URL is kept), `json` is
   * sent as `application/json`, and the JSON answer is returned (`undefined` for 204). `T` is
   * not checked at run time.
   *
   * @example
   * ```ts
   * const page = await auth.request<UsersPage>('/api/users?page=2');
   * await auth.request('/api/users/7', { method: 'PATCH', json: { name: 'Ada' } });
   * ```
   * @throws TesseraHttpError for a non-2xx answer, TesseraNetworkError when offline.
   */
  async request<T>(path: string, init: RequestInit & { json?: unknown } = {}): Promise<T> {
    const { json, ...rest } = init;
    const url = resolveApiUrl(this.#options.baseUrl, path);
    const response = await this.fetch(url, jsonInit(rest, json));
    return (await readJsonResponse(response)) as T;
  }

  /**
   * Stops listening to other tabs and to the expiry timer, and drops every subscriber.
   *
   * @example
   * ```ts
   * inject(DestroyRef).onDestroy(() => auth.dispose());
   * ```
   */
  dispose(): void {
    this.#store.dispose();
  }

  /** POSTs JSON with the plain `fetch` (no token, no 401 handling) and reads the JSON answer. */
  async #postJson(path: string, value: unknown): Promise<unknown> {
    const url = resolveApiUrl(this.#options.baseUrl, path);
    const init = jsonInit({ method: 'POST', credentials: 'same-origin' }, value);
    return readJsonResponse(await fetchOrThrow(this.#options.fetch, url, init));
  }

  #requestBase(): string {
    return documentBaseUrl() ?? resolveApiUrl(this.#options.baseUrl, '');
  }

  #isCredentialsUrl(url: string): boolean {
    const base = this.#requestBase();
    const endpoint = endpointOf(url, base);
    return [this.#options.loginUrl, this.#options.signupUrl].some(
      (path) => endpointOf(resolveApiUrl(this.#options.baseUrl, path), base) === endpoint,
    );
  }
}
