import { generateSecret, generateURI, verify } from 'otplib';

/** The TOTP parameters every authenticator app supports (RFC 6238 defaults): SHA-1, 6 digits, 30 s. */
export const TOTP_PERIOD_SECONDS = 30;
export const TOTP_DIGITS = 6;
/** Codes of the previous and next time step are accepted too (clock drift), nothing further. */
export const TOTP_TOLERANCE_STEPS = 1;
/** Secret size: 20 bytes (160 bits, RFC 4226 §4's recommendation). */
const SECRET_BYTES = 20;

/** A code's parameters; the defaults are Tessera's factor (the RFC vectors use others). */
export interface TotpParameters {
  readonly digits?: 6 | 8;
  readonly algorithm?: 'sha1' | 'sha256' | 'sha512';
}

/** What {@link verifyTotp} decided: the time step the code belongs to, when valid. */
export type TotpCheck = { readonly valid: true; readonly step: number } | { readonly valid: false };

/** A new random secret, base32 (what the authenticator app is given). */
export function newTotpSecret(): string {
  return generateSecret({ length: SECRET_BYTES });
}

/** The `otpauth://totp/…` URI of a secret (what the QR code holds). */
export function totpUri(issuer: string, account: string, secret: string): string {
  return generateURI({
    issuer,
    label: account,
    secret,
    algorithm: 'sha1',
    digits: TOTP_DIGITS,
    period: TOTP_PERIOD_SECONDS,
  });
}

/** When a code is checked: now, and the step of the last code accepted (none: `null`). */
export interface TotpCheckAt extends TotpParameters {
  /** Seconds since the epoch. */
  readonly now: number;
  readonly afterStep: number | null;
}

/**
 * Checks a TOTP code (RFC 6238) at `now` against `secret` (base32, or the key bytes),
 * accepting the current time step and one step either side. A code whose step is not after
 * `afterStep` (the last one accepted) is refused: no code works twice, in one login or two.
 * Anything but `digits` decimal digits is simply not valid (never an exception).
 */
export async function verifyTotp(
  secret: string | Uint8Array,
  code: string,
  { now, afterStep, digits = TOTP_DIGITS, algorithm = 'sha1' }: TotpCheckAt,
): Promise<TotpCheck> {
  if (code.length !== digits || !/^[0-9]+$/.test(code)) return { valid: false };
  const result = await verify({
    secret,
    token: code,
    epoch: Math.floor(now),
    period: TOTP_PERIOD_SECONDS,
    digits,
    algorithm,
    epochTolerance: TOTP_TOLERANCE_STEPS * TOTP_PERIOD_SECONDS,
    ...(afterStep === null ? {} : { afterTimeStep: afterStep }),
  });
  if (!result.valid || !('timeStep' in result)) return { valid: false };
  return { valid: true, step: result.timeStep };
}
