import type { MfaMethod } from '@tessera/protocol';
import { TesseraError } from '../errors/tessera-error.js';
import { isoAt } from '../sessions/session-record.js';
import type { UserRecord } from '../users/user-record.js';
import { qrSvg } from './qr-svg.js';
import { hashRecoveryCode, newRecoveryCodes, normalizeRecoveryCode } from './recovery-codes.js';
import { newTotpSecret, totpUri, verifyTotp } from './totp.js';
import type { TotpSecretBox } from './totp-secret-box.js';
import type { TotpStore } from './totp-store.js';

/** A pending factor as the enrolling user is shown it (once). */
export interface PendingTotp {
  readonly secret: string;
  readonly otpauthUri: string;
  readonly qrSvg: string;
}

/** What {@link TotpFactor} works with. */
export interface TotpFactorDeps {
  readonly store: TotpStore;
  readonly box: TotpSecretBox;
  /** Seconds since the epoch. */
  readonly clock: () => number;
  /** The issuer name authenticator apps show (`TESSERA_TOTP_ISSUER`). */
  readonly issuer: string;
}

/**
 * A user's TOTP factor and recovery codes: enrolment (a pending secret, confirmed by a code),
 * code checks (one time step at most once), recovery codes (10, hashed, single use,
 * regenerated all at once) and removal. Re-authentication is the routes' job.
 */
export class TotpFactor {
  constructor(private readonly deps: TotpFactorDeps) {}

  /** Starts (or restarts) an enrolment: a new pending secret. 409 when a confirmed one exists. */
  async start(user: UserRecord): Promise<PendingTotp> {
    const secret = newTotpSecret();
    const sealed = await this.deps.box.seal(user.id, secret);
    if (!(await this.deps.store.startPending(user.id, sealed, this.#now()))) {
      throw new TesseraError('mfa_already_enabled');
    }
    const otpauthUri = totpUri(this.deps.issuer, user.email, secret);
    return { secret, otpauthUri, qrSvg: await qrSvg(otpauthUri) };
  }

  /**
   * Confirms the pending factor with a code from the app; returns the new recovery codes (the
   * only time they are shown). 409 without a pending factor, 401 `invalid_credentials` for a
   * wrong code.
   */
  async confirm(user: UserRecord, code: string): Promise<string[]> {
    const row = await this.deps.store.find(user.id);
    if (row === undefined || row.confirmed_at !== null) {
      throw new TesseraError('mfa_not_enabled', 'No TOTP enrolment is waiting for a code');
    }
    const secret = await this.deps.box.open(user.id, row.secret_sealed);
    const check = await verifyTotp(secret, code, { now: this.deps.clock(), afterStep: null });
    if (!check.valid) throw wrongCode();
    const codes = newRecoveryCodes();
    const hashes = codes.map((one) => hashRecoveryCode(user.id, normalizeRecoveryCode(one) ?? ''));
    if (!(await this.deps.store.confirm(user.id, check.step, this.#now(), hashes))) {
      throw new TesseraError('mfa_not_enabled', 'No TOTP enrolment is waiting for a code');
    }
    return codes;
  }

  /**
   * Whether `code` is a right TOTP (`totp`) or recovery (`recovery_code`) code of the user's
   * confirmed factor. With `commit`, the code is used up at the same time (its time step, or
   * the recovery code), atomically: of two requests with one code, one succeeds. Without, nothing
   * changes (the login's password was wrong: the owner's code must stay usable).
   */
  async check(userId: number, method: MfaMethod, code: string, commit: boolean): Promise<boolean> {
    if (method === 'recovery_code') return this.#checkRecoveryCode(userId, code, commit);
    if (method !== 'totp') return false;
    const row = await this.deps.store.find(userId);
    if (row === undefined || row.confirmed_at === null) return false;
    const secret = await this.deps.box.open(userId, row.secret_sealed);
    const result = await verifyTotp(secret, code, {
      now: this.deps.clock(),
      afterStep: row.last_step,
    });
    if (!result.valid) return false;
    return commit ? this.deps.store.acceptStep(userId, result.step) : true;
  }

  /** New recovery codes in place of every older one (used or not). 409 without a factor. */
  async regenerateRecoveryCodes(userId: number): Promise<string[]> {
    const row = await this.deps.store.find(userId);
    if (row === undefined || row.confirmed_at === null) throw new TesseraError('mfa_not_enabled');
    const codes = newRecoveryCodes();
    const hashes = codes.map((one) => hashRecoveryCode(userId, normalizeRecoveryCode(one) ?? ''));
    await this.deps.store.replaceRecoveryCodes(userId, this.#now(), hashes);
    return codes;
  }

  /** Whether the user has a confirmed factor. */
  async isEnabled(userId: number): Promise<boolean> {
    const row = await this.deps.store.find(userId);
    return row !== undefined && row.confirmed_at !== null;
  }

  /** Removes the factor (confirmed or pending) and its recovery codes. */
  remove(userId: number): Promise<void> {
    return this.deps.store.remove(userId);
  }

  async #checkRecoveryCode(userId: number, code: string, commit: boolean): Promise<boolean> {
    const normalized = normalizeRecoveryCode(code);
    if (normalized === undefined) return false;
    const hash = hashRecoveryCode(userId, normalized);
    return commit
      ? this.deps.store.useRecoveryCode(userId, hash, this.#now())
      : this.deps.store.hasRecoveryCode(userId, hash);
  }

  #now(): string {
    return isoAt(this.deps.clock());
  }
}

/** 401 `invalid_credentials` for a wrong code on a signed-in route. */
export function wrongCode(): TesseraError {
  return new TesseraError('invalid_credentials', 'The code is not correct');
}
