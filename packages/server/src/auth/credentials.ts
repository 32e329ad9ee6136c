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

/** What {@link verifyCredentials} found: the user of the email (if any) and whether the password matched. */
export interface CredentialOutcome {
  readonly user: UserRecord | undefined;
  readonly matches: boolean;
}

/**
 * Looks the email up and compares the password: the same argon2 work for an unknown email (a
 * dummy hash) as for a known one, whatever the result (SECURITY.md P05). Decides nothing.
 */
export async function verifyCredentials(
  deps: Pick<CredentialCheckDeps, 'users' | 'hasher'>,
  email: string,
  password: string,
): Promise<CredentialOutcome> {
  if (isOverlongPassword(password)) throw new TesseraError('password_too_long');
  const user = await deps.users.findByEmail(email);
  const matches =
    user === undefined
      ? await deps.hasher.verifyDummy(password)
      : await deps.hasher.verify(user.passwordHash, password);
  return { user, matches };
}

/**
 * Decides a login on {@link verifyCredentials}' outcome. Unknown email, wrong password and
 * disabled account all end in the same 401 `invalid_credentials`, after the same argon2 work,
 * so neither the answer nor its timing tells them apart (SECURITY.md P02–P05). The failure is
 * logged with its reason, never with the password; a hash of older parameters is replaced.
 */
export async function acceptCredentials(
  deps: CredentialCheckDeps,
  { user, matches }: CredentialOutcome,
  password: string,
): Promise<UserRecord> {
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

/** {@link verifyCredentials} then {@link acceptCredentials}: the user, or 401 `invalid_credentials`. */
export async function checkCredentials(
  deps: CredentialCheckDeps,
  email: string,
  password: string,
): Promise<UserRecord> {
  return acceptCredentials(deps, await verifyCredentials(deps, email, password), password);
}
