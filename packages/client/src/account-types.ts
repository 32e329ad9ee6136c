import type { MfaMethod } from '@tessera/protocol';

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
