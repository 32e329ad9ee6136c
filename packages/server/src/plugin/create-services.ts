import type { FastifyBaseLogger } from 'fastify';
import { AccessPolicy } from '../access/access-policy.js';
import { FirstRunSetup } from '../auth/first-run-setup.js';
import { DEFAULT_LOGIN_THROTTLE, LoginThrottle } from '../auth/login-throttle.js';
import { PasswordCheck } from '../auth/password-check.js';
import { PasswordHasher } from '../auth/password-hasher.js';
import type { TesseraConfig } from '../config/config.js';
import { openConfiguredDatabase } from '../config/open-configured-database.js';
import { migrateToLatest, type Database } from '../db/index.js';
import type { TesseraServices } from '../services.js';
import { createSessions } from '../sessions/create-sessions.js';
import { createTokenService } from '../keys/create-token-service.js';
import { MAX_LEEWAY_SECONDS } from '../token/index.js';
import { createCachedUserStore } from '../users/user-store.js';
import { MemoryFailureStore, type FailureStore } from '../auth/failure-store.js';
import { FallbackFailureStore, RedisFailureStore } from '../redis/redis-failure-store.js';
import { openRedisLink, type RedisLink } from '../redis/redis-link.js';
import { createMfaServices } from '../mfa/mfa-services.js';
import type { TesseraPluginOptions } from './plugin-options.js';
import { createPasskeys } from '../webauthn/passkeys.js';

/** Where login failures are counted: memory, or Redis shared by the instances (memory beside it). */
function failureStore(
  redis: RedisLink | undefined,
  prefix: string,
  maxEntries: number,
): FailureStore {
  const memory = new MemoryFailureStore(maxEntries);
  if (redis === undefined) return memory;
  return new FallbackFailureStore(new RedisFailureStore(redis.client, prefix), memory);
}

/**
 * Opens (or takes) the database, runs Tessera's and the application's migrations, loads or
 * creates the signing secret or keys, and wires the services together on one `clock`.
 */
export async function createServices(
  config: TesseraConfig,
  options: TesseraPluginOptions,
  clock: () => number,
  log: FastifyBaseLogger,
): Promise<{ services: TesseraServices; ownsDatabase: boolean }> {
  const access = AccessPolicy.create(options.access);
  const database: Database = options.database ?? (await openConfiguredDatabase(config));
  let configured: Awaited<ReturnType<typeof createTokenService>>;
  try {
    await migrateToLatest(database, { appMigrations: options.migrations ?? {} });
    configured = await createTokenService(config, database, clock);
  } catch (error) {
    if (options.database === undefined) await database.close();
    throw error;
  }
  // Assigned once connected (below); the session and user hooks publish through it from then on.
  let redis: RedisLink | undefined = undefined;
  const { sessions, sessionCache } = createSessions(database, {
    lifetimes: {
      absoluteSeconds: config.refreshTtlSeconds,
      idleSeconds: config.refreshIdleTtlSeconds,
    },
    // The longest an access token can be accepted: its lifetime plus the largest leeway.
    accessTokenLifeSeconds: config.accessTtlSeconds + MAX_LEEWAY_SECONDS,
    cacheTtlSeconds: config.userCacheTtlSeconds,
    clock,
    // The user cache notices commits by other processes for both views (one check a request).
    watchDataVersion: false,
    onEnded: (ids) => redis?.publish({ users: [], sessions: ids }),
  });
  const { users, userCache } = createCachedUserStore(database, {
    ttlSeconds: config.userCacheTtlSeconds,
    clock,
    onSessionsEnded: (ids) => sessions.markEnded(ids),
    onUserWritten: (id) => redis?.publish({ users: [id], sessions: [] }),
    onExternalChange: () => sessionCache.clear(),
  });
  if (config.redisUrl !== undefined) {
    redis = await openRedisLink({
      url: config.redisUrl,
      prefix: config.redisPrefix,
      userCache,
      sessionCache,
      log,
    });
  }
  const hasher = new PasswordHasher({
    concurrency: config.hashConcurrency,
    queueLimit: config.hashQueueLimit,
  });
  const throttle = config.loginThrottle
    ? new LoginThrottle(
        { ...DEFAULT_LOGIN_THROTTLE, clock },
        failureStore(redis, config.redisPrefix, DEFAULT_LOGIN_THROTTLE.maxEntries),
      )
    : undefined;
  let passwords: PasswordCheck | undefined = undefined;
  const mfa = createMfaServices(config, {
    database,
    access,
    users,
    clock,
    passwords: () => {
      if (passwords === undefined) throw new TypeError('the password check is not built yet');
      return passwords;
    },
  });
  passwords = new PasswordCheck({ users, hasher, throttle, secondFactor: mfa.login });
  const passkeys = createPasskeys({ database, config, users, clock });
  // A user with a passkey has a two-step login too (the passkey as second factor).
  mfa.factors.usePasskeys({ count: (userId) => passkeys.store.countByUser(userId) });
  const services: TesseraServices = {
    config,
    database,
    access,
    users,
    userCache,
    sessions,
    sessionCache,
    tokens: configured.tokens,
    tokenKeys: {
      store: configured.keyStore,
      reload: configured.reloadKeys,
      stop: configured.stop,
    },
    hasher,
    passwords,
    mfa,
    setup: new FirstRunSetup(),
    redis,
    passkeys,
  };
  return { services, ownsDatabase: options.database === undefined };
}
