import type {
  AcceptedResponse,
  ForgotPasswordRequest,
  ResetPasswordRequest,
} from '@tessera/protocol';
import type { FastifyInstance } from 'fastify';
import { setPasswordByLink } from '../accounts/password-by-link.js';
import { TesseraError } from '../errors/tessera-error.js';
import type { TesseraServices } from '../services.js';
import { canonicalEmail } from '../users/user-store-email.js';
import { forgotPasswordSchema, resetPasswordSchema } from './account-schemas.js';
import { AUTH_BODY_LIMIT } from './auth-routes.js';

/** The one answer of `POST /api/auth/password/forgot`, whoever the address belongs to. */
export const FORGOT_PASSWORD_ANSWER: AcceptedResponse = {
  message:
    'If an account uses this address, a link to reset its password is on its way. It works once, for a limited time.',
};

/**
 * `POST /api/auth/password/forgot` and `POST /api/auth/password/reset` (issue #14, SECURITY.md
 * L04). Forgot answers 202 at once, the same body for a known, unknown or disabled address: the
 * lookup and the mail happen after the answer, so its timing does not depend on the account
 * either. Reset sets the password with the mailed token (see `setPasswordByLink`).
 */
export function passwordResetRoutes(app: FastifyInstance, services: TesseraServices): void {
  const { users, mail, mailThrottle, accountMailer } = services;

  app.post<{ Body: ForgotPasswordRequest }>(
    '/api/auth/password/forgot',
    { schema: forgotPasswordSchema, config: { public: true }, bodyLimit: AUTH_BODY_LIMIT },
    async (request, reply) => {
      const { email } = request.body;
      const refusal = await mailThrottle.forgotRequest(canonicalEmail(email), request.ip);
      if (refusal !== undefined) {
        request.log.warn(
          { event: 'password_reset_throttled', retry_after: refusal.retryAfter },
          'forgot-password request throttled',
        );
        throw new TesseraError('rate_limited', 'Too many reset requests, try again later', {
          'retry-after': String(refusal.retryAfter),
        });
      }
      mail.later(async () => {
        const user = await users.findByEmail(email);
        if (user === undefined || !user.isEnabled) {
          request.log.info(
            {
              event: 'password_reset_not_sent',
              reason: user === undefined ? 'unknown' : 'disabled',
            },
            'no reset link sent',
          );
          return;
        }
        request.log.info(
          { event: 'password_reset_requested', user_id: user.id },
          'reset link asked',
        );
        await accountMailer.sendReset(user);
      });
      return reply.code(202).send(FORGOT_PASSWORD_ANSWER);
    },
  );

  app.post<{ Body: ResetPasswordRequest }>(
    '/api/auth/password/reset',
    {
      schema: resetPasswordSchema(services.config.refreshTransport),
      config: { public: true },
      bodyLimit: AUTH_BODY_LIMIT,
    },
    (request, reply) =>
      setPasswordByLink(services, request, reply, {
        purpose: 'reset',
        token: request.body.token,
        password: request.body.new_password,
        field: 'new_password',
      }),
  );
}
