import type { FastifyInstance } from 'fastify';
import { TesseraError } from '../errors/tessera-error.js';
import type { TesseraServices } from '../services.js';
import { AUTH_BODY_LIMIT } from './auth-routes.js';
import { ceremonyOptionsSchema } from './passkey-schemas.js';

/**
 * `POST /api/auth/mfa/webauthn/options {mfa_token}`: options to answer the second step of a
 * login with a passkey (`POST /api/auth/mfa/verify` with `method: "webauthn"`). The challenge is
 * bound to the user of the `mfa_token` (5 minutes, single use); an unknown, used or expired
 * token answers 401 `mfa_token_invalid`.
 */
export function passkeyMfaRoutes(app: FastifyInstance, services: TesseraServices): void {
  const { passkeys, mfa } = services;
  app.post<{ Body: { mfa_token: string } }>(
    '/api/auth/mfa/webauthn/options',
    {
      schema: {
        tags: ['mfa', 'passkeys'],
        summary: 'Options to pass the second step of a login with a passkey',
        body: {
          type: 'object',
          required: ['mfa_token'],
          additionalProperties: false,
          properties: { mfa_token: { type: 'string', maxLength: 512 } },
        },
        response: {
          200: ceremonyOptionsSchema,
          400: { $ref: 'Problem#' },
          401: { $ref: 'Problem#' },
          413: { $ref: 'Problem#' },
          415: { $ref: 'Problem#' },
          429: { $ref: 'Problem#' },
        },
      },
      config: { public: true },
      bodyLimit: AUTH_BODY_LIMIT,
    },
    async (request, reply) => {
      await passkeys.throttle.request(request.ip);
      const user = await mfa.login.userOf(request.body.mfa_token);
      if (user === undefined) throw new TesseraError('mfa_token_invalid');
      const options = await passkeys.authentication.secondFactorOptions(user.id);
      return reply.headers({ 'cache-control': 'no-store' }).send(options);
    },
  );
}
