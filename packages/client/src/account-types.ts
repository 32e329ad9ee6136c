import type { MfaMethod, OidcMode } from '@tessera/protocol';

/**
 * Wire types of the second factors live in `@tessera/protocol`, shared with the server:
 * `MfaStatus` (`GET /api/auth/mfa`), `TotpEnrolment` (a pending TOTP secret with its QR code as
 * SVG), `RecoveryCodes` (shown once).
 */
export type { MfaStatus, RecoveryCodes, TotpEnrolment } from '@tessera/protocol';

/**
 * A code for the second step of a login: a TOTP code or a recovery code.
 *
 * @example
 * ```ts
 * await auth.completeMfa({ mfaToken: error.mfaToken, method: 'totp', code: '123456' });
 * ```
 */
export interface MfaCode {
  readonly mfaToken: string;
  readonly method: Exclude<MfaMethod, 'webauthn'>;
  readonly code: string;
}

/**
 * How {@link TesseraClient.disableTotp} proves it is the user: the password or a current code.
 *
 * @example
 * ```ts
 * await auth.disableTotp({ currentPassword });
 * ```
 */
export type TotpDisableProof = { readonly currentPassword: string } | { readonly code: string };

/** A registered passkey (`GET /api/auth/passkeys`): `@tessera/protocol`'s `PasskeyDto`. */
export type { PasskeyDto as Passkey } from '@tessera/protocol';

/**
 * Wire types of provider sign-in (`@tessera/protocol`): `OidcProvider` (`{name, label}` of
 * `GET /api/auth/providers`), `LinkedIdentity` (`GET /api/auth/identities`), `OidcMode`, and
 * `OidcCallbackResult` (what the `/oidc/callback` page's fragment says).
 */
export type { LinkedIdentity, OidcCallbackResult, OidcMode, OidcProvider } from '@tessera/protocol';

/**
 * How {@link TesseraClient.authenticate} goes to the provider.
 *
 * @example
 * ```ts
 * await auth.authenticate('google', { mode: 'popup', returnTo: '/users' });
 * ```
 */
export interface OidcAuthenticateOptions {
  /** `popup` (default): a window, this page stays; `redirect`: the whole page goes. */
  readonly mode?: OidcMode;
  /** Same-origin path the callback page goes to after a redirect (`/` by default). */
  readonly returnTo?: string;
}

/**
 * How {@link TesseraClient.link} goes to the provider, and the recent-login proof.
 *
 * @example
 * ```ts
 * await auth.link('github', { currentPassword, returnTo: '/security' });
 * ```
 */
export interface OidcLinkOptions extends OidcAuthenticateOptions {
  /** Needed when the session logged in more than 5 minutes ago (403 `recent_login_required`). */
  readonly currentPassword?: string;
}
