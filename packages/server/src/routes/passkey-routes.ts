import type { RegisterPasskeyRequest, RenamePasskeyRequest } from '@tessera/protocol';
import type { FastifyInstance } from 'fastify';
import { TesseraError } from '../errors/tessera-error.js';
import { currentAuth } from '../guard/auth-context.js';
import { protectedErrorResponses } from '../http/schemas.js';
import type { TesseraServices } from '../services.js';
import { toPasskeyDto } from '../webauthn/passkey-dto.js';
import { AUTH_BODY_LIMIT } from './auth-routes.js';
import { confirmRecentLogin } from '../webauthn/recent-login.js';
import {
  ceremonyOptionsSchema,
  reauthenticationBodySchema,
  passkeyNameSchema,
  registrationCredentialSchema,
} from './passkey-schemas.js';

/** An attestation can carry certificates: more room than the other auth routes. */
const REGISTRATION_BODY_LIMIT = 64 * 1024;

const passkeyParamsSchema = {
  type: 'object',
  required: ['id'],
  additionalProperties: false,
  properties: { id: { type: 'string', minLength: 1, maxLength: 64 } },
} as const;

const DEFAULT_NAME = 'Passkey';

/**
 * The signed-in user's passkeys: `POST /api/auth/passkeys/options` (registration options, the
 * challenge kept server-side for this user), `POST /api/auth/passkeys` (the answer: stored
 * under a name), `GET /api/auth/passkeys`, `PATCH /api/auth/passkeys/:id` (rename) and
 * `DELETE /api/auth/passkeys/:id`. Another user's passkey is answered like an unknown one (404).
 */
export function passkeyRoutes(app: FastifyInstance, services: TesseraServices): void {
  const { registration, store } = services.passkeys;
  const tags = ['passkeys'];
  const security = [{ bearer: [] }];

  app.post<{ Body: { current_password?: string } | undefined }>(
    '/api/auth/passkeys/options',
    {
      schema: {
        tags,
        summary: 'Options to register a passkey (5 minutes, single use)',
        security,
        description:
          'A passkey is a way into the account: without `current_password`, the session must have logged in within the last 5 minutes (else 403 `recent_login_required`).',
        body: reauthenticationBodySchema,
        response: {
          200: ceremonyOptionsSchema,
          ...protectedErrorResponses,
          409: { $ref: 'Problem#' },
          429: { $ref: 'Problem#' },
        },
      },
      // A passkey is a second factor: a session limited by TESSERA_MFA_REQUIRED_ROLES may add one.
      config: { scope: 'profile:write', mfaEnrolment: true },
      bodyLimit: AUTH_BODY_LIMIT,
    },
    async (request, reply) => {
      const auth = currentAuth(request);
      await confirmRecentLogin(services, request, auth, request.body?.current_password);
      const options = await registration.options(auth.user);
      return reply.headers({ 'cache-control': 'no-store' }).send(options);
    },
  );

  app.post<{ Body: RegisterPasskeyRequest }>(
    '/api/auth/passkeys',
    {
      schema: {
        tags,
        summary: 'Register a passkey (the answer to the registration options)',
        security,
        body: {
          type: 'object',
          required: ['response'],
          additionalProperties: false,
          properties: { name: passkeyNameSchema, response: registrationCredentialSchema },
        },
        response: {
          201: { $ref: 'Passkey#' },
          ...protectedErrorResponses,
          409: { $ref: 'Problem#' },
          413: { $ref: 'Problem#' },
          415: { $ref: 'Problem#' },
        },
      },
      config: { scope: 'profile:write', mfaEnrolment: true },
      bodyLimit: REGISTRATION_BODY_LIMIT,
    },
    async (request, reply) => {
      const { user } = currentAuth(request);
      const name = request.body.name?.trim() ?? DEFAULT_NAME;
      const passkey = await registration.verify(user, name, request.body.response);
      request.log.info(
        { event: 'passkey_registered', user_id: user.id, passkey_id: passkey.id },
        'passkey registered',
      );
      return reply.code(201).send(toPasskeyDto(passkey));
    },
  );

  app.get(
    '/api/auth/passkeys',
    {
      schema: {
        tags,
        summary: 'Your passkeys',
        security,
        response: {
          200: { type: 'array', items: { $ref: 'Passkey#' } },
          ...protectedErrorResponses,
        },
      },
      config: { scope: 'profile:read', mfaEnrolment: true },
    },
    async (request) => (await store.listByUser(currentAuth(request).user.id)).map(toPasskeyDto),
  );

  app.patch<{ Params: { id: string }; Body: RenamePasskeyRequest }>(
    '/api/auth/passkeys/:id',
    {
      schema: {
        tags,
        summary: 'Rename one of your passkeys',
        security,
        params: passkeyParamsSchema,
        body: {
          type: 'object',
          required: ['name'],
          additionalProperties: false,
          properties: { name: passkeyNameSchema },
        },
        response: {
          200: { $ref: 'Passkey#' },
          ...protectedErrorResponses,
          404: { $ref: 'Problem#' },
        },
      },
      config: { scope: 'profile:write' },
      bodyLimit: AUTH_BODY_LIMIT,
    },
    async (request) => {
      const { user } = currentAuth(request);
      const renamed = await store.rename(user.id, request.params.id, request.body.name.trim());
      if (renamed === undefined) throw new TesseraError('not_found');
      return toPasskeyDto(renamed);
    },
  );

  app.delete<{ Params: { id: string } }>(
    '/api/auth/passkeys/:id',
    {
      schema: {
        tags,
        summary: 'Remove one of your passkeys',
        security,
        params: passkeyParamsSchema,
        response: {
          204: { type: 'null' },
          ...protectedErrorResponses,
          404: { $ref: 'Problem#' },
        },
      },
      config: { scope: 'profile:write' },
    },
    async (request, reply) => {
      const { user } = currentAuth(request);
      if (!(await store.remove(user.id, request.params.id))) throw new TesseraError('not_found');
      request.log.info(
        { event: 'passkey_removed', user_id: user.id, passkey_id: request.params.id },
        'passkey removed',
      );
      return reply.code(204).send();
    },
  );
}
