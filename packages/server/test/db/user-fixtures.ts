import type { Database } from '../../src/db/index.js';
import type { NewUser } from '../../src/users/user-store.js';

/** A clock the test moves by hand; starts at 2025-01-01T00:00:00.000Z. */
export interface ManualClock {
  (): Date;
  /** Moves the clock forward by `ms` milliseconds. */
  advance(ms: number): void;
}

/**
 * A {@link ManualClock} for `createUserStore(database, { clock })`.
 *
 * @example
 * ```ts
 * const clock = manualClock();
 * clock.advance(1000);
 * ```
 */
export function manualClock(start = '2025-01-01T00:00:00.000Z'): ManualClock {
  let now = Date.parse(start);
  const clock = (() => new Date(now)) as ManualClock;
  clock.advance = (ms) => {
    now += ms;
  };
  return clock;
}

/**
 * A valid {@link NewUser} (an enabled `user`), with `overrides` applied.
 *
 * @example
 * ```ts
 * await store.create(newUser({ email: 'ada@example.com', role: 'admin' }));
 * ```
 */
export function newUser(overrides: Partial<NewUser> = {}): NewUser {
  return {
    email: 'user@example.com',
    name: 'A User',
    passwordHash: '$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNo',
    role: 'user',
    isEnabled: true,
    ...overrides,
  };
}

/**
 * Opens `count` pool connections ahead of a race, so the racing transactions start together
 * instead of one after the other while each waits for a new PostgreSQL connection.
 *
 * @example
 * ```ts
 * await warmUp(database, 5);
 * await Promise.allSettled([store.delete(a), store.delete(b)]);
 * ```
 */
export async function warmUp(database: Database, count: number): Promise<void> {
  await Promise.all(Array.from({ length: count }, () => database.ping()));
}
