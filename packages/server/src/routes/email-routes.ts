import type { AcceptedResponse, ChangeEmailRequest, VerifyEmailRequest } from '@tessera/protocol';
import type { FastifyInstance } from 'fastify';
import { assertMayMail, startEmailChange, verifyEmail } from '../accounts/email-change.js';
import { TesseraError } from '../errors/tessera-error.js';
import { currentAuth } from '../guard/auth-context.js';
import type { TesseraServices } from '../services.js';
import { toUserDto } from '../users/user-dto.js';
import {
  changeEmailSchema,
  resendVerificationSchema,
  verifyEmailSchema,
} from './account-schemas.js';
import { AUTH_BODY_LIMIT } from './auth-routes.js';

const VERIFICATION_SENT: AcceptedResponse = {
  message: 'A verification link is on its way to your address.',
};
const CHANGE_SENT: AcceptedResponse = {
  message:
    'A link is on its way to the new address; your address changes when it is used. Your current address was told.',
};

/**
 * Email verification and change (issue #14): `POST /api/auth/email/verify` (public, the
 * mailed token), `POST /api/auth/email/verification` (resend your own link),
 * `POST /api/auth/email` (change your address: pending until verified).
 */
export function emailRoutes(app: FastifyInstance, services: TesseraServices): void {
  app.post<{ Body: VerifyEmailRequest }>(
    '/api/auth/email/verify',
    { schema: verifyEmailSchema, config: { public: true }, bodyLimit: AUTH_BODY_LIMIT },
    async (request) => toUserDto(await verifyEmail(services, request, request.body.token)),
  );

  app.post(
    '/api/auth/email/verification',
    { schema: resendVerificationSchema, config: { scope: 'profile:write' } },
    async (request, reply) => {
      const { user } = currentAuth(request);
      if (user.isEmailVerified) throw new TesseraError('email_already_verified');
      await assertMayMail(services, user);
      await services.accountMailer.sendVerification(user);
      request.log.info({ event: 'verification_sent', user_id: user.id }, 'verification link sent');
      return reply.code(202).send(VERIFICATION_SENT);
    },
  );

  app.post<{ Body: ChangeEmailRequest }>(
    '/api/auth/email',
    { schema: changeEmailSchema, config: { scope: 'profile:write' }, bodyLimit: AUTH_BODY_LIMIT },
    async (request, reply) => {
      const { user } = currentAuth(request);
      await services.passwords.confirm(request, user, request.body.current_password);
      await startEmailChange(services, request, user, request.body.new_email);
      return reply.code(202).send(CHANGE_SENT);
    },
  );
}
