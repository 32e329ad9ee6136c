import path from 'node:path';
import type { OpenDatabaseOptions } from './database.js';

/** Where {@link resolveDatabaseTarget} decided the data lives. */
export type DatabaseTarget =
  | { readonly engine: 'sqlite'; readonly dataDir: string; readonly file: string }
  | { readonly engine: 'postgres'; readonly url: string };

/** The SQLite file name inside the data folder. */
export const SQLITE_FILE_NAME = 'tessera.sqlite';

const ACCEPTED =
  'use postgres://user:password@host:5432/database (or postgresql://…), or leave it unset for SQLite in the data folder';

/**
 * Chooses the engine from the options: no URL means SQLite in `dataDir`; a `postgres:` or
 * `postgresql:` URL means PostgreSQL. Anything else is a `TypeError` that names the accepted
 * forms and at most the URL's scheme, never the URL (it may hold a password).
 *
 * @example
 * ```ts
 * resolveDatabaseTarget({ dataDir: 'data' }); // { engine: 'sqlite', dataDir: 'data', file: 'data/tessera.sqlite' }
 * resolveDatabaseTarget({ dataDir: 'data', databaseUrl: 'mysql://u:p@h/db' }); // throws TypeError
 * ```
 */
export function resolveDatabaseTarget(options: OpenDatabaseOptions): DatabaseTarget {
  const { databaseUrl, dataDir } = options;
  if (typeof dataDir !== 'string' || dataDir === '') {
    throw new TypeError('dataDir must be a non-empty folder path');
  }
  if (databaseUrl === undefined) {
    return { engine: 'sqlite', dataDir, file: path.join(dataDir, SQLITE_FILE_NAME) };
  }
  const scheme = schemeOf(databaseUrl);
  if (scheme === 'postgres:' || scheme === 'postgresql:') {
    return { engine: 'postgres', url: databaseUrl };
  }
  const shown = scheme === undefined ? 'a value that is not a URL' : `a "${scheme}" URL`;
  throw new TypeError(`Unsupported databaseUrl (${shown}): ${ACCEPTED}`);
}

function schemeOf(url: string): string | undefined {
  if (!URL.canParse(url)) return undefined;
  const { protocol } = new URL(url);
  // Only a short, plain scheme is echoed, so nothing from the rest of the URL can leak.
  return /^[a-z][a-z0-9+.-]{0,20}:$/i.test(protocol) ? protocol.toLowerCase() : undefined;
}
