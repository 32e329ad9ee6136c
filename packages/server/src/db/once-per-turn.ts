import type { Database } from './database.js';

/**
 * `read` behind a memo that lasts one turn of the event loop: the first call of a turn reads,
 * later calls of the same turn get that value, and the memo ends in the turn's check phase
 * (`setImmediate`). Meant for the guard's SQLite change check (`PRAGMA data_version` behind a
 * `pread` of the WAL-index header, 2 to 5 µs under load, asked on every request): requests
 * handled in one turn were read from their sockets in that turn's poll phase, so the check is
 * at most one turn older than any of them (microseconds under load), and the first request of
 * the next turn sees every commit made before that turn began.
 *
 * @example
 * ```ts
 * const version = oncePerTurn(database.dataVersion); // version() reads at most once per turn
 * ```
 */
export function oncePerTurn<T>(read: () => T): () => T {
  let fresh = false;
  let value: T;
  const expire = (): void => {
    fresh = false;
  };
  return () => {
    if (fresh) return value;
    value = read();
    fresh = true;
    setImmediate(expire).unref();
    return value;
  };
}

/**
 * The database's change check as the guard's caches use it: {@link oncePerTurn} over
 * `Database.dataVersion` (SQLite), or undefined where there is none (PostgreSQL).
 */
export function dataVersionOncePerTurn(database: Database): (() => number) | undefined {
  return database.dataVersion === undefined ? undefined : oncePerTurn(database.dataVersion);
}
