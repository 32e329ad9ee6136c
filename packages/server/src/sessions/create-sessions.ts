import type { Database } from '../db/database.js';
import { dataVersionOncePerTurn } from '../db/once-per-turn.js';
import { SessionCache } from './session-cache.js';
import type { SessionLifetimes } from './session-lifetimes.js';
import { readSessionState } from './session-queries.js';
import { Sessions } from './sessions.js';

/** Options of {@link createSessions}. */
export interface CreateSessionsOptions {
  readonly lifetimes: SessionLifetimes;
  /** The access-token lifetime plus the verifier's largest leeway, in seconds. */
  readonly accessTokenLifeSeconds: number;
  /** How long the guard may serve an open session from memory (`TESSERA_USER_CACHE_TTL`). */
  readonly cacheTtlSeconds: number;
  /** Seconds since the epoch (the app's clock); default: the system clock. */
  readonly clock?: (() => number) | undefined;
  /**
   * Whether the session view watches `PRAGMA data_version` itself. The app leaves it off and
   * has the user cache, which the guard consults first on every request, drop the session view
   * when it notices a commit by another process (`UserCacheOptions.onExternalChange`): one
   * WAL-index read per request serves both. Default: true.
   */
  readonly watchDataVersion?: boolean;
  /** Told the ids of the sessions this process ended (see `SessionsOptions.onEnded`). */
  readonly onEnded?: ((ids: readonly string[]) => void) | undefined;
}

const systemClock = (): number => Date.now() / 1000;

/**
 * The {@link Sessions} service and the guard's {@link SessionCache} over one database, wired
 * together: every session the service ends is marked ended in the cache at once, and on SQLite
 * sessions ended by other processes are noticed through `PRAGMA data_version` (the WAL-index
 * header), exactly as in the user cache, or by it (see `watchDataVersion`).
 *
 * @example
 * ```ts
 * const { sessions, sessionCache } = createSessions(database, { lifetimes, accessTokenLifeSeconds: 960, cacheTtlSeconds: 1 });
 * ```
 */
export function createSessions(
  database: Database,
  options: CreateSessionsOptions,
): { readonly sessions: Sessions; readonly sessionCache: SessionCache } {
  const sessionCache = new SessionCache((id) => readSessionState(database.db, id), {
    ttlSeconds: options.cacheTtlSeconds,
    endedRetentionSeconds: options.accessTokenLifeSeconds,
    clock: options.clock,
    dataVersion: options.watchDataVersion === false ? undefined : dataVersionOncePerTurn(database),
  });
  const sessions = new Sessions({
    database,
    cache: sessionCache,
    lifetimes: options.lifetimes,
    clock: options.clock ?? systemClock,
    retentionSeconds: options.accessTokenLifeSeconds,
    onEnded: options.onEnded,
  });
  return { sessions, sessionCache };
}
