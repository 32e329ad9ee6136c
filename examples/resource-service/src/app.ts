import Fastify, { type FastifyInstance } from 'fastify';
import { isRefusal, tokenCheck, type TokenCheckOptions } from './token-check.js';

/**
 * The resource service: `GET /api/reports` for holders of `profile:read`, answering who asked.
 * Refusals are problem+json with Tessera's codes and messages and an RFC 6750 challenge.
 */
export function buildResourceService(options: TokenCheckOptions): FastifyInstance {
  const app = Fastify({ logger: false });
  const check = tokenCheck(options);
  app.get('/api/reports', async (request, reply) => {
    const result = await check(request.headers.authorization, 'profile:read');
    if (isRefusal(result)) {
      return reply
        .code(result.status)
        .header('content-type', 'application/problem+json')
        .header(
          'www-authenticate',
          result.status === 403
            ? 'Bearer error="insufficient_scope", scope="profile:read"'
            : 'Bearer realm="reports"',
        )
        .send({ status: result.status, code: result.code, message: result.message });
    }
    return { reports: [], for: result.sub };
  });
  return app;
}
