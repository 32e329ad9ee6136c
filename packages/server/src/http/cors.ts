import cors from '@fastify/cors';
import type { FastifyInstance } from 'fastify';

/**
 * CORS for the origins listed in `TESSERA_CORS_ORIGINS`, compared as exact strings (never a
 * prefix, suffix or pattern; `null` and scheme downgrades never match), with `Vary: Origin` and
 * credentials allowed for the cookie endpoints (SECURITY.md W01–W04). With no origin listed,
 * nothing is registered and browsers keep the same-origin policy.
 */
export async function registerCors(
  app: FastifyInstance,
  origins: readonly string[],
): Promise<void> {
  if (origins.length === 0) return;
  const allowed = new Set(origins);
  await app.register(cors, {
    origin: (origin, callback) => callback(null, origin !== undefined && allowed.has(origin)),
    credentials: true,
    methods: ['GET', 'POST', 'PATCH', 'DELETE'],
    allowedHeaders: ['authorization', 'content-type', 'x-tessera-csrf'],
    maxAge: 600,
    strictPreflight: true,
  });
}
