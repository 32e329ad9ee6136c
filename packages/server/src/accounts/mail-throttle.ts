import type { FailureStore } from '../auth/failure-store.js';

/** Limits on forgot-password requests and account mail; the defaults are the documented policy. */
export interface MailThrottleLimits {
  /** Forgot requests for one email address per window (then 429, known or not). */
  readonly perAddress: number;
  /** Forgot requests from one client address per window (then 429). */
  readonly perIp: number;
  /** Reset and verification mails to one user per window (more are dropped, logged). */
  readonly perAccount: number;
  readonly windowSeconds: number;
}

export const DEFAULT_MAIL_THROTTLE: MailThrottleLimits = {
  perAddress: 5,
  perIp: 30,
  perAccount: 5,
  windowSeconds: 15 * 60,
};

/** A refusal: wait this many seconds. */
export interface MailThrottleRefusal {
  readonly retryAfter: number;
}

/**
 * Throttles of issue #14, counted in the login throttle's {@link FailureStore} (memory, or
 * Redis shared by the instances):
 * - per email address and per client address on `POST /api/auth/password/forgot`, counted
 *   before any lookup, so an unknown address is throttled exactly like a known one (the 429
 *   tells nothing about existence); off with `TESSERA_LOGIN_THROTTLE=false`, like the login's;
 * - per account on the mail itself (reset, verification), always on: beyond the limit the mail
 *   is dropped and logged, and the forgot answer does not change.
 */
export class MailThrottle {
  constructor(
    private readonly store: FailureStore,
    private readonly clock: () => number,
    private readonly options: {
      readonly requestLimits: boolean;
      readonly limits: MailThrottleLimits;
    },
  ) {}

  /** Counts one forgot request; a refusal when the address or the client is over its limit. */
  async forgotRequest(addressKey: string, ip: string): Promise<MailThrottleRefusal | undefined> {
    if (!this.options.requestLimits) return undefined;
    const { perAddress, perIp, windowSeconds } = this.options.limits;
    const now = this.clock();
    const [byAddress, byIp] = await Promise.all([
      this.store.bump('forgot_address', addressKey, now, windowSeconds),
      this.store.bump('forgot_ip', ip, now, windowSeconds),
    ]);
    const over = [
      byAddress.count > perAddress ? byAddress.first : undefined,
      byIp.count > perIp ? byIp.first : undefined,
    ].filter((first): first is number => first !== undefined);
    if (over.length === 0) return undefined;
    return { retryAfter: Math.max(1, Math.ceil(Math.max(...over) + windowSeconds - now)) };
  }

  /** Counts one mail to the user; a refusal when the user got too many in the window. */
  async accountMail(userId: number): Promise<MailThrottleRefusal | undefined> {
    const { perAccount, windowSeconds } = this.options.limits;
    const now = this.clock();
    const counted = await this.store.bump('account_mail', String(userId), now, windowSeconds);
    if (counted.count <= perAccount) return undefined;
    return { retryAfter: Math.max(1, Math.ceil(counted.first + windowSeconds - now)) };
  }
}
