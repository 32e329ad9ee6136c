/** How long sessions last, in seconds. */
export interface SessionLifetimes {
  /** Absolute: a session ends this long after the login, however it is used. */
  readonly absoluteSeconds: number;
  /** Idle: a session ends when not refreshed for this long (never beyond the absolute end). */
  readonly idleSeconds: number;
}

/**
 * The idle deadline after a login or refresh at `now`: `now + idle`, but never after the
 * absolute end `expiresAt` (both in seconds).
 *
 * @example
 * ```ts
 * idleDeadline(1000, 5000, { absoluteSeconds: 4000, idleSeconds: 600 }); // 1600
 * ```
 */
export function idleDeadline(now: number, expiresAt: number, lifetimes: SessionLifetimes): number {
  return Math.min(now + lifetimes.idleSeconds, expiresAt);
}

/**
 * Checks lifetimes given to the session service.
 *
 * @throws TypeError unless both are finite numbers > 0.
 */
export function checkLifetimes(lifetimes: SessionLifetimes): SessionLifetimes {
  for (const [name, value] of Object.entries(lifetimes)) {
    if (typeof value !== 'number' || !(Number.isFinite(value) && value > 0)) {
      throw new TypeError(`${name} must be a finite number of seconds > 0`);
    }
  }
  return lifetimes;
}
