/** Most sessions the view keeps by default; the least recently used go first beyond it. */
export const DEFAULT_SESSION_CACHE_ENTRIES = 10_000;

/** What the guard needs to know about the session an access token names. */
export interface SessionState {
  /** The session's user (0 for an ended session: it admits no one). */
  readonly userId: number;
  /** False once the session has ended (or when there is no such session). */
  readonly active: boolean;
}

/** What {@link SessionCache} reads from the database for a session id. */
export interface StoredSessionState {
  readonly userId: number;
  readonly ended: boolean;
}

/** Options of {@link SessionCache}. */
export interface SessionCacheOptions {
  /** How long an active session may be served after it was read, in seconds; 0: read every time. */
  readonly ttlSeconds: number;
  /**
   * How long an ended session is remembered, in seconds: the longest an access token lives
   * (lifetime plus leeway). After that every token naming it has expired anyway, and a later
   * lookup reads the database again, which still says ended (or no longer has the row).
   */
  readonly endedRetentionSeconds: number;
  /** Most entries kept; default {@link DEFAULT_SESSION_CACHE_ENTRIES}. */
  readonly maxEntries?: number;
  /** Seconds, any origin (the app's clock in tests); default: a monotonic clock. */
  readonly clock?: (() => number) | undefined;
  /**
   * Changes whenever another process commits to the database (SQLite's `PRAGMA data_version`):
   * a change drops every active entry. Without it (PostgreSQL), a session ended by another
   * process is seen once `ttlSeconds` has passed.
   */
  readonly dataVersion?: (() => number) | undefined;
}

interface Entry {
  readonly state: SessionState;
  /** Clock reading before the read that produced `state` began, or when it was marked ended. */
  readonly at: number;
}

const ENDED: SessionState = Object.freeze({ userId: 0, active: false });
const monotonicSeconds = (): number => performance.now() / 1000;

/**
 * The guard's in-memory view of sessions (SECURITY.md D7), so that checking an access token's
 * `sid` on every request costs no database round trip while the answer is known to be current:
 *
 * - a session ended through this process is marked ended here synchronously, before the
 *   ending call answers, and stays so (a session never comes back), so its access tokens are
 *   refused from the very next request, not at their `exp`;
 * - an active entry is served while no other process committed to the SQLite file since it was
 *   read (`data_version`, checked on every lookup) and it is younger than `ttlSeconds` (the
 *   bound, on PostgreSQL, for a session ended by another process, until revocations are
 *   propagated between instances);
 * - a read that was in flight when any session was marked ended is not kept, and answers
 *   "ended" if its own session was;
 * - an unknown session id reads as ended: the database is the truth, and no row means no
 *   session.
 *
 * Bounded (least recently used first). Revocation is keyed on the session id, never on token
 * bytes, so a token re-encoded differently (S12, K10) names the same, ended session.
 *
 * @example
 * ```ts
 * const state = cache.peek(sid) ?? (await cache.load(sid));
 * if (!state.active || state.userId !== userId) refuse();
 * ```
 */
export class SessionCache {
  readonly #read: (id: string) => Promise<StoredSessionState | undefined>;
  readonly #entries = new Map<string, Entry>();
  readonly #ttl: number;
  readonly #endedRetention: number;
  readonly #maxEntries: number;
  readonly #clock: () => number;
  readonly #dataVersion: (() => number) | undefined;
  #seenVersion: number | undefined;
  #generation = 0;
  /** While true, no open session is served from memory or kept (see {@link suspend}). */
  #suspended = false;

  constructor(
    read: (id: string) => Promise<StoredSessionState | undefined>,
    options: SessionCacheOptions,
  ) {
    const {
      ttlSeconds,
      endedRetentionSeconds,
      maxEntries = DEFAULT_SESSION_CACHE_ENTRIES,
    } = options;
    if (!(Number.isFinite(ttlSeconds) && ttlSeconds >= 0)) {
      throw new TypeError('ttlSeconds must be a finite number >= 0');
    }
    if (!(Number.isFinite(endedRetentionSeconds) && endedRetentionSeconds > 0)) {
      throw new TypeError('endedRetentionSeconds must be a finite number > 0');
    }
    if (!Number.isInteger(maxEntries) || maxEntries < 1) {
      throw new TypeError('maxEntries must be an integer >= 1');
    }
    this.#read = read;
    this.#ttl = ttlSeconds;
    this.#endedRetention = endedRetentionSeconds;
    this.#maxEntries = maxEntries;
    this.#clock = options.clock ?? monotonicSeconds;
    this.#dataVersion = options.dataVersion;
    this.#seenVersion = this.#dataVersion?.();
  }

  /** Entries held now (at most `maxEntries`). */
  get size(): number {
    return this.#entries.size;
  }

  /** The session's state if a current entry is held; `undefined` means "not known here". */
  peek(id: string): SessionState | undefined {
    if (this.#dataVersion !== undefined) this.#checkDataVersion(this.#dataVersion());
    const entry = this.#entries.get(id);
    if (entry === undefined) return undefined;
    const age = this.#clock() - entry.at;
    const limit = entry.state.active ? this.#ttl : this.#endedRetention;
    if (!(age >= 0 && age < limit)) {
      this.#entries.delete(id);
      return undefined;
    }
    if (entry.state.active) {
      // Most recently used goes last (Map keeps insertion order).
      this.#entries.delete(id);
      this.#entries.set(id, entry);
    }
    return entry.state;
  }

  /** Reads the session from the database and keeps the answer, unless it went stale meanwhile. */
  async load(id: string): Promise<SessionState> {
    const generation = this.#generation;
    const at = this.#clock();
    const stored = await this.#read(id);
    if (this.#dataVersion !== undefined) this.#checkDataVersion(this.#dataVersion());
    if (stored === undefined || stored.ended) {
      this.#remember(id, { state: ENDED, at: this.#clock() });
      return ENDED;
    }
    if (generation !== this.#generation) {
      // A session was ended while this read ran: never keep it, and honour it if it was this one.
      return this.#entries.get(id)?.state.active === false ? ENDED : activeState(stored.userId);
    }
    const state = activeState(stored.userId);
    if (this.#ttl > 0 && !this.#suspended) this.#remember(id, { state, at });
    return state;
  }

  /** Records that a session ended (called after the ending commits, before it is answered). */
  markEnded(id: string): void {
    this.#generation += 1;
    this.#remember(id, { state: ENDED, at: this.#clock() });
  }

  /** Whether the view is suspended (every open session is read from the database). */
  get suspended(): boolean {
    return this.#suspended;
  }

  /**
   * Suspends the view (`true`: forget every open session, then keep none, so each is read
   * from the database on every request) or resumes it (`false`: forget them again, then keep
   * them as usual). Ended sessions stay known either way: a session never comes back. Used
   * while sessions ended by other instances may go unheard (their Redis link is down).
   */
  suspend(suspended: boolean): void {
    this.#suspended = suspended;
    this.clear();
  }

  /** Forgets every active session (ended ones stay ended). */
  clear(): void {
    this.#generation += 1;
    for (const [id, entry] of this.#entries) {
      if (entry.state.active) this.#entries.delete(id);
    }
  }

  #remember(id: string, entry: Entry): void {
    this.#entries.delete(id);
    this.#entries.set(id, entry);
    if (this.#entries.size > this.#maxEntries) {
      const oldest = this.#entries.keys().next();
      if (oldest.done !== true) this.#entries.delete(oldest.value);
    }
  }

  #checkDataVersion(version: number): void {
    if (version !== this.#seenVersion) {
      this.#seenVersion = version;
      this.clear();
    }
  }
}

function activeState(userId: number): SessionState {
  return Object.freeze({ userId, active: true });
}
