import { randomUUID } from 'node:crypto';
import type { Database } from '../db/database.js';
import { writeAtomically } from '../db/transaction-script.js';
import { hashRefreshToken, isRefreshTokenShaped, newRefreshToken } from './refresh-token.js';
import type { SessionCache } from './session-cache.js';
import { checkLifetimes, idleDeadline, type SessionLifetimes } from './session-lifetimes.js';
import { endUserSessions } from './session-queries.js';
import {
  isoAt,
  secondsOf,
  toSessionRecord,
  type AuthenticationMethod,
  type SessionEndReason,
  type SessionRecord,
} from './session-record.js';
import { rotateRefreshToken, type RefreshOutcome } from './session-rotation.js';
import { sessionStatements, type SessionStatements } from './session-statements.js';

export type { RefreshOutcome } from './session-rotation.js';

/** Options of {@link Sessions}. */
export interface SessionsOptions {
  readonly database: Database;
  /** The guard's view, told synchronously about every session this process ends. */
  readonly cache: SessionCache;
  readonly lifetimes: SessionLifetimes;
  /** Seconds since the epoch (the app's clock). */
  readonly clock: () => number;
  /**
   * How long an ended or expired session row is kept before a later login of its user deletes
   * it, in seconds: at least the longest access-token life, so the row outlives its tokens.
   */
  readonly retentionSeconds: number;
  /**
   * Told the ids of the sessions this process ended, right after the guard's view (the other
   * instances are told through it: `TESSERA_REDIS_URL`).
   */
  readonly onEnded?: ((ids: readonly string[]) => void) | undefined;
}

/** A session just started or re-keyed, and the refresh token to hand out (once). */
export interface IssuedSession {
  readonly session: SessionRecord;
  readonly refreshToken: string;
}

/**
 * Sessions (SECURITY.md D6, D7, §1.E): one per login, each a family of refresh tokens of which
 * only the newest is usable. Every operation is the same SQL on SQLite and PostgreSQL; every
 * session ended here is marked ended in the guard's {@link SessionCache} before the call
 * resolves.
 *
 * @example
 * ```ts
 * const { session, refreshToken } = await sessions.start(user.id, userAgent);
 * const outcome = await sessions.refresh(refreshToken); // { kind: 'rotated', … }
 * await sessions.end(session.id, 'logout');
 * ```
 */
export class Sessions {
  readonly #database: Database;
  readonly #cache: SessionCache;
  readonly #lifetimes: SessionLifetimes;
  readonly #clock: () => number;
  readonly #retention: number;
  readonly #statements: SessionStatements;
  readonly #onEnded: (ids: readonly string[]) => void;

  constructor(options: SessionsOptions) {
    this.#onEnded = options.onEnded ?? (() => undefined);
    this.#database = options.database;
    this.#statements = sessionStatements(options.database.db);
    this.#cache = options.cache;
    this.#lifetimes = checkLifetimes(options.lifetimes);
    this.#clock = options.clock;
    this.#retention = options.retentionSeconds;
  }

  /** The lifetimes sessions are started with. */
  get lifetimes(): SessionLifetimes {
    return this.#lifetimes;
  }

  /** Seconds since `session` started (its login), by the sessions' clock. */
  ageSeconds(session: SessionRecord): number {
    return this.#clock() - secondsOf(session.createdAt);
  }

  /** Seconds from now until `session` reaches its absolute end (0 when past it). */
  remainingSeconds(session: SessionRecord): number {
    return Math.max(0, Math.floor(secondsOf(session.expiresAt) - this.#clock()));
  }

  /**
   * Starts a session for `userId` with its first refresh token, and deletes the user's
   * sessions that ended or expired longer than the retention ago, in one transaction
   * ({@link writeAtomically}: on SQLite without a promise between its statements). `amr` says
   * how the login was authenticated (default: a password); every access token of the session
   * carries it.
   */
  async start(
    userId: number,
    userAgent: string | null,
    amr: readonly AuthenticationMethod[] = ['pwd'],
  ): Promise<IssuedSession> {
    if (amr.length === 0) throw new TypeError('a session needs at least one authentication method');
    const now = this.#clock();
    const expiresAt = now + this.#lifetimes.absoluteSeconds;
    const session = {
      id: randomUUID(),
      userId,
      at: isoAt(now),
      expiresAt: isoAt(expiresAt),
      idleExpiresAt: isoAt(idleDeadline(now, expiresAt, this.#lifetimes)),
      userAgent,
      amr: amr.join(' '),
    };
    const row = {
      id: session.id,
      user_id: userId,
      created_at: session.at,
      last_used_at: session.at,
      expires_at: session.expiresAt,
      idle_expires_at: session.idleExpiresAt,
      ended_at: null,
      ended_reason: null,
      user_agent: userAgent,
      amr: session.amr,
    };
    const refreshToken = newRefreshToken();
    const statements = this.#statements;
    await writeAtomically(this.#database, [
      statements.prune.bind({ userId, before: isoAt(now - this.#retention) }),
      statements.insertSession.bind(session),
      statements.insertToken.bind({
        hash: hashRefreshToken(refreshToken),
        sessionId: session.id,
        at: session.at,
      }),
    ]);
    return { session: toSessionRecord(row), refreshToken };
  }

  /**
   * Uses a refresh token up and issues its successor (see {@link rotateRefreshToken}). A token
   * that was already used ends its whole session (reuse detection, L08), including a racing
   * duplicate (L09).
   */
  async refresh(token: unknown): Promise<RefreshOutcome> {
    if (!isRefreshTokenShaped(token)) return { kind: 'refused', reason: 'malformed' };
    const outcome = await rotateRefreshToken(this.#database, this.#statements, {
      hash: hashRefreshToken(token),
      now: this.#clock(),
      lifetimes: this.#lifetimes,
    });
    if (outcome.kind !== 'rotated' && outcome.ended !== undefined) {
      this.markEnded([outcome.ended]);
    }
    return outcome;
  }

  /** The session a refresh token (used or not) belongs to, or `undefined`. */
  async sessionOfRefreshToken(token: unknown): Promise<SessionRecord | undefined> {
    if (!isRefreshTokenShaped(token)) return undefined;
    const [row] = await this.#statements.sessionOfToken.execute(this.#database.db, {
      hash: hashRefreshToken(token),
    });
    return row === undefined ? undefined : toSessionRecord(row);
  }

  /** Ends one session (of `userId`, when given); `true` when this call ended it. */
  async end(id: string, reason: SessionEndReason, userId?: number): Promise<boolean> {
    const at = isoAt(this.#clock());
    const result =
      userId === undefined
        ? await this.#statements.end.run(this.#database.db, { id, at, reason })
        : await this.#statements.endOfUser.run(this.#database.db, { id, at, reason, userId });
    const ended = (result.numAffectedRows ?? 0n) > 0n;
    if (ended) this.markEnded([id]);
    return ended;
  }

  /** Ends every open session of `userId` but `except`; returns how many ended. */
  async endAll(userId: number, reason: SessionEndReason, except?: string): Promise<number> {
    const ids = await endUserSessions(this.#database.db, userId, {
      at: isoAt(this.#clock()),
      reason,
      ...(except === undefined ? {} : { except }),
    });
    this.markEnded(ids);
    return ids.length;
  }

  /**
   * Tells the guard's view, then `onEnded`, about sessions this process ended (here, or in the
   * user store).
   */
  markEnded(ids: readonly string[]): void {
    if (ids.length === 0) return;
    for (const id of ids) this.#cache.markEnded(id);
    this.#onEnded(ids);
  }

  /** The open, unexpired sessions of `userId`, newest first. */
  async list(userId: number): Promise<SessionRecord[]> {
    const at = isoAt(this.#clock());
    const rows = await this.#database.db
      .selectFrom('sessions')
      .selectAll()
      .where('user_id', '=', userId)
      .where('ended_at', 'is', null)
      .where('expires_at', '>', at)
      .where('idle_expires_at', '>', at)
      .orderBy('created_at', 'desc')
      .orderBy('id')
      .execute();
    return rows.map(toSessionRecord);
  }

  /** The session `id` if it belongs to `userId` (open or not), else `undefined`. */
  async find(id: string, userId: number): Promise<SessionRecord | undefined> {
    const row = await this.#database.db
      .selectFrom('sessions')
      .selectAll()
      .where('id', '=', id)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    return row === undefined ? undefined : toSessionRecord(row);
  }

  /**
   * Gives the open session `id` of `userId` a new refresh token in place of its unused one
   * (which stops working, without counting as reuse), as after a password change. `undefined`
   * when the session is no longer open.
   */
  async rekey(id: string, userId: number): Promise<IssuedSession | undefined> {
    const now = this.#clock();
    const at = isoAt(now);
    const refreshToken = newRefreshToken();
    const session = await this.#database.db.transaction().execute(async (trx) => {
      const current = await trx
        .selectFrom('sessions')
        .selectAll()
        .where('id', '=', id)
        .where('user_id', '=', userId)
        .where('ended_at', 'is', null)
        .where('expires_at', '>', at)
        .executeTakeFirst();
      if (current === undefined) return undefined;
      const idle = isoAt(idleDeadline(now, secondsOf(current.expires_at), this.#lifetimes));
      const row = await trx
        .updateTable('sessions')
        .set({ last_used_at: at, idle_expires_at: idle })
        .where('id', '=', id)
        .where('ended_at', 'is', null)
        .returningAll()
        .executeTakeFirst();
      if (row === undefined) return undefined;
      await trx
        .deleteFrom('refresh_tokens')
        .where('session_id', '=', id)
        .where('consumed_at', 'is', null)
        .execute();
      await this.#statements.insertToken.execute(trx, {
        hash: hashRefreshToken(refreshToken),
        sessionId: id,
        at,
      });
      return toSessionRecord(row);
    });
    return session === undefined ? undefined : { session, refreshToken };
  }
}
