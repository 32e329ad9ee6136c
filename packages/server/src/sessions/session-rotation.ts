import type { Database } from '../db/database.js';
import {
  resultOf,
  rowsOf,
  runTransaction,
  type TransactionScript,
} from '../db/transaction-script.js';
import { toUserRecord } from '../users/user-record-row.js';
import type { UserRecord } from '../users/user-record.js';
import { hashRefreshToken, newRefreshToken } from './refresh-token.js';
import { idleDeadline, type SessionLifetimes } from './session-lifetimes.js';
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
 * One refresh, in one transaction ({@link runTransaction}: on SQLite without a promise between
 * its statements), the same SQL on both engines:
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
 * const outcome = await rotateRefreshToken(database, sessionStatements(database.db), {
 *   hash: hashRefreshToken(token),
 *   now,
 *   lifetimes,
 * });
 * ```
 */
export async function rotateRefreshToken(
  database: Pick<Database, 'db' | 'transactSynchronously'>,
  statements: SessionStatements,
  input: RotationInput,
): Promise<RefreshOutcome> {
  return await runTransaction(database, () => rotation(statements, input));
}

/** {@link rotateRefreshToken}'s steps, as a transaction script (its queries, in order). */
function* rotation(
  statements: SessionStatements,
  { hash, now, lifetimes }: RotationInput,
): TransactionScript<RefreshOutcome> {
  const at = isoAt(now);
  const consumed = (yield* resultOf(statements.consume.bind({ hash, at }))).numAffectedRows === 1n;
  const [row] = yield* rowsOf(statements.sessionOfToken.bind({ hash }));
  if (row === undefined) return { kind: 'refused', reason: 'unknown' };
  const session = toSessionRecord(row);
  const about = { sessionId: session.id, userId: session.userId };
  function* endFor(reason: keyof typeof END_REASONS): TransactionScript<RefreshOutcome> {
    const ending = statements.end.bind({ id: session.id, at, reason: END_REASONS[reason] });
    const ended = (yield* resultOf(ending)).numAffectedRows === 1n;
    return { kind: 'refused', reason, ...about, ...(ended ? { ended: session.id } : {}) };
  }
  if (!consumed) return yield* endFor('reuse');
  if (session.endedAt !== null) return { kind: 'refused', reason: 'ended', ...about };
  if (!(now < secondsOf(session.expiresAt) && now < secondsOf(session.idleExpiresAt))) {
    return yield* endFor('expired');
  }
  const [userRow] = yield* rowsOf(statements.userById.bind({ id: session.userId }));
  const user = userRow === undefined ? undefined : toUserRecord(userRow);
  if (user === undefined || !user.isEnabled) return yield* endFor('user');

  const idle = isoAt(idleDeadline(now, secondsOf(session.expiresAt), lifetimes));
  const [updated] = yield* rowsOf(statements.touch.bind({ id: session.id, at, idle }));
  if (updated === undefined) return { kind: 'refused', reason: 'ended', ...about };
  const refreshToken = newRefreshToken();
  yield* resultOf(
    statements.insertToken.bind({
      hash: hashRefreshToken(refreshToken),
      sessionId: session.id,
      at,
    }),
  );
  return { kind: 'rotated', session: toSessionRecord(updated), user, refreshToken };
}
