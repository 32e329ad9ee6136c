import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS, migrateToLatest, openDatabase } from '../../src/db/index.js';
import { testEngines, useTestDatabase } from '../support/engines.js';

/** Tessera's migrations, in the order they apply: the list's order, which is name order. */
const ALL = Object.keys(MIGRATIONS);

it('lists the migrations in name order (Kysely applies them by name)', () => {
  expect(ALL.slice(0, 6)).toEqual([
    '0001-users',
    '0002-sessions',
    '0003-open-roles',
    '0004-signing-keys',
    '0005-encryption-keys',
    '0006-session-amr',
  ]);
  expect(ALL).toEqual([...ALL].sort());
});

const row = {
  email: 'Ada@Example.com',
  email_key: 'ada@example.com',
  name: 'Ada',
  password_hash: 'hash',
  role: 'user' as const,
  is_enabled: 1,
  created_at: '2025-01-01T00:00:00.000Z',
  updated_at: '2025-01-01T00:00:00.000Z',
};

describe.each(await testEngines())('migrations on %s', (engine) => {
  const fixture = useTestDatabase(engine, { migrate: false });

  it('applies every migration in order once, then nothing', async () => {
    const { database } = fixture();
    expect(Object.keys(MIGRATIONS)).toEqual(ALL);
    expect(await migrateToLatest(database)).toEqual({ applied: ALL, appApplied: [] });
    expect(await migrateToLatest(database)).toEqual({ applied: [], appApplied: [] });
    const names = await database.db
      .selectFrom(sql.table('tessera_migration').as('m'))
      .select(sql<string>`name`.as('name'))
      .execute();
    expect(names).toEqual(ALL.map((name) => ({ name })));
  });

  it('0002-sessions: sessions and their refresh tokens go with their user (ON DELETE CASCADE)', async () => {
    const { database } = fixture();
    await migrateToLatest(database);
    const { db } = database;
    const user = await db.insertInto('users').values(row).returning('id').executeTakeFirstOrThrow();
    const at = '2025-01-01T00:00:00.000Z';
    await db
      .insertInto('sessions')
      .values({
        id: 's1',
        user_id: user.id,
        created_at: at,
        last_used_at: at,
        expires_at: at,
        idle_expires_at: at,
        ended_at: null,
        ended_reason: null,
        user_agent: null,
      })
      .execute();
    await db
      .insertInto('refresh_tokens')
      .values({ hash: 'h1', session_id: 's1', created_at: at, consumed_at: null })
      .execute();
    await expect(
      db
        .insertInto('refresh_tokens')
        .values({ hash: 'h2', session_id: 'no such session', created_at: at, consumed_at: null })
        .execute(),
    ).rejects.toThrow();
    await db.deleteFrom('users').where('id', '=', user.id).execute();
    expect(await db.selectFrom('sessions').selectAll().execute()).toEqual([]);
    expect(await db.selectFrom('refresh_tokens').selectAll().execute()).toEqual([]);
  });

  it('lets a second process see the applied migrations (a reopened handle applies nothing)', async () => {
    const { database, options } = fixture();
    await migrateToLatest(database);
    const again = await openDatabase(options);
    try {
      expect(await migrateToLatest(again)).toEqual({ applied: [], appApplied: [] });
    } finally {
      await again.close();
    }
  });

  it('creates users with defaults, an identity id and the same column types on both engines', async () => {
    const { database } = fixture();
    await migrateToLatest(database);
    const inserted = await database.db
      .insertInto('users')
      .values([row, { ...row, email: 'b@example.com', email_key: 'b@example.com' }])
      .returningAll()
      .execute();
    expect(inserted).toEqual([
      {
        ...row,
        id: 1,
        token_version: 0,
        is_email_verified: 0,
        pending_invitation: 0,
        has_password: 1,
      },
      {
        ...row,
        id: 2,
        email: 'b@example.com',
        email_key: 'b@example.com',
        token_version: 0,
        is_email_verified: 0,
        pending_invitation: 0,
        has_password: 1,
      },
    ]);
  });

  it.each([
    ['an empty role', { role: '' }],
    ['a role over 32 characters', { role: 'r'.repeat(33) }],
    ['is_enabled other than 0/1', { is_enabled: 2 }],
    ['a negative token_version', { token_version: -1 }],
    ['a missing name', { name: null }],
  ])('rejects %s', async (_label, change) => {
    const { database } = fixture();
    await migrateToLatest(database);
    const insert = database.db
      .insertInto('users')
      .values({ ...row, ...change } as typeof row)
      .execute();
    await expect(insert).rejects.toThrow();
    expect(await database.db.selectFrom('users').selectAll().execute()).toEqual([]);
  });

  it('enforces one row per email_key', async () => {
    const { database } = fixture();
    await migrateToLatest(database);
    await database.db.insertInto('users').values(row).execute();
    const duplicate = database.db
      .insertInto('users')
      .values({ ...row, email: 'ADA@example.com' })
      .execute();
    await expect(duplicate).rejects.toThrow(/unique/i);
  });

  it('never reuses the id of a deleted last row', async () => {
    const { database } = fixture();
    await migrateToLatest(database);
    await database.db.insertInto('users').values(row).execute();
    await database.db.deleteFrom('users').execute();
    const [again] = await database.db.insertInto('users').values(row).returning('id').execute();
    expect(again?.id).toBe(2);
  });
});

// Several connections at once is PostgreSQL's normal case (SQLite processes: sqlite-processes.test.ts).
const pooledEngines = (await testEngines()).filter((engine) => engine === 'postgres');

describe.each(pooledEngines)('concurrent migrations on %s', (engine) => {
  const fixture = useTestDatabase(engine, { migrate: false });

  it('applies each migration once when three handles migrate at the same moment', async () => {
    const { database, options } = fixture();
    const others = await Promise.all([openDatabase(options), openDatabase(options)]);
    try {
      const reports = await Promise.all([database, ...others].map((db) => migrateToLatest(db)));
      expect(reports.flatMap((report) => report.applied)).toEqual(ALL);
    } finally {
      await Promise.all(others.map((other) => other.close()));
    }
  });
});
