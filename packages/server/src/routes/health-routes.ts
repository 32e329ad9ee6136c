import type { FastifyInstance } from 'fastify';
import { TesseraError } from '../errors/tessera-error.js';
import type { TesseraServices } from '../services.js';

/**
 * `GET /api/health` (public): liveness plus database reachability, and, with
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
        summary: 'Liveness, database reachability and the Redis link',
        response: {
          200: {
            type: 'object',
            properties: {
              status: { type: 'string', enum: ['ok', 'degraded'] },
              database: { type: 'string' },
              redis: { type: 'string', enum: ['up', 'down'] },
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
      if (services.redis === undefined) return { status: 'ok', database };
      const redis = services.redis.state;
      return { status: redis === 'up' ? 'ok' : 'degraded', database, redis };
    },
  );
}
