import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { sanitizeUrl } from './logger.js';

/**
 * One access line per request, written when the response is done (Fastify's default writes two,
 * "incoming request" and "request completed", and costs about twice as much on the hot path —
 * see docs/performance.md). Request id, method, sanitized URL, status, time and address; never
 * headers or bodies. Those fixed fields hold no secret, so the line is written by a child of the
 * app's logger without the redaction paths (walking them cost 4 to 5 µs a line); every other
 * line keeps them.
 */
export const accessLogPlugin = fp(
  (app: FastifyInstance) => {
    const access = app.log.child({}, { redact: [] });
    app.addHook('onResponse', (request, reply, done) => {
      access.info(
        {
          reqId: request.id,
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
