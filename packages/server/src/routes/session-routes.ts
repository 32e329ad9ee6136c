import type { SessionDto, SessionsResponse } from '@tessera/protocol';
import type { FastifyInstance } from 'fastify';
import { TesseraError } from '../errors/tessera-error.js';
import { currentAuth } from '../guard/auth-context.js';
import { idParamsSchema, protectedErrorResponses } from '../http/schemas.js';
import { clearRefreshCookie } from '../sessions/refresh-cookie.js';
import type { SessionRecord } from '../sessions/session-record.js';
import type { TesseraServices } from '../services.js';
import { sessionIdParamsSchema, sessionsListSchema } from './session-schemas.js';

const security = [{ bearer: [] }];
const noContent = { 204: { type: 'null' }, ...protectedErrorResponses } as const;

function toSessionDto(session: SessionRecord, currentSid: string | undefined): SessionDto {
  return {
    id: session.id,
    created_at: session.createdAt,
    last_used_at: session.lastUsedAt,
    expires_at: session.expiresAt,
    user_agent: session.userAgent,
    current: session.id === currentSid,
  };
}

/**
 * Session management with the bearer token (SECURITY.md §1.E 34, ASVS 7.4.5):
 * `POST /api/auth/logout-all`, `GET /api/auth/sessions`, `DELETE /api/auth/sessions/:id` (own
 * sessions only: any other id answers 404), and the admin's `DELETE /api/users/:id/sessions`.
 * In cookie transport an answer that ends the caller's own session also clears the cookie.
 */
export function sessionRoutes(app: FastifyInstance, services: TesseraServices): void {
  const { sessions, users, config } = services;
  const cookie = config.refreshTransport === 'cookie';

  app.post(
    '/api/auth/logout-all',
    {
      schema: {
        tags: ['sessions'],
        summary: 'End every session of the current user',
        security,
        response: noContent,
      },
      config: { scope: 'profile:write', mfaEnrolment: true },
    },
    async (request, reply) => {
      const { user } = currentAuth(request);
      const ended = await sessions.endAll(user.id, 'logout_all');
      request.log.info(
        { event: 'logout_all', user_id: user.id, sessions_ended: ended },
        'logged out everywhere',
      );
      if (cookie) clearRefreshCookie(reply);
      return reply.code(204).send();
    },
  );

  app.get(
    '/api/auth/sessions',
    { schema: sessionsListSchema, config: { scope: 'profile:read' } },
    async (request): Promise<SessionsResponse> => {
      const { user, claims } = currentAuth(request);
      const list = await sessions.list(user.id);
      return { sessions: list.map((session) => toSessionDto(session, claims.sid)) };
    },
  );

  app.delete<{ Params: { id: string } }>(
    '/api/auth/sessions/:id',
    {
      schema: {
        tags: ['sessions'],
        summary: 'End one of your sessions',
        security,
        params: sessionIdParamsSchema,
        response: { ...noContent, 404: { $ref: 'Problem#' } },
      },
      config: { scope: 'profile:write' },
    },
    async (request, reply) => {
      const { user, claims } = currentAuth(request);
      const session = await sessions.find(request.params.id, user.id);
      if (session === undefined) throw new TesseraError('not_found');
      await sessions.end(session.id, 'ended_by_user', user.id);
      request.log.info(
        { event: 'session_ended', user_id: user.id, session_id: session.id },
        'session ended',
      );
      if (cookie && session.id === claims.sid) clearRefreshCookie(reply);
      return reply.code(204).send();
    },
  );

  app.delete<{ Params: { id: string } }>(
    '/api/users/:id/sessions',
    {
      schema: {
        tags: ['users'],
        summary: 'End every session of a user (admin)',
        security,
        params: idParamsSchema,
        response: { ...noContent, 404: { $ref: 'Problem#' } },
      },
      config: { scope: 'users:write' },
    },
    async (request, reply) => {
      const auth = currentAuth(request);
      const target = await users.findById(Number(request.params.id));
      if (target === undefined) throw new TesseraError('not_found');
      const ended = await sessions.endAll(target.id, 'ended_by_admin');
      request.log.info(
        {
          event: 'sessions_ended_by_admin',
          user_id: target.id,
          by: auth.user.id,
          sessions_ended: ended,
        },
        'sessions ended by an admin',
      );
      if (cookie && target.id === auth.user.id) clearRefreshCookie(reply);
      return reply.code(204).send();
    },
  );
}
