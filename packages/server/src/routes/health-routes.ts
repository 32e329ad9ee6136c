import type { FastifyInstance } from 'fastify';
import { TesseraError } from '../errors/tessera-error.js';
import type { TesseraServices } from '../services.js';

/** `GET /api/health` (public): liveness plus database reachability. */
export function healthRoutes(app: FastifyInstance, services: TesseraServices): void {
  app.get(
    '/api/health',
    {
      schema: {
        tags: ['health'],
        summary: 'Liveness and database reachability',
        response: {
          200: {
            type: 'object',
            properties: { status: { type: 'string' }, database: { type: 'string' } },
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
        request.log.error({ err: error }, 'database unreachable');
        throw new TesseraError('service_unavailable', 'The database cannot be reached');
      }
      return { status: 'ok', database: services.database.engine };
    },
  );
}
