import type { FastifyRequest } from 'fastify';
import { TesseraError } from '../errors/tessera-error.js';
import type { TesseraServices } from '../services.js';
import type { UserRecord } from '../users/user-record.js';
import { canonicalEmail } from '../users/user-store-email.js';
import { UserStoreError } from '../users/user-store-error.js';

/**
 * Starts an email change that stays pending until the link mailed to `newEmail` is used (the
 * account keeps logging in and resetting with its current, proven address meanwhile); the
 * current address is told. The caller has checked the current password. 409 `email_taken` for
 * another user's address; 429 when the user got too many mails lately.
 */
export async function startEmailChange(
  services: TesseraServices,
  request: FastifyRequest,
  user: UserRecord,
  newEmail: string,
): Promise<void> {
  if (canonicalEmail(newEmail) === canonicalEmail(user.email)) {
    throw new TesseraError('validation_failed', 'new_email is already your address');
  }
  const owner = await services.users.findByEmail(newEmail);
  if (owner !== undefined) throw new TesseraError('email_taken');
  await assertMayMail(services, user);
  await services.accountMailer.sendVerification(user, newEmail);
  services.accountMailer.notifyEmailChange(user, newEmail);
  request.log.info({ event: 'email_change_requested', user_id: user.id }, 'email change asked');
}

/** 429 `rate_limited` when the user got too many account mails in the window. */
export async function assertMayMail(services: TesseraServices, user: UserRecord): Promise<void> {
  const refusal = await services.accountMailer.accountMailRefusal(user);
  if (refusal !== undefined) {
    throw new TesseraError('rate_limited', 'Too many messages were sent, try again later', {
      'retry-after': String(refusal.retryAfter),
    });
  }
}

/**
 * Uses a verification token: the address it was sent to is now verified, and, when it is not
 * the account's address, becomes it (an email change), the reset links mailed to the old
 * address void. 400 `verification_token_invalid` for any unusable token or a disabled user;
 * 409 `email_taken` when another account took the address meanwhile.
 */
export async function verifyEmail(
  services: TesseraServices,
  request: FastifyRequest,
  token: string,
): Promise<UserRecord> {
  const { accountTokens, users } = services;
  const grant = await accountTokens.consume(token, 'verify_email');
  const user = grant === undefined ? undefined : await users.findById(grant.userId);
  if (grant === undefined || user === undefined || !user.isEnabled) {
    throw new TesseraError('verification_token_invalid');
  }
  const email = grant.email ?? user.email;
  const changes = canonicalEmail(email) !== canonicalEmail(user.email);
  const updated = await users
    .update(user.id, { isEmailVerified: true, ...(changes ? { email } : {}) })
    .catch((error: unknown) => {
      if (error instanceof UserStoreError) throw new TesseraError(error.code);
      throw error;
    });
  if (updated === undefined) throw new TesseraError('verification_token_invalid');
  if (changes) await accountTokens.voidAll(user.id, ['reset']);
  request.log.info(
    { event: changes ? 'email_changed' : 'email_verified', user_id: user.id },
    changes ? 'email changed' : 'email verified',
  );
  return updated;
}
