import type { TokenResponse } from '@tessera/protocol';
import type { ApiUrls } from './api-urls.js';
import { isBearerToken, tokenOf } from './auth-state.js';
import type { ClientMode } from './client-mode.js';
import { postPublic } from './public-call.js';
import type { ResolvedOptions } from './resolve-options.js';
import { TesseraHttpError } from './tessera-http-error.js';
import type { ChangePasswordRequest, SessionDto } from './types.js';

/** The body of a token response without `refresh_token`, which the client keeps to itself. */
function withoutRefreshToken(body: unknown): TokenResponse {
  if (typeof body !== 'object' || body === null || !('refresh_token' in body)) {
    return body as TokenResponse;
  }
  const copy: Record<string, unknown> = { ...body };
  delete copy['refresh_token'];
  return copy as unknown as TokenResponse;
}

/**
 * What {@link SessionCalls} needs from its client: `request` is the client's own, so these
 * calls carry the token and go through the refresh/retry path like any request.
 *
 * @example
 * ```ts
 * const deps: SessionCallsDeps = { options, urls, mode, request: (path, init) => client.request(path, init) };
 * ```
 */
export interface SessionCallsDeps {
  readonly options: ResolvedOptions;
  readonly urls: ApiUrls;
  readonly mode: ClientMode;
  readonly request: <T>(path: string, init?: RequestInit & { json?: unknown }) => Promise<T>;
}

/**
 * The signed-in user's session calls (list, end one, end all, change the password) and the
 * adoption of a token response, the same in both modes (the mode stores what it keeps).
 *
 * @example
 * ```ts
 * const sessions = new SessionCalls({ options, urls, mode, request });
 * await sessions.list();
 * ```
 */
export class SessionCalls {
  readonly #deps: SessionCallsDeps;
  /** The id of the session the last list marked `current` (for a token without a readable `sid`). */
  #listedCurrent: string | null = null;

  constructor(deps: SessionCallsDeps) {
    this.#deps = deps;
  }

  /**
   * Stores the token of a login (`login` event) or password-change (`token`) response and
   * returns the response without its `refresh_token`.
   *
   * @throws TesseraHttpError when the response holds no usable token.
   */
  accept(body: unknown, kind: 'login' | 'token'): TokenResponse {
    const token = tokenOf(body);
    if (!isBearerToken(token)) {
      const what = kind === 'login' ? 'login' : 'password';
      throw new TesseraHttpError(200, { message: `The ${what} response holds no usable token` });
    }
    this.#deps.mode.accept(token, body, kind);
    return withoutRefreshToken(body);
  }

  /** POSTs the credentials to `loginUrl` with the plain `fetch` (no token, no retry). */
  login(credentials: { email: string; password: string }): Promise<TokenResponse> {
    return this.signIn(this.#deps.options.loginUrl, credentials);
  }

  /**
   * Any call whose answer signs in (login, password reset, invitation, second step, passkey):
   * POSTs `body` to `path` with the plain `fetch`, then stores the token (`login` event).
   */
  async signIn(path: string, body: unknown): Promise<TokenResponse> {
    const { options, urls, mode } = this.#deps;
    const url = urls.resolve(path);
    // The cookie's credentials mode, but no CSRF header: signing in sets the cookie, never reads it.
    const { credentials = 'same-origin' } = mode.cookieInit(url);
    return this.accept(await postPublic(options.fetch, url, body, { credentials }), 'login');
  }

  async list(): Promise<readonly SessionDto[]> {
    const body = await this.#deps.request<unknown>(this.#deps.options.sessionsUrl);
    const sessions: unknown =
      typeof body === 'object' && body !== null ? Reflect.get(body, 'sessions') : undefined;
    if (!Array.isArray(sessions)) {
      throw new TesseraHttpError(200, { message: 'The sessions response holds no sessions list' });
    }
    const listed = sessions as SessionDto[];
    this.#listedCurrent = listed.find((session) => session.current === true)?.id ?? null;
    return listed;
  }

  /**
   * Ends one session; the current one also signs out here. The current one is the token's
   * `sid`, or, for a token the client cannot read, the one the last list marked `current`.
   */
  async end(id: string, currentSid: unknown): Promise<void> {
    if (typeof id !== 'string' || id === '') throw new TypeError('endSession needs a session id');
    const current = currentSid === undefined ? this.#listedCurrent : currentSid;
    const base = this.#deps.options.sessionsUrl.replace(/\/+$/, '');
    await this.#deps.request<unknown>(`${base}/${encodeURIComponent(id)}`, { method: 'DELETE' });
    if (current === id) this.#deps.mode.end('logout');
  }

  async endAll(): Promise<void> {
    const url = this.#deps.urls.resolve(this.#deps.options.logoutAllUrl);
    await this.#deps.request<unknown>(url, { method: 'POST', ...this.#deps.mode.cookieInit(url) });
    this.#deps.mode.end('logout');
  }

  async changePassword(passwords: ChangePasswordRequest): Promise<TokenResponse> {
    const url = this.#deps.urls.resolve(this.#deps.options.passwordUrl);
    const init = { method: 'POST', json: passwords, ...this.#deps.mode.cookieInit(url) };
    return this.accept(await this.#deps.request<unknown>(url, init), 'token');
  }
}
