/** A role stored in the database; it grants scopes (see {@link ROLE_SCOPES}). */
export type Role = 'admin' | 'user';

/** Every role, in order of privilege. */
export const ROLES: readonly Role[] = ['user', 'admin'];

/** Scopes a route can require. */
export type Scope = 'users:read' | 'users:write' | 'profile:read' | 'profile:write';

/**
 * What each role grants. An admin manages every user; a plain user reads and edits their own
 * profile (`/api/auth/me`, and `/api/users/:id` for their own id only).
 */
export const ROLE_SCOPES: Readonly<Record<Role, readonly Scope[]>> = {
  admin: ['users:read', 'users:write', 'profile:read', 'profile:write'],
  user: ['profile:read', 'profile:write'],
};

/** A user as the API returns it: never a password hash or a token version. */
export interface UserDto {
  readonly id: number;
  readonly email: string;
  readonly name: string;
  readonly is_enabled: boolean;
  /** The address was proven by a link mailed to it (verification, invitation or reset). */
  readonly is_email_verified: boolean;
  /** Created by an admin without a password; the invitation has not been accepted yet. */
  readonly pending_invitation: boolean;
  /** `admin`, `user`, or a role the server's application added. */
  readonly role: Role | (string & {});
  readonly created_at: string;
  readonly updated_at: string;
}

/** `GET /api/users`: the tutorial's `{"users": [...]}` plus paging. */
export interface UsersPage {
  readonly users: readonly UserDto[];
  readonly total: number;
  readonly page: number;
  readonly per_page: number;
}

/** `POST /api/auth/login` (and `/api/login`): RFC 6749 §5.1 plus the tutorial's `token`. */
export interface TokenResponse {
  /** The tutorial's field, equal to `access_token`. */
  readonly token: string;
  readonly access_token: string;
  readonly token_type: 'Bearer';
  /** Seconds until the access token expires. */
  readonly expires_in: number;
  /** Space-separated scopes granted. */
  readonly scope: string;
}

/** The claims of a Tessera access token (`typ: at+jwt`). */
export interface AccessTokenClaims {
  readonly iss: string;
  readonly aud: string | readonly string[];
  readonly sub: string;
  readonly iat: number;
  readonly exp: number;
  readonly jti: string;
  readonly scope: string;
  readonly nbf?: number;
  /** Session id (refresh family) when the token was issued for a session. */
  readonly sid?: string;
}

/**
 * Where a browser keeps the refresh token (`TESSERA_REFRESH_TRANSPORT`): `cookie` (default), an
 * HttpOnly cookie scoped to {@link REFRESH_COOKIE_PATH}; `body`, the JSON of the token responses.
 */
export type RefreshTransport = 'cookie' | 'body';

/** The refresh cookie's name over plain HTTP. */
export const REFRESH_COOKIE_NAME = 'tessera_rt';

/** The refresh cookie's name over HTTPS (with `Secure`; browsers enforce the prefix). */
export const SECURE_REFRESH_COOKIE_NAME = '__Secure-tessera_rt';

/** The only path the browser sends the refresh cookie to. */
export const REFRESH_COOKIE_PATH = '/api/auth';

/**
 * The header every cookie-authenticated call must carry with the value `1`. It is not
 * CORS-safelisted, so a cross-site page cannot send it without a preflight the server refuses.
 */
export const CSRF_HEADER = 'x-tessera-csrf';

/**
 * The token response of login, setup, refresh and password change in `body` transport:
 * {@link TokenResponse} plus the opaque refresh token (RFC 6749 §5.1, §6).
 *
 * @example
 * ```ts
 * const body: BodyTransportTokenResponse = await response.json();
 * body.refresh_expires_in; // seconds until the session's absolute end
 * ```
 */
export interface BodyTransportTokenResponse extends TokenResponse {
  readonly refresh_token: string;
  /** Seconds until the refresh token's session reaches its absolute lifetime. */
  readonly refresh_expires_in: number;
}

/**
 * The body of `POST /api/auth/refresh` in `body` transport (in `cookie` transport: `{}`).
 *
 * @example
 * ```ts
 * const request: RefreshRequest = { refresh_token: stored };
 * ```
 */
export interface RefreshRequest {
  readonly refresh_token: string;
}

/**
 * One session (refresh-token family) of the signed-in user, as `GET /api/auth/sessions` lists
 * it. Times are ISO 8601 UTC strings; `last_used_at` is the last login or refresh.
 *
 * @example
 * ```ts
 * const others = sessions.filter((session: SessionDto) => !session.current);
 * ```
 */
export interface SessionDto {
  readonly id: string;
  readonly created_at: string;
  readonly last_used_at: string;
  /** When the session ends at the latest (its absolute lifetime). */
  readonly expires_at: string;
  /** The `User-Agent` of the login, at most 256 characters; `null` when none was sent. */
  readonly user_agent: string | null;
  /** The session of the access token that asked. */
  readonly current: boolean;
}

/**
 * The body of `GET /api/auth/sessions`.
 *
 * @example
 * ```ts
 * const page: SessionsResponse = { sessions: [] };
 * ```
 */
export interface SessionsResponse {
  readonly sessions: readonly SessionDto[];
}

/**
 * The body of `POST /api/auth/password`.
 *
 * @example
 * ```ts
 * const change: ChangePasswordRequest = { current_password: 'old one', new_password: 'new one!' };
 * ```
 */
export interface ChangePasswordRequest {
  readonly current_password: string;
  readonly new_password: string;
}
