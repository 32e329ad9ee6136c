import type { Selectable } from 'kysely';
import type { SessionsTable } from '../db/database-schema.js';

/** Why a session ended (kept in `sessions.ended_reason`, and logged). */
export type SessionEndReason =
  | 'logout'
  | 'logout_all'
  | 'ended_by_user'
  | 'ended_by_admin'
  | 'refresh_token_reuse'
  | 'password_changed'
  | 'user_disabled'
  | 'expired';

/**
 * A session as stored: one login and the family of refresh tokens rotated from it. Times are
 * ISO 8601 UTC strings with milliseconds.
 *
 * @example
 * ```ts
 * const session: SessionRecord = await sessions.list(userId, now)[0];
 * ```
 */
export interface SessionRecord {
  readonly id: string;
  readonly userId: number;
  readonly createdAt: string;
  readonly lastUsedAt: string;
  readonly expiresAt: string;
  readonly idleExpiresAt: string;
  readonly endedAt: string | null;
  readonly endedReason: string | null;
  readonly userAgent: string | null;
  /** How the login was authenticated (RFC 8176 names), e.g. `['pwd']`, `['pwd', 'otp']`. */
  readonly amr: readonly AuthenticationMethod[];
}

/**
 * A method a login was authenticated with (RFC 8176): `pwd` a password, `otp` a one-time code
 * (TOTP or recovery code), `webauthn` a passkey, `oidc` a sign-in provider (not an RFC 8176
 * name: the provider's own methods are not known). Carried by access tokens as `amr`.
 */
export type AuthenticationMethod = 'pwd' | 'otp' | 'webauthn' | 'oidc';

const AUTHENTICATION_METHODS: ReadonlySet<string> = new Set(['pwd', 'otp', 'webauthn', 'oidc']);

/** Reads `sessions.amr` (space-separated); an unknown name is dropped, never trusted. */
export function parseAmr(stored: string): AuthenticationMethod[] {
  return stored
    .split(' ')
    .filter((name): name is AuthenticationMethod => AUTHENTICATION_METHODS.has(name));
}

/** Longest `User-Agent` kept with a session. */
export const MAX_USER_AGENT_LENGTH = 256;

/**
 * Maps a `sessions` row to a {@link SessionRecord}.
 *
 * @example
 * ```ts
 * toSessionRecord(await db.selectFrom('sessions').selectAll().where('id', '=', id).executeTakeFirstOrThrow());
 * ```
 */
export function toSessionRecord(row: Selectable<SessionsTable>): SessionRecord {
  return {
    id: row.id,
    userId: Number(row.user_id),
    createdAt: row.created_at,
    lastUsedAt: row.last_used_at,
    expiresAt: row.expires_at,
    idleExpiresAt: row.idle_expires_at,
    endedAt: row.ended_at,
    endedReason: row.ended_reason,
    userAgent: row.user_agent,
    amr: parseAmr(row.amr),
  };
}

/**
 * Seconds since the epoch as the ISO text stored in the database (milliseconds kept). Stored
 * times compare as text in SQL on both engines, since they all have this one fixed-width form.
 *
 * @example
 * ```ts
 * isoAt(1_800_000_000); // '2027-01-15T08:00:00.000Z'
 * ```
 */
export function isoAt(seconds: number): string {
  return new Date(Math.round(seconds * 1000)).toISOString();
}

/**
 * The stored ISO text back as seconds since the epoch.
 *
 * @example
 * ```ts
 * secondsOf('2027-01-15T08:00:00.000Z'); // 1_800_000_000
 * ```
 */
export function secondsOf(iso: string): number {
  return Date.parse(iso) / 1000;
}

/**
 * A `User-Agent` as kept: at most {@link MAX_USER_AGENT_LENGTH} characters, no control
 * characters (PostgreSQL refuses NUL), `null` when absent or empty.
 *
 * @example
 * ```ts
 * userAgentOf('Mozilla/5.0 (X11; Linux x86_64)'); // unchanged
 * ```
 */
export function userAgentOf(header: string | string[] | undefined): string | null {
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined) return null;
  // eslint-disable-next-line no-control-regex -- removing control characters is the point
  const clean = value.replace(/[\u0000-\u001f\u007f]/g, '').slice(0, MAX_USER_AGENT_LENGTH);
  return clean === '' ? null : clean;
}
