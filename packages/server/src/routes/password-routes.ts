import type { ChangePasswordRequest } from '@tessera/protocol';
import type { FastifyInstance } from 'fastify';
import { assertAcceptablePassword } from '../auth/password-policy.js';
import { TesseraError } from '../errors/tessera-error.js';
import { currentAuth } from '../guard/auth-context.js';
import { unauthorized } from '../guard/challenge.js';
import { protectedErrorResponses } from '../http/schemas.js';
import { sendSessionTokens, sessionResponseContext } from '../sessions/session-response.js';
import type { TesseraServices } from '../services.js';
import { AUTH_BODY_LIMIT } from './auth-routes.js';
import { changePasswordBodySchema, tokenResponseRef } from './session-schemas.js';

/**
 * `POST /api/auth/password` (SECURITY.md L03, ASVS 6.2.3, 7.4.3): the current password is
 * required; the new one follows the password policy. Every other session of the user ends in
 * the same transaction as the change; this one goes on with a new access token and a new
 * refresh token (cookie or body), its previous refresh token no longer usable.
 */
export function passwordRoutes(app: FastifyInstance, services: TesseraServices): void {
  const { users, hasher, sessions, passwords } = services;
  const context = sessionResponseContext(services);

  app.post<{ Body: ChangePasswordRequest }>(
    '/api/auth/password',
    {
      schema: {
        tags: ['auth'],
        summary: 'Change your password; your other sessions end',
        security: [{ bearer: [] }],
        body: changePasswordBodySchema,
        response: {
          200: tokenResponseRef(context.transport),
          ...protectedErrorResponses,
          413: { $ref: 'Problem#' },
          415: { $ref: 'Problem#' },
          503: { $ref: 'Problem#' },
        },
      },
      config: { scope: 'profile:write' },
      bodyLimit: AUTH_BODY_LIMIT,
    },
    async (request, reply) => {
      const { user, claims } = currentAuth(request);
      const { current_password: current, new_password: next } = request.body;
      // Cheap checks first: no argon2 work for a refused new password or an overlong current one.
      assertAcceptablePassword(next, 'new_password');
      await passwords.confirm(request, user, current);
      const sid = claims.sid;
      if (sid === undefined) throw unauthorized('token_invalid', { withError: true });
      const updated = await users.update(
        user.id,
        { passwordHash: await hasher.hash(next) },
        { endSessions: { except: sid } },
      );
      if (updated === undefined) throw new TesseraError('not_found');
      const issued = await sessions.rekey(sid, user.id);
      request.log.info(
        { event: 'password_changed', user_id: user.id, session_id: sid },
        'password changed',
      );
      // The session ended while the password changed (a logout in another tab): log in again.
      if (issued === undefined) throw unauthorized('token_invalid', { withError: true });
      return sendSessionTokens(reply, context, { user: updated, ...issued });
    },
  );
}
