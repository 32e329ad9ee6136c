/**
 * The prune every login runs (the user's sessions that ended or went idle before the retention
 * window) reads two index ranges on both engines, so its cost follows the rows it deletes, not
 * the user's open sessions: a script that logs in every minute and never logs out keeps
 * thousands open, and a prune that read each of them cost 1 ms a login at 5 000.
 */
import { CompiledQuery, sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/index.js';
import { sessionStatements } from '../../src/sessions/session-statements.js';
import { createUserStore } from '../../src/users/user-store.js';
import { testEngines, useTestDatabase } from '../support/engines.js';
import { newUser } from './user-fixtures.js';

const OPEN_SESSIONS = 2000;
const DAY = 86_400_000;
const AT = Date.parse('2026-06-01T00:00:00.000Z');
const iso = (ms: number) => new Date(ms).toISOString();

/** `count` sessions of `userId`, created at AT, idle deadline `idleAt`, ended at `endedAt`. */
async function insertSessions(
  database: Database,
  userId: number,
  count: number,
  { idleAt, endedAt = null }: { idleAt: number; endedAt?: number | null },
): Promise<string[]> {
  const rows = Array.from({ length: count }, (_, index) => ({
    id: `${userId}-${idleAt}-${endedAt ?? 'open'}-${index}`,
    user_id: userId,
    created_at: iso(AT),
    last_used_at: iso(AT),
    expires_at: iso(AT + 30 * DAY),
    idle_expires_at: iso(idleAt),
    ended_at: endedAt === null ? null : iso(endedAt),
    ended_reason: endedAt === null ? null : 'logout',
    user_agent: 'test',
    amr: 'pwd',
  }));
  for (let start = 0; start < rows.length; start += 500) {
    await database.db
      .insertInto('sessions')
      .values(rows.slice(start, start + 500))
      .execute();
  }
  return rows.map((row) => row.id);
}

/** The engine's plan for `query`, one line per step. */
async function planOf(database: Database, query: CompiledQuery): Promise<string[]> {
  const explain = database.engine === 'sqlite' ? 'explain query plan' : 'explain';
  const result = await database.db.executeQuery<Record<string, unknown>>(
    CompiledQuery.raw(`${explain} ${query.sql}`, [...query.parameters]),
  );
  return result.rows.map((row) => String(row['detail'] ?? row['QUERY PLAN']));
}

describe.each(await testEngines())('the login prune on %s', (engine) => {
  const fixture = useTestDatabase(engine);

  it('reads the (user_id, ended_at) and (user_id, idle_expires_at) ranges, not every open session of the user', async () => {
    const { database } = fixture();
    const users = createUserStore(database);
    const user = await users.create(newUser({ email: 'scripted@example.com' }));
    const other = await users.create(newUser({ email: 'other@example.com' }));
    await insertSessions(database, user.id, OPEN_SESSIONS, { idleAt: AT + 7 * DAY });
    await insertSessions(database, other.id, OPEN_SESSIONS, { idleAt: AT + 7 * DAY });
    if (engine === 'postgres') await sql`analyze sessions`.execute(database.db);

    const prune = sessionStatements(database.db).prune.bind({
      userId: user.id,
      before: iso(AT + DAY),
    });
    const plan = await planOf(database, prune);
    if (engine === 'sqlite') {
      expect(plan).toEqual([
        'MULTI-INDEX OR',
        'INDEX 1',
        'SEARCH sessions USING INDEX sessions_user_id_idx (user_id=? AND ended_at<?)',
        'INDEX 2',
        'SEARCH sessions USING INDEX sessions_user_idle_idx (user_id=? AND idle_expires_at<?)',
        // ON DELETE CASCADE: the deleted sessions' refresh tokens, by their index too
        'SEARCH refresh_tokens USING COVERING INDEX refresh_tokens_session_id_idx (session_id=?)',
      ]);
    } else {
      const text = plan.join('\n');
      expect(text).toMatch(/BitmapOr/);
      expect(text).toMatch(/Bitmap Index Scan on sessions_user_id_idx\b/);
      expect(text).toMatch(/Bitmap Index Scan on sessions_user_idle_idx\b/);
      expect(text).not.toMatch(/Seq Scan/);
    }
  });

  it('deletes the user’s sessions that ended or went idle before the window, and nothing else', async () => {
    const { database } = fixture();
    const users = createUserStore(database);
    const user = await users.create(newUser({ email: 'scripted@example.com' }));
    const other = await users.create(newUser({ email: 'other@example.com' }));
    const before = AT + DAY;
    const open = await insertSessions(database, user.id, 3, { idleAt: AT + 7 * DAY });
    const idled = await insertSessions(database, user.id, 2, { idleAt: before - 1000 });
    const ended = await insertSessions(database, user.id, 2, {
      idleAt: AT + 7 * DAY,
      endedAt: before - 1000,
    });
    const endedLately = await insertSessions(database, user.id, 1, {
      idleAt: AT + 7 * DAY,
      endedAt: before + 1000,
    });
    const othersIdled = await insertSessions(database, other.id, 2, { idleAt: before - 1000 });

    const result = await sessionStatements(database.db).prune.run(database.db, {
      userId: user.id,
      before: iso(before),
    });
    expect(Number(result.numAffectedRows)).toBe(idled.length + ended.length);
    const left = await database.db.selectFrom('sessions').select('id').orderBy('id').execute();
    expect(left.map((row) => row.id)).toEqual([...open, ...endedLately, ...othersIdled].sort());
  });
});
