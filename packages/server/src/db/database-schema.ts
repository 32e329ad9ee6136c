import type { RoleName } from '../access/access-options.js';
import type { ColumnType, Generated } from 'kysely';

/**
 * The `users` table as Kysely sees it (column names as in SQL). The same shape on SQLite and
 * PostgreSQL: booleans are `integer` 0/1 and timestamps are ISO 8601 UTC text with milliseconds,
 * so store code never branches on the engine to read a row.
 */
export interface UsersTable {
  id: Generated<number>;
  /** The email as entered. */
  email: string;
  /** The canonical email (NFC, lower-case): the uniqueness key. */
  email_key: string;
  name: string;
  password_hash: string;
  role: RoleName;
  /** 1 when the user may log in, 0 when disabled. */
  is_enabled: number;
  /** Bumped to revoke every token issued before. */
  token_version: Generated<number>;
  /** 1 once a link mailed to the address was used (verification, invitation, reset) (0006). */
  is_email_verified: Generated<number>;
  /** 1 while the user, created without a password, has not accepted the invitation (0006). */
  pending_invitation: Generated<number>;
  /** 0 for a user a provider created, until a password is set (0010); every password write sets 1. */
  has_password: Generated<number>;
  /** ISO 8601 UTC with milliseconds, e.g. `2025-01-31T12:00:00.000Z`. */
  created_at: string;
  /** ISO 8601 UTC with milliseconds. */
  updated_at: string;
}

/**
 * The `sessions` table: one row per login (a refresh-token family). Timestamps are ISO 8601 UTC
 * text with milliseconds, as in `users`.
 */
export interface SessionsTable {
  /** A random UUID: the `sid` claim of the session's access tokens. */
  id: string;
  user_id: number;
  created_at: string;
  /** The login or the last refresh. */
  last_used_at: string;
  /** The absolute end of the session. */
  expires_at: string;
  /** The session ends if not refreshed before this (never after `expires_at`). */
  idle_expires_at: string;
  /** Set once, when the session is ended (logout, reuse, password change, …). */
  ended_at: string | null;
  ended_reason: string | null;
  /** The `User-Agent` of the login, at most 256 characters. */
  user_agent: string | null;
  /** How the login was authenticated: RFC 8176 method names, space-separated (0006). */
  amr: Generated<string>;
}

/** The `refresh_tokens` table: the SHA-256 of every refresh token issued, never the token. */
export interface RefreshTokensTable {
  /** base64url SHA-256 of the token. */
  hash: string;
  session_id: string;
  created_at: string;
  /** Set once, by the refresh that used the token up. */
  consumed_at: string | null;
}

/** Tessera's EdDSA and ES256 keys (see migration 0004-signing-keys). */
export interface SigningKeysTable {
  kid: string;
  alg: 'EdDSA' | 'ES256';
  state: 'next' | 'current' | 'previous' | 'revoked';
  /** The public key as a JWK (JSON text): `kty`, `crv`, `x` and for ES256 `y`. */
  public_jwk: string;
  /** The private key (PKCS#8 DER) sealed with the key-encryption key: `v1.<iv>.<ct>.<tag>`. */
  private_key_sealed: string;
  created_at: string;
  /** When the key started signing. */
  activated_at: string | null;
  /** When the key stopped signing (became `previous`) or was revoked. */
  retired_at: string | null;
  /** When the key last signed a token or let one through, to the minute (0005). */
  last_used_at: string | null;
}

/** The AES-256 keys of encrypted access tokens (see migration 0005-encryption-keys). */
export interface EncryptionKeysTable {
  kid: string;
  state: SigningKeysTable['state'];
  /** The 32-byte key sealed with the key-encryption key: `v1.<iv>.<ct>.<tag>`. */
  key_sealed: string;
  created_at: string;
  activated_at: string | null;
  retired_at: string | null;
  last_used_at: string | null;
}

/** One TOTP factor per user (migration 0008-mfa). */
export interface MfaTotpTable {
  user_id: number;
  /** The secret (base32 text) sealed with the key-encryption key: `v1.<iv>.<ct>.<tag>`. */
  secret_sealed: string;
  created_at: string;
  /** Null while pending (enrolment started, no code confirmed yet). */
  confirmed_at: string | null;
  /** The time step of the last accepted code: a code of this step or an earlier one is refused. */
  last_step: number | null;
}

/** Recovery codes (0008-mfa): the SHA-256 of each, never the code. */
export interface MfaRecoveryCodesTable {
  user_id: number;
  /** base64url SHA-256 of the user id and the normalised code. */
  code_hash: string;
  created_at: string;
  /** Set once, when the code signs a login in. */
  used_at: string | null;
}

/** The second step of a login (0008-mfa). */
export interface MfaChallengesTable {
  /** base64url SHA-256 of the `mfa_token`. */
  token_hash: string;
  user_id: number;
  /** 1 when the login's password was right (never told before the second step). */
  password_ok: number;
  created_at: string;
  expires_at: string;
  /** Codes tried against this challenge. */
  attempts: Generated<number>;
  /** What the login's first step was: `pwd` or `oidc` (0010). */
  first_factor: Generated<string>;
  /** Set once: signed in, or voided by too many wrong codes. */
  consumed_at: string | null;
}

/** What an account token is good for (see migration 0007-account-tokens). */
export type AccountTokenPurpose = 'reset' | 'verify_email' | 'invitation';

/** The `account_tokens` table: the SHA-256 of every token mailed, never the token. */
export interface AccountTokensTable {
  /** base64url SHA-256 of the token. */
  hash: string;
  user_id: number;
  purpose: AccountTokenPurpose;
  /** The address the link was sent to, for `verify_email` (a pending change); else null. */
  email: string | null;
  created_at: string;
  expires_at: string;
  /** Set once: used, or voided by a newer token of the same purpose. */
  consumed_at: string | null;
}

/** A user's passkey (WebAuthn credential; migration 0009-passkeys). */
export interface WebAuthnCredentialsTable {
  /** A random UUID: the passkey's id in the API. */
  id: string;
  /** The credential ID, base64url (what the authenticator names it by). */
  credential_id: string;
  user_id: number;
  /** The WebAuthn user handle (`user.id`) the credential was created for, base64url. */
  user_handle: string;
  /** The COSE public key, base64url. */
  public_key: string;
  /** The last signature counter seen (PostgreSQL `bigint` reads as a string). */
  counter: ColumnType<number | string, number, number>;
  /** Transports the browser reported, space-separated (`internal hybrid`). */
  transports: string;
  /** 1 when the credential may be synced (a multi-device passkey). */
  backup_eligible: number;
  /** 1 when the authenticator said it is backed up, as of its last use. */
  backed_up: number;
  name: string;
  created_at: string;
  last_used_at: string | null;
}

/** What a WebAuthn challenge was handed out for. */
export type WebAuthnChallengePurpose = 'registration' | 'login' | 'mfa';

/** Every WebAuthn challenge handed out and not yet used (0009-passkeys). */
export interface WebAuthnChallengesTable {
  /** Random, base64url: the `challenge_id` of a passwordless login. */
  id: string;
  /** The challenge sent to the browser, base64url. */
  challenge: string;
  purpose: WebAuthnChallengePurpose;
  /** The user it was made for (registration, second factor); null for a passwordless login. */
  user_id: number | null;
  /** Registration: the user handle the new credential is made for, base64url. */
  user_handle: string | null;
  created_at: string;
  expires_at: string;
}

/** A provider account linked to a user (0010-oidc). */
export interface UserIdentitiesTable {
  /** Random, base64url: the identity's id in the API. */
  id: string;
  user_id: number;
  /** The provider's configured name when linked. */
  provider: string;
  issuer: string;
  subject: string;
  /** The address the provider last reported. */
  email: string | null;
  created_at: string;
  last_used_at: string | null;
}

/** What a sign-in flow is for, and how the browser came. */
export type OidcFlowMode = 'redirect' | 'popup' | 'satellizer';
export type OidcFlowIntent = 'login' | 'link';

/** A sign-in or link by provider in progress (0010-oidc). */
export interface OidcFlowsTable {
  /** base64url SHA-256 of the flow cookie's secret. */
  id: string;
  provider: string;
  state: string;
  nonce: string;
  code_verifier: string;
  redirect_uri: string;
  mode: OidcFlowMode;
  intent: OidcFlowIntent;
  /** The user a link flow links to; null for a login. */
  user_id: number | null;
  return_to: string;
  /** base64url SHA-256 of the one-time ticket, once the callback signed the user in. */
  ticket_hash: string | null;
  result_user_id: number | null;
  /** Set once, when the callback (or Satellizer's exchange) used the flow. */
  consumed_at: string | null;
  created_at: string;
  /** The flow's end; once a ticket is out, the ticket's end. */
  expires_at: string;
}

/**
 * Every table of Tessera's database, for `Kysely<DatabaseSchema>`.
 *
 * @example
 * ```ts
 * const row = await database.db.selectFrom('users').selectAll().where('id', '=', 1).executeTakeFirst();
 * ```
 */
export interface DatabaseSchema {
  users: UsersTable;
  sessions: SessionsTable;
  refresh_tokens: RefreshTokensTable;
  signing_keys: SigningKeysTable;
  encryption_keys: EncryptionKeysTable;
  mfa_totp: MfaTotpTable;
  mfa_recovery_codes: MfaRecoveryCodesTable;
  mfa_challenges: MfaChallengesTable;
  account_tokens: AccountTokensTable;
  webauthn_credentials: WebAuthnCredentialsTable;
  webauthn_challenges: WebAuthnChallengesTable;
  user_identities: UserIdentitiesTable;
  oidc_flows: OidcFlowsTable;
}
