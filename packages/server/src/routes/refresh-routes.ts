import type { FastifyInstance, FastifyRequest, onRequestHookHandler } from 'fastify';
import { sendProblem } from '../errors/problem.js';
import { authorizationValues, readBearerCredentials } from '../guard/bearer-credentials.js';
import { assertSameOriginCall } from '../sessions/csrf.js';
import { clearRefreshCookie, readRefreshCookie } from '../sessions/refresh-cookie.js';
import { sendSessionTokens, sessionResponseContext } from '../sessions/session-response.js';
import type { RefreshOutcome } from '../sessions/sessions.js';
import type { TesseraServices } from '../services.js';
import { TokenVerificationError } from '../token/index.js';
import { AUTH_BODY_LIMIT } from './auth-routes.js';
import { logoutBodySchema, refreshBodySchema, tokenResponseRef } from './session-schemas.js';

interface RefreshBody {
  refresh_token?: string;
}

/** Logs a refused refresh: a reuse that ended a session is a security event (`warn`). */
function logRefused(
  request: FastifyRequest,
  outcome: Extract<RefreshOutcome, { kind: 'refused' }>,
): void {
  const fields = {
    event: 'refresh_refused',
    reason: outcome.reason,
    session_id: outcome.sessionId,
    user_id: outcome.userId,
    session_ended: outcome.ended !== undefined,
  };
  if (outcome.reason === 'reuse') {
    request.log.warn({ ...fields, event: 'refresh_token_reuse' }, 'refresh token reused');
  } else {
    request.log.info(fields, 'refresh refused');
  }
}

/**
 * The two endpoints a browser reaches with the refresh cookie alone (SECURITY.md D6, D10, W05):
 *
 * - `POST /api/auth/refresh` rotates the refresh token (cookie, or `{"refresh_token"}` in body
 *   transport) and answers like login; any failure is 401 `token_invalid` (and the cookie is
 *   cleared). An access token is never a credential here.
 * - `POST /api/auth/logout` ends the session named by the bearer token and/or the refresh token
 *   (cookie, or body transport's `refresh_token`), clears the cookie, and answers 204 whether
 *   or not anything was still open.
 *
 * With the cookie, both first pass {@link assertSameOriginCall} (before the body is read), so
 * a cross-site form or `no-cors` fetch changes nothing.
 */
export function refreshRoutes(app: FastifyInstance, services: TesseraServices): void {
  const { sessions, config } = services;
  const context = sessionResponseContext(services);
  const { transport } = context;
  const allowedOrigins = new Set(config.corsOrigins);
  const cookie = transport === 'cookie';

  app.post<{ Body: RefreshBody }>(
    '/api/auth/refresh',
    {
      schema: {
        tags: ['auth'],
        summary: 'Rotate the refresh token and get a new access token',
        description: cookie
          ? 'Cookie transport: the HttpOnly refresh cookie, `X-Tessera-CSRF: 1` and the body `{}`.'
          : 'Body transport: `{"refresh_token"}`; the answer carries the next one.',
        body: refreshBodySchema(transport),
        response: {
          200: tokenResponseRef(transport),
          400: { $ref: 'Problem#' },
          401: { $ref: 'Problem#' },
          403: { $ref: 'Problem#' },
          413: { $ref: 'Problem#' },
          415: { $ref: 'Problem#' },
        },
      },
      config: { public: true },
      bodyLimit: AUTH_BODY_LIMIT,
      ...(cookie ? { onRequest: csrfHook(allowedOrigins, () => true) } : {}),
    },
    async (request, reply) => {
      const presented = cookie ? readRefreshCookie(request) : request.body.refresh_token;
      const outcome = await sessions.refresh(presented);
      if (outcome.kind === 'refused') {
        logRefused(request, outcome);
        if (cookie) clearRefreshCookie(reply);
        return sendProblem(reply, 'token_invalid');
      }
      request.log.info(
        { event: 'refresh', session_id: outcome.session.id, user_id: outcome.user.id },
        'session refreshed',
      );
      return sendSessionTokens(reply, context, outcome);
    },
  );

  app.post<{ Body: RefreshBody }>(
    '/api/auth/logout',
    {
      schema: {
        tags: ['auth'],
        summary: 'End this session',
        description:
          'Ends the session of the bearer token and/or of the refresh token (cookie, or `refresh_token` in body transport). The body may be omitted. Always 204.',
        body: logoutBodySchema(transport),
        response: {
          204: { type: 'null' },
          400: { $ref: 'Problem#' },
          403: { $ref: 'Problem#' },
          415: { $ref: 'Problem#' },
        },
      },
      config: { public: true },
      bodyLimit: AUTH_BODY_LIMIT,
      // Only a call that carries the cookie is cookie-authenticated; a bearer alone is not.
      onRequest: csrfHook(
        allowedOrigins,
        (request) => cookie && readRefreshCookie(request) !== undefined,
      ),
      preValidation: (request, _reply, done) => {
        // A bare `POST` with only `Authorization` (a client without refresh) has no body.
        request.body ??= {};
        done();
      },
    },
    async (request, reply) => {
      const ended = await endPresentedSessions(request, services, cookie);
      request.log.info({ event: 'logout', sessions_ended: ended }, 'logged out');
      if (cookie) clearRefreshCookie(reply);
      return reply.code(204).send();
    },
  );
}

/**
 * A route `onRequest` hook running {@link assertSameOriginCall} when `applies` says so: before
 * the body is even read, so a refused call costs nothing and changes nothing.
 */
function csrfHook(
  allowed: ReadonlySet<string>,
  applies: (request: FastifyRequest) => boolean,
): onRequestHookHandler {
  return (request, _reply, done) => {
    if (applies(request)) assertSameOriginCall(request, allowed);
    done();
  };
}

/** Ends the sessions the logout request names; returns how many this call ended. */
async function endPresentedSessions(
  request: FastifyRequest<{ Body: RefreshBody }>,
  services: TesseraServices,
  cookie: boolean,
): Promise<number> {
  const { sessions, tokens } = services;
  let ended = 0;
  const credentials = readBearerCredentials(authorizationValues(request.raw.rawHeaders));
  if (credentials.kind === 'bearer') {
    try {
      const claims = tokens.verify(credentials.token);
      const userId = Number(claims.sub);
      // Only the token's own session, of its own user: a sid never ends another user's session.
      if (claims.sid !== undefined && Number.isSafeInteger(userId) && userId > 0) {
        if (await sessions.end(claims.sid, 'logout', userId)) ended += 1;
      }
    } catch (error) {
      if (!(error instanceof TokenVerificationError)) throw error;
      // An invalid or expired bearer names nothing to end: logout stays a 204.
    }
  }
  const refreshToken = cookie ? readRefreshCookie(request) : request.body.refresh_token;
  const session = await sessions.sessionOfRefreshToken(refreshToken);
  if (session !== undefined && (await sessions.end(session.id, 'logout'))) ended += 1;
  return ended;
}
