import type { FastifyRequest } from 'fastify';
import { TesseraError } from '../errors/tessera-error.js';
import type { AuthContext } from '../guard/auth-context.js';
import type { TesseraServices } from '../services.js';

/** How recent a login must be to add a way into the account without the password. */
export const RECENT_LOGIN_SECONDS = 5 * 60;

/**
 * Adding a passkey adds a way into the account, so it needs a proof of presence beyond an
 * access token (which may be stolen): the current password (checked and throttled like a
 * login's), or a session that logged in within the last {@link RECENT_LOGIN_SECONDS}.
 *
 * @throws TesseraError `recent_login_required` (403) without either; the password check's errors.
 */
export async function confirmRecentLogin(
  services: Pick<TesseraServices, 'passwords' | 'sessions'>,
  request: FastifyRequest,
  auth: AuthContext,
  password: string | undefined,
): Promise<void> {
  if (password !== undefined) {
    await services.passwords.confirm(request, auth.user, password);
    return;
  }
  const sid = auth.claims.sid;
  const session = sid === undefined ? undefined : await services.sessions.find(sid, auth.user.id);
  if (session === undefined || services.sessions.ageSeconds(session) > RECENT_LOGIN_SECONDS) {
    throw new TesseraError('recent_login_required');
  }
}
