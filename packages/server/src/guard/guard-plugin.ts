import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { TesseraError } from '../errors/tessera-error.js';
import type { TokenService } from '../token/index.js';
import { TokenVerificationError } from '../token/index.js';
import type { UserStore } from '../users/user-store.js';
import type { AuthContext } from './auth-context.js';
import { authorizationValues, readBearerCredentials } from './bearer-credentials.js';
import { insufficientScope, invalidRequest, unauthorized } from './challenge.js';
import { isScopeGranted } from './scopes.js';

export interface GuardOptions {
  readonly tokens: TokenService;
  readonly users: Pick<UserStore, 'findById'>;
}

const USER_ID = /^[1-9][0-9]{0,15}$/;

function userIdOf(sub: string): number | undefined {
  if (!USER_ID.test(sub)) return undefined;
  const id = Number(sub);
  return Number.isSafeInteger(id) ? id : undefined;
}

function hasQueryToken(request: FastifyRequest): boolean {
  const query = request.query as Record<string, unknown> | undefined;
  return query !== undefined && query !== null && 'access_token' in query;
}

/** Logs one `token rejected` line with the reason (never the token, SECURITY.md G6) and returns `error`. */
function rejected(request: FastifyRequest, reason: string, error: TesseraError): TesseraError {
  request.log.info({ code: error.code, reason }, 'token rejected');
  return error;
}

async function authenticate(request: FastifyRequest, options: GuardOptions): Promise<AuthContext> {
  const credentials = readBearerCredentials(authorizationValues(request.raw.rawHeaders));
  if (credentials.kind === 'duplicate') throw rejected(request, 'duplicate', invalidRequest());
  if (credentials.kind === 'missing') {
    throw rejected(request, 'missing', unauthorized('token_missing', { withError: false }));
  }
  if (credentials.kind === 'other-scheme') {
    throw rejected(request, 'other_scheme', unauthorized('token_invalid', { withError: false }));
  }
  if (hasQueryToken(request)) throw rejected(request, 'two_methods', invalidRequest());
  if (credentials.kind === 'malformed') {
    throw rejected(request, 'malformed_header', unauthorized('token_invalid', { withError: true }));
  }
  let claims;
  try {
    claims = options.tokens.verify(credentials.token);
  } catch (error) {
    if (error instanceof TokenVerificationError) {
      throw rejected(request, error.reason, unauthorized(error.code, { withError: true }));
    }
    throw error;
  }
  const id = userIdOf(claims.sub);
  const user = id === undefined ? undefined : await options.users.findById(id);
  if (user === undefined || !user.isEnabled) {
    throw rejected(request, 'user', unauthorized('token_invalid', { withError: true }));
  }
  return { user, claims };
}

/**
 * The tutorial's `login_required`, applied to every route: a route is protected unless its
 * config says `public: true` (secure by default). On success `request.auth` holds the user as
 * stored now (a disabled or deleted user's token stops working at once) and the claims; a
 * route's `scope` is checked against the user's current role.
 */
export const guardPlugin = fp(
  (app: FastifyInstance, options: GuardOptions) => {
    app.decorateRequest('auth', null);
    app.addHook('onRequest', async (request) => {
      if (request.is404 || request.routeOptions.config.public === true) return;
      const auth = await authenticate(request, options);
      const scope = request.routeOptions.config.scope;
      if (scope !== undefined && !isScopeGranted(scope, auth.user.role, auth.claims.scope)) {
        request.log.info({ code: 'insufficient_scope', scope }, 'scope refused');
        throw insufficientScope(scope);
      }
      request.auth = auth;
    });
  },
  { name: 'tessera-guard', fastify: '5.x' },
);
