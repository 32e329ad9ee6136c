import type { FastifyInstance } from 'fastify';
import { checkCredentials } from '../auth/credentials.js';
import { issueTokenResponse, NO_STORE_HEADERS } from '../auth/token-response.js';
import { currentAuth } from '../guard/auth-context.js';
import {
  emailSchema,
  NO_NUL_PATTERN,
  passwordSchema,
  protectedErrorResponses,
} from '../http/schemas.js';
import type { TesseraServices } from '../services.js';
import { toUserDto } from '../users/user-dto.js';

/** Body limit of the auth routes (SECURITY.md D02). */
export const AUTH_BODY_LIMIT = 16 * 1024;

const loginSchema = {
  tags: ['auth'],
  summary: 'Log in with email and password',
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
    200: { $ref: 'TokenResponse#' },
    400: { $ref: 'Problem#' },
    401: { $ref: 'Problem#' },
    413: { $ref: 'Problem#' },
    415: { $ref: 'Problem#' },
    503: { $ref: 'Problem#' },
  },
} as const;

interface LoginBody {
  email: string;
  password: string;
}

/** `POST /api/auth/login` (and the tutorial's `/api/login`) and `GET /api/auth/me`. */
export function authRoutes(app: FastifyInstance, services: TesseraServices): void {
  const login = async (request: { body: LoginBody; log: FastifyInstance['log'] }) => {
    const deps = { users: services.users, hasher: services.hasher, log: request.log };
    const user = await checkCredentials(deps, request.body.email, request.body.password);
    request.log.info({ event: 'login', user_id: user.id }, 'login succeeded');
    return issueTokenResponse(services.tokens, user);
  };
  for (const url of ['/api/auth/login', '/api/login']) {
    app.post<{ Body: LoginBody }>(
      url,
      {
        schema: {
          ...loginSchema,
          ...(url === '/api/login'
            ? { summary: 'Alias of /api/auth/login (the tutorial’s URL)' }
            : {}),
        },
        config: { public: true },
        bodyLimit: AUTH_BODY_LIMIT,
      },
      async (request, reply) => {
        const body = await login(request);
        return reply.headers(NO_STORE_HEADERS).send(body);
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
      config: { scope: 'profile:read' },
    },
    (request) => toUserDto(currentAuth(request).user),
  );
}
