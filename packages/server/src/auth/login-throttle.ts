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

interface Failures {
  count: number;
  first: number;
  last: number;
}

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
 * oracle. State is in memory and bounded (one instance; Redis sharing comes with scale-out).
 */
export class LoginThrottle {
  readonly #accounts = new Map<string, Failures>();
  readonly #addresses = new Map<string, Failures>();

  constructor(readonly options: LoginThrottleOptions) {}

  check(account: string, ip: string): ThrottleVerdict {
    const now = this.options.clock();
    const byIp = this.#current(this.#addresses, ip, now);
    if (byIp && byIp.count >= this.options.ipMaxFailures) {
      return {
        allowed: false,
        scope: 'ip',
        retryAfter: Math.ceil(byIp.first + this.options.windowSeconds - now),
      };
    }
    const byAccount = this.#current(this.#accounts, account, now);
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

  recordFailure(
    account: string,
    ip: string,
  ): { readonly accountFailures: number; readonly ipFailures: number } {
    const now = this.options.clock();
    return {
      accountFailures: this.#bump(this.#accounts, account, now),
      ipFailures: this.#bump(this.#addresses, ip, now),
    };
  }

  recordSuccess(account: string): void {
    this.#accounts.delete(account);
  }

  #current(map: Map<string, Failures>, key: string, now: number): Failures | undefined {
    const entry = map.get(key);
    if (entry && now - entry.first >= this.options.windowSeconds) {
      map.delete(key);
      return undefined;
    }
    return entry;
  }

  #bump(map: Map<string, Failures>, key: string, now: number): number {
    const entry = this.#current(map, key, now);
    if (entry) {
      entry.count += 1;
      entry.last = now;
      map.delete(key);
      map.set(key, entry);
      return entry.count;
    }
    if (map.size >= this.options.maxEntries) {
      const oldest = map.keys().next();
      if (!oldest.done) map.delete(oldest.value);
    }
    map.set(key, { count: 1, first: now, last: now });
    return 1;
  }
}
