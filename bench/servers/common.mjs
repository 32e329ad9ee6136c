// Shared by the bench servers: settings from the environment the harness sets, the JSON they all
// serve, and the response schema the Fastify-based ones serialize it with.
import { readFileSync } from 'node:fs';

function required(name) {
  const value = process.env[name];
  if (value === undefined || value === '') throw new Error(`${name} is not set`);
  return value;
}

/** What the harness passes to every peer server. */
export function benchSettings() {
  // Exit cleanly on SIGTERM, so that `node --cpu-prof` writes its profile.
  process.once('SIGTERM', () => process.exit(0));
  return {
    host: '127.0.0.1',
    port: Number(required('BENCH_PORT')),
    /** The exact body of Tessera's `GET /api/users` for the seeded 10 users. */
    payload: JSON.parse(readFileSync(required('BENCH_PAYLOAD'), 'utf8')),
    /** Tessera's TESSERA_JWT_SECRET: its UTF-8 bytes are the HS256 key. */
    secret: required('BENCH_SECRET'),
    issuer: required('BENCH_ISSUER'),
    audience: required('BENCH_AUDIENCE'),
  };
}

/** The path every server serves the static JSON on. */
export const STATIC_PATH = '/api/bench/static';

/**
 * The users page schema (the shape of Tessera's `GET /api/users`), inline, so Fastify compiles
 * the same fast-json-stringify serializer for Tessera's static route and the Fastify peers.
 */
export const pageSchema = {
  type: 'object',
  required: ['users', 'total', 'page', 'per_page'],
  properties: {
    users: {
      type: 'array',
      items: {
        type: 'object',
        required: [
          'id',
          'email',
          'name',
          'is_enabled',
          'is_email_verified',
          'pending_invitation',
          'role',
          'created_at',
          'updated_at',
        ],
        additionalProperties: false,
        properties: {
          id: { type: 'integer' },
          email: { type: 'string' },
          name: { type: 'string' },
          is_enabled: { type: 'boolean' },
          is_email_verified: { type: 'boolean' },
          pending_invitation: { type: 'boolean' },
          role: { type: 'string' },
          created_at: { type: 'string' },
          updated_at: { type: 'string' },
        },
      },
    },
    total: { type: 'integer' },
    page: { type: 'integer' },
    per_page: { type: 'integer' },
  },
};

/** The bearer token of an `Authorization` value, or undefined. */
export function bearerToken(header) {
  if (typeof header !== 'string' || !header.startsWith('Bearer ')) return undefined;
  return header.slice(7);
}

/** Tells the harness the server listens (it also polls the port). */
export function announce(name, address) {
  process.stdout.write(`${name} is listening on ${address}\n`);
}
