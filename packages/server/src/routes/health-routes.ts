import type { FastifyInstance, FastifyRequest } from 'fastify';
import { TesseraError } from '../errors/tessera-error.js';
import type { TesseraServices } from '../services.js';

/** Pings the database; 503 `service_unavailable` with `Retry-After` when it does not answer. */
async function pingDatabase(request: FastifyRequest, services: TesseraServices): Promise<void> {
  try {
    await services.database.ping();
  } catch (error) {
    const code: unknown = Reflect.get(Object(error), 'code');
    request.log.warn(
      { event: 'health_database_unreachable', code: typeof code === 'string' ? code : undefined },
      'database unreachable',
    );
    throw new TesseraError('service_unavailable', 'The database cannot be reached', {
      'retry-after': '1',
    });
  }
}

/**
 * `GET /api/health/live` (public): the process answers. `GET /api/health/ready` (public): the
 * database answers too, so a load balancer may send traffic (while the server shuts down,
 * Fastify answers every new request 503). `GET /api/health` (public): liveness plus database reachability, and, with
 * `TESSERA_REDIS_URL`, the Redis link: `status` is `degraded` (still 200: the server answers
 * correctly, reading the database on every request) while revocations from other instances
 * cannot be heard.
 */
export function healthRoutes(app: FastifyInstance, services: TesseraServices): void {
  app.get(
    '/api/health',
    {
      schema: {
        tags: ['health'],
        summary: 'Liveness, database reachability, the Redis link and whether mail is configured',
        response: {
          200: {
            type: 'object',
            properties: {
              status: { type: 'string', enum: ['ok', 'degraded'] },
              database: { type: 'string' },
              redis: { type: 'string', enum: ['up', 'down'] },
              mail: {
                type: 'string',
                enum: ['configured', 'not_configured'],
                description: 'Whether TESSERA_SMTP_URL is set (not configured is not degraded).',
              },
            },
          },
          503: { $ref: 'Problem#' },
        },
      },
      config: { public: true },
    },
    async (request) => {
      try {
        await services.database.ping();
      } catch (error) {
        const code: unknown = Reflect.get(Object(error), 'code');
        request.log.warn(
          {
            event: 'health_database_unreachable',
            code: typeof code === 'string' ? code : undefined,
          },
          'database unreachable',
        );
        throw new TesseraError('service_unavailable', 'The database cannot be reached', {
          'retry-after': '1',
        });
      }
      const database = services.database.engine;
      const mail = services.mail.configured ? 'configured' : 'not_configured';
      if (services.redis === undefined) return { status: 'ok', database, mail };
      const redis = services.redis.state;
      return { status: redis === 'up' ? 'ok' : 'degraded', database, redis, mail };
    },
  );
  app.get(
    '/api/health/live',
    {
      schema: {
        tags: ['health'],
        summary: 'Liveness: the process answers (no dependency is checked)',
        response: { 200: { type: 'object', properties: { status: { type: 'string' } } } },
      },
      config: { public: true },
    },
    () => ({ status: 'ok' }),
  );
  app.get(
    '/api/health/ready',
    {
      schema: {
        tags: ['health'],
        summary: 'Readiness: the database answers (503 while it does not, and while shutting down)',
        response: {
          200: { type: 'object', properties: { status: { type: 'string' } } },
          503: { $ref: 'Problem#' },
        },
      },
      config: { public: true },
    },
    async (request) => {
      await pingDatabase(request, services);
      return { status: 'ok' };
    },
  );
}
