import type { FastifyInstance } from 'fastify';
import { currentAuth } from '../guard/auth-context.js';
import {
  emailSchema,
  NO_NUL_PATTERN,
  passwordSchema,
  protectedErrorResponses,
} from '../http/schemas.js';
import { userAgentOf } from '../sessions/session-record.js';
import { sendSessionTokens, sessionResponseContext } from '../sessions/session-response.js';
import type { TesseraServices } from '../services.js';
import { toUserDto } from '../users/user-dto.js';
import { tokenResponseRef } from './session-schemas.js';

/** Body limit of the auth routes (SECURITY.md D02). */
export const AUTH_BODY_LIMIT = 16 * 1024;

const loginSchema = {
  tags: ['auth'],
  summary: 'Log in with email and password',
  description:
    'For a user with a second factor (TOTP, passkeys) the answer is 401 `mfa_required` with `mfa_token` and `methods`, whether or not the password was right; finish with `POST /api/auth/mfa/verify`.',
  body: {
    type: 'object',
    required: ['email', 'password'],
    additionalProperties: false,
    properties: {
      email: { type: 'string', maxLength: emailSchema.maxLength, pattern: NO_NUL_PATTERN },
      password: passwordSchema,
    },
  },
  response: {
    400: { $ref: 'Problem#' },
    401: { $ref: 'Problem#' },
    413: { $ref: 'Problem#' },
    415: { $ref: 'Problem#' },
    429: { $ref: 'Problem#' },
    503: { $ref: 'Problem#' },
  },
} as const;

interface LoginBody {
  email: string;
  password: string;
}

/**
 * `POST /api/auth/login` (and the tutorial's `/api/login`) and `GET /api/auth/me`. A login starts
 * a session: the access token carries its `sid`, and the refresh token goes in the HttpOnly
 * cookie (cookie transport) or in the body (`refresh_token`, body transport).
 */
export function authRoutes(app: FastifyInstance, services: TesseraServices): void {
  const { sessions, passwords } = services;
  const context = sessionResponseContext(services);
  for (const url of ['/api/auth/login', '/api/login']) {
    app.post<{ Body: LoginBody }>(
      url,
      {
        schema: {
          ...loginSchema,
          ...(url === '/api/login'
            ? { summary: 'Alias of /api/auth/login (the tutorial’s URL)' }
            : {}),
          response: { ...loginSchema.response, 200: tokenResponseRef(context.transport) },
        },
        config: { public: true },
        bodyLimit: AUTH_BODY_LIMIT,
      },
      async (request, reply) => {
        const user = await passwords.login(request, request.body.email, request.body.password);
        const issued = await sessions.start(user.id, userAgentOf(request.headers['user-agent']));
        request.log.info(
          { event: 'login', user_id: user.id, session_id: issued.session.id },
          'login succeeded',
        );
        return sendSessionTokens(reply, context, { user, ...issued });
      },
    );
  }

  app.get(
    '/api/auth/me',
    {
      schema: {
        tags: ['auth'],
        summary: 'The current user',
        security: [{ bearer: [] }],
        response: { 200: { $ref: 'User#' }, ...protectedErrorResponses },
      },
      config: { scope: 'profile:read', mfaEnrolment: true },
    },
    (request) => toUserDto(currentAuth(request).user),
  );
}
