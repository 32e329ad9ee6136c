import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { canonicalEmail } from '../users/user-store.js';
import type { LoginThrottle } from './login-throttle.js';

/** The login URLs the throttle guards (the canonical one and the tutorial's alias). */
const LOGIN_URLS = new Set(['/api/auth/login', '/api/login']);

export interface LoginThrottlePluginOptions {
  readonly throttle: LoginThrottle;
}

function accountOf(request: FastifyRequest): string | undefined {
  const body = request.body as { email?: unknown } | undefined;
  return typeof body?.email === 'string' ? canonicalEmail(body.email) : undefined;
}

function isLogin(request: FastifyRequest): boolean {
  return request.method === 'POST' && LOGIN_URLS.has(request.routeOptions.url ?? '');
}

/**
 * Applies {@link LoginThrottle} to the login routes: checked after the body is validated and
 * before any password work (429 with `Retry-After`), failures and successes recorded from the
 * answer. A `warn` line `login_throttled` is the documented alerting signal (P17).
 */
export const loginThrottlePlugin = fp(
  (app: FastifyInstance, { throttle }: LoginThrottlePluginOptions) => {
    app.addHook('preHandler', (request, _reply, done) => {
      const account = isLogin(request) ? accountOf(request) : undefined;
      if (account === undefined) return done();
      const verdict = throttle.check(account, request.ip);
      if (verdict.allowed) return done();
      request.log.warn(
        { event: 'login_throttled', scope: verdict.scope, retry_after: verdict.retryAfter },
        'login throttled',
      );
      throttle.assertAllowed(account, request.ip);
      return done();
    });
    app.addHook('onResponse', (request, reply, done) => {
      const account = isLogin(request) ? accountOf(request) : undefined;
      if (account !== undefined) {
        if (reply.statusCode === 200) throttle.recordSuccess(account);
        else if (reply.statusCode === 401) {
          const counts = throttle.recordFailure(account, request.ip);
          request.log.info(
            {
              event: 'login_failure_counted',
              account_failures: counts.accountFailures,
              ip_failures: counts.ipFailures,
            },
            'login failure counted',
          );
        }
      }
      done();
    });
  },
  { name: 'tessera-login-throttle', fastify: '5.x' },
);
