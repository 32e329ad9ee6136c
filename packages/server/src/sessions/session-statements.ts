import type { Kysely } from 'kysely';
import type { DatabaseSchema } from '../db/database-schema.js';
import { compileTemplate } from '../db/query-template.js';
import { userLookups } from '../users/user-store-lookups.js';
import type { SessionEndReason } from './session-record.js';

/**
 * The statements of a login and of a refresh, each compiled by Kysely once per database and run
 * with new values in the caller's transaction (building them per call cost more than the
 * rotation's SQLite work). Each is the same SQL as the builder it replaced; the statements the
 * benchmark's peers run are checked against them (scripts/test/bench-statements.test.ts).
 *
 * @example
 * ```ts
 * const statements = sessionStatements(db);
 * const result = await statements.consume.run(trx, { hash, at });
 * ```
 */
export function sessionStatements(db: Kysely<DatabaseSchema>) {
  return {
    /**
     * Marks a refresh token used, atomically: of any number of concurrent calls with one hash,
     * exactly one affects a row (`UPDATE … WHERE consumed_at IS NULL`), on both engines. This
     * is the store's `consumeOne` (STYLE.md §3 practice 6).
     */
    consume: compileTemplate((p: { hash: string; at: string }) =>
      db
        .updateTable('refresh_tokens')
        .set({ consumed_at: p.at })
        .where('hash', '=', p.hash)
        .where('consumed_at', 'is', null),
    ),
    /** The session a refresh token (used or not) belongs to. */
    sessionOfToken: compileTemplate((p: { hash: string }) =>
      db
        .selectFrom('refresh_tokens')
        .innerJoin('sessions', 'sessions.id', 'refresh_tokens.session_id')
        .selectAll('sessions')
        .where('refresh_tokens.hash', '=', p.hash),
    ),
    /** The session's last use and idle deadline move on, if it is still open. */
    touch: compileTemplate((p: { id: string; at: string; idle: string }) =>
      db
        .updateTable('sessions')
        .set({ last_used_at: p.at, idle_expires_at: p.idle })
        .where('id', '=', p.id)
        .where('ended_at', 'is', null)
        .returningAll(),
    ),
    /** Stores the hash of a new, unused refresh token. */
    insertToken: compileTemplate((p: { hash: string; sessionId: string; at: string }) =>
      db
        .insertInto('refresh_tokens')
        .values({ hash: p.hash, session_id: p.sessionId, created_at: p.at, consumed_at: null }),
    ),
    /** A new open session. */
    insertSession: compileTemplate(
      (p: {
        id: string;
        userId: number;
        at: string;
        expiresAt: string;
        idleExpiresAt: string;
        userAgent: string | null;
        amr: string;
      }) =>
        db.insertInto('sessions').values({
          id: p.id,
          user_id: p.userId,
          created_at: p.at,
          last_used_at: p.at,
          expires_at: p.expiresAt,
          idle_expires_at: p.idleExpiresAt,
          ended_at: null,
          ended_reason: null,
          user_agent: p.userAgent,
          amr: p.amr,
        }),
    ),
    /**
     * Deletes a user's sessions that ended or expired before `before`. A session's idle
     * deadline is never past its absolute one (`idleDeadline` caps it), so "expired" is
     * `idle_expires_at < before`: two index ranges, `(user_id, ended_at)` and
     * `(user_id, idle_expires_at)`, whatever the number of the user's open sessions.
     */
    prune: compileTemplate((p: { userId: number; before: string }) =>
      db
        .deleteFrom('sessions')
        .where('user_id', '=', p.userId)
        .where((eb) =>
          eb.or([eb('ended_at', '<', p.before), eb('idle_expires_at', '<', p.before)]),
        ),
    ),
    /** Ends a session if it is still open (one row affected when this call ended it). */
    end: compileTemplate((p: { id: string; at: string; reason: SessionEndReason }) =>
      endOpenSession(db, p),
    ),
    /** As `end`, only when the session is the user's (a user ending one of their own). */
    endOfUser: compileTemplate(
      (p: { id: string; at: string; reason: SessionEndReason; userId: number }) =>
        endOpenSession(db, p).where('user_id', '=', p.userId),
    ),
    /** The whole user row (the refresh checks the user is still enabled). */
    userById: userLookups(db).byId,
  };
}

/** The UPDATE that ends session `id` if it is still open. */
function endOpenSession(
  db: Kysely<DatabaseSchema>,
  p: { id: string; at: string; reason: SessionEndReason },
) {
  return db
    .updateTable('sessions')
    .set({ ended_at: p.at, ended_reason: p.reason })
    .where('id', '=', p.id)
    .where('ended_at', 'is', null);
}

/** The compiled statements of one database. */
export type SessionStatements = ReturnType<typeof sessionStatements>;
