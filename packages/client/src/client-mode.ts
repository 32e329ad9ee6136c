import type { AuthState, StorageType } from './types.js';

/**
 * What an auth call that may set or clear the refresh cookie adds to its `RequestInit`.
 *
 * @example
 * ```ts
 * const init: CookieInit = { credentials: 'include', headers: { 'x-tessera-csrf': '1' } };
 * ```
 */
export interface CookieInit {
  readonly credentials?: RequestCredentials;
  readonly headers?: Readonly<Record<string, string>>;
}

/**
 * What a client does differently with and without refresh tokens. {@link TesseraClient} picks
 * one mode in its constructor ({@link PlainMode}, or a `RefreshSession` when `refresh` is
 * configured) and never tests which one it holds: the refresh/retry path reads `canRefresh`.
 *
 * @example
 * ```ts
 * const mode: ClientMode = options.refresh === null ? new PlainMode(deps) : new RefreshSession(deps);
 * mode.accept(token, body, 'login');
 * ```
 */
export interface ClientMode {
  /** Whether the access token can be renewed (and so a request sent again after a 401). */
  readonly canRefresh: boolean;
  /**
   * Adopts a checked token from a token response (login, password change): stores it (and any
   * state the mode keeps), emits `login` (always) or `token` (when it changed).
   */
  accept(token: string, body: unknown, kind: 'login' | 'token'): void;
  /** Signs out here after the server ended the session (`logout`, always emitted). */
  end(reason: 'logout'): void;
  /** `logout()`: signs out here at once, then tells the server (best-effort). */
  logout(): Promise<void>;
  /** Renews the access token (single-flight); `false` when it cannot. */
  refresh(): Promise<boolean>;
  /** On page load: whether the user is signed in, refreshing if it can; never rejects. */
  restore(): Promise<boolean>;
  /**
   * `credentials` and headers for login, password change and logout-everywhere, so the browser
   * sends and stores the refresh cookie (`{}` when there is none).
   */
  cookieInit(url: string): CookieInit;
  /** Follows `setStorageType()` for what the mode stores itself. */
  setStorageType(type: StorageType): void;
  /** Called after every change of the token. */
  tokenChanged(state: AuthState): void;
  dispose(): void;
}
