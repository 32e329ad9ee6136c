import type { UserRecord } from './user-record.js';

/** Most users the cache keeps by default; the least recently used go first beyond it. */
export const DEFAULT_USER_CACHE_ENTRIES = 10_000;

/** How long an entry is served by default, in seconds. */
export const DEFAULT_USER_CACHE_TTL_SECONDS = 1;

/**
 * Options of {@link UserCache}.
 *
 * @example
 * ```ts
 * const cache = new UserCache((id) => store.findById(id), { ttlSeconds: 1, dataVersion: database.dataVersion });
 * ```
 */
export interface UserCacheOptions {
  /** How long an entry may be served after it was read, in seconds; 0 turns the cache off. */
  readonly ttlSeconds: number;
  /** Most entries kept (least recently used dropped first); default {@link DEFAULT_USER_CACHE_ENTRIES}. */
  readonly maxEntries?: number;
  /** Seconds, any origin (the app's clock in tests); default: a monotonic clock. */
  readonly clock?: (() => number) | undefined;
  /**
   * A value that changes whenever another connection or process commits to the database
   * (SQLite's `PRAGMA data_version`, {@link Database.dataVersion}); a change drops every entry.
   * Without it (PostgreSQL), changes made elsewhere are seen once the TTL has passed.
   */
  readonly dataVersion?: (() => number) | undefined;
  /**
   * Called whenever a change of {@link dataVersion} is noticed (after this cache dropped its
   * entries): the guard's session view is dropped here too, so one check per request serves both.
   */
  readonly onExternalChange?: (() => void) | undefined;
}

interface Entry {
  readonly user: UserRecord;
  /** Clock reading taken before the read that produced `user` began. */
  readonly readAt: number;
}

const monotonicSeconds = (): number => performance.now() / 1000;

/**
 * The guard's view of users: a bounded, in-memory cache in front of `findById`, so an
 * authenticated request needs no database read while the user's state is known to be current.
 *
 * An entry is served only while all of these hold:
 * - no write through this process's store touched the user since it was read (the store calls
 *   {@link invalidate} after each commit, before answering);
 * - on SQLite, no other connection or process committed to the file since then
 *   (`PRAGMA data_version`, checked on every lookup; a change drops the whole cache);
 * - it is younger than `ttlSeconds` (the bound for changes made by another process on
 *   PostgreSQL, until changes are propagated between instances).
 *
 * A read that was in flight when an invalidation happened is used for its own request but not
 * kept, so a stale row can never be cached after the write that replaced it. Users that do not
 * exist are not cached. Entries are frozen copies.
 *
 * @example
 * ```ts
 * const user = cache.peek(id) ?? (await cache.load(id));
 * ```
 */
export class UserCache {
  readonly #read: (id: number) => Promise<UserRecord | undefined>;
  readonly #entries = new Map<number, Entry>();
  readonly #ttl: number;
  readonly #maxEntries: number;
  readonly #clock: () => number;
  readonly #dataVersion: (() => number) | undefined;
  readonly #onExternalChange: (() => void) | undefined;
  #seenVersion: number | undefined;
  /** Bumped by every invalidation: a read started under an older generation is not kept. */
  #generation = 0;
  /** While true, nothing is served from memory or kept (see {@link suspend}). */
  #suspended = false;

  constructor(read: (id: number) => Promise<UserRecord | undefined>, options: UserCacheOptions) {
    const { ttlSeconds, maxEntries = DEFAULT_USER_CACHE_ENTRIES } = options;
    if (!(Number.isFinite(ttlSeconds) && ttlSeconds >= 0)) {
      throw new TypeError('ttlSeconds must be a finite number >= 0');
    }
    if (!Number.isInteger(maxEntries) || maxEntries < 1) {
      throw new TypeError('maxEntries must be an integer >= 1');
    }
    this.#read = read;
    this.#ttl = ttlSeconds;
    this.#maxEntries = maxEntries;
    this.#clock = options.clock ?? monotonicSeconds;
    this.#dataVersion = options.dataVersion;
    this.#onExternalChange = options.onExternalChange;
    this.#seenVersion = this.#dataVersion?.();
  }

  /** Entries held now (at most `maxEntries`). */
  get size(): number {
    return this.#entries.size;
  }

  /** The most entries held. */
  get maxEntries(): number {
    return this.#maxEntries;
  }

  /** The user, if a current entry is cached; `undefined` means "not cached", not "no such user". */
  peek(id: number): UserRecord | undefined {
    if (this.#dataVersion !== undefined) this.#checkDataVersion(this.#dataVersion());
    const entry = this.#entries.get(id);
    if (entry === undefined) return undefined;
    const age = this.#clock() - entry.readAt;
    if (!(age >= 0 && age < this.#ttl)) {
      // Expired, or the clock went back: read again.
      this.#entries.delete(id);
      return undefined;
    }
    // Most recently used goes last (Map keeps insertion order).
    this.#entries.delete(id);
    this.#entries.set(id, entry);
    return entry.user;
  }

  /** Reads the user from the store and caches it, unless an invalidation happened meanwhile. */
  async load(id: number): Promise<UserRecord | undefined> {
    const generation = this.#generation;
    const readAt = this.#clock();
    const user = await this.#read(id);
    if (user === undefined || this.#ttl === 0 || this.#suspended) return user;
    // Another process may have committed while the read ran: drop the cache, keep nothing.
    if (this.#dataVersion !== undefined) this.#checkDataVersion(this.#dataVersion());
    if (generation !== this.#generation) return user;
    const frozen = Object.freeze({ ...user });
    this.#entries.delete(id);
    this.#entries.set(id, { user: frozen, readAt });
    if (this.#entries.size > this.#maxEntries) {
      const oldest = this.#entries.keys().next();
      if (oldest.done !== true) this.#entries.delete(oldest.value);
    }
    return frozen;
  }

  /** Whether the cache is suspended (every lookup reads the database). */
  get suspended(): boolean {
    return this.#suspended;
  }

  /**
   * Suspends the cache (`true`: forget every user, then keep nothing, so every lookup reads
   * the database) or resumes it (`false`: forget every user again, then cache as usual). Used
   * while changes made by other instances may go unheard (their Redis link is down).
   */
  suspend(suspended: boolean): void {
    this.#suspended = suspended;
    this.clear();
  }

  /** Forgets one user (called after a write to it commits). */
  invalidate(id: number): void {
    this.#generation += 1;
    this.#entries.delete(id);
  }

  /** Forgets every user. */
  clear(): void {
    this.#generation += 1;
    this.#entries.clear();
  }

  #checkDataVersion(version: number): void {
    if (version !== this.#seenVersion) {
      this.#seenVersion = version;
      this.clear();
      this.#onExternalChange?.();
    }
  }
}
