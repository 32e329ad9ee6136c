/**
 * The account endpoints of a Tessera server (issue #14), joined to `baseUrl` like `loginUrl`.
 *
 * @example
 * ```ts
 * urls.resolve(ACCOUNT_PATHS.forgotPassword); // 'https://api.example.com/api/auth/password/forgot'
 * ```
 */
export const ACCOUNT_PATHS = {
  forgotPassword: '/api/auth/password/forgot',
  resetPassword: '/api/auth/password/reset',
  verifyEmail: '/api/auth/email/verify',
  resendVerification: '/api/auth/email/verification',
  changeEmail: '/api/auth/email',
  acceptInvitation: '/api/auth/invitation/accept',
  mfa: '/api/auth/mfa',
  mfaVerify: '/api/auth/mfa/verify',
  mfaWebauthnOptions: '/api/auth/mfa/webauthn/options',
  totp: '/api/auth/mfa/totp',
  totpConfirm: '/api/auth/mfa/totp/confirm',
  totpDisable: '/api/auth/mfa/totp/disable',
  recoveryCodes: '/api/auth/mfa/recovery-codes',
  passkeys: '/api/auth/passkeys',
  passkeyRegistrationOptions: '/api/auth/passkeys/options',
  passkeyLoginOptions: '/api/auth/passkey/options',
  passkeyLogin: '/api/auth/passkey/login',
  providers: '/api/auth/providers',
  oidc: '/api/auth/oidc',
  oidcComplete: '/api/auth/oidc/complete',
  identities: '/api/auth/identities',
} as const;
