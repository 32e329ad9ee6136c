import type { MfaMethod } from './mfa-required-error.js';

/**
 * `GET /api/auth/mfa`: the signed-in user's second factors.
 *
 * @example
 * ```ts
 * const { totp, recovery_codes_remaining } = await auth.mfaStatus();
 * ```
 */
export interface MfaStatus {
  /** A confirmed TOTP authenticator. */
  readonly totp: boolean;
  /** Unused recovery codes left. */
  readonly recovery_codes_remaining: number;
  /** Registered passkeys. */
  readonly passkeys: number;
  /** Whether the user's role requires a second factor. */
  readonly required: boolean;
}

/**
 * `POST /api/auth/mfa/totp`: a TOTP secret pending until {@link TesseraClient.confirmTotp}.
 * `qr_svg` is an SVG document rendered by the server (no remote service).
 *
 * @example
 * ```ts
 * const { secret, qr_svg } = await auth.startTotpEnrolment(password);
 * ```
 */
export interface TotpEnrolment {
  /** The base32 secret, for typing into an authenticator app by hand. */
  readonly secret: string;
  readonly otpauth_uri: string;
  readonly qr_svg: string;
}

/**
 * Recovery codes, each usable once; shown once (only their hashes are kept).
 *
 * @example
 * ```ts
 * const { recovery_codes } = await auth.confirmTotp('123456');
 * ```
 */
export interface RecoveryCodes {
  readonly recovery_codes: readonly string[];
}

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

/**
 * A registered passkey (`GET /api/auth/passkeys`).
 *
 * @example
 * ```ts
 * const passkeys: readonly Passkey[] = await auth.listPasskeys();
 * ```
 */
export interface Passkey {
  readonly id: string;
  readonly name: string;
  readonly created_at: string;
  readonly last_used_at: string | null;
  /** Synced by its provider (a multi-device passkey). */
  readonly backed_up: boolean;
}
