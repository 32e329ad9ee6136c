import type { WebAuthnCredentialJson } from './passkeys.js';

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
  /**
   * `true` when the user's role requires a second factor this session was not signed in with
   * (`TESSERA_MFA_REQUIRED_ROLES`): until the user enrols one and logs in again with it, only
   * the profile, MFA enrolment and logout answer (others: 403 `mfa_enrolment_required`).
   */
  readonly mfa_enrolment_required?: boolean;
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
  /**
   * How the session's login was authenticated (RFC 8176): `pwd` (password), `otp` (a TOTP or
   * recovery code), `webauthn` (a passkey); two entries for two factors.
   */
  readonly amr?: readonly string[];
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

// --- Issue #14: TOTP, recovery codes and the two-step MFA login ----------------------------

/** A way to pass the second step of a login (`methods` of the `mfa_required` problem). */
export type MfaMethod = 'totp' | 'recovery_code' | 'webauthn';

/**
 * The extension members of the 401 `mfa_required` problem a login answers for a user with a
 * second factor (whether or not the password was right).
 *
 * @example
 * ```ts
 * if (problem.code === 'mfa_required') await completeMfa(problem.mfa_token, 'totp', code);
 * ```
 */
export interface MfaRequiredMembers {
  /** Opaque, single use, valid 5 minutes: the second step's `mfa_token`. */
  readonly mfa_token: string;
  readonly methods: readonly MfaMethod[];
}

/**
 * The body of `POST /api/auth/mfa/verify` (the second step of a login).
 *
 * @example
 * ```ts
 * const step: MfaVerifyRequest = { mfa_token, method: 'totp', code: '123456' };
 * ```
 */
export type MfaVerifyRequest =
  | {
      readonly mfa_token: string;
      readonly method: 'totp' | 'recovery_code';
      readonly code: string;
    }
  | {
      readonly mfa_token: string;
      readonly method: 'webauthn';
      /** The assertion (`startAuthentication()`) over `POST /api/auth/mfa/webauthn/options`. */
      readonly response: WebAuthnCredentialJson;
    };

/** `GET /api/auth/mfa`: the signed-in user's second factors. */
export interface MfaStatus {
  /** A confirmed TOTP factor. */
  readonly totp: boolean;
  /** Recovery codes not used yet (0 without TOTP). */
  readonly recovery_codes_remaining: number;
  /** Registered passkeys. */
  readonly passkeys: number;
  /** The user's role requires a second factor (`TESSERA_MFA_REQUIRED_ROLES`). */
  readonly required: boolean;
}

/** `POST /api/auth/mfa/totp`: a pending TOTP factor, to confirm with a code. */
export interface TotpEnrolment {
  /** Base32, for typing into an authenticator app. */
  readonly secret: string;
  readonly otpauth_uri: string;
  /** The `otpauth_uri` as a QR code, an SVG document (rendered by the server, no remote service). */
  readonly qr_svg: string;
}

/** `POST /api/auth/mfa/totp/confirm` and `/api/auth/mfa/recovery-codes`: shown once. */
export interface RecoveryCodes {
  readonly recovery_codes: readonly string[];
}
