/**
 * The guard's in-memory user state (issue #6) never serves a state that a write has replaced:
 * - through this server's API or store: a disabled, deleted or demoted user is refused on the
 *   very next request;
 * - by another process (the CLI): on SQLite on the very next request (`PRAGMA data_version`,
 *   checked once per event-loop turn: see nextRequestTurn);
 *   on PostgreSQL once `TESSERA_USER_CACHE_TTL` has passed (an injected clock, no sleeping).
 */
import type { InjectOptions } from 'fastify';
import Database from 'better-sqlite3';
import { sql } from 'kysely';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { migrateToLatest, openDatabase, SQLITE_FILE_NAME } from '../../src/db/index.js';
import { createUserStore } from '../../src/users/user-store.js';
import { testEngines } from '../support/engines.js';
import { expectAnswer } from '../support/expect-problem.js';
import { nextRequestTurn } from '../support/next-turn.js';
import { useTestApp, type TestApp, type TestUser } from '../support/test-app.js';
import { NOW } from '../token/support.js';

/** The server's clock in seconds, moved by the tests (tokens are issued by the same clock). */
let now = NOW;
const TTL_SECONDS = 1;

function probe(t: TestApp, user: TestUser, token = t.tokenFor(user)): InjectOptions {
  return { url: '/api/probe', headers: { authorization: `Bearer ${token}` } };
}

async function expectAccepted(t: TestApp, request: InjectOptions): Promise<void> {
  const response = await t.app.inject(request);
  expect(response.statusCode, response.body).toBe(200);
}

async function expectRefused(t: TestApp, request: InjectOptions): Promise<void> {
  expectAnswer(await t.app.inject(request), 'R401i');
}

/** A second connection to the app's database, as `tessera user …` in another process opens it. */
async function openSecondConnection(t: TestApp) {
  const { dataDir, databaseUrl } = t.app.tessera.config;
  const database = await openDatabase({
    dataDir,
    ...(databaseUrl === undefined ? {} : { databaseUrl }),
  });
  await migrateToLatest(database);
  return database;
}

describe.each(await testEngines())('user state served from memory on %s', (engine) => {
  const t = useTestApp(engine, {
    clock: () => now,
    config: { userCacheTtlSeconds: TTL_SECONDS },
  });

  async function freshUser(name: string): Promise<{ user: TestUser; request: InjectOptions }> {
    const user = await t().createUser(`${name}-${engine}@example.com`);
    const request = probe(t(), user);
    await expectAccepted(t(), request); // now cached
    expect(t().app.tessera.userCache.peek(user.id)).toMatchObject({ id: user.id });
    return { user, request };
  }

  const asAdmin = (request: InjectOptions): InjectOptions => ({
    ...request,
    headers: { ...request.headers, authorization: `Bearer ${t().tokenFor(t().admin)}` },
  });

  it('a second request of the same user needs no database read', async () => {
    const { user, request } = await freshUser('cached');
    // The cache reads through the store: a read would show on this spy.
    const findById = vi.spyOn(t().app.tessera.users, 'findById');
    try {
      await expectAccepted(t(), request);
      await expectAccepted(t(), request);
      expect(findById).not.toHaveBeenCalled();
    } finally {
      findById.mockRestore();
    }
    expect(t().app.tessera.userCache.peek(user.id)?.isEnabled).toBe(true);
  });

  it('L01 a user disabled through the API is refused on the very next request', async () => {
    const { user, request } = await freshUser('disabled');
    const patch = await t().app.inject(
      asAdmin({ method: 'PATCH', url: `/api/users/${user.id}`, payload: { is_enabled: false } }),
    );
    expect(patch.statusCode, patch.body).toBe(200);
    await expectRefused(t(), request);
  });

  it('L02 a user deleted through the API is refused on the very next request', async () => {
    const { user, request } = await freshUser('deleted');
    const deleted = await t().app.inject(
      asAdmin({ method: 'DELETE', url: `/api/users/${user.id}` }),
    );
    expect(deleted.statusCode, deleted.body).toBe(204);
    await expectRefused(t(), request);
  });

  it('a user disabled through the store (same process) is refused on the very next request', async () => {
    const { user, request } = await freshUser('store-disabled');
    await t().app.tessera.users.update(user.id, { isEnabled: false });
    await expectRefused(t(), request);
  });

  it('an admin demoted to user loses the admin scope on the very next request', async () => {
    const admin = await t().createUser(`demoted-${engine}@example.com`, 'admin');
    const list = {
      url: '/api/users',
      headers: { authorization: `Bearer ${t().tokenFor(admin)}` },
    };
    await expectAccepted(t(), list);
    await t().app.tessera.users.update(admin.id, { role: 'user' });
    const response = await t().app.inject(list);
    expect(response.statusCode, response.body).toBe(403);
  });

  it('a change committed by another connection (the CLI) is seen in time', async () => {
    const { user, request } = await freshUser('cli-disabled');
    const second = await openSecondConnection(t());
    try {
      expect(await createUserStore(second).update(user.id, { isEnabled: false })).toMatchObject({
        isEnabled: false,
      });
    } finally {
      await second.close();
    }
    if (engine === 'sqlite') {
      // PRAGMA data_version changed: the very next request reads the database.
      await nextRequestTurn();
      await expectRefused(t(), request);
    } else {
      // PostgreSQL: served from memory until the TTL has passed, never longer.
      now += TTL_SECONDS / 2;
      await expectAccepted(t(), request);
      now += TTL_SECONDS / 2;
      await expectRefused(t(), request);
    }
  });

  it('a user deleted by another connection is refused in time', async () => {
    const { user, request } = await freshUser('cli-deleted');
    const second = await openSecondConnection(t());
    try {
      expect(await createUserStore(second).delete(user.id)).toBe(true);
    } finally {
      await second.close();
    }
    if (engine === 'postgres') now += TTL_SECONDS;
    await nextRequestTurn();
    await expectRefused(t(), request);
  });

  it('a raw UPDATE through a second connection is seen in time', async () => {
    const { user, request } = await freshUser('raw-update');
    if (engine === 'sqlite') {
      const file = path.join(t().app.tessera.config.dataDir, SQLITE_FILE_NAME);
      const raw = new Database(file, { timeout: 5000 });
      try {
        raw.prepare('update users set is_enabled = 0 where id = ?').run(user.id);
      } finally {
        raw.close();
      }
    } else {
      const second = await openSecondConnection(t());
      try {
        await sql`update users set is_enabled = 0 where id = ${user.id}`.execute(second.db);
      } finally {
        await second.close();
      }
      now += TTL_SECONDS;
    }
    await nextRequestTurn();
    await expectRefused(t(), request);
  });

  it('re-enabling a user lets a new session in at once; the disable ended the old one for good', async () => {
    const { user, request } = await freshUser('reenabled');
    await t().app.tessera.users.update(user.id, { isEnabled: false });
    await expectRefused(t(), request);
    await t().app.tessera.users.update(user.id, { isEnabled: true });
    await expectRefused(t(), request);
    await t().renewSession(user);
    await expectAccepted(t(), probe(t(), user));
  });
});

describe.each(await testEngines())('TESSERA_USER_CACHE_TTL=0 on %s', (engine) => {
  const t = useTestApp(engine, { config: { userCacheTtlSeconds: 0 } });

  it('reads the user on every request and keeps nothing', async () => {
    const { alice } = t();
    const request = probe(t(), alice);
    await expectAccepted(t(), request);
    await expectAccepted(t(), request);
    expect(t().app.tessera.userCache.size).toBe(0);
    expect(t().app.tessera.userCache.peek(alice.id)).toBeUndefined();
  });
});
