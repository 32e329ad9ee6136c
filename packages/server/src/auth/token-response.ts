import type { TokenResponse } from '@tessera/protocol';
import type { AccessPolicy } from '../access/access-policy.js';
import type { MfaPolicy } from '../mfa/mfa-policy.js';
import type { TokenService } from '../token/index.js';
import type { SessionRecord } from '../sessions/session-record.js';
import type { UserRecord } from '../users/user-store.js';

/**
 * Issues an access token for a user, bound to session `sid` (the guard refuses it once the
 * session ends) and carrying how its login was authenticated (`amr`), and shapes the login
 * response (RFC 6749 §5.1 + `token`).
 */
export function issueTokenResponse(
  {
    tokens,
    access,
    mfa,
  }: {
    readonly tokens: TokenService;
    readonly access: AccessPolicy;
    readonly mfa?: Pick<MfaPolicy, 'lacksRequiredFactor'> | undefined;
  },
  user: UserRecord,
  session: Pick<SessionRecord, 'id' | 'amr'>,
): TokenResponse {
  const scope = access.scopeStringFor(user.role);
  const issued = tokens.issue({ sub: String(user.id), scope, sid: session.id, amr: session.amr });
  return {
    token: issued.token,
    access_token: issued.token,
    token_type: 'Bearer',
    expires_in: issued.expiresIn,
    scope,
    ...(mfa?.lacksRequiredFactor(user.role, session.amr) === true
      ? { mfa_enrolment_required: true }
      : {}),
  };
}

/** Headers of every response that carries a token (RFC 6749 §5.1). */
export const NO_STORE_HEADERS = { 'cache-control': 'no-store', pragma: 'no-cache' } as const;
