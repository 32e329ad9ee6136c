import { createServer } from 'node:http';
import cookie from '@fastify/cookie';
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import type { DestinationStream } from 'pino';
import { FirstRunSetup } from './auth/first-run-setup.js';
import { PasswordHasher } from './auth/password-hasher.js';
import {
  DEFAULT_REFRESH_IDLE_TTL_SECONDS,
  DEFAULT_REFRESH_TTL_SECONDS,
  type TesseraConfig,
} from './config/config.js';
import { loadOrCreateSecret } from './config/secret.js';
import { openConfiguredDatabase } from './config/open-configured-database.js';
import { migrateToLatest, type Database } from './db/index.js';
import { errorHandlerPlugin } from './errors/error-handler.js';
import { guardPlugin } from './guard/guard-plugin.js';
import { loggerOptions } from './http/logger.js';
import { registerOpenApi, registerOpenApiRoutes } from './http/openapi.js';
import { SHARED_SCHEMAS } from './http/schemas.js';
import { securityHeadersPlugin } from './http/security-headers.js';
import { accessLogPlugin } from './http/access-log.js';
import { authFailureLimitPlugin, DEFAULT_AUTH_FAILURE_LIMIT } from './http/auth-failure-limit.js';
import { registerCors } from './http/cors.js';
import { DEFAULT_LOGIN_THROTTLE, LoginThrottle } from './auth/login-throttle.js';
import { loginThrottlePlugin } from './auth/login-throttle-plugin.js';
import { isWebAppDir, loadWebApp } from './http/web-app.js';
import { authRoutes } from './routes/auth-routes.js';
import { healthRoutes } from './routes/health-routes.js';
import { passwordRoutes } from './routes/password-routes.js';
import { refreshRoutes } from './routes/refresh-routes.js';
import { SESSION_SCHEMAS } from './routes/session-schemas.js';
import { sessionRoutes } from './routes/session-routes.js';
import { setupRoutes } from './routes/setup-routes.js';
import { usersRoutes } from './routes/users-routes.js';
import type { TesseraServices } from './services.js';
import { createSessions } from './sessions/create-sessions.js';
import { TokenService } from './token/index.js';
import { createCachedUserStore, DEFAULT_USER_CACHE_TTL_SECONDS } from './users/user-store.js';

/** Options of {@link buildApp}. */
export interface BuildAppOptions {
  readonly config: TesseraConfig;
  /** An open database; when omitted, one is opened from the config and closed with the app. */
  readonly database?: Database;
  /** Where log lines go (tests capture them); stdout when omitted. */
  readonly logStream?: DestinationStream;
  /** Seconds since the epoch, for tests that pin time. */
  readonly clock?: () => number;
  /** Overrides the per-address limit on rejected tokens (D04); tests raise or lower it. */
  readonly authFailureLimit?: { readonly maxFailures: number; readonly windowSeconds: number };
}

/** Fastify's `trustProxy` for a hop count, address list or off (the hop count as a function). */
function trustProxyOption(
  setting: boolean | number | string,
): boolean | string | ((address: string, hop: number) => boolean) {
  return typeof setting === 'number' ? (_address, hop) => hop < setting : setting;
}

/** Default body limit of every route (SECURITY.md D02); auth routes set 16 KiB. */
export const BODY_LIMIT = 1024 * 1024;

/**
 * Builds a Tessera API as a Fastify instance, without opening a port: runs the migrations,
 * loads or creates the signing secret, and registers the guard (every route protected unless
 * public), the auth, setup, users and health routes, and the OpenAPI document.
 *
 * @example
 * ```ts
 * const app = await buildApp({ config: readConfig(process.env) });
 * await app.listen({ host: app.tessera.config.host, port: app.tessera.config.port });
 * ```
 */
export async function buildApp(options: BuildAppOptions): Promise<FastifyInstance> {
  const { config } = options;
  const secret = config.jwtSecret ?? (await loadOrCreateSecret(config.dataDir));
  const database = options.database ?? (await openConfiguredDatabase(config));
  await migrateToLatest(database);
  const ttlSeconds = config.userCacheTtlSeconds ?? DEFAULT_USER_CACHE_TTL_SECONDS;
  const { sessions, sessionCache } = createSessions(database, {
    lifetimes: {
      absoluteSeconds: config.refreshTtlSeconds ?? DEFAULT_REFRESH_TTL_SECONDS,
      idleSeconds: config.refreshIdleTtlSeconds ?? DEFAULT_REFRESH_IDLE_TTL_SECONDS,
    },
    // The longest an access token can be accepted: its lifetime plus the largest leeway.
    accessTokenLifeSeconds: config.accessTtlSeconds + 60,
    cacheTtlSeconds: ttlSeconds,
    clock: options.clock,
    // The user cache notices commits by other processes for both views (one check a request).
    watchDataVersion: false,
  });
  const { users, userCache } = createCachedUserStore(database, {
    ttlSeconds,
    clock: options.clock,
    onSessionsEnded: (ids) => sessions.markEnded(ids),
    onExternalChange: () => sessionCache.clear(),
  });

  const services: TesseraServices = {
    config,
    database,
    users,
    userCache,
    sessions,
    sessionCache,
    tokens: new TokenService({
      secret,
      issuer: config.issuer,
      audience: config.audience,
      accessTtlSeconds: config.accessTtlSeconds,
      ...(options.clock === undefined ? {} : { clock: options.clock }),
    }),
    hasher: new PasswordHasher({
      concurrency: config.hashConcurrency,
      queueLimit: config.hashQueueLimit,
    }),
    setup: new FirstRunSetup(),
  };

  const app = Fastify({
    logger: loggerOptions(config.logLevel, options.logStream),
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: BODY_LIMIT,
    serverFactory: (handler) => {
      const timeout = (config.requestTimeoutSeconds ?? 30) * 1000;
      // Slow-header and slow-body clients are cut off after `timeout` (D03); Node checks open
      // connections every `connectionsCheckingInterval` (30 s by default: too coarse).
      return createServer(
        { requestTimeout: timeout, headersTimeout: timeout, connectionsCheckingInterval: 1000 },
        handler,
      );
    },
    trustProxy: trustProxyOption(config.trustProxy ?? false),
    ajv: { customOptions: { coerceTypes: false, removeAdditional: false, allErrors: false } },
  });
  app.decorate('tessera', services);
  app.removeContentTypeParser('text/plain');
  if (options.database === undefined) app.addHook('onClose', () => database.close());

  for (const schema of [...SHARED_SCHEMAS, ...SESSION_SCHEMAS]) app.addSchema(schema);
  await registerOpenApi(app);
  const webApp = isWebAppDir(config.webDir) ? await loadWebApp(config.webDir) : undefined;
  await app.register(errorHandlerPlugin, webApp ? { appShell: webApp.shell } : {});
  await app.register(securityHeadersPlugin);
  if (config.logRequests) await app.register(accessLogPlugin);
  await registerCors(app, config.corsOrigins ?? []);
  if (config.loginThrottle !== false) {
    const clock = options.clock ?? (() => Date.now() / 1000);
    await app.register(loginThrottlePlugin, {
      throttle: new LoginThrottle({ ...DEFAULT_LOGIN_THROTTLE, clock }),
    });
  }
  await app.register(authFailureLimitPlugin, {
    ...DEFAULT_AUTH_FAILURE_LIMIT,
    ...options.authFailureLimit,
    clock: options.clock ?? (() => Date.now() / 1000),
  });
  // Cookies are parsed only by the refresh and logout routes, never by a hook on every request.
  await app.register(cookie, { hook: false });
  await app.register(guardPlugin, {
    tokens: services.tokens,
    users: userCache,
    sessions: sessionCache,
    clock: options.clock,
  });

  healthRoutes(app, services);
  authRoutes(app, services);
  refreshRoutes(app, services);
  sessionRoutes(app, services);
  passwordRoutes(app, services);
  setupRoutes(app, services);
  usersRoutes(app, services);
  await registerOpenApiRoutes(app);
  if (webApp) await webApp.register(app);
  await services.hasher.warmUp();
  return app;
}
