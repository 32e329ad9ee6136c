import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { FailureStore } from '../auth/failure-store.js';
import { TesseraError } from '../errors/tessera-error.js';
import { isPublicRoute } from '../guard/auth-context.js';

/** Settings of {@link authFailureLimitPlugin}. */
export interface AuthFailureLimitOptions {
  /** Rejected tokens (401 on a protected route) one address may cause per window. */
  readonly maxFailures: number;
  readonly windowSeconds: number;
  /** Most addresses tracked at once (oldest forgotten first). */
  readonly maxAddresses: number;
  /** Seconds since the epoch. */
  readonly clock: () => number;
  /** The guard's mode, which tells protected routes from public ones. */
  readonly protect: 'all' | 'marked';
  /**
   * Counters shared by every instance (Redis, `TESSERA_REDIS_URL`): each 401 is counted there
   * too, off the request path, and an address over the limit there is blocked here as well.
   */
  readonly shared?: FailureStore | undefined;
}

export const DEFAULT_AUTH_FAILURE_LIMIT = {
  maxFailures: 300,
  windowSeconds: 60,
  maxAddresses: 50_000,
} as const;

interface Window {
  count: number;
  start: number;
}

/**
 * SECURITY.md D04: an address that keeps sending bad tokens (a flood of forgeries or a broken
 * client) gets 429 `rate_limited` with `Retry-After` on protected routes until its window ends,
 * before any token work. Counted from the answers: every 401 on a non-public route. One map
 * lookup per request; bounded memory. With `shared` counters, the 401s of every instance count
 * together: each instance adds its own there (after answering) and blocks an address as soon as
 * the shared count reaches the limit, so spreading bad tokens over instances gains at most one
 * request per instance.
 */
export const authFailureLimitPlugin = fp(
  (app: FastifyInstance, options: AuthFailureLimitOptions) => {
    const windows = new Map<string, Window>();
    const current = (ip: string, now: number): Window | undefined => {
      const window = windows.get(ip);
      if (window && now - window.start >= options.windowSeconds) {
        windows.delete(ip);
        return undefined;
      }
      return window;
    };
    app.addHook('onRequest', (request, _reply, done) => {
      if (windows.size === 0 || isPublicRoute(request.routeOptions.config, options.protect)) {
        return done();
      }
      const now = options.clock();
      const window = current(request.ip, now);
      if (window && window.count >= options.maxFailures) {
        const retryAfter = Math.max(1, Math.ceil(window.start + options.windowSeconds - now));
        return done(
          new TesseraError('rate_limited', undefined, { 'retry-after': String(retryAfter) }),
        );
      }
      return done();
    });
    app.addHook('onResponse', (request, reply, done) => {
      if (
        reply.statusCode === 401 &&
        !isPublicRoute(request.routeOptions.config, options.protect)
      ) {
        const now = options.clock();
        const { ip } = request;
        const window = current(ip, now);
        if (window) window.count += 1;
        else {
          if (windows.size >= options.maxAddresses) {
            const oldest = windows.keys().next();
            if (!oldest.done) windows.delete(oldest.value);
          }
          windows.set(ip, { count: 1, start: now });
        }
        options.shared?.bump('token', ip, now, options.windowSeconds).then(
          (failures) => {
            if (failures.count < options.maxFailures) return;
            const local = windows.get(ip);
            if (local !== undefined && local.count >= options.maxFailures) return;
            windows.set(ip, { count: failures.count, start: failures.first });
          },
          () => undefined, // Redis is away: this instance's own count still holds.
        );
      }
      done();
    });
  },
  { name: 'tessera-auth-failure-limit', fastify: '5.x' },
);
