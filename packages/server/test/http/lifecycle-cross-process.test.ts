/**
 * SECURITY.md D7 across processes (issue #4 part 5): the guard serves open sessions from memory,
 * yet a session ended by another process (the CLI, a second instance on the same SQLite file)
 * is refused on SQLite on the very next request (`data_version`, checked once per event-loop
 * turn: see nextRequestTurn), and on PostgreSQL once
 * `TESSERA_USER_CACHE_TTL` has passed (an injected clock, no sleeping). Within the process, no
 * database read happens per request for a cached open session.
 */
import { sql } from 'kysely';
import { describe, expect, it, vi } from 'vitest';
import { migrateToLatest, openDatabase } from '../../src/db/index.js';
import { createUserStore } from '../../src/users/user-store.js';
import { testEngines } from '../support/engines.js';
import { expectAnswer } from '../support/expect-problem.js';
import { nextRequestTurn } from '../support/next-turn.js';
import { useTestApp, type TestApp } from '../support/test-app.js';
import { NOW } from '../token/support.js';

let now = NOW;
const TTL_SECONDS = 1;

async function openSecondConnection(t: TestApp) {
  const { dataDir, databaseUrl } = t.app.tessera.config;
  const database = await openDatabase({
    dataDir,
    ...(databaseUrl === undefined ? {} : { databaseUrl }),
  });
  await migrateToLatest(database);
  return database;
}

describe.each(await testEngines())('sessions ended elsewhere on %s', (engine) => {
  const t = useTestApp(engine, { clock: () => now, config: { userCacheTtlSeconds: TTL_SECONDS } });
  let serial = 0;

  async function freshSession() {
    const user = await t().createUser(`xproc-${(serial += 1)}-${engine}@example.com`);
    const request = {
      url: '/api/probe',
      headers: { authorization: `Bearer ${t().tokenFor(user)}` },
    };
    expect((await t().app.inject(request)).statusCode).toBe(200); // now held in memory
    return { user, request };
  }

  it('a cached open session costs no database read per request', async () => {
    const { request } = await freshSession();
    const read = vi.spyOn(t().app.tessera.sessionCache, 'load');
    try {
      for (let i = 0; i < 20; i += 1) expect((await t().app.inject(request)).statusCode).toBe(200);
      expect(read).not.toHaveBeenCalled();
    } finally {
      read.mockRestore();
    }
  });

  it('a session ended by another connection is refused in time', async () => {
    const { user, request } = await freshSession();
    const second = await openSecondConnection(t());
    try {
      await sql`update sessions set ended_at = ${new Date().toISOString()}, ended_reason = 'logout' where id = ${user.sessionId}`.execute(
        second.db,
      );
    } finally {
      await second.close();
    }
    if (engine === 'sqlite') {
      await nextRequestTurn();
      expectAnswer(await t().app.inject(request), 'R401i');
    } else {
      now += TTL_SECONDS / 2;
      expect((await t().app.inject(request)).statusCode).toBe(200);
      now += TTL_SECONDS / 2;
      expectAnswer(await t().app.inject(request), 'R401i');
    }
  });

  it('a disable by another process (`tessera user disable`) ends the sessions for good: re-enabling there does not revive them', async () => {
    const { user, request } = await freshSession();
    const second = await openSecondConnection(t());
    try {
      const store = createUserStore(second);
      await store.update(user.id, { isEnabled: false });
      await store.update(user.id, { isEnabled: true });
      const rows = await second.db
        .selectFrom('sessions')
        .select('ended_reason')
        .where('user_id', '=', user.id)
        .execute();
      expect(rows.map((row) => row.ended_reason)).toEqual(rows.map(() => 'user_disabled'));
    } finally {
      await second.close();
    }
    if (engine === 'postgres') now += TTL_SECONDS;
    await nextRequestTurn();
    expectAnswer(await t().app.inject(request), 'R401i');
  });
});
