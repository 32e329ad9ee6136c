import type { AddressInfo } from 'node:net';
import type { FastifyBaseLogger } from 'fastify';
import { AccountMailer } from '../accounts/account-mailer.js';
import { AccountTokens } from '../accounts/account-tokens.js';
import { DEFAULT_MAIL_THROTTLE, MailThrottle } from '../accounts/mail-throttle.js';
import { linkBase } from '../mail/links.js';
import { LogMailer } from '../mail/log-mailer.js';
import { MailService } from '../mail/mail-service.js';
import type { Mailer } from '../mail/mailer.js';
import { SmtpMailer } from '../mail/smtp-mailer.js';
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
import { OidcService } from '../oidc/oidc-service.js';

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

/** SMTP when `TESSERA_SMTP_URL` is set; else the log (links at `warn`). */
async function openMailer(config: TesseraConfig, log: FastifyBaseLogger): Promise<Mailer> {
  if (config.smtpUrl === undefined) return new LogMailer(log);
  return await SmtpMailer.open(config.smtpUrl, config.mailFrom);
}

/**
 * Opens (or takes) the database, runs Tessera's and the application's migrations, loads or
 * creates the signing secret or keys, and wires the services together on one `clock`.
 */
export async function createServices(
  config: TesseraConfig,
  options: TesseraPluginOptions,
  clock: () => number,
  host: {
    readonly log: FastifyBaseLogger;
    /** Where the server listens, once it does (the base of mailed links without a public URL). */
    readonly listening?: () => AddressInfo | undefined;
  },
): Promise<{ services: TesseraServices; ownsDatabase: boolean }> {
  const { log } = host;
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
  // One store for every counter (login, forgot, account mail, passkey options): keys are per
  // kind, and one Redis outage is one warning line.
  const failures = failureStore(redis, config.redisPrefix, DEFAULT_LOGIN_THROTTLE.maxEntries);
  const throttle = config.loginThrottle
    ? new LoginThrottle({ ...DEFAULT_LOGIN_THROTTLE, clock }, failures)
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
  const mail = new MailService(await openMailer(config, log), log);
  const accountTokens = new AccountTokens(database, clock);
  const mailThrottle = new MailThrottle(failures, clock, {
    requestLimits: config.loginThrottle,
    limits: DEFAULT_MAIL_THROTTLE,
  });
  const accountMailer = new AccountMailer({
    tokens: accountTokens,
    mail,
    throttle: mailThrottle,
    lifetimes: config,
    base: () => linkBase(config, host.listening?.()),
    log,
  });
  const passkeys = createPasskeys({
    database,
    config,
    users,
    clock,
    address: () => host.listening?.() ?? null,
    failures,
  });
  // A user with a passkey has a two-step login too (the passkey as second factor).
  mfa.factors.usePasskeys({ count: (userId) => passkeys.store.countByUser(userId) });
  const oidc = new OidcService({
    config: config.oidc,
    database,
    users,
    hasher,
    clock,
    base: () => linkBase(config, host.listening?.()),
  });
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
    mail,
    accountTokens,
    accountMailer,
    mailThrottle,
    passkeys,
    oidc,
  };
  return { services, ownsDatabase: options.database === undefined };
}
