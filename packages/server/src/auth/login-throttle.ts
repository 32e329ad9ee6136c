import { MemoryFailureStore, type FailureStore } from './failure-store.js';

/** Settings of {@link LoginThrottle}; the defaults are the documented policy. */
export interface LoginThrottleOptions {
  /** Failures of one account tolerated in the window before backoff starts. */
  readonly accountFreeFailures: number;
  /** Longest backoff for one account, seconds: the real owner is never locked out for longer. */
  readonly accountMaxDelaySeconds: number;
  /** Failed logins from one IP address in the window before it gets 429. */
  readonly ipMaxFailures: number;
  /** Window over which failures count, seconds. */
  readonly windowSeconds: number;
  /** Most accounts and addresses tracked at once (oldest forgotten first). */
  readonly maxEntries: number;
  /** Seconds since the epoch. */
  readonly clock: () => number;
}

export const DEFAULT_LOGIN_THROTTLE: Omit<LoginThrottleOptions, 'clock'> = {
  accountFreeFailures: 5,
  accountMaxDelaySeconds: 60,
  ipMaxFailures: 20,
  windowSeconds: 15 * 60,
  maxEntries: 100_000,
};

/** What {@link LoginThrottle.check} decided. */
export type ThrottleVerdict =
  | { readonly allowed: true }
  | { readonly allowed: false; readonly scope: 'account' | 'ip'; readonly retryAfter: number };

/**
 * Login throttling (SECURITY.md P14–P17, P19; AuthCS "Login Throttling"):
 * - per account: after `accountFreeFailures` failures in the window, each further attempt must
 *   wait 2^(n − free) seconds after the last failure, capped at `accountMaxDelaySeconds`, so an
 *   attacker gets about one guess a minute and the owner waits a minute at most;
 * - per IP address: `ipMaxFailures` failures in the window, then 429 until the window passes
 *   (password spraying);
 * - a success clears the account's failures.
 * The verdict does not depend on whether the password would be right, so a blocked attempt is no
 * oracle. Failures are counted in a {@link FailureStore}: this process's memory (bounded), or
 * Redis shared by every instance (`TESSERA_REDIS_URL`), so guesses spread over instances count
 * together.
 */
export class LoginThrottle {
  readonly #store: FailureStore;

  constructor(
    readonly options: LoginThrottleOptions,
    store: FailureStore = new MemoryFailureStore(options.maxEntries),
  ) {
    this.#store = store;
  }

  async check(account: string, ip: string): Promise<ThrottleVerdict> {
    const { windowSeconds } = this.options;
    const now = this.options.clock();
    const [byIp, byAccount] = await Promise.all([
      this.#store.get('ip', ip, now, windowSeconds),
      this.#store.get('account', account, now, windowSeconds),
    ]);
    if (byIp && byIp.count >= this.options.ipMaxFailures) {
      return {
        allowed: false,
        scope: 'ip',
        retryAfter: Math.ceil(byIp.first + windowSeconds - now),
      };
    }
    if (byAccount && byAccount.count >= this.options.accountFreeFailures) {
      const delay = Math.min(
        2 ** (byAccount.count - this.options.accountFreeFailures),
        this.options.accountMaxDelaySeconds,
      );
      const wait = byAccount.last + delay - now;
      if (wait > 0) return { allowed: false, scope: 'account', retryAfter: Math.ceil(wait) };
    }
    return { allowed: true };
  }

  async recordFailure(
    account: string,
    ip: string,
  ): Promise<{ readonly accountFailures: number; readonly ipFailures: number }> {
    const { windowSeconds } = this.options;
    const now = this.options.clock();
    const [byAccount, byIp] = await Promise.all([
      this.#store.bump('account', account, now, windowSeconds),
      this.#store.bump('ip', ip, now, windowSeconds),
    ]);
    return { accountFailures: byAccount.count, ipFailures: byIp.count };
  }

  recordSuccess(account: string): Promise<void> {
    return this.#store.clear('account', account);
  }
}
