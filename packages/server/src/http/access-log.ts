import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { sanitizeUrl } from './logger.js';

/**
 * One access line per request, written when the response is done (Fastify's default writes two,
 * "incoming request" and "request completed", and costs about twice as much on the hot path —
 * see docs/performance.md). Method, sanitized URL, status and time; never headers or bodies.
 */
export const accessLogPlugin = fp(
  (app: FastifyInstance) => {
    app.addHook('onResponse', (request, reply, done) => {
      request.log.info(
        {
          method: request.method,
          url: sanitizeUrl(request.url),
          status: reply.statusCode,
          ms: Math.round(reply.elapsedTime * 10) / 10,
          ip: request.ip,
        },
        'request',
      );
      done();
    });
  },
  { name: 'tessera-access-log', fastify: '5.x' },
);
