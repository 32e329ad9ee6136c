import { isErrorCode, type ErrorCode, type TokenResponse } from '@tessera/protocol';
import { authState, isBearerToken, tokenOf } from './auth-state.js';
import { AuthStore } from './auth-store.js';
import { inputUrl, requestHeaders } from './fetch-input.js';
import { jsonInit, readJsonResponse } from './json-response.js';
import { isAllowedOrigin } from './origin-allowlist.js';
import { errorCodeOf } from './problem-body.js';
import { RefreshSession } from './refresh-session.js';
import { replayable } from './replayable-request.js';
import { resolveOptions, type ResolvedOptions } from './resolve-options.js';
import { TesseraHttpError } from './tessera-http-error.js';
import { fetchOrThrow } from './tessera-network-error.js';
import type {
  AuthListener,
  AuthState,
  ChangePasswordRequest,
  SessionDto,
  StorageType,
  TesseraClientOptions,
  TokenPayload,
} from './types.js';
import { credentialsFor, documentBaseUrl, resolveApiUrl } from './url-resolution.js';

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

/** The body of a token response without `refresh_token`, which the client keeps to itself. */
function withoutRefreshToken(body: unknown): unknown {
  if (typeof body !== 'object' || body === null || !('refresh_token' in body)) return body;
  const copy: Record<string, unknown> = { ...body };
  delete copy['refresh_token'];
  return copy;
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
  /** The refresh-token half, when `refresh` is configured. */
  readonly #session: RefreshSession | null = null;

  /** @throws TypeError for an invalid option (see {@link TesseraClientOptions}). */
  constructor(options: TesseraClientOptions = {}) {
    this.#options = resolveOptions(options);
    this.#store = new AuthStore({
      ...this.#options,
      onChange: (state) => this.#session?.tokenChanged(state),
    });
    const { refresh } = this.#options;
    if (refresh !== null) {
      this.#session = new RefreshSession({
        options: this.#options,
        refresh,
        store: this.#store,
        shouldAttachToken: (url) => this.shouldAttachToken(url),
      });
    }
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
   * notifies subscribers with `login`. With `refresh`, it also keeps the refresh token (`body`
   * transport; it is removed from the returned object) or lets the browser store the cookie
   * (`cookie` transport: credentials `include` for a cross-origin `loginUrl`), and tells the
   * other tabs.
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
    if (this.#session !== null) {
      this.#session.accept(token, body, 'login');
      return withoutRefreshToken(body) as TokenResponse;
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
   * With `refresh`: every tab is signed out too, the refresh token is forgotten, and the POST
   * (JSON `{}`, or `{"refresh_token"}` in `body` transport) carries the token only while it is
   * fresh, plus the cookie and `X-Tessera-CSRF: 1` in `cookie` transport (where it is sent even
   * when this tab holds no token, since the cookie may still name a session).
   *
   * @example
   * ```ts
   * await auth.logout();
   * void router.navigate(['/']);
   * ```
   */
  async logout(): Promise<void> {
    if (this.#session !== null) return this.#session.logout();
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
    this.#session?.setStorageType(type);
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
   * origin and the token is valid, else `null` (always `null` for the refresh endpoint). For
   * interceptors; see {@link freshAuthorizationHeader} to refresh a stale token first.
   *
   * @example
   * ```ts
   * const value = auth.authorizationHeader(req.url);
   * return next(value === null ? req : req.clone({ setHeaders: { Authorization: value } }));
   * ```
   */
  authorizationHeader(url: string | URL): string | null {
    if (!this.shouldAttachToken(url) || !this.isAuthenticated()) return null;
    if (this.#session !== null && this.#isEndpoint(String(url), [this.#session.url])) return null;
    return `Bearer ${String(this.#store.state.token)}`;
  }

  /**
   * For interceptors: after a 401 from an API origin about the token (`code` absent, unknown,
   * or `token_missing` / `token_invalid` / `token_expired`), removes the token and notifies
   * subscribers with `unauthorized`, once per token. Ignored for other statuses, other origins,
   * the login and signup URLs (a 401 there means wrong credentials), the refresh URL, and other
   * 401 codes (such as `invalid_credentials` from a password change).
   *
   * With `refresh`, a 401 about an expired token (`token_expired`, or any token 401 while the
   * token held is stale by this clock) keeps the token and starts a refresh in the background
   * instead (`token` when it succeeds, `session-ended` when the server refuses it), so an
   * interceptor that does not retry still never ends a live session. To retry the request, see
   * {@link retryAfterUnauthorized}.
   *
   * @example
   * ```ts
   * auth.handleUnauthorized({ status: error.status, code: error.error?.code, url: req.url });
   * ```
   */
  handleUnauthorized(response: { status: number; code?: string | undefined; url?: string }): void {
    if (!this.#isTokenRejection(response)) return;
    if (this.#session !== null && this.#isExpiry(response.code, this.getToken())) {
      this.#session.refresh().catch(() => undefined); // Unreachable: keep the session.
      return;
    }
    this.#dropToken();
  }

  /**
   * `fetch` with the token: adds `Authorization: Bearer <token>` only for API origins (never to
   * another origin), never replaces an `Authorization` the caller set, and calls
   * {@link handleUnauthorized} on a 401 from an API origin. Relative URLs are left to `fetch`.
   *
   * With `refresh`, for a request to an API origin whose `Authorization` the client sets (not
   * the login, signup, refresh or logout URLs): a stale token is refreshed first; a 401
   * `token_expired` (or any 401 while the token is stale by this clock) refreshes once (shared
   * with every concurrent request) and sends the request ONE more time. Only a request that can
   * be sent again is retried: an `init.body` that is absent, a string, `URLSearchParams`, a
   * `Blob`, `FormData` or an `ArrayBuffer` (view), or a `Request` input (cloned before the first
   * send). A streamed body is not retried: the 401 is returned, with the token refreshed.
   *
   * @example
   * ```ts
   * const response = await auth.fetch('https://api.example.com/api/users');
   * ```
   * @throws TesseraNetworkError when `fetch` rejects (an abort is rethrown as it is), or when the
   * refresh a stale token needed first could not reach the server; TesseraHttpError when that
   * refresh got an HTTP error other than 401 (429, 5xx). The state is kept in both cases.
   */
  async fetch(input: string | URL | Request, init?: RequestInit): Promise<Response> {
    const url = inputUrl(input);
    const headers = requestHeaders(input, init);
    if (this.#refreshes(url, headers)) return this.#fetchRefreshing(input, init, url, headers);
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
   * Renews the access token now (with `refresh` configured): every concurrent caller shares one
   * request, and, across tabs, one tab refreshes at a time (a tab that waited reuses the token
   * the other one got). On success the new token is stored and `token` is emitted.
   *
   * @example
   * ```ts
   * if (!(await auth.refresh())) void router.navigate(['/login']);
   * ```
   * @returns `true`: a new token is stored. `false`: the server answered 401 (the session is
   * over: both tokens were removed and `session-ended` emitted), there is nothing to refresh
   * with (`body` transport without a refresh token), or `refresh` is not configured.
   * @throws TesseraNetworkError when the server could not be reached, TesseraHttpError for
   * another HTTP error (429, 5xx): the client stays signed in as it was (never signed out on a
   * network blip).
   */
  refresh(): Promise<boolean> {
    return this.#session === null ? Promise.resolve(false) : this.#session.refresh();
  }

  /**
   * On page load: brings back the session silently. Resolves `true` when the token held is
   * fresh or a refresh got a new one (the cookie in `cookie` transport, the stored refresh token
   * in `body` transport); `false` when there is no session, or the server could not be reached
   * (the state is then kept and a later request refreshes again). It never rejects, and emits
   * the usual events (`token` on success; nothing when there was no token to lose). Without
   * `refresh` it is `isAuthenticated()`.
   *
   * @example
   * ```ts
   * provideAppInitializer(() => inject(TESSERA_CLIENT).restore());
   * ```
   */
  restore(): Promise<boolean> {
    return this.#session === null
      ? Promise.resolve(this.isAuthenticated())
      : this.#session.restore();
  }

  /**
   * {@link authorizationHeader}, after refreshing a stale token first (with `refresh`, for an API
   * origin that is not an auth endpoint). For interceptors of other HTTP libraries.
   *
   * @example
   * ```ts
   * const value = await auth.freshAuthorizationHeader(request.url);
   * if (value !== null) request.headers.set('authorization', value);
   * ```
   * @throws TesseraNetworkError or TesseraHttpError, as {@link refresh}.
   */
  async freshAuthorizationHeader(url: string | URL): Promise<string | null> {
    const target = String(url);
    if (this.#session !== null && this.shouldAttachToken(target) && !this.#isAuthEndpoint(target)) {
      const { token, isAuthenticated } = this.#store.state;
      if (token !== null && !isAuthenticated) await this.#session.refresh();
    }
    return this.authorizationHeader(url);
  }

  /**
   * For interceptors, after a 401: whether to send the request once more. With `refresh`, when
   * the 401 is about an expired token (`token_expired`, or any token 401 while `token` is stale
   * by this clock), it refreshes (shared with every concurrent caller; skipped when another
   * request already replaced `token`) and resolves `true` once a new token is stored. Otherwise
   * it does what {@link handleUnauthorized} does and resolves `false`. Call it at most once per
   * request, and send the retry with {@link authorizationHeader}.
   *
   * @param response - `token`: the token the request was sent with (or held, when it was too
   * stale to send); default: the current one.
   * @example
   * ```ts
   * if (await auth.retryAfterUnauthorized({ status: 401, code, url, token: sentToken })) resend();
   * ```
   */
  async retryAfterUnauthorized(response: {
    status: number;
    code?: string | undefined;
    url?: string;
    token?: string | null;
  }): Promise<boolean> {
    if (!this.#isTokenRejection(response)) return false;
    const { code, url } = response;
    const held = response.token === undefined ? this.getToken() : response.token;
    if (
      this.#session === null ||
      (url !== undefined && this.#isAuthEndpoint(url)) ||
      !this.#isExpiry(code, held)
    ) {
      this.#dropToken();
      return false;
    }
    const current = this.#store.state;
    if (current.token !== held && current.isAuthenticated) return true;
    try {
      return await this.#session.refresh();
    } catch {
      return false; // Unreachable: keep the session, return the 401 as it is.
    }
  }

  /**
   * The signed-in user's sessions (`GET sessionsUrl`), the current one marked `current`.
   *
   * @example
   * ```ts
   * const sessions = await auth.listSessions();
   * ```
   * @throws TesseraHttpError (also for a body without a `sessions` array), TesseraNetworkError.
   */
  async listSessions(): Promise<readonly SessionDto[]> {
    const body = await this.request<unknown>(this.#options.sessionsUrl);
    const sessions: unknown =
      typeof body === 'object' && body !== null ? Reflect.get(body, 'sessions') : undefined;
    if (!Array.isArray(sessions)) {
      throw new TesseraHttpError(200, { message: 'The sessions response holds no sessions list' });
    }
    return sessions as SessionDto[];
  }

  /**
   * Ends one session of the signed-in user (`DELETE sessionsUrl/:id`). Ending the current one
   * (the token's `sid`) also signs out here, as `logout` (without another server call).
   *
   * @example
   * ```ts
   * await auth.endSession(session.id);
   * ```
   * @throws TypeError for an empty id; TesseraHttpError, TesseraNetworkError.
   */
  async endSession(id: string): Promise<void> {
    if (typeof id !== 'string' || id === '') throw new TypeError('endSession needs a session id');
    const path = `${this.#options.sessionsUrl.replace(/\/+$/, '')}/${encodeURIComponent(id)}`;
    const current = this.getPayload()?.['sid'] === id;
    await this.request<unknown>(path, { method: 'DELETE' });
    if (current) this.#signOut();
  }

  /**
   * Ends every session of the signed-in user, this one included (`POST logoutAllUrl`), then
   * signs out here and in every tab (`logout`). When the call fails nothing changes locally.
   *
   * @example
   * ```ts
   * await auth.logoutEverywhere();
   * ```
   * @throws TesseraHttpError, TesseraNetworkError.
   */
  async logoutEverywhere(): Promise<void> {
    const url = resolveApiUrl(this.#options.baseUrl, this.#options.logoutAllUrl);
    await this.request<unknown>(url, { method: 'POST', ...this.#cookieInit(url) });
    this.#signOut();
  }

  /**
   * Changes the signed-in user's password (`POST passwordUrl`). The server ends the other
   * sessions; this one goes on with the new access token it returns, which is stored (`token`
   * event, shared with the other tabs), with the new refresh token (`body` transport) or cookie.
   *
   * @example
   * ```ts
   * await auth.changePassword({ current_password: old, new_password: next });
   * ```
   * @throws TesseraHttpError (401 `invalid_credentials` for a wrong current password, which
   * keeps the session; 400 `validation_failed`), TesseraNetworkError.
   */
  async changePassword(passwords: ChangePasswordRequest): Promise<TokenResponse> {
    const url = resolveApiUrl(this.#options.baseUrl, this.#options.passwordUrl);
    const body = await this.request<unknown>(url, {
      method: 'POST',
      json: passwords,
      ...this.#cookieInit(url),
    });
    const token = tokenOf(body);
    if (!isBearerToken(token)) {
      throw new TesseraHttpError(200, { message: 'The password response holds no usable token' });
    }
    if (this.#session !== null) this.#session.accept(token, body, 'token');
    else if (this.#store.set(token)) this.#store.emit({ type: 'token' });
    return withoutRefreshToken(body) as TokenResponse;
  }

  /**
   * Stops listening to other tabs and to the expiry and refresh timers, and drops every
   * subscriber. A refresh still in flight is then ignored.
   *
   * @example
   * ```ts
   * inject(DestroyRef).onDestroy(() => auth.dispose());
   * ```
   */
  dispose(): void {
    this.#session?.dispose();
    this.#store.dispose();
  }

  /** Signs out locally (and in every tab with `refresh`) after the server ended the session. */
  #signOut(): void {
    if (this.#session !== null) {
      this.#session.end('logout');
      return;
    }
    this.#store.set(null);
    this.#store.emit({ type: 'logout' });
  }

  /** `fetch()` for a request whose token the client manages with `refresh`. */
  async #fetchRefreshing(
    input: string | URL | Request,
    init: RequestInit | undefined,
    url: string,
    headers: Headers,
  ): Promise<Response> {
    const authorization = await this.freshAuthorizationHeader(url);
    if (authorization !== null) headers.set('authorization', authorization);
    const held = this.#store.state.token;
    const replay = replayable(input, init);
    const response = await fetchOrThrow(this.#options.fetch, input, { ...init, headers });
    if (response.status !== 401) return response;
    const code = await responseCode(response);
    const retry = await this.retryAfterUnauthorized({ status: 401, code, url, token: held });
    if (!retry || replay === null) return response;
    const again = requestHeaders(replay.input, replay.init);
    const fresh = this.authorizationHeader(url);
    if (fresh !== null) again.set('authorization', fresh);
    const second = await fetchOrThrow(this.#options.fetch, replay.input, {
      ...replay.init,
      headers: again,
    });
    // Refused again, with the token just refreshed: no second refresh, the token is over.
    const rejection = { status: second.status, code: await responseCode(second), url };
    if (this.#isTokenRejection(rejection)) this.#dropToken();
    return second;
  }

  /**
   * Whether a response is a 401 about the token, from an API origin (not the login, signup or
   * refresh URLs), with a token code or none.
   */
  #isTokenRejection(response: {
    status: number;
    code?: string | undefined;
    url?: string;
  }): boolean {
    const { status, url, code } = response;
    if (status !== 401) return false;
    if (url !== undefined && (!this.shouldAttachToken(url) || this.#isCredentialsUrl(url))) {
      return false;
    }
    return !isErrorCode(code) || TOKEN_CODES.has(code);
  }

  /** Whether a token 401 is about expiry: `token_expired`, or `token` stale by this clock. */
  #isExpiry(code: string | undefined, token: string | null): boolean {
    if (token === null) return false;
    const { now, clockSkewMs } = this.#options;
    return code === 'token_expired' || !authState(token, now(), clockSkewMs).isAuthenticated;
  }

  /** Removes a token the API refused; `unauthorized`, once per token. */
  #dropToken(): void {
    if (this.#store.set(null)) this.#store.emit({ type: 'unauthorized' });
  }

  /** Whether `fetch()` manages this request's token with refresh. */
  #refreshes(url: string, headers: Headers): boolean {
    return (
      this.#session !== null &&
      !headers.has('authorization') &&
      this.shouldAttachToken(url) &&
      !this.#isAuthEndpoint(url)
    );
  }

  /** `credentials` and the CSRF header for a call that may set the refresh cookie. */
  #cookieInit(url: string): RequestInit {
    if (this.#options.refresh?.transport !== 'cookie') return {};
    return { credentials: credentialsFor(url), headers: { 'x-tessera-csrf': '1' } };
  }

  /** POSTs JSON with the plain `fetch` (no token, no 401 handling) and reads the JSON answer. */
  async #postJson(path: string, value: unknown): Promise<unknown> {
    const url = resolveApiUrl(this.#options.baseUrl, path);
    const credentials =
      this.#options.refresh?.transport === 'cookie' ? credentialsFor(url) : 'same-origin';
    const init = jsonInit({ method: 'POST', credentials }, value);
    return readJsonResponse(await fetchOrThrow(this.#options.fetch, url, init));
  }

  #requestBase(): string {
    return documentBaseUrl() ?? resolveApiUrl(this.#options.baseUrl, '');
  }

  /** Whether `url` is one of the endpoints `paths` (joined to `baseUrl`), whatever its query. */
  #isEndpoint(url: string, paths: readonly string[]): boolean {
    const base = this.#requestBase();
    const endpoint = endpointOf(url, base);
    return paths.some(
      (path) => endpointOf(resolveApiUrl(this.#options.baseUrl, path), base) === endpoint,
    );
  }

  #isCredentialsUrl(url: string): boolean {
    const { loginUrl, signupUrl } = this.#options;
    const refreshUrl = this.#session === null ? [] : [this.#session.url];
    return this.#isEndpoint(url, [loginUrl, signupUrl, ...refreshUrl]);
  }

  /** The endpoints that are never refreshed for, nor retried. */
  #isAuthEndpoint(url: string): boolean {
    const { logoutUrl } = this.#options;
    return (
      this.#isCredentialsUrl(url) || (logoutUrl !== null && this.#isEndpoint(url, [logoutUrl]))
    );
  }
}
