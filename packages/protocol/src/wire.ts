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
  readonly role: Role;
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
