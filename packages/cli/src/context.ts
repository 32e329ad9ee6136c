import { existsSync } from 'node:fs';
import { bundledWebDir } from './web-dir.js';
import {
  createUserStore,
  migrateToLatest,
  openConfiguredDatabase,
  openRevocationPublisher,
  readConfig,
  type Revocation,
  type RevocationPublisher,
  type Database,
  type TesseraConfig,
  type UserStore,
} from '@tessera/server';

/**
 * Loads `.env` from the working folder (without overriding the environment), then the config;
 * the web app defaults to the one bundled with the CLI.
 */
export function loadConfig(): TesseraConfig {
  if (existsSync('.env')) process.loadEnvFile('.env');
  return readConfig(process.env, process.cwd(), { webDir: bundledWebDir() });
}

/**
 * Where the CLI tells running instances about what it revoked: with `TESSERA_REDIS_URL`, Redis
 * (they apply it at once); without it, or when Redis cannot be reached (a warning), nowhere:
 * instances then see the change within `TESSERA_USER_CACHE_TTL` (at once on SQLite).
 */
async function revocationPublisher(
  config: TesseraConfig,
): Promise<RevocationPublisher | undefined> {
  if (config.redisUrl === undefined) return undefined;
  try {
    return await openRevocationPublisher(config.redisUrl, config.redisPrefix);
  } catch {
    process.stderr.write(
      'tessera: Redis cannot be reached: running servers see this change within TESSERA_USER_CACHE_TTL\n',
    );
    return undefined;
  }
}

/**
 * Runs `work` with the migrated database and user store of the configuration, then closes.
 * Every user written and every session ended is published to the running instances (Redis).
 */
export async function withUserStore<T>(
  work: (users: UserStore, config: TesseraConfig, database: Database) => Promise<T>,
): Promise<T> {
  const config = loadConfig();
  const database: Database = await openConfiguredDatabase(config);
  const publisher = await revocationPublisher(config);
  const published: Promise<void>[] = [];
  const publish = (revocation: Revocation): void => {
    if (publisher !== undefined) published.push(publisher.publish(revocation));
  };
  try {
    await migrateToLatest(database);
    const users = createUserStore(database, {
      onWrite: (id) => publish({ users: [id], sessions: [] }),
      onSessionsEnded: (ids) => publish({ users: [], sessions: ids }),
    });
    return await work(users, config, database);
  } finally {
    const results = await Promise.allSettled(published);
    if (results.some((result) => result.status === 'rejected')) {
      process.stderr.write(
        'tessera: a change could not be published to Redis: running servers see it within TESSERA_USER_CACHE_TTL\n',
      );
    }
    await publisher?.close();
    await database.close();
  }
}
