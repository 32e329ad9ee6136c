import type { RefreshTransport } from '@tessera/protocol';

/**
 * Where the client keeps the access token.
 *
 * - `memory` (default): a variable of this page; gone on reload, unreadable by other tabs and by
 *   anything that reads web storage (the safest choice, SECURITY.md W10).
 * - `sessionStorage`: survives a reload, one tab only.
 * - `localStorage`: survives a restart and is shared by every tab of the origin (Satellizer's
 *   default). Any XSS can read it; keep the token lifetime short.
 *
 * @example
 * ```ts
 * const type: StorageType = 'sessionStorage';
 * new TesseraClient({ storageType: type });
 * ```
 */
export type StorageType = 'memory' | 'sessionStorage' | 'localStorage';

/**
 * Options of {@link TesseraClient}. Every option has a default; `new TesseraClient()` talks to the
 * page's own origin and keeps the token in memory.
 *
 * @example
 * ```ts
 * const options: TesseraClientOptions = {
 *   baseUrl: 'https://api.example.com',
 *   storageType: 'localStorage',
 *   storageKey: 'satellizer_token',
 * };
 * ```
 */
export interface TesseraClientOptions {
  /**
   * API base URL. Relative paths given to `request()`, `loginUrl`, `logoutUrl` and the other
   * endpoint options are appended to it. Default `''`: the page's origin.
   */
  readonly baseUrl?: string;
  /** Login endpoint (Satellizer's `loginUrl`). Default `'/api/auth/login'`. */
  readonly loginUrl?: string;
  /**
   * Server-side logout endpoint. Default `null` (`logout()` is local only), or
   * `'/api/auth/logout'` when `refresh` is configured. When set, `logout()` POSTs to it with the
   * token (and, with `refresh`, the refresh cookie or token), best-effort (failures are ignored).
   */
  readonly logoutUrl?: string | null;
  /** `logoutEverywhere()` endpoint. Default `'/api/auth/logout-all'`. */
  readonly logoutAllUrl?: string;
  /** `listSessions()` / `endSession(id)` endpoint. Default `'/api/auth/sessions'`. */
  readonly sessionsUrl?: string;
  /** `changePassword()` endpoint. Default `'/api/auth/password'`. */
  readonly passwordUrl?: string;
  /**
   * Refresh tokens: renew the access token before it expires and after a 401 `token_expired`,
   * across tabs. Default `false`: no refresh at all, the client behaves as a plain token store.
   */
  readonly refresh?: RefreshOptions | false;
  /**
   * Origins that may receive the `Authorization` header, e.g. `['https://api.example.com']`.
   * Compared exactly (scheme, host and port), never as a prefix or a pattern. Default: the
   * origin of `baseUrl`.
   */
  readonly apiOrigins?: readonly string[];
  /** Where the token is kept. Default `'memory'`. */
  readonly storageType?: StorageType;
  /**
   * Web-storage key of the token. Default `'tessera_token'`; `'satellizer_token'` shares the
   * token with Satellizer.
   */
  readonly storageKey?: string;
  /**
   * The token counts as expired this many seconds before its `exp`, so a request never leaves
   * with a token about to expire. Default `30`; a finite number ≥ 0.
   */
  readonly clockSkewSeconds?: number;
  /** The `fetch` to use. Default: `globalThis.fetch`, looked up at each call. */
  readonly fetch?: typeof fetch;
  /** The clock, in milliseconds since the epoch. Default `Date.now`. */
  readonly now?: () => number;
}

/**
 * The `refresh` option of {@link TesseraClientOptions}.
 *
 * @example
 * ```ts
 * new TesseraClient({ refresh: { transport: 'cookie', refreshBeforeExpirySeconds: 120 } });
 * ```
 */
export interface RefreshOptions {
  /** Must match the server's configuration. */
  readonly transport: RefreshTransport;
  /** Refresh endpoint, joined to `baseUrl`. Default `'/api/auth/refresh'`. */
  readonly url?: string;
  /**
   * The proactive timer refreshes this many seconds before `exp` (at most half the token's
   * remaining lifetime, never sooner than one second). Default `60`; a finite number ≥ 0.
   */
  readonly refreshBeforeExpirySeconds?: number;
  /**
   * `body` transport only: where the refresh token is kept. Default: the access token's
   * `storageType`, except that `'localStorage'` becomes `'sessionStorage'`: the refresh token goes
   * to `localStorage` only when this option says so.
   */
  readonly storageType?: StorageType;
  /**
   * Coordinate with the other tabs of the origin (Web Locks and `BroadcastChannel`, when the page
   * has them; nothing outside a browser page). Default `true`.
   */
  readonly crossTab?: boolean;
}

/**
 * Wire types live in `@tessera/protocol`, shared with the server. `RefreshTransport`: `cookie`
 * (the browser default, SECURITY.md D10: an HttpOnly, SameSite=Strict cookie that script never
 * sees; the client sends `X-Tessera-CSRF: 1` and `{}` to the refresh endpoint) or `body` (the
 * server returns `refresh_token` in the JSON and the client sends it back; for non-browser
 * clients). `BodyTransportTokenResponse`: a token response in `body` transport; the client keeps
 * its `refresh_token` to itself and never returns it.
 */
export type {
  BodyTransportTokenResponse,
  ChangePasswordRequest,
  RefreshTransport,
  SessionDto,
  SessionsResponse,
} from '@tessera/protocol';

/**
 * The decoded (NOT verified) payload of a JWT. Registered claims are typed; others are
 * `unknown` and read with `payload['name']`.
 *
 * @example
 * ```ts
 * const payload: TokenPayload | null = client.getPayload();
 * const scopes = payload?.scope?.split(' ') ?? [];
 * ```
 */
export interface TokenPayload {
  readonly sub?: string;
  readonly exp?: number;
  readonly iat?: number;
  readonly scope?: string;
  readonly [claim: string]: unknown;
}

/**
 * A snapshot of the client's auth state. {@link TesseraClient.getState} returns the same object
 * until something changes, so it can feed a signal or a store without extra renders.
 *
 * @example
 * ```ts
 * const { isAuthenticated, payload } = client.getState();
 * if (isAuthenticated) console.log(`signed in as ${payload?.sub}`);
 * ```
 */
export interface AuthState {
  readonly token: string | null;
  /** The decoded, NOT verified, claims; `null` for an encrypted (or any unreadable) token. */
  readonly payload: TokenPayload | null;
  /**
   * When the token expires (epoch ms): its `exp`, or, for a token the client cannot read (an
   * encrypted one), the `expires_in` of the response that brought it. `null` when unknown.
   */
  readonly expiresAt: number | null;
  /** The scopes the token grants (space-separated): its `scope` claim, or its response's. */
  readonly scope: string | null;
  readonly isAuthenticated: boolean;
}

/**
 * Why the state changed.
 *
 * - `login`: `login()` succeeded, or another tab signed in (or stored a token while this one had
 *   none).
 * - `logout`: `logout()` or `logoutEverywhere()` was called (here or in another tab), or another
 *   tab removed the token.
 * - `token`: any other change: `setToken()`, `removeToken()`, a refresh (here or in another
 *   tab), `changePassword()`, another tab replaced the token, or the token just expired
 *   (`isAuthenticated` turned false).
 * - `unauthorized`: the API answered 401 to this token; the token was removed.
 * - `session-ended`: the refresh endpoint answered 401 (the session was revoked, expired, reused
 *   or ended from another device), here or in another tab; both tokens were removed. Only with
 *   `refresh`; never emitted when there was no token to lose (a silent `restore()`).
 *
 * @example
 * ```ts
 * client.subscribe((_state, event) => {
 *   if (event.type === 'unauthorized') void router.navigate(['/login']);
 * });
 * ```
 */
export type AuthEvent = {
  readonly type: 'login' | 'logout' | 'token' | 'unauthorized' | 'session-ended';
};

/**
 * A subscriber of {@link TesseraClient.subscribe}.
 *
 * @example
 * ```ts
 * const listener: AuthListener = (state) => console.log(state.isAuthenticated);
 * ```
 */
export type AuthListener = (state: AuthState, event: AuthEvent) => void;

/**
 * One request's pass through the client's single refresh-and-retry path, from
 * {@link TesseraClient.beginRequest}: `fetch()` and `@tessera/angular`'s interceptor are built on
 * it, and so can an interceptor of any other HTTP library. Take the header, send, report each
 * 401, and send once more (with `header()` again) only when `retry` resolves `true`; it does so
 * at most once per request.
 *
 * @example
 * ```ts
 * const auth = client.beginRequest(url);
 * const send = (header: string | null) => http(url, header === null ? {} : { Authorization: header });
 * let response = await send(auth.needsRefresh ? await auth.freshHeader() : auth.header());
 * if (await auth.retry({ status: response.status, code: response.body?.code })) {
 *   response = await send(auth.header());
 *   await auth.retry({ status: response.status, code: response.body?.code }); // always false
 * }
 * ```
 */
export interface RequestAuthorization {
  /**
   * Whether the request must wait for {@link freshHeader}: the token held is stale, the client
   * has `refresh`, and the URL is on an API origin and not an auth endpoint. While it is
   * `false`, `header()` answers at once.
   */
  readonly needsRefresh: boolean;
  /** `Bearer <token>` when the URL is on an API origin and the token is fresh, else `null`. */
  header(): string | null;
  /**
   * {@link header} after refreshing a stale token (shared with every concurrent request).
   *
   * @throws TesseraNetworkError or TesseraHttpError when that refresh failed; the state is kept.
   */
  freshHeader(): Promise<string | null>;
  /**
   * Reports an answer. After the first 401 about an expired token it refreshes (once for all
   * concurrent requests) and resolves `true`: send the request once more. After any other 401
   * about the token (and after the second 401 of a request sent again) the token is removed
   * (`unauthorized`) and it resolves `false`. A 401 from the login or refresh URL, from another
   * origin, or with a code that is not about the token (`invalid_credentials`) changes nothing.
   */
  retry(answer: { status: number; code?: string | undefined }): Promise<boolean>;
}
