import type { AddressInfo } from 'node:net';
import cookie from '@fastify/cookie';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { resolveConfig } from '../config/config.js';
import { problemErrorHandler } from '../errors/error-handler.js';
import { defineErrorCodes, registeredErrorCodes } from '../errors/error-registry.js';
import { guardPlugin } from '../guard/guard-plugin.js';
import { authFailureLimitPlugin, DEFAULT_AUTH_FAILURE_LIMIT } from '../http/auth-failure-limit.js';
import { sharedSchemas } from '../http/schemas.js';
import { authRoutes } from '../routes/auth-routes.js';
import { healthRoutes } from '../routes/health-routes.js';
import { jwksRoutes } from '../routes/jwks-routes.js';
import { mfaAdminRoutes } from '../routes/mfa-admin-routes.js';
import { mfaRoutes } from '../routes/mfa-routes.js';
import { emailRoutes } from '../routes/email-routes.js';
import { invitationRoutes } from '../routes/invitation-routes.js';
import { passwordResetRoutes } from '../routes/password-reset-routes.js';
import { passwordRoutes } from '../routes/password-routes.js';
import { passkeyLoginRoutes } from '../routes/passkey-login-routes.js';
import { passkeyMfaRoutes } from '../routes/passkey-mfa-routes.js';
import { passkeyRoutes } from '../routes/passkey-routes.js';
import { oidcIdentityRoutes } from '../routes/oidc-identity-routes.js';
import { oidcRoutes } from '../routes/oidc-routes.js';
import { oidcSatellizerRoutes } from '../routes/oidc-satellizer-routes.js';
import { PASSKEY_SCHEMAS } from '../routes/passkey-schemas.js';
import { refreshRoutes } from '../routes/refresh-routes.js';
import { SESSION_SCHEMAS } from '../routes/session-schemas.js';
import { sessionRoutes } from '../routes/session-routes.js';
import { setupRoutes } from '../routes/setup-routes.js';
import { usersRoutes } from '../routes/users-routes.js';
import type { TesseraApi, TesseraServices } from '../services.js';
import { RedisFailureStore } from '../redis/redis-failure-store.js';
import { createServices } from './create-services.js';
import type { TesseraPluginOptions } from './plugin-options.js';

const systemClock = (): number => Date.now() / 1000;

/** Where the server listens (TCP), once it does: the base of mailed links without a public URL. */
function listeningAddress(app: FastifyInstance): AddressInfo | undefined {
  const address = app.server.listening ? app.server.address() : null;
  return address !== null && typeof address === 'object' ? address : undefined;
}

/** Fails the start when a route requires a scope nobody registered (a typo, or a missing `access`). */
function checkRouteScopes(app: FastifyInstance, services: TesseraServices): void {
  app.addHook('onRoute', (route) => {
    const scope = route.config?.scope;
    if (scope !== undefined && !services.access.isScope(scope)) {
      throw new TypeError(
        `Route ${route.method.toString()} ${route.url} requires the unknown scope "${scope}": add it to the tessera plugin's access.scopes`,
      );
    }
  });
}

function addSharedSchemas(app: FastifyInstance, services: TesseraServices): void {
  const codes = registeredErrorCodes().map(([code]) => code);
  for (const schema of [
    ...sharedSchemas(services.access.roles, codes),
    ...SESSION_SCHEMAS,
    ...PASSKEY_SCHEMAS,
  ] as {
    $id: string;
  }[]) {
    if (app.getSchema(schema.$id) !== undefined) {
      throw new TypeError(
        `A schema with $id "${schema.$id}" is already registered; Tessera needs that id`,
      );
    }
    app.addSchema(schema);
  }
}

/** Tessera's own routes, in a context of their own (their parsers and cookie support stay there). */
async function tesseraRoutes(scope: FastifyInstance, services: TesseraServices): Promise<void> {
  // Request bodies are JSON; a text/plain body is refused (415) rather than read as a string.
  scope.removeContentTypeParser('text/plain');
  // Cookies are parsed only by the refresh and logout routes, never by a hook on every request.
  if (!scope.hasDecorator('parseCookie')) await scope.register(cookie, { hook: false });
  healthRoutes(scope, services);
  jwksRoutes(scope, services);
  authRoutes(scope, services);
  refreshRoutes(scope, services);
  sessionRoutes(scope, services);
  passwordRoutes(scope, services);
  mfaRoutes(scope, services);
  mfaAdminRoutes(scope, services);
  passwordResetRoutes(scope, services);
  emailRoutes(scope, services);
  passkeyRoutes(scope, services);
  passkeyLoginRoutes(scope, services);
  passkeyMfaRoutes(scope, services);
  oidcRoutes(scope, services);
  oidcSatellizerRoutes(scope, services);
  oidcIdentityRoutes(scope, services);
  setupRoutes(scope, services);
  usersRoutes(scope, services);
  invitationRoutes(scope, services);
}

function tesseraApi(services: TesseraServices): TesseraApi {
  return {
    ...services,
    async setupLink(baseUrl) {
      if ((await services.users.count()) > 0) return undefined;
      return services.setup.createLink(baseUrl.replace(/\/+$/, ''));
    },
  };
}

/**
 * Tessera as a Fastify plugin: `await app.register(tessera, options)` adds, to the context it
 * is registered in, the auth routes (`/api/auth/*`, the tutorial's `/api/login`, users,
 * sessions, first-run setup, health), the guard (every route protected unless `public: true`,
 * or only marked routes with `protect: 'marked'`), `request.auth`, `app.tessera` (the stores
 * and services), the shared JSON schemas for OpenAPI, and problem+json errors. Your routes
 * declare their scope with `config: { scope: 'notes:read' }` and read the user with
 * `currentUser(request)`.
 *
 * It leaves your logger, your other hooks and your routes outside its context alone. Register
 * `@fastify/swagger` before it to have its routes in your OpenAPI document (with the `bearer`
 * security scheme: `tesseraOpenApiOptions`).
 *
 * @example
 * ```ts
 * import Fastify from 'fastify';
 * import { currentUser, tessera } from '@tessera/server';
 *
 * const app = Fastify({ logger: true });
 * await app.register(tessera, {
 *   config: { jwtSecret: process.env.JWT_SECRET },
 *   access: { scopes: { 'notes:read': ['user', 'admin'] } },
 * });
 * app.get('/api/notes', { config: { scope: 'notes:read' } }, (request) => ({ owner: currentUser(request).id }));
 * ```
 */
export const tessera = fp(
  async (app: FastifyInstance, options: TesseraPluginOptions) => {
    if (app.prefix !== '') {
      throw new TypeError(
        `tessera: register it without a prefix (here "${app.prefix}"): its routes and the refresh cookie's path are fixed at /api/… by the wire contract; put your own routes under your prefix instead`,
      );
    }
    const config = resolveConfig(options.config ?? {});
    if (options.errors !== undefined) defineErrorCodes(options.errors);
    const protect = options.protect ?? 'all';
    if (protect !== 'all' && protect !== 'marked') {
      throw new TypeError(`tessera: protect must be 'all' or 'marked', not ${String(protect)}`);
    }
    const clock = options.clock ?? systemClock;
    const { services, ownsDatabase } = await createServices(config, options, clock, {
      log: app.log,
      listening: () => listeningAddress(app),
    });
    app.addHook('onClose', async () => {
      await services.mail.close();
      await services.redis?.close();
      await services.tokenKeys.stop();
      if (ownsDatabase) await services.database.close();
    });
    app.decorate('tessera', tesseraApi(services));
    if (options.problemErrors !== false) app.setErrorHandler(problemErrorHandler);
    addSharedSchemas(app, services);
    checkRouteScopes(app, services);
    await app.register(authFailureLimitPlugin, {
      ...DEFAULT_AUTH_FAILURE_LIMIT,
      ...options.authFailureLimit,
      clock,
      protect,
      shared:
        services.redis === undefined
          ? undefined
          : new RedisFailureStore(services.redis.client, config.redisPrefix),
    });
    await app.register(guardPlugin, {
      tokens: services.tokens,
      access: services.access,
      protect,
      users: services.userCache,
      sessions: services.sessionCache,
      clock,
      mfa: services.mfa.policy,
    });
    await app.register((scope) => tesseraRoutes(scope, services));
    await services.hasher.warmUp();
  },
  { name: 'tessera', fastify: '5.x' },
);
