import type { MfaMethod } from '@tessera/protocol';
import type { TotpStore } from './totp-store.js';

/**
 * Counts a user's passkeys; the passkeys feature provides it (see
 * {@link SecondFactors.usePasskeys}). Until then every user has none.
 */
export interface PasskeyCounter {
  count(userId: number): Promise<number>;
}

/** What a user can pass the second step of a login with, and how many of each. */
export interface FactorSummary {
  readonly totp: boolean;
  readonly recoveryCodes: number;
  readonly passkeys: number;
}

/**
 * Which second factors a user has: a confirmed TOTP factor (with its unused recovery codes)
 * and passkeys. A user with any has a two-step login.
 *
 * @example
 * ```ts
 * app.tessera.mfa.factors.usePasskeys({ count: (userId) => passkeys.countOf(userId) });
 * await app.tessera.mfa.factors.methodsOf(user.id); // ['totp', 'recovery_code', 'webauthn']
 * ```
 */
export class SecondFactors {
  #passkeys: PasskeyCounter = { count: () => Promise.resolve(0) };

  constructor(private readonly totp: TotpStore) {}

  /** Tells where passkeys are counted (called once by the passkeys feature). */
  usePasskeys(counter: PasskeyCounter): void {
    this.#passkeys = counter;
  }

  /**
   * What `userId` has. Recovery codes are counted only beside a confirmed TOTP factor (they are
   * its backup), so a login of a user without one costs one lookup per kind of factor.
   */
  async summaryOf(userId: number): Promise<FactorSummary> {
    const [row, passkeys] = await Promise.all([
      this.totp.find(userId),
      this.#passkeys.count(userId),
    ]);
    const totp = row !== undefined && row.confirmed_at !== null;
    const recoveryCodes = totp ? await this.totp.remainingRecoveryCodes(userId) : 0;
    return { totp, recoveryCodes, passkeys };
  }

  /** The methods of the second step, in a fixed order; empty when the user has no second factor. */
  async methodsOf(userId: number): Promise<MfaMethod[]> {
    const summary = await this.summaryOf(userId);
    const methods: MfaMethod[] = [];
    if (summary.totp) methods.push('totp');
    if (summary.recoveryCodes > 0) methods.push('recovery_code');
    if (summary.passkeys > 0) methods.push('webauthn');
    return methods;
  }
}
