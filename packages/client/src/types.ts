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
   * API base URL. Relative paths given to `request()`, `fetch()`, `loginUrl`, `signupUrl` and
   * `logoutUrl` are appended to it. Default `''`: the page's origin.
   */
  readonly baseUrl?: string;
  /** Login endpoint (Satellizer's `loginUrl`). Default `'/api/auth/login'`. */
  readonly loginUrl?: string;
  /** Signup endpoint. Default `'/api/auth/signup'`. */
  readonly signupUrl?: string;
  /**
   * Server-side logout endpoint. Default `null`: `logout()` is local only. When set, `logout()`
   * POSTs to it with the token, best-effort (failures are ignored).
   */
  readonly logoutUrl?: string | null;
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
  readonly payload: TokenPayload | null;
  readonly isAuthenticated: boolean;
}

/**
 * Why the state changed.
 *
 * - `login`: `login()` succeeded, or another tab stored a token while this one had none.
 * - `logout`: `logout()` was called, or another tab removed the token.
 * - `token`: any other change: `setToken()`, `removeToken()`, another tab replaced the token, or
 *   the token just expired (`isAuthenticated` turned false).
 * - `unauthorized`: the API answered 401 to this token; the token was removed.
 *
 * @example
 * ```ts
 * client.subscribe((_state, event) => {
 *   if (event.type === 'unauthorized') void router.navigate(['/login']);
 * });
 * ```
 */
export type AuthEvent = { readonly type: 'login' | 'logout' | 'token' | 'unauthorized' };

/**
 * A subscriber of {@link TesseraClient.subscribe}.
 *
 * @example
 * ```ts
 * const listener: AuthListener = (state) => console.log(state.isAuthenticated);
 * ```
 */
export type AuthListener = (state: AuthState, event: AuthEvent) => void;
