import type { TokenResponse, UserDto } from '@tessera/protocol';
import type { AccountCallDeps } from './account-call-deps.js';
import { AccountCalls } from './account-calls.js';
import type {
  LinkedIdentity,
  MfaCode,
  MfaStatus,
  OidcAuthenticateOptions,
  OidcCallbackResult,
  OidcLinkOptions,
  OidcProvider,
  Passkey,
  RecoveryCodes,
  TotpDisableProof,
  TotpEnrolment,
} from './account-types.js';
import { ApiUrls } from './api-urls.js';
import { isBearerToken, tokenOf } from './auth-state.js';
import { AuthStore } from './auth-store.js';
import { authorizedFetch } from './authorized-fetch.js';
import type { ClientMode } from './client-mode.js';
import { requestHeaders } from './fetch-input.js';
import { jsonInit, readJsonResponse } from './json-response.js';
import { MfaCalls } from './mfa-calls.js';
import { OidcCalls } from './oidc-calls.js';
import { PasskeyCalls } from './passkey-calls.js';
import { PlainMode } from './plain-mode.js';
import { RefreshSession } from './refresh-session.js';
import { resolveOptions, type ResolvedOptions } from './resolve-options.js';
import { RetryPath } from './retry-path.js';
import { SessionCalls } from './session-calls.js';
import { fetchOrThrow } from './tessera-network-error.js';
import { detailsOf } from './token-details.js';
import type {
  AuthListener,
  AuthState,
  ChangePasswordRequest,
  RequestAuthorization,
  SessionDto,
  StorageType,
  TesseraClientOptions,
  TokenPayload,
} from './types.js';

/**
 * The framework-agnostic Tessera auth client (the Satellizer of today): logs in and out, keeps
 * the token (in memory by default), tells whether it is still valid, and gives a `fetch` that
 * attaches it only to the API's origins. Its state is a subscribable store, so a framework
 * binding (`@tessera/angular`) is a few lines.
 *
 * With `refresh` configured the client renews the token before it expires and after a 401
 * `token_expired`; without it, a token the API refuses is removed. Both go through one
 * refresh/retry path ({@link beginRequest}), which `fetch()` and the interceptors share.
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
  readonly #urls: ApiUrls;
  readonly #store: AuthStore;
  /** With or without refresh tokens: chosen once, here. */
  readonly #mode: ClientMode;
  readonly #path: RetryPath;
  readonly #sessions: SessionCalls;
  readonly #account: AccountCalls;
  readonly #mfa: MfaCalls;
  readonly #passkeys: PasskeyCalls;
  readonly #oidc: OidcCalls;

  /** @throws TypeError for an invalid option (see {@link TesseraClientOptions}). */
  constructor(options: TesseraClientOptions = {}) {
    const resolved = resolveOptions(options);
    const urls = new ApiUrls(resolved);
    // The mode does not exist yet while the store reads a stored token; it reads the state itself.
    const store = new AuthStore({
      ...resolved,
      onChange: (state) => this.#mode?.tokenChanged(state),
    });
    const { refresh } = resolved;
    const deps = { options: resolved, store, urls };
    this.#mode = refresh === null ? new PlainMode(deps) : new RefreshSession({ ...deps, refresh });
    this.#options = resolved;
    this.#urls = urls;
    this.#store = store;
    this.#path = new RetryPath({ ...resolved, store, urls, mode: this.#mode });
    this.#sessions = new SessionCalls({
      ...deps,
      mode: this.#mode,
      request: (path, init) => this.request(path, init),
    });
    const calls: AccountCallDeps = {
      options: resolved,
      urls,
      request: (path, init) => this.request(path, init),
      signIn: (path, body) => this.#sessions.signIn(path, body),
    };
    this.#account = new AccountCalls(calls);
    this.#mfa = new MfaCalls(calls);
    this.#passkeys = new PasskeyCalls(calls);
    this.#oidc = new OidcCalls(calls);
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
   * Logs in: POSTs the credentials as JSON to `loginUrl` (no `Authorization`), stores the
   * response's `access_token` (or the tutorial's `token`), emits `login`. With `refresh`, also
   * keeps the refresh token (`body`) or lets the browser store the cookie (`cookie`: credentials
   * `include` cross-origin), and tells the other tabs; `refresh_token` is never returned. There
   * is no `signup()`: the server offers no registration (an admin or the CLI creates accounts).
   *
   * @example
   * ```ts
   * await auth.login({ email, password }); // then auth.isAuthenticated() === true
   * ```
   * @throws TesseraHttpError (e.g. 401 `invalid_credentials`, 429 `rate_limited`), or
   * TesseraNetworkError.
   */
  login(credentials: { email: string; password: string }): Promise<TokenResponse> {
    return this.#sessions.login(credentials);
  }

  /**
   * Logs out: removes the token at once and emits `logout`; with `logoutUrl` and a token, then
   * POSTs it there (best-effort) and resolves when that call has settled. With `refresh`: every
   * tab signs out, the refresh token is forgotten, and the POST names the session (the cookie
   * with `X-Tessera-CSRF: 1`, or `{"refresh_token"}`), with the token only while it is fresh.
   *
   * @example
   * ```ts
   * await auth.logout();
   * void router.navigate(['/']);
   * ```
   */
  logout(): Promise<void> {
    return this.#mode.logout();
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
   * subscribers with `token` when it changes the state. An encrypted (unreadable) token needs
   * its response, whose `expires_in` and `scope` stand in for the claims the client cannot read;
   * given alone, it counts as expired.
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
    const details = typeof token === 'string' ? null : detailsOf(token, this.#options.now());
    if (this.#store.set(value, details)) this.#store.emit({ type: 'token' });
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
    this.#mode.setStorageType(type);
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
    return this.#urls.isApiOrigin(url);
  }

  /**
   * One request's pass through the client's single refresh/retry path, for interceptors of any
   * HTTP library ({@link RequestAuthorization}; `fetch()` and `@tessera/angular` use it). Skip it
   * for a request whose `Authorization` the caller set: the client leaves those alone.
   *
   * @example
   * ```ts
   * const auth = client.beginRequest(request.url);
   * const header = auth.needsRefresh ? await auth.freshHeader() : auth.header();
   * ```
   */
  beginRequest(url: string | URL): RequestAuthorization {
    return this.#path.begin(String(url));
  }

  /**
   * The `Authorization` value for a request to `url`: `Bearer <token>` when the URL is on an API
   * origin and the token is valid, else `null` (always `null` for the refresh endpoint). For
   * interceptors; see {@link beginRequest} for the whole path.
   *
   * @example
   * ```ts
   * const value = auth.authorizationHeader(req.url);
   * return next(value === null ? req : req.clone({ setHeaders: { Authorization: value } }));
   * ```
   */
  authorizationHeader(url: string | URL): string | null {
    return this.#path.header(url);
  }

  /**
   * For interceptors that do not retry ({@link retryAfterUnauthorized} without waiting): after a
   * 401 from an API origin about the token (`code` absent, unknown, or `token_missing` /
   * `token_invalid` / `token_expired`), removes the token at once and emits `unauthorized`, once
   * per token. Not for other statuses and origins, the login and refresh URLs, nor other codes
   * (`invalid_credentials`). With `refresh`, a 401 about an expired token keeps the token and
   * refreshes in the background instead.
   *
   * @example
   * ```ts
   * auth.handleUnauthorized({ status: error.status, code: error.error?.code, url: req.url });
   * ```
   */
  handleUnauthorized(response: { status: number; code?: string | undefined; url?: string }): void {
    void this.#path.afterUnauthorized(response, this.getToken());
  }

  /**
   * `fetch` through {@link beginRequest}'s path: `Authorization: Bearer <token>` for API origins
   * only; with `refresh`, a stale token is refreshed first and a 401 about an expired token
   * refreshes once (shared) and sends the request ONE more time (unless its body is a stream);
   * any other 401 about the token removes it (`unauthorized`). A request whose `Authorization`
   * the caller set is sent as it is, its answer left alone. Relative URLs are left to `fetch`.
   *
   * @example
   * ```ts
   * const response = await auth.fetch('https://api.example.com/api/users');
   * ```
   * @throws TesseraNetworkError when `fetch` rejects (an abort is rethrown as it is);
   * TesseraNetworkError or TesseraHttpError when a refresh needed first failed (state kept).
   */
  fetch(input: string | URL | Request, init?: RequestInit): Promise<Response> {
    if (requestHeaders(input, init).has('authorization')) {
      return fetchOrThrow(this.#options.fetch, input, init);
    }
    return authorizedFetch(this.#options.fetch, this.#path, input, init);
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
    const response = await this.fetch(this.#urls.resolve(path), jsonInit(rest, json));
    return (await readJsonResponse(response)) as T;
  }

  /**
   * Renews the access token now (with `refresh`): concurrent callers share one request, and one
   * tab refreshes at a time. On success the new token is stored and `token` is emitted.
   *
   * @example
   * ```ts
   * if (!(await auth.refresh())) void router.navigate(['/login']);
   * ```
   * @returns `true`: a new token is stored. `false`: the server answered 401 (both tokens
   * removed, `session-ended`), nothing to refresh with, or no `refresh` option.
   * @throws TesseraNetworkError, or TesseraHttpError (429, 5xx): the state is kept.
   */
  refresh(): Promise<boolean> {
    return this.#mode.refresh();
  }

  /**
   * On page load: brings back the session silently. `true` when the token held is fresh or a
   * refresh got one; `false` when there is no session or the server could not be reached (state
   * kept). Never rejects; no event when there was no token to lose. Without `refresh` it is
   * `isAuthenticated()`.
   *
   * @example
   * ```ts
   * provideAppInitializer(() => inject(TESSERA_CLIENT).restore());
   * ```
   */
  restore(): Promise<boolean> {
    return this.#mode.restore();
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
  freshAuthorizationHeader(url: string | URL): Promise<string | null> {
    return this.#path.freshHeader(url);
  }

  /**
   * For interceptors, after a first 401: whether to send the request once more. With `refresh`
   * and a 401 about an expired token (`token_expired`, or `token` stale by this clock), it
   * refreshes (shared; skipped when another request already replaced `token`) and resolves
   * `true`. Otherwise it does what {@link handleUnauthorized} does and resolves `false`. Prefer
   * {@link beginRequest}, which also makes the second 401 final.
   *
   * @param response - `token`: the token the request was sent with (or held, when it was too
   * stale to send); default: the current one.
   * @example
   * ```ts
   * if (await auth.retryAfterUnauthorized({ status: 401, code, url, token: sentToken })) resend();
   * ```
   */
  retryAfterUnauthorized(response: {
    status: number;
    code?: string | undefined;
    url?: string;
    token?: string | null;
  }): Promise<boolean> {
    const { token = this.getToken(), ...answer } = response;
    return this.#path.afterUnauthorized(answer, token);
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
  listSessions(): Promise<readonly SessionDto[]> {
    return this.#sessions.list();
  }

  /**
   * Ends one session of the signed-in user (`DELETE sessionsUrl/:id`). Ending the current one
   * (the token's `sid`; for an encrypted token, the session the last `listSessions()` marked
   * `current`) also signs out here, as `logout` (without another server call).
   *
   * @example
   * ```ts
   * await auth.endSession(session.id);
   * ```
   * @throws TypeError for an empty id; TesseraHttpError, TesseraNetworkError.
   */
  endSession(id: string): Promise<void> {
    return this.#sessions.end(id, this.getPayload()?.['sid']);
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
  logoutEverywhere(): Promise<void> {
    return this.#sessions.endAll();
  }

  /**
   * Changes the signed-in user's password (`POST passwordUrl`). The server ends the other
   * sessions; this one goes on with the new token it returns (stored, `token`, other tabs told).
   *
   * @example
   * ```ts
   * await auth.changePassword({ current_password: old, new_password: next });
   * ```
   * @throws TesseraHttpError (401 `invalid_credentials` keeps the session; 400
   * `validation_failed`), TesseraNetworkError.
   */
  changePassword(passwords: ChangePasswordRequest): Promise<TokenResponse> {
    return this.#sessions.changePassword(passwords);
  }

  /**
   * Asks for a password-reset link by mail (`POST /api/auth/password/forgot`). The server answers
   * the same for every address, known or not.
   *
   * @example
   * ```ts
   * await auth.forgotPassword('ada@example.com');
   * ```
   * @throws TesseraHttpError (429 `rate_limited`, 400 `validation_failed`), TesseraNetworkError.
   */
  forgotPassword(email: string): Promise<void> {
    return this.#account.forgotPassword(email);
  }

  /**
   * Sets a new password with the token of a reset link and signs in (stored like `login`, `login`
   * event); the server ends every other session of the user.
   *
   * @example
   * ```ts
   * await auth.resetPassword(tokenFromTheLink, 'a new long passphrase');
   * ```
   * @throws TypeError for an empty token; TesseraHttpError (400 `reset_token_invalid`,
   * `validation_failed`; TesseraMfaRequiredError when a second factor is due), TesseraNetworkError.
   */
  resetPassword(token: string, newPassword: string): Promise<TokenResponse> {
    return this.#account.resetPassword(token, newPassword);
  }

  /**
   * Verifies an email address with the token of a verification link; resolves with the user.
   *
   * @example
   * ```ts
   * const user = await auth.verifyEmail(tokenFromTheLink);
   * ```
   * @throws TypeError for an empty token; TesseraHttpError (400 `verification_token_invalid`).
   */
  verifyEmail(token: string): Promise<UserDto> {
    return this.#account.verifyEmail(token);
  }

  /**
   * Sends the signed-in user's verification link again (`POST /api/auth/email/verification`).
   *
   * @example
   * ```ts
   * await auth.resendVerification();
   * ```
   * @throws TesseraHttpError (429 `rate_limited`), TesseraNetworkError.
   */
  resendVerification(): Promise<void> {
    return this.#account.resendVerification();
  }

  /**
   * Asks to change the signed-in user's email: a link goes to the new address, which replaces
   * the old one only once the link is used.
   *
   * @example
   * ```ts
   * await auth.changeEmail('ada@new.example', currentPassword);
   * ```
   * @throws TesseraHttpError (401 `invalid_credentials`, 409 for a taken address).
   */
  changeEmail(newEmail: string, currentPassword: string): Promise<void> {
    return this.#account.changeEmail(newEmail, currentPassword);
  }

  /**
   * Accepts an invitation: sets the password with the token of the link and signs in.
   *
   * @example
   * ```ts
   * await auth.acceptInvitation(tokenFromTheLink, 'my first passphrase');
   * ```
   * @throws TypeError for an empty token; TesseraHttpError (400 `invitation_token_invalid`).
   */
  acceptInvitation(token: string, password: string): Promise<TokenResponse> {
    return this.#account.acceptInvitation(token, password);
  }

  /**
   * The second step of a login with a TOTP or recovery code, after a
   * {@link TesseraMfaRequiredError}; signs in like `login`.
   *
   * @example
   * ```ts
   * await auth.completeMfa({ mfaToken: error.mfaToken, method: 'totp', code: '123456' });
   * ```
   * @throws TesseraHttpError (401 `invalid_credentials`, `mfa_token_invalid`; 429).
   */
  completeMfa(step: MfaCode): Promise<TokenResponse> {
    return this.#mfa.complete(step);
  }

  /**
   * The second step of a login with a passkey (the browser asks for it); signs in like `login`.
   *
   * @example
   * ```ts
   * await auth.completeMfaWithPasskey(error.mfaToken);
   * ```
   * @throws the browser's `NotAllowedError` when the user cancels; TesseraHttpError.
   */
  completeMfaWithPasskey(mfaToken: string): Promise<TokenResponse> {
    return this.#mfa.completeWithPasskey(mfaToken);
  }

  /**
   * The signed-in user's second factors (`GET /api/auth/mfa`).
   *
   * @example
   * ```ts
   * const { totp, recovery_codes_remaining } = await auth.mfaStatus();
   * ```
   */
  mfaStatus(): Promise<MfaStatus> {
    return this.#mfa.status();
  }

  /**
   * Starts a TOTP enrolment: a new secret (and its QR code as SVG), pending until
   * {@link confirmTotp}.
   *
   * @example
   * ```ts
   * const { secret, qr_svg } = await auth.startTotpEnrolment(currentPassword);
   * ```
   * @throws TesseraHttpError (401 `invalid_credentials`).
   */
  startTotpEnrolment(currentPassword: string): Promise<TotpEnrolment> {
    return this.#mfa.startTotp(currentPassword);
  }

  /**
   * Confirms the pending TOTP secret with a code of the authenticator; resolves with the 10
   * recovery codes, shown this once.
   *
   * @example
   * ```ts
   * const { recovery_codes } = await auth.confirmTotp('123456');
   * ```
   */
  confirmTotp(code: string): Promise<RecoveryCodes> {
    return this.#mfa.confirmTotp(code);
  }

  /**
   * Turns TOTP off, proven with the current password or a current code.
   *
   * @example
   * ```ts
   * await auth.disableTotp({ currentPassword });
   * ```
   */
  disableTotp(proof: TotpDisableProof): Promise<void> {
    return this.#mfa.disableTotp(proof);
  }

  /**
   * New recovery codes; the old ones stop working.
   *
   * @example
   * ```ts
   * const { recovery_codes } = await auth.regenerateRecoveryCodes(currentPassword);
   * ```
   */
  regenerateRecoveryCodes(currentPassword: string): Promise<RecoveryCodes> {
    return this.#mfa.regenerateRecoveryCodes(currentPassword);
  }

  /**
   * The signed-in user's passkeys.
   *
   * @example
   * ```ts
   * const passkeys = await auth.listPasskeys();
   * ```
   * @throws TesseraHttpError (also for a body that is not a list), TesseraNetworkError.
   */
  listPasskeys(): Promise<readonly Passkey[]> {
    return this.#passkeys.list();
  }

  /**
   * Creates a passkey with the browser's authenticator and registers it under `name`. A session
   * that logged in more than 5 minutes ago needs `currentPassword` (else 403
   * `recent_login_required`: ask for it and call again).
   *
   * @example
   * ```ts
   * const passkey = await auth.registerPasskey('Work laptop', currentPassword);
   * ```
   * @throws the browser's `NotAllowedError` when the user cancels; TesseraHttpError.
   */
  registerPasskey(name: string, currentPassword?: string): Promise<Passkey> {
    return this.#passkeys.register(name, currentPassword);
  }

  /**
   * Renames one of the signed-in user's passkeys.
   *
   * @example
   * ```ts
   * await auth.renamePasskey(passkey.id, 'Phone');
   * ```
   * @throws TypeError for an empty id; TesseraHttpError.
   */
  renamePasskey(id: string, name: string): Promise<Passkey> {
    return this.#passkeys.rename(id, name);
  }

  /**
   * Removes one of the signed-in user's passkeys.
   *
   * @example
   * ```ts
   * await auth.removePasskey(passkey.id);
   * ```
   * @throws TypeError for an empty id; TesseraHttpError.
   */
  removePasskey(id: string): Promise<void> {
    return this.#passkeys.remove(id);
  }

  /**
   * Signs in with a passkey alone (a discoverable credential the browser offers); stored like
   * `login`.
   *
   * @example
   * ```ts
   * await auth.loginWithPasskey();
   * ```
   * @throws the browser's `NotAllowedError` when the user cancels; TesseraHttpError.
   */
  loginWithPasskey(): Promise<TokenResponse> {
    return this.#passkeys.login();
  }

  /**
   * The sign-in providers the server has configured (`GET /api/auth/providers`), for one button
   * each. Public: no token is sent.
   *
   * @example
   * ```ts
   * for (const { name, label } of await auth.providers()) addButton(`Sign in with ${label}`, name);
   * ```
   * @throws TesseraHttpError (also for a body without a `providers` list), TesseraNetworkError.
   */
  providers(): Promise<readonly OidcProvider[]> {
    return this.#oidc.providers();
  }

  /**
   * Signs in with a provider, Satellizer's `$auth.authenticate(name)`. Call it in the click
   * handler, before any `await`: the popup opens synchronously, so the click lets it through.
   *
   * - `popup` (default): opens `<baseUrl>/api/auth/oidc/<name>/start?mode=popup`, waits until
   *   the popup is back on this origin's `/oidc/callback` page, reads its fragment, closes it,
   *   then finishes with {@link completeOidc} (stored like `login`, `login` event). A blocked
   *   popup falls back to `redirect`.
   * - `redirect`: the whole page goes to the provider; the promise never settles, and the
   *   `/oidc/callback` page finishes with {@link oidcCallbackResult} and {@link completeOidc}.
   *
   * @example
   * ```ts
   * button.onclick = () =>
   *   auth.authenticate('google').then(goHome, (error: unknown) => {
   *     if (error instanceof TesseraMfaRequiredError) showSecondStep(error);
   *     else if (!(error instanceof TesseraPopupClosedError)) toast(String(error));
   *   });
   * ```
   * @throws TypeError for an empty name, a bad mode or no browser window;
   * TesseraPopupClosedError when the user closes the popup; TesseraHttpError with the provider
   * error's `code` and message (e.g. 409 `oidc_account_not_linked`), or TesseraMfaRequiredError
   * when the account has a second factor.
   */
  authenticate(provider: string, options?: OidcAuthenticateOptions): Promise<TokenResponse> {
    return this.#oidc.authenticate(provider, options);
  }

  /**
   * Finishes a provider sign-in with the one-time ticket of the callback fragment
   * (`POST /api/auth/oidc/complete`): stored like `login`, `login` event.
   *
   * @example
   * ```ts
   * const result = auth.oidcCallbackResult();
   * if (result && 'ticket' in result) await auth.completeOidc(result.ticket);
   * ```
   * @throws TypeError for an empty ticket; TesseraHttpError (400 `oidc_ticket_invalid`;
   * TesseraMfaRequiredError when a second factor is due), TesseraNetworkError.
   */
  completeOidc(ticket: string): Promise<TokenResponse> {
    return this.#oidc.completeOidc(ticket);
  }

  /**
   * What the `/oidc/callback` page's fragment says (default: `location.hash`): a login ticket,
   * a linked provider, or an error code; each with `returnTo`, a same-origin path (`/` when the
   * fragment's is missing or not a local path). `null` when it says none of them.
   *
   * @example
   * ```ts
   * auth.oidcCallbackResult('#error=oidc_access_denied&return_to=%2F');
   * // { error: 'oidc_access_denied', returnTo: '/' }
   * ```
   */
  oidcCallbackResult(hash?: string): OidcCallbackResult | null {
    return this.#oidc.callbackResult(hash);
  }

  /**
   * Links a provider identity to the signed-in user (`POST /api/auth/oidc/<name>/link`), then
   * goes to the provider: in a popup (default; opened at once, blank until the server answers),
   * resolving with the provider's name once the popup's callback says `linked`; or by redirect
   * (also when the popup is blocked: the promise never settles). A session that logged in more
   * than 5 minutes ago needs `currentPassword` (else 403 `recent_login_required`).
   *
   * @example
   * ```ts
   * await auth.link('github', { currentPassword });
   * ```
   * @throws TypeError (empty name, bad mode, no browser); TesseraPopupClosedError;
   * TesseraHttpError (403 `recent_login_required`, 409 `oidc_identity_taken`…).
   */
  link(provider: string, options?: OidcLinkOptions): Promise<string> {
    return this.#oidc.link(provider, options);
  }

  /**
   * Unlinks one of the signed-in user's provider identities (`DELETE /api/auth/identities/:id`).
   *
   * @example
   * ```ts
   * await auth.unlink(identity.id);
   * ```
   * @throws TypeError for an empty id; TesseraHttpError (409 `oidc_last_sign_in_method` when it
   * is the only way left to sign in, 404 `not_found`).
   */
  unlink(identityId: string): Promise<void> {
    return this.#oidc.unlink(identityId);
  }

  /**
   * The provider identities linked to the signed-in user (`GET /api/auth/identities`).
   *
   * @example
   * ```ts
   * const identities = await auth.identities();
   * ```
   * @throws TesseraHttpError (also for a body without an `identities` list), TesseraNetworkError.
   */
  identities(): Promise<readonly LinkedIdentity[]> {
    return this.#oidc.identities();
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
    this.#mode.dispose();
    this.#store.dispose();
  }
}
