import type { FastifyInstance } from 'fastify';
import { publicJwk } from '../keys/public-jwk.js';
import type { TesseraServices } from '../services.js';

/** How long a resource service may keep the JWKS: a revoked key's tokens pass there at most this long. */
export const JWKS_MAX_AGE_SECONDS = 300;

const jwkSchema = {
  type: 'object',
  properties: {
    kty: { type: 'string' },
    crv: { type: 'string' },
    x: { type: 'string' },
    y: { type: 'string' },
    kid: { type: 'string' },
    alg: { type: 'string' },
    use: { type: 'string' },
  },
  required: ['kty', 'crv', 'x', 'kid', 'alg', 'use'],
  additionalProperties: false,
} as const;

/**
 * `GET /.well-known/jwks.json` (public): the public halves of the `next`, `current` and
 * `previous` keys, with only `kty`, `crv`, `x`, `y`, `kid`, `alg` and `use` (never a private
 * member); empty with HS256 (a secret is never published). Cacheable for
 * {@link JWKS_MAX_AGE_SECONDS}.
 */
export function jwksRoutes(app: FastifyInstance, services: TesseraServices): void {
  app.get(
    '/.well-known/jwks.json',
    {
      schema: {
        tags: ['auth'],
        summary: 'The public keys that verify access tokens (EdDSA or ES256)',
        description: `The keys of TESSERA_SIGNING_ALG EdDSA or ES256: the current one, the next one (published before it signs) and previous ones while their tokens can be alive. Empty with HS256. Cache-Control: public, max-age=${JWKS_MAX_AGE_SECONDS}.`,
        response: {
          200: {
            type: 'object',
            properties: { keys: { type: 'array', items: jwkSchema } },
            required: ['keys'],
          },
        },
      },
      config: { public: true },
    },
    (_request, reply) => {
      const keys = (services.tokens.keySet?.keys ?? []).map((key) => ({
        ...publicJwk(key.publicKey),
        kid: key.kid,
        alg: key.alg,
        use: 'sig',
      }));
      void reply.header('cache-control', `public, max-age=${JWKS_MAX_AGE_SECONDS}`);
      return { keys };
    },
  );
}
