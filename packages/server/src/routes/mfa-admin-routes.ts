import type { FastifyInstance } from 'fastify';
import { TesseraError } from '../errors/tessera-error.js';
import { currentAuth } from '../guard/auth-context.js';
import { idParamsSchema, protectedErrorResponses } from '../http/schemas.js';
import type { TesseraServices } from '../services.js';

/**
 * `DELETE /api/users/:id/mfa` (admin): removes a user's TOTP factor, recovery codes and passkeys, for a
 * user who lost both (their next login is one step again; they can enrol anew). Their sessions
 * end, since whoever holds one may be the reason for the reset.
 */
export function mfaAdminRoutes(app: FastifyInstance, services: TesseraServices): void {
  const { users, sessions, mfa } = services;
  app.delete<{ Params: { id: string } }>(
    '/api/users/:id/mfa',
    {
      schema: {
        tags: ['mfa'],
        summary:
          "Remove a user's second factors (TOTP, recovery codes, passkeys; admin); their sessions end",
        security: [{ bearer: [] }],
        params: idParamsSchema,
        response: { 204: { type: 'null' }, ...protectedErrorResponses, 404: { $ref: 'Problem#' } },
      },
      config: { scope: 'users:write' },
    },
    async (request, reply) => {
      const auth = currentAuth(request);
      const target = await users.findById(Number(request.params.id));
      if (target === undefined) throw new TesseraError('not_found');
      await mfa.totp.remove(target.id);
      // Passkeys are second factors too: a user who lost their devices logs in with the password.
      const passkeysRemoved = await services.passkeys.store.removeAllOf(target.id);
      const ended = await sessions.endAll(target.id, 'ended_by_admin');
      request.log.info(
        {
          event: 'mfa_reset',
          user_id: target.id,
          by: auth.user.id,
          sessions_ended: ended,
          passkeys_removed: passkeysRemoved,
        },
        'second factor removed by an admin',
      );
      return reply.code(204).send();
    },
  );
}
