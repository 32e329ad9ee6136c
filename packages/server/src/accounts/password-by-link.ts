import type { FastifyReply, FastifyRequest } from 'fastify';
import { assertAcceptablePassword } from '../auth/password-policy.js';
import { TesseraError } from '../errors/tessera-error.js';
import type { TesseraServices } from '../services.js';
import { userAgentOf } from '../sessions/session-record.js';
import { sendSessionTokens, sessionResponseContext } from '../sessions/session-response.js';

/** The two links that set a password. */
export interface PasswordLink {
  readonly purpose: 'reset' | 'invitation';
  readonly token: string;
  readonly password: string;
  /** The body field of the password, for the policy's error. */
  readonly field: string;
}

const INVALID = {
  reset: 'reset_token_invalid',
  invitation: 'invitation_token_invalid',
} as const;

/**
 * Sets a password with a mailed link (reset, invitation), and signs this browser in:
 * 1. the new password is checked against the policy before anything else (a weak one leaves
 *    the token usable);
 * 2. the token is looked at, not used: unknown, expired, used, voided, of another purpose, or
 *    for a disabled user (or, for an invitation, one already accepted) → one 400;
 * 3. the password is hashed, then the token used up atomically (a racing use loses: 400);
 * 4. the password is stored and every session of the user ended (their refresh tokens and
 *    access tokens stop working, SECURITY.md L04); the address is now verified (the link
 *    reached it); other reset and invitation links void;
 * 5. a new session starts, answered like a login; for a user with a second factor, the answer
 *    is the login's second step (401 `mfa_required`): a mailbox is not a second factor.
 */
export async function setPasswordByLink(
  services: TesseraServices,
  request: FastifyRequest,
  reply: FastifyReply,
  link: PasswordLink,
): Promise<FastifyReply> {
  const { users, accountTokens, hasher, sessions } = services;
  const invalid = (): TesseraError => new TesseraError(INVALID[link.purpose]);
  assertAcceptablePassword(link.password, link.field);
  const grant = await accountTokens.peek(link.token, link.purpose);
  const user = grant === undefined ? undefined : await users.findById(grant.userId);
  if (user === undefined || !user.isEnabled) throw invalid();
  if (link.purpose === 'invitation' && !user.pendingInvitation) throw invalid();
  const passwordHash = await hasher.hash(link.password);
  if ((await accountTokens.consume(link.token, link.purpose)) === undefined) throw invalid();
  const updated = await users.update(
    user.id,
    { passwordHash, isEmailVerified: true, pendingInvitation: false },
    { endSessions: 'all' },
  );
  if (updated === undefined) throw invalid();
  await accountTokens.voidAll(user.id, ['reset', 'invitation']);
  const event = link.purpose === 'reset' ? 'password_reset' : 'invitation_accepted';
  const message = link.purpose === 'reset' ? 'password reset' : 'invitation accepted';
  if (link.purpose === 'reset') services.accountMailer.notifyPasswordChanged(updated);
  // A mailed link proves the mailbox, not the second factor: a user with one signs in through
  // the second step (401 mfa_required, the password counted as right), like a login.
  const secondStep = await services.mfa.login.challenge(request, updated, true);
  if (secondStep !== undefined) {
    request.log.info({ event, user_id: user.id, second_factor: true }, message);
    throw secondStep;
  }
  const issued = await sessions.start(user.id, userAgentOf(request.headers['user-agent']));
  request.log.info({ event, user_id: user.id, session_id: issued.session.id }, message);
  return sendSessionTokens(reply, sessionResponseContext(services), { user: updated, ...issued });
}
