import type { PasskeyLoginOptions, PasskeyLoginRequest } from '@tessera/protocol';
import type { FastifyInstance } from 'fastify';
import { TesseraError } from '../errors/tessera-error.js';
import type { TesseraServices } from '../services.js';
import { userAgentOf } from '../sessions/session-record.js';
import { sendSessionTokens, sessionResponseContext } from '../sessions/session-response.js';
import { PasskeyRejection } from '../webauthn/passkey-rejection.js';
import { AUTH_BODY_LIMIT } from './auth-routes.js';
import {
  assertionCredentialSchema,
  ceremonyOptionsSchema,
  emptyBodySchema,
} from './passkey-schemas.js';
import { tokenResponseRef } from './session-schemas.js';

/**
 * Passwordless login with a passkey: `POST /api/auth/passkey/options` hands out a challenge
 * (discoverable credentials, user verification required) and its `challenge_id`;
 * `POST /api/auth/passkey/login` checks the answer and starts a session whose tokens carry
 * `amr: ["webauthn"]`. An unknown passkey, a bad signature, a wrong origin or RP ID, missing
 * user verification, a counter that went back and a disabled user all get one 401
 * `passkey_rejected`; the reason is logged.
 */
export function passkeyLoginRoutes(app: FastifyInstance, services: TesseraServices): void {
  const { authentication } = services.passkeys;
  const context = sessionResponseContext(services);
  const tags = ['passkeys'];

  app.post(
    '/api/auth/passkey/options',
    {
      schema: {
        tags,
        summary: 'Options for a passwordless login with a passkey (5 minutes, single use)',
        body: emptyBodySchema,
        response: {
          200: {
            type: 'object',
            required: ['challenge_id', 'options'],
            additionalProperties: false,
            properties: { challenge_id: { type: 'string' }, options: ceremonyOptionsSchema },
          },
          400: { $ref: 'Problem#' },
          415: { $ref: 'Problem#' },
          429: { $ref: 'Problem#' },
        },
      },
      config: { public: true },
      bodyLimit: AUTH_BODY_LIMIT,
    },
    async (request, reply) => {
      await services.passkeys.throttle.request(request.ip);
      const { challengeId, options } = await authentication.loginOptions();
      const body: PasskeyLoginOptions = { challenge_id: challengeId, options: { ...options } };
      return reply.headers({ 'cache-control': 'no-store' }).send(body);
    },
  );

  app.post<{ Body: PasskeyLoginRequest }>(
    '/api/auth/passkey/login',
    {
      schema: {
        tags,
        summary: 'Log in with a passkey alone (the answer to the passwordless options)',
        body: {
          type: 'object',
          required: ['challenge_id', 'response'],
          additionalProperties: false,
          properties: {
            challenge_id: { type: 'string', minLength: 1, maxLength: 64 },
            response: assertionCredentialSchema,
          },
        },
        response: {
          200: tokenResponseRef(context.transport),
          400: { $ref: 'Problem#' },
          401: { $ref: 'Problem#' },
          413: { $ref: 'Problem#' },
          415: { $ref: 'Problem#' },
        },
      },
      config: { public: true },
      bodyLimit: AUTH_BODY_LIMIT,
    },
    async (request, reply) => {
      let assertion;
      try {
        assertion = await authentication.verifyLogin(
          request.body.challenge_id,
          request.body.response,
        );
      } catch (error) {
        if (!(error instanceof PasskeyRejection)) throw error;
        request.log.info(
          { event: 'passkey_login_failed', reason: error.reason, user_id: error.userId },
          'passkey login failed',
        );
        if (error.reason === 'counter_regression') {
          request.log.warn(
            { event: 'passkey_counter_regression', user_id: error.userId },
            'a passkey signature counter went back: the passkey may be cloned',
          );
        }
        throw new TesseraError('passkey_rejected');
      }
      if (assertion === undefined) throw new TesseraError('passkey_challenge_invalid');
      const { user, passkey } = assertion;
      const issued = await services.sessions.start(
        user.id,
        userAgentOf(request.headers['user-agent']),
        ['webauthn'],
      );
      request.log.info(
        {
          event: 'login',
          method: 'passkey',
          user_id: user.id,
          passkey_id: passkey.id,
          session_id: issued.session.id,
        },
        'login succeeded',
      );
      return sendSessionTokens(reply, context, { user, ...issued });
    },
  );
}
