import type { FastifyBaseLogger } from 'fastify';
import { TesseraError } from '../errors/tessera-error.js';
import type { UserRecord, UserStore } from '../users/user-store.js';
import type { PasswordHasher } from './password-hasher.js';
import { isOverlongPassword } from './password-policy.js';

export interface CredentialCheckDeps {
  readonly users: Pick<UserStore, 'findByEmail' | 'update'>;
  readonly hasher: PasswordHasher;
  readonly log: FastifyBaseLogger;
}

/**
 * Checks an email and password. Unknown email, wrong password and disabled account all end in
 * the same 401 `invalid_credentials`, after the same argon2 work (a dummy hash for the first
 * and last), so neither the answer nor its timing tells them apart (SECURITY.md P02–P05).
 * The failure is logged with its reason, never with the password.
 */
export async function checkCredentials(
  deps: CredentialCheckDeps,
  email: string,
  password: string,
): Promise<UserRecord> {
  if (isOverlongPassword(password)) throw new TesseraError('password_too_long');
  const user = await deps.users.findByEmail(email);
  const matches =
    user === undefined
      ? await deps.hasher.verifyDummy(password)
      : await deps.hasher.verify(user.passwordHash, password);
  if (user === undefined || !matches || !user.isEnabled) {
    const reason = user === undefined ? 'unknown_email' : !matches ? 'wrong_password' : 'disabled';
    deps.log.info({ event: 'login_failed', reason, user_id: user?.id }, 'login failed');
    throw new TesseraError('invalid_credentials');
  }
  if (deps.hasher.needsRehash(user.passwordHash)) {
    await deps.users.update(user.id, { passwordHash: await deps.hasher.hash(password) });
  }
  return user;
}
