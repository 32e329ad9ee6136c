import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

/**
 * Baseline headers on every response (SECURITY.md W07): `nosniff`, and `no-store` on API
 * responses, which carry tokens or personal data, unless a route set its own policy.
 */
export const securityHeadersPlugin = fp(
  (app: FastifyInstance) => {
    app.addHook('onSend', async (request, reply) => {
      reply.header('x-content-type-options', 'nosniff');
      if (request.url.startsWith('/api/') && !reply.hasHeader('cache-control')) {
        reply.header('cache-control', 'no-store');
      }
    });
  },
  { name: 'tessera-security-headers', fastify: '5.x' },
);
