/**
 * What is counted: failed logins per account or per address, rejected tokens per address, and
 * (issue #14) forgot-password requests per email address and per client address, and account
 * mail per user.
 */
export type FailureKind =
  'account' | 'ip' | 'token' | 'forgot_address' | 'forgot_ip' | 'account_mail' | 'ceremony_ip';

/** The failures of one key in its current window (times in the counter's clock, seconds). */
export interface Failures {
  readonly count: number;
  /** When the window began (its first failure). */
  readonly first: number;
  /** The latest failure. */
  readonly last: number;
}

/**
 * Where failures are counted, per kind and key, in fixed windows that begin at a key's first
 * failure: one process's memory ({@link MemoryFailureStore}) or, with `TESSERA_REDIS_URL`, Redis
 * shared by every instance (with memory as its fallback).
 */
export interface FailureStore {
  /** The key's failures in its current window, or `undefined` (none, or the window is over). */
  get(
    kind: FailureKind,
    key: string,
    now: number,
    windowSeconds: number,
  ): Promise<Failures | undefined>;
  /** Counts one failure at `now` (a window over by then starts again) and returns the total. */
  bump(kind: FailureKind, key: string, now: number, windowSeconds: number): Promise<Failures>;
  /** Forgets the key's failures (a successful login clears its account). */
  clear(kind: FailureKind, key: string): Promise<void>;
}

/** Most keys a {@link MemoryFailureStore} tracks per kind by default (oldest forgotten first). */
export const DEFAULT_FAILURE_ENTRIES = 100_000;

/**
 * Failures in this process's memory: bounded per kind (least recently failed forgotten first),
 * windows checked on read.
 *
 * @example
 * ```ts
 * const store = new MemoryFailureStore();
 * await store.bump('ip', '203.0.113.7', now, 900); // { count: 1, first: now, last: now }
 * ```
 */
export class MemoryFailureStore implements FailureStore {
  readonly #maps = new Map<FailureKind, Map<string, Failures>>();
  readonly #maxEntries: number;

  constructor(maxEntries = DEFAULT_FAILURE_ENTRIES) {
    this.#maxEntries = maxEntries;
  }

  get(
    kind: FailureKind,
    key: string,
    now: number,
    windowSeconds: number,
  ): Promise<Failures | undefined> {
    return Promise.resolve(this.current(kind, key, now, windowSeconds));
  }

  bump(kind: FailureKind, key: string, now: number, windowSeconds: number): Promise<Failures> {
    const map = this.#map(kind);
    const entry = this.current(kind, key, now, windowSeconds);
    const next: Failures =
      entry === undefined
        ? { count: 1, first: now, last: now }
        : { count: entry.count + 1, first: entry.first, last: now };
    map.delete(key);
    if (entry === undefined && map.size >= this.#maxEntries) {
      const oldest = map.keys().next();
      if (oldest.done !== true) map.delete(oldest.value);
    }
    map.set(key, next);
    return Promise.resolve(next);
  }

  clear(kind: FailureKind, key: string): Promise<void> {
    this.#map(kind).delete(key);
    return Promise.resolve();
  }

  /** {@link get} without a promise (for callers on a synchronous path). */
  current(
    kind: FailureKind,
    key: string,
    now: number,
    windowSeconds: number,
  ): Failures | undefined {
    const map = this.#map(kind);
    const entry = map.get(key);
    if (entry !== undefined && now - entry.first >= windowSeconds) {
      map.delete(key);
      return undefined;
    }
    return entry;
  }

  /** Whether nothing of `kind` is tracked (a cheap first check on a hot path). */
  isEmpty(kind: FailureKind): boolean {
    return this.#map(kind).size === 0;
  }

  #map(kind: FailureKind): Map<string, Failures> {
    let map = this.#maps.get(kind);
    if (map === undefined) {
      map = new Map();
      this.#maps.set(kind, map);
    }
    return map;
  }
}
