import type { FastifyInstance } from 'fastify';
import { assertAcceptablePassword } from '../auth/password-policy.js';
import { TesseraError } from '../errors/tessera-error.js';
import { emailSchema, nameSchema, passwordSchema } from '../http/schemas.js';
import { userAgentOf } from '../sessions/session-record.js';
import { sendSessionTokens, sessionResponseContext } from '../sessions/session-response.js';
import type { TesseraServices } from '../services.js';
import { AUTH_BODY_LIMIT } from './auth-routes.js';
import { tokenResponseRef } from './session-schemas.js';

interface SetupBody {
  token: string;
  email: string;
  name: string;
  password: string;
}

/**
 * First run: `GET /api/setup` tells whether setup is open; `POST /api/setup` with the token of
 * the printed link creates the first admin and signs them in (a session, as at login). Once any
 * user exists both answer 404 for good.
 */
export function setupRoutes(app: FastifyInstance, services: TesseraServices): void {
  const assertOpen = async (): Promise<void> => {
    if (!services.setup.isOpen || (await services.users.count()) > 0) {
      services.setup.close();
      throw new TesseraError('not_found');
    }
  };

  app.get(
    '/api/setup',
    {
      schema: {
        tags: ['setup'],
        summary: 'Whether first-run setup is open',
        response: {
          200: { type: 'object', properties: { setup_required: { type: 'boolean' } } },
          404: { $ref: 'Problem#' },
        },
      },
      config: { public: true },
    },
    async () => {
      await assertOpen();
      return { setup_required: true };
    },
  );

  app.post<{ Body: SetupBody }>(
    '/api/setup',
    {
      schema: {
        tags: ['setup'],
        summary: 'Create the first admin with the one-time setup token',
        body: {
          type: 'object',
          required: ['token', 'email', 'name', 'password'],
          additionalProperties: false,
          properties: {
            token: { type: 'string', minLength: 1, maxLength: 200 },
            email: emailSchema,
            name: nameSchema,
            password: passwordSchema,
          },
        },
        response: {
          201: tokenResponseRef(services.config.refreshTransport),
          400: { $ref: 'Problem#' },
          401: { $ref: 'Problem#' },
          404: { $ref: 'Problem#' },
        },
      },
      config: { public: true },
      bodyLimit: AUTH_BODY_LIMIT,
    },
    async (request, reply) => {
      await assertOpen();
      if (!services.setup.matches(request.body.token)) {
        request.log.warn({ event: 'setup_refused' }, 'setup token refused');
        throw new TesseraError('setup_token_invalid');
      }
      assertAcceptablePassword(request.body.password);
      const admin = await services.users.createFirstAdmin({
        email: request.body.email,
        name: request.body.name,
        passwordHash: await services.hasher.hash(request.body.password),
      });
      services.setup.close();
      if (admin === undefined) throw new TesseraError('not_found');
      const issued = await services.sessions.start(
        admin.id,
        userAgentOf(request.headers['user-agent']),
      );
      request.log.info(
        { event: 'setup_done', user_id: admin.id, session_id: issued.session.id },
        'first admin created',
      );
      return sendSessionTokens(
        reply,
        sessionResponseContext(services),
        { user: admin, ...issued },
        201,
      );
    },
  );
}
