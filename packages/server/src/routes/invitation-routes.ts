import type { AcceptedResponse, AcceptInvitationRequest } from '@tessera/protocol';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { setPasswordByLink } from '../accounts/password-by-link.js';
import { TesseraError } from '../errors/tessera-error.js';
import { currentAuth } from '../guard/auth-context.js';
import { idParamsSchema, protectedErrorResponses } from '../http/schemas.js';
import type { TesseraServices } from '../services.js';
import type { UserRecord } from '../users/user-record.js';
import { UserStoreError } from '../users/user-store-error.js';
import { acceptedSchema, acceptInvitationSchema } from './account-schemas.js';
import { AUTH_BODY_LIMIT } from './auth-routes.js';

const INVITATION_SENT: AcceptedResponse = { message: 'The invitation was sent again.' };
const security = [{ bearer: [] }];
const adminErrors = {
  ...protectedErrorResponses,
  404: { $ref: 'Problem#' },
  409: { $ref: 'Problem#' },
} as const;

/**
 * Invitations (issue #14): an admin creates a user without a password (`POST /api/users`), who
 * gets a link to choose one. `POST /api/users/:id/invitation` sends it again (the older link
 * stops working, and a revoked invitation is open again: the account is enabled);
 * `DELETE /api/users/:id/invitation` revokes it (the link stops working and the account is
 * disabled, kept so that nothing referring to it breaks; delete it to remove it);
 * `POST /api/auth/invitation/accept` sets the password and signs in, the address verified.
 */
export function invitationRoutes(app: FastifyInstance, services: TesseraServices): void {
  const { users, accountTokens, accountMailer } = services;

  const pendingUser = async (request: FastifyRequest<{ Params: { id: string } }>) => {
    const user = await users.findById(Number(request.params.id));
    if (user === undefined) throw new TesseraError('not_found');
    if (!user.pendingInvitation) throw new TesseraError('no_pending_invitation');
    return user;
  };
  const update = async (user: UserRecord, isEnabled: boolean): Promise<UserRecord> => {
    if (user.isEnabled === isEnabled) return user;
    const updated = await users.update(user.id, { isEnabled }).catch((error: unknown) => {
      if (error instanceof UserStoreError) throw new TesseraError(error.code);
      throw error;
    });
    if (updated === undefined) throw new TesseraError('not_found');
    return updated;
  };

  app.post<{ Params: { id: string } }>(
    '/api/users/:id/invitation',
    {
      schema: {
        tags: ['users'],
        summary: 'Send an invitation again (admin); the older link stops working',
        security,
        params: idParamsSchema,
        response: { 202: acceptedSchema, ...adminErrors },
      },
      config: { scope: 'users:write' },
    },
    async (request, reply) => {
      const user = await update(await pendingUser(request), true);
      await accountMailer.sendInvitation(user);
      request.log.info(
        { event: 'invitation_sent', user_id: user.id, by: currentAuth(request).user.id },
        'invitation sent again',
      );
      return reply.code(202).send(INVITATION_SENT);
    },
  );

  app.delete<{ Params: { id: string } }>(
    '/api/users/:id/invitation',
    {
      schema: {
        tags: ['users'],
        summary: 'Revoke an invitation (admin): the link stops working, the account is disabled',
        security,
        params: idParamsSchema,
        response: { 204: { type: 'null' }, ...adminErrors },
      },
      config: { scope: 'users:write' },
    },
    async (request, reply) => {
      const user = await pendingUser(request);
      await accountTokens.voidAll(user.id, ['invitation']);
      await update(user, false);
      request.log.info(
        { event: 'invitation_revoked', user_id: user.id, by: currentAuth(request).user.id },
        'invitation revoked',
      );
      return reply.code(204).send();
    },
  );

  app.post<{ Body: AcceptInvitationRequest }>(
    '/api/auth/invitation/accept',
    {
      schema: acceptInvitationSchema(services.config.refreshTransport),
      config: { public: true },
      bodyLimit: AUTH_BODY_LIMIT,
    },
    (request, reply) =>
      setPasswordByLink(services, request, reply, {
        purpose: 'invitation',
        token: request.body.token,
        password: request.body.password,
        field: 'password',
      }),
  );
}
