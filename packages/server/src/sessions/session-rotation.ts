import type { Kysely } from 'kysely';
import type { DatabaseSchema } from '../db/database-schema.js';
import { toUserRecord } from '../users/user-record-row.js';
import type { UserRecord } from '../users/user-record.js';
import { hashRefreshToken, newRefreshToken } from './refresh-token.js';
import { idleDeadline, type SessionLifetimes } from './session-lifetimes.js';
import { endSession } from './session-queries.js';
import type { SessionStatements } from './session-statements.js';
import {
  isoAt,
  secondsOf,
  toSessionRecord,
  type SessionEndReason,
  type SessionRecord,
} from './session-record.js';

/** Why a refresh was refused (logged; the client always gets the same 401). */
export type RefreshRefusal = 'malformed' | 'unknown' | 'ended' | 'expired' | 'user' | 'reuse';

/** What a refresh did. */
export type RefreshOutcome =
  | {
      readonly kind: 'rotated';
      readonly session: SessionRecord;
      readonly user: UserRecord;
      /** The successor, to hand out once; only its hash is stored. */
      readonly refreshToken: string;
    }
  | {
      readonly kind: 'refused';
      readonly reason: RefreshRefusal;
      readonly sessionId?: string;
      readonly userId?: number;
      /** The session this refusal ended (reuse, expiry, disabled user), if any. */
      readonly ended?: string;
    };

/** The refusals that end the session, and the reason stored with it. */
const END_REASONS = {
  reuse: 'refresh_token_reuse',
  expired: 'expired',
  user: 'user_disabled',
} as const satisfies Partial<Record<RefreshRefusal, SessionEndReason>>;

/** The inputs of one rotation. */
export interface RotationInput {
  /** {@link hashRefreshToken} of the presented token. */
  readonly hash: string;
  /** Seconds since the epoch. */
  readonly now: number;
  readonly lifetimes: SessionLifetimes;
}

/**
 * One refresh, in one transaction, the same SQL on both engines:
 *
 * 1. consume the token: `UPDATE refresh_tokens SET consumed_at = now WHERE hash = ? AND
 *    consumed_at IS NULL`; exactly one of any number of concurrent callers changes the row
 *    (PostgreSQL makes the others wait on the row lock and re-check; SQLite's `BEGIN IMMEDIATE`
 *    runs them one after another);
 * 2. a known token that was already consumed is **reuse**: the whole session ends, so the
 *    successor issued to the first user, and every access token of the session, stop working
 *    (L08). A duplicate that lost a race is reuse too (pinned for L09);
 * 3. the session must be open and within its absolute and idle lifetimes, and its user must
 *    exist and be enabled; otherwise the session ends (L10, L14);
 * 4. the successor's hash is stored, and the session's last use and idle deadline move on.
 *
 * @example
 * ```ts
 * const outcome = await rotateRefreshToken(db, sessionStatements(db), {
 *   hash: hashRefreshToken(token),
 *   now,
 *   lifetimes,
 * });
 * ```
 */
export async function rotateRefreshToken(
  db: Kysely<DatabaseSchema>,
  statements: SessionStatements,
  input: RotationInput,
): Promise<RefreshOutcome> {
  const { hash, now, lifetimes } = input;
  const at = isoAt(now);
  return await db.transaction().execute(async (trx): Promise<RefreshOutcome> => {
    const consumed = (await statements.consume.run(trx, { hash, at })).numAffectedRows === 1n;
    const [row] = await statements.sessionOfToken.execute(trx, { hash });
    if (row === undefined) return { kind: 'refused', reason: 'unknown' };
    const session = toSessionRecord(row);
    const about = { sessionId: session.id, userId: session.userId };
    const endFor = async (reason: keyof typeof END_REASONS): Promise<RefreshOutcome> => {
      const ended = await endSession(trx, session.id, { at, reason: END_REASONS[reason] });
      return { kind: 'refused', reason, ...about, ...(ended ? { ended: session.id } : {}) };
    };
    if (!consumed) return await endFor('reuse');
    if (session.endedAt !== null) return { kind: 'refused', reason: 'ended', ...about };
    if (!(now < secondsOf(session.expiresAt) && now < secondsOf(session.idleExpiresAt))) {
      return await endFor('expired');
    }
    const [userRow] = await statements.userById.execute(trx, { id: session.userId });
    const user = userRow === undefined ? undefined : toUserRecord(userRow);
    if (user === undefined || !user.isEnabled) return await endFor('user');

    const [updated] = await statements.touch.execute(trx, {
      id: session.id,
      at,
      idle: isoAt(idleDeadline(now, secondsOf(session.expiresAt), lifetimes)),
    });
    if (updated === undefined) return { kind: 'refused', reason: 'ended', ...about };
    const refreshToken = newRefreshToken();
    await statements.insertToken.execute(trx, {
      hash: hashRefreshToken(refreshToken),
      sessionId: session.id,
      at,
    });
    return { kind: 'rotated', session: toSessionRecord(updated), user, refreshToken };
  });
}
