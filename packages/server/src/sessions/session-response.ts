import type {
  BodyTransportTokenResponse,
  RefreshTransport,
  TokenResponse,
} from '@tessera/protocol';
import type { FastifyReply } from 'fastify';
import type { AccessPolicy } from '../access/access-policy.js';
import type { MfaPolicy } from '../mfa/mfa-policy.js';
import { issueTokenResponse, NO_STORE_HEADERS } from '../auth/token-response.js';
import type { TesseraServices } from '../services.js';
import type { TokenService } from '../token/index.js';
import type { UserRecord } from '../users/user-record.js';
import { setRefreshCookie } from './refresh-cookie.js';
import type { SessionRecord } from './session-record.js';
import type { Sessions } from './sessions.js';

/** What a token response is made for: the user, their session, its current refresh token. */
export interface SessionGrant {
  readonly user: UserRecord;
  readonly session: SessionRecord;
  readonly refreshToken: string;
}

/** What {@link sendSessionTokens} needs from the app. */
export interface SessionResponseContext {
  readonly tokens: TokenService;
  readonly sessions: Sessions;
  readonly transport: RefreshTransport;
  /** Which scopes the user's role puts in the token. */
  readonly access: AccessPolicy;
  /** Flags a session that lacks the second factor its role requires. */
  readonly mfa?: Pick<MfaPolicy, 'lacksRequiredFactor'> | undefined;
}

/** The {@link SessionResponseContext} of an app. */
export function sessionResponseContext(services: TesseraServices): SessionResponseContext {
  const { tokens, sessions, access, config, mfa } = services;
  return { tokens, sessions, access, transport: config.refreshTransport, mfa: mfa.policy };
}

/**
 * Answers with a new access token bound to the grant's session (`sid`) and hands out the
 * refresh token: in `cookie` transport as the HttpOnly cookie only, in `body` transport as
 * `refresh_token` and `refresh_expires_in` (RFC 6749 §5.1, §6). `Cache-Control: no-store`.
 *
 * @example
 * ```ts
 * return sendSessionTokens(reply, context, { user, ...(await sessions.start(user.id, ua)) });
 * ```
 */
export function sendSessionTokens(
  reply: FastifyReply,
  context: SessionResponseContext,
  grant: SessionGrant,
  status = 200,
): FastifyReply {
  const body: TokenResponse = issueTokenResponse(context, grant.user, grant.session);
  const remaining = context.sessions.remainingSeconds(grant.session);
  reply.code(status).headers(NO_STORE_HEADERS);
  if (context.transport === 'cookie') {
    setRefreshCookie(reply, grant.refreshToken, remaining);
    return reply.send(body);
  }
  const withRefresh: BodyTransportTokenResponse = {
    ...body,
    refresh_token: grant.refreshToken,
    refresh_expires_in: remaining,
  };
  return reply.send(withRefresh);
}
