/**
 * The error-code registry: every failure Tessera reports over HTTP has one stable `code` here,
 * with its HTTP status, the human `message` sent in the body, and a docs entry.
 *
 * The registry is closed: {@link ErrorCode} is the union of its keys, so the server's mapping
 * from code to status cannot miss one, and clients can `switch` on `code` exhaustively.
 *
 * @example
 * ```ts
 * import { ERROR_CODES } from '@tessera/protocol';
 * ERROR_CODES.token_expired.status; // 401
 * ERROR_CODES.token_expired.message; // 'Token has expired'
 * ```
 */
export const ERROR_CODES = {
  token_missing: {
    status: 401,
    message: 'Missing authorization header',
    description:
      'The request has no `Authorization: Bearer` credentials (or credentials of another scheme).',
    solution: 'Log in and send `Authorization: Bearer <access_token>`.',
  },
  token_invalid: {
    status: 401,
    message: 'Token is invalid',
    description:
      'The bearer token is malformed, forged, of the wrong type, revoked, or names a user that is unknown or disabled.',
    solution: 'Log in again to get a new token.',
  },
  token_expired: {
    status: 401,
    message: 'Token has expired',
    description: 'The bearer token has a valid signature but its `exp` has passed.',
    solution: 'Refresh the token or log in again.',
  },
  invalid_request: {
    status: 400,
    message: 'Credentials were sent more than once',
    description:
      'Several `Authorization` headers, or a token sent by more than one method (header and query or body).',
    solution: 'Send exactly one `Authorization: Bearer` header and nothing else.',
  },
  insufficient_scope: {
    status: 403,
    message: 'Insufficient scope',
    description:
      "The token is valid but the user's role does not grant the scope this route needs.",
    solution: 'Ask an admin for a role that grants the scope named in `WWW-Authenticate`.',
  },
  forbidden: {
    status: 403,
    message: 'You are not allowed to do this',
    description:
      'The action is not allowed for this user (for example a user changing their own role).',
    solution: 'Ask an admin to make the change.',
  },
  csrf_rejected: {
    status: 403,
    message: 'Cross-site request refused',
    description:
      'A cookie-authenticated call (`/api/auth/refresh`, `/api/auth/logout`) came without `X-Tessera-CSRF: 1`, from another site (`Sec-Fetch-Site`), or from an `Origin` that is neither the server nor in `TESSERA_CORS_ORIGINS`. Nothing was done.',
    solution:
      'Call it with `fetch` from the app’s own origin (or a listed one) with `X-Tessera-CSRF: 1` and a JSON body.',
  },
  invalid_credentials: {
    status: 401,
    message: 'Invalid email or password',
    description:
      'Login failed. One answer for an unknown email, a wrong password and a disabled account, so none can be told apart.',
    solution: 'Check the email and password.',
  },
  setup_token_invalid: {
    status: 401,
    message: 'Setup token is invalid',
    description: 'The first-run setup token does not match the one the server printed.',
    solution: 'Use the setup link printed by the server at start (it changes at every start).',
  },
  validation_failed: {
    status: 400,
    message: 'The request is not valid',
    description:
      'The body, query or path does not match the route schema (wrong type, missing or unknown field).',
    solution: 'Read `detail` and the OpenAPI document at `/api/openapi.json`.',
  },
  password_too_long: {
    status: 400,
    message: 'Password is too long',
    description: 'Passwords are at most 1024 characters; longer ones are rejected without hashing.',
    solution: 'Use a password of 8 to 1024 characters.',
  },
  password_too_common: {
    status: 400,
    message: 'This password is too common',
    description: 'New passwords are checked against the 10 000 most common passwords (ASVS 6.2.4).',
    solution: 'Choose a longer, less predictable password, such as a passphrase.',
  },
  bad_request: {
    status: 400,
    message: 'The request could not be read',
    description:
      'The body is not valid JSON, or is JSON the server refuses to read (prototype poisoning).',
    solution: 'Send a valid JSON body with `Content-Type: application/json`.',
  },
  not_found: {
    status: 404,
    message: 'Not found',
    description: 'No such route or resource (or one this user may not see).',
    solution: 'Check the path and the id.',
  },
  email_taken: {
    status: 409,
    message: 'A user with this email already exists',
    description: 'Emails are unique, compared case-insensitively.',
    solution: 'Use another email, or edit the existing user.',
  },
  conflict: {
    status: 409,
    message: 'The record is still referenced',
    description:
      'The record cannot be deleted (or changed that way) while other records refer to it through a foreign key.',
    solution: 'Delete or change the records that refer to it first.',
  },
  last_admin: {
    status: 409,
    message: 'The last admin cannot be removed or demoted',
    description: 'At least one enabled admin must remain.',
    solution: 'Make another user an admin first.',
  },
  cannot_delete_self: {
    status: 409,
    message: 'You cannot delete your own account',
    description: 'An admin cannot delete the account they are signed in with.',
    solution: 'Ask another admin to delete it.',
  },
  payload_too_large: {
    status: 413,
    message: 'Request body is too large',
    description: 'The body is over the limit of this route.',
    solution: 'Send a smaller body.',
  },
  unsupported_media_type: {
    status: 415,
    message: 'Unsupported content type',
    description: 'Request bodies must be `application/json`.',
    solution: 'Send `Content-Type: application/json`.',
  },
  rate_limited: {
    status: 429,
    message: 'Too many requests, try again later',
    description: 'A rate limit was reached.',
    solution: 'Wait for the number of seconds in `Retry-After`.',
  },
  server_busy: {
    status: 503,
    message: 'The server is busy, try again',
    description:
      'Too many password hashes are queued; the request was refused rather than queued without bound.',
    solution: 'Retry after the number of seconds in `Retry-After`.',
  },
  service_unavailable: {
    status: 503,
    message: 'Service unavailable',
    description: 'A dependency (the database) cannot be reached.',
    solution: 'Check the database and the server log.',
  },
  // --- Mail, password reset, email verification and invitations (issue #14) ---
  reset_token_invalid: {
    status: 400,
    message: 'This reset link is invalid or has expired',
    description:
      'The password-reset token is unknown, already used, expired, or replaced by a newer request. One answer for all of them.',
    solution: 'Ask for a new link on the “Forgot password?” page.',
  },
  verification_token_invalid: {
    status: 400,
    message: 'This verification link is invalid or has expired',
    description:
      'The email-verification token is unknown, already used, expired, or replaced by a newer link. One answer for all of them.',
    solution: 'Ask for a new verification link from your account’s security page.',
  },
  invitation_token_invalid: {
    status: 400,
    message: 'This invitation is invalid or has expired',
    description:
      'The invitation token is unknown, already used, expired, revoked, or replaced by a newer invitation. One answer for all of them.',
    solution: 'Ask the administrator who invited you to send the invitation again.',
  },
  email_already_verified: {
    status: 409,
    message: 'Your email address is already verified',
    description: 'A verification link was asked for an address that is already verified.',
    solution: 'Nothing to do.',
  },
  no_pending_invitation: {
    status: 409,
    message: 'This user has no pending invitation',
    description:
      'The user already set a password (accepted the invitation, or was created with one), so there is no invitation to resend or revoke.',
    solution: 'Use “Forgot password?” or set a password for the user instead.',
  },
  // --- end of issue #14 mail block ---
  // --- Passkeys (WebAuthn, issue #14) ---
  passkey_challenge_invalid: {
    status: 400,
    message: 'The passkey request expired or was already used',
    description:
      'The WebAuthn challenge the answer names is unknown, was already answered, is older than 5 minutes, or was made for another step or user.',
    solution: 'Ask for new options and run the passkey ceremony again.',
  },
  passkey_invalid: {
    status: 400,
    message: 'The passkey could not be registered',
    description:
      'The registration answer did not verify: wrong origin or RP ID, a malformed or unsupported credential, or no user presence.',
    solution:
      'Register from the site’s own origin (TESSERA_WEBAUTHN_ORIGINS) with an authenticator that supports passkeys.',
  },
  passkey_rejected: {
    status: 401,
    message: 'The passkey was not accepted',
    description:
      'Passwordless login failed. One answer for an unknown passkey, a bad signature, a wrong origin or RP ID, no user verification, a signature counter that went back, and a disabled account.',
    solution: 'Use a passkey registered for this site, or log in with your password.',
  },
  passkey_limit_reached: {
    status: 409,
    message: 'You have too many passkeys',
    description: 'A user may register at most 20 passkeys.',
    solution: 'Remove a passkey you no longer use, then register the new one.',
  },
  passkey_exists: {
    status: 409,
    message: 'This passkey is already registered',
    description: 'The authenticator answered with a credential that is already registered.',
    solution: 'Use another authenticator, or keep the passkey you have.',
  },
  recent_login_required: {
    status: 403,
    message: 'Confirm your password first',
    description:
      'Adding a passkey needs a login of the last 5 minutes or the current password, so a stolen access token cannot add a way in.',
    solution: 'Send current_password with the request, or log in again and retry.',
  },
  // --- end of passkeys ---
  // --- OpenID Connect login (issue #15) ---
  oidc_provider_unknown: {
    status: 404,
    message: 'This sign-in provider is not configured',
    description: 'The provider name in the path is not one of `GET /api/auth/providers`.',
    solution: 'Use a name from `GET /api/auth/providers`, or configure `TESSERA_OIDC_<NAME>_*`.',
  },
  oidc_provider_unavailable: {
    status: 503,
    message: 'The sign-in provider cannot be reached, try again later',
    description:
      'The provider’s discovery document or token endpoint did not answer (or answered garbage). `Retry-After` says when to retry.',
    solution: 'Retry later, or sign in with your password or passkey.',
  },
  oidc_redirect_uri_invalid: {
    status: 400,
    message: 'This redirect address is not allowed',
    description:
      'A Satellizer flow named a `redirect_uri` (or `client_id`, `response_type`) that is not the provider’s configured one (`TESSERA_OIDC_<NAME>_REDIRECT_URIS`).',
    solution: 'Add the page’s exact callback address to `TESSERA_OIDC_<NAME>_REDIRECT_URIS`.',
  },
  oidc_flow_invalid: {
    status: 400,
    message: 'The sign-in attempt expired or was already used, start again',
    description:
      'The browser came back without the flow cookie, or with one that is unknown, older than 10 minutes, already used, or made for another provider or mode.',
    solution: 'Click the provider’s button again, in the same browser.',
  },
  oidc_state_mismatch: {
    status: 400,
    message: 'The sign-in answer does not belong to this browser, start again',
    description: 'The `state` the provider sent back is not the one bound to this browser’s flow.',
    solution: 'Start the sign-in again from this site.',
  },
  oidc_access_denied: {
    status: 400,
    message: 'Sign-in was cancelled at the provider',
    description: 'The provider answered with an error (for example the user refused consent).',
    solution: 'Start again and accept at the provider, or sign in another way.',
  },
  oidc_code_rejected: {
    status: 400,
    message: 'The provider refused the sign-in code, start again',
    description:
      'The token endpoint answered `invalid_grant`: a code used twice, expired, or sent with the wrong PKCE verifier or redirect URI.',
    solution: 'Start the sign-in again.',
  },
  oidc_id_token_invalid: {
    status: 401,
    message: 'The provider’s answer could not be verified',
    description:
      'The ID token failed a check: signature (the provider’s JWKS), `iss`, `aud`, `exp` or `nonce`.',
    solution: 'Start again; if it persists, the provider configuration is wrong (see the log).',
  },
  oidc_ticket_invalid: {
    status: 400,
    message: 'The sign-in link expired or was already used, start again',
    description: 'The one-time ticket is unknown, older than 60 seconds, or was already used.',
    solution: 'Start the sign-in again.',
  },
  oidc_account_not_linked: {
    status: 409,
    message:
      'An account with this email exists: sign in with your password, then link the provider from the security page',
    description:
      'The provider’s address matches a local account, but it is not linked and either side’s address is not verified, so it is not linked automatically.',
    solution: 'Sign in another way, then link the provider from the security page.',
  },
  oidc_signup_disabled: {
    status: 403,
    message: 'There is no account for this sign-in, and sign-up by provider is off',
    description:
      'No account is linked to this identity or has its address, and `TESSERA_OIDC_SIGNUP` is off.',
    solution: 'Ask an admin for an invitation, then link the provider from the security page.',
  },
  oidc_email_unverified: {
    status: 403,
    message: 'The provider did not confirm your email address',
    description:
      'Sign-up by provider needs an address the provider says is verified; this one is missing or unverified.',
    solution: 'Verify the address at the provider, or sign up another way.',
  },
  oidc_account_disabled: {
    status: 403,
    message: 'This account is disabled',
    description: 'The account the identity belongs to (or matches) is disabled.',
    solution: 'Ask an admin to enable the account.',
  },
  oidc_identity_taken: {
    status: 409,
    message: 'This provider account is already linked to another user',
    description: 'The provider identity (issuer and subject) belongs to a different Tessera user.',
    solution: 'Unlink it from the other user first, or use another provider account.',
  },
  oidc_last_sign_in_method: {
    status: 409,
    message: 'This is your only way to sign in: set a password or add a passkey first',
    description:
      'The account has no password, no passkey and no other linked identity, so unlinking would lock it out.',
    solution: 'Set a password (Forgot password?) or add a passkey, then unlink.',
  },
  // --- end of OpenID Connect login ---
  internal_error: {
    status: 500,
    message: 'Internal server error',
    description: 'An unexpected failure. Details are in the server log (never in the response).',
    solution: 'Report it with the `request_id` from the response.',
  },
  // --- Issue #14: TOTP, recovery codes and the two-step MFA login -------------------------
  mfa_required: {
    status: 401,
    message: 'A second factor is required',
    description:
      'The account has a second factor (TOTP, recovery codes, passkeys): the login is not complete. The body carries `mfa_token` (opaque, single use, valid 5 minutes) and `methods` (of `totp`, `recovery_code`, `webauthn`). Given whether or not the password was right: a wrong one fails at the second step.',
    solution:
      'Ask for a code and send `POST /api/auth/mfa/verify {mfa_token, method, code}`. A front end that does not know this step shows the message.',
  },
  mfa_token_invalid: {
    status: 401,
    message: 'The sign-in step has expired, sign in again',
    description:
      'The `mfa_token` is unknown, expired (5 minutes), already used, or used up by too many wrong codes.',
    solution: 'Log in again with email and password to get a new `mfa_token`.',
  },
  mfa_already_enabled: {
    status: 409,
    message: 'Two-factor authentication is already on',
    description: 'A confirmed TOTP factor exists: a second one cannot be enrolled.',
    solution: 'Turn it off first (`POST /api/auth/mfa/totp/disable`) to enrol a new one.',
  },
  mfa_not_enabled: {
    status: 409,
    message: 'Two-factor authentication is not on',
    description:
      'The action needs a TOTP factor (confirmed, or pending for a confirmation) that the account does not have.',
    solution: 'Start the enrolment with `POST /api/auth/mfa/totp`.',
  },
  mfa_enrolment_required: {
    status: 403,
    message: 'Your role requires two-factor authentication',
    description:
      'The role is in `TESSERA_MFA_REQUIRED_ROLES` and this session was not signed in with a second factor: only the profile, the MFA enrolment routes and logout answer.',
    solution: 'Enrol a second factor (`POST /api/auth/mfa/totp`), then log in again with it.',
  },
} as const satisfies Record<string, ErrorSpec>;

/** One registry entry. */
export interface ErrorSpec {
  /** HTTP status sent with this code. */
  readonly status: number;
  /** Human text sent as `message` (and `title`) in the problem body. */
  readonly message: string;
  /** What the code means (docs). */
  readonly description: string;
  /** What a caller can do about it (docs). */
  readonly solution: string;
}

/** Every stable error code Tessera may send. */
export type ErrorCode = keyof typeof ERROR_CODES;

/** The list of codes, in registry order. */
export const ERROR_CODE_LIST = Object.keys(ERROR_CODES) as ErrorCode[];

/**
 * Narrows an unknown value (for example `body.code` of a response) to an {@link ErrorCode}.
 *
 * @example
 * ```ts
 * if (isErrorCode(body.code) && body.code === 'token_expired') await refresh();
 * ```
 */
export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(ERROR_CODES, value);
}
