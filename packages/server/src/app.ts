import { createServer } from 'node:http';
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import type { DestinationStream } from 'pino';
import { resolveConfig, type TesseraConfig } from './config/config.js';
import type { Database } from './db/index.js';
import { notFoundPlugin } from './errors/error-handler.js';
import { accessLogPlugin } from './http/access-log.js';
import { registerCors } from './http/cors.js';
import { lazyChildLoggerFactory } from './http/lazy-request-logger.js';
import { stdoutLogDestination } from './http/log-destination.js';
import { loggerOptions } from './http/logger.js';
import { registerOpenApi, registerOpenApiRoutes } from './http/openapi.js';
import { sharedSerializerFactory } from './http/shared-serializers.js';
import { sharedValidatorFactory } from './http/shared-validators.js';
import { securityHeadersPlugin } from './http/security-headers.js';
import { isWebAppDir, loadWebApp } from './http/web-app.js';
import type { AuthFailureLimitSettings, TesseraPluginOptions } from './plugin/plugin-options.js';
import { tessera } from './plugin/tessera-plugin.js';

/** Options of {@link buildApp}. */
export interface BuildAppOptions {
  readonly config: TesseraConfig;
  /** An open database; when omitted, one is opened from the config and closed with the app. */
  readonly database?: Database;
  /**
   * Where log lines go (tests capture them); when omitted, standard output, written in batches
   * as `config.logFlushMs` says.
   */
  readonly logStream?: DestinationStream;
  /** Seconds since the epoch, for tests that pin time. */
  readonly clock?: () => number;
  /** Overrides the per-address limit on rejected tokens (D04); tests raise or lower it. */
  readonly authFailureLimit?: AuthFailureLimitSettings;
  /** Roles, scopes, migrations and error codes of the application (see the plugin's options). */
  readonly plugin?: Pick<TesseraPluginOptions, 'access' | 'migrations' | 'errors' | 'protect'>;
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
 * Builds the Tessera product as a Fastify instance, without opening a port: a Fastify server
 * (request timeouts, trusted proxies, pino with redaction), browser security headers, access
 * log, CORS, the OpenAPI document and Swagger UI, the built web app, and the {@link tessera}
 * plugin, which brings the routes, the guard and the stores.
 *
 * @example
 * ```ts
 * const app = await buildApp({ config: readConfig(process.env) });
 * await app.listen({ host: app.tessera.config.host, port: app.tessera.config.port });
 * ```
 */
export async function buildApp(options: BuildAppOptions): Promise<FastifyInstance> {
  const config = resolveConfig(options.config);
  const stdout =
    options.logStream === undefined ? stdoutLogDestination(config.logFlushMs) : undefined;
  const app = Fastify({
    logger: loggerOptions(config.logLevel, options.logStream ?? stdout?.stream),
    logController: new LogController({ disableRequestLogging: true }),
    childLoggerFactory: lazyChildLoggerFactory,
    bodyLimit: BODY_LIMIT,
    serverFactory: (handler) => {
      const timeout = config.requestTimeoutSeconds * 1000;
      // Slow-header and slow-body clients are cut off after `timeout` (D03); Node checks open
      // connections every `connectionsCheckingInterval` (30 s by default: too coarse). Fastify
      // applies its own `keepAliveTimeout` only to servers it creates, so it is set here (Node's
      // default, 5 s, is shorter than the idle timeout of the proxies in front of most servers).
      return createServer(
        {
          requestTimeout: timeout,
          headersTimeout: timeout,
          connectionsCheckingInterval: 1000,
          keepAliveTimeout: config.keepAliveTimeoutSeconds * 1000,
        },
        handler,
      );
    },
    trustProxy: trustProxyOption(config.trustProxy),
    ajv: { customOptions: { coerceTypes: false, removeAdditional: false, allErrors: false } },
    schemaController: {
      compilersFactory: {
        buildSerializer: sharedSerializerFactory(),
        buildValidator: sharedValidatorFactory(),
      },
    },
  });
  app.removeContentTypeParser('text/plain');
  if (stdout !== undefined) app.addHook('onClose', () => stdout.flush());

  await registerOpenApi(app);
  const webApp = isWebAppDir(config.webDir) ? await loadWebApp(config.webDir) : undefined;
  await app.register(notFoundPlugin, webApp ? { appShell: webApp.shell } : {});
  await app.register(securityHeadersPlugin);
  if (config.logRequests) await app.register(accessLogPlugin);
  await registerCors(app, config.corsOrigins);
  await app.register(tessera, {
    ...options.plugin,
    config,
    ...(options.database === undefined ? {} : { database: options.database }),
    ...(options.clock === undefined ? {} : { clock: options.clock }),
    ...(options.authFailureLimit === undefined
      ? {}
      : { authFailureLimit: options.authFailureLimit }),
  });
  await registerOpenApiRoutes(app);
  if (webApp) await webApp.register(app);
  return app;
}
