import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

/** API responses are data, never documents: nothing may run or frame them. */
const API_CSP = "default-src 'none'; frame-ancestors 'none'";

/**
 * Baseline headers on every response (SECURITY.md W07, W13): `nosniff`, a referrer policy,
 * HSTS when the request came over HTTPS, and on API responses (which carry tokens or personal
 * data) `no-store` unless a route set its own policy, and a CSP that forbids everything (Swagger
 * UI under `/api/docs` keeps its own).
 */
export const securityHeadersPlugin = fp(
  (app: FastifyInstance) => {
    app.addHook('onSend', (request, reply, payload, done) => {
      reply.header('x-content-type-options', 'nosniff');
      if (!reply.hasHeader('referrer-policy')) {
        reply.header('referrer-policy', 'strict-origin-when-cross-origin');
      }
      if (request.protocol === 'https') {
        reply.header('strict-transport-security', 'max-age=31536000; includeSubDomains');
      }
      if (request.url.startsWith('/api/')) {
        if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
        if (!request.url.startsWith('/api/docs')) reply.header('content-security-policy', API_CSP);
      }
      done(null, payload);
    });
  },
  { name: 'tessera-security-headers', fastify: '5.x' },
);
