import type { FastifyReply, FastifyRequest } from 'fastify';
import { TesseraError } from '../errors/tessera-error.js';
import type { OidcFailure } from '../oidc/oidc-failure.js';
import type { TesseraServices } from '../services.js';
import { userAgentOf } from '../sessions/session-record.js';
import { sendSessionTokens, sessionResponseContext } from '../sessions/session-response.js';
import type { UserRecord } from '../users/user-record.js';

/** Logs why a sign-in by provider failed: the reason, never a code, token, secret or state (O19). */
export function logOidcFailure(
  request: FastifyRequest,
  provider: string,
  failure: OidcFailure,
): void {
  request.log.info(
    {
      event: 'oidc_login_failed',
      provider,
      code: failure.code,
      reason: failure.reason,
      ...(failure.userId === undefined ? {} : { user_id: failure.userId }),
    },
    'sign-in by provider failed',
  );
}

/**
 * Signs a user in after a provider vouched for them, exactly like a password login: a user
 * with a second factor gets 401 `mfa_required` (the MFA step finishes it with `amr`
 * `['oidc', …]`); otherwise a session with `amr: ['oidc']` and the login's token response.
 */
export async function sendProviderSession(
  services: TesseraServices,
  request: FastifyRequest,
  reply: FastifyReply,
  user: UserRecord,
): Promise<FastifyReply> {
  if (!user.isEnabled) throw new TesseraError('oidc_account_disabled');
  const secondStep = await services.mfa.login.challenge(request, user, true, 'oidc');
  if (secondStep !== undefined) throw secondStep;
  const issued = await services.sessions.start(
    user.id,
    userAgentOf(request.headers['user-agent']),
    ['oidc'],
  );
  request.log.info(
    { event: 'login', method: 'oidc', user_id: user.id, session_id: issued.session.id },
    'login succeeded',
  );
  return sendSessionTokens(reply, sessionResponseContext(services), { user, ...issued });
}
