import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { migrateToLatest } from '../../src/db/index.js';
import { MIGRATIONS } from '../../src/db/migrations/index.js';
import { testEngines, useTestDatabase } from '../support/engines.js';

const at = '2025-01-01T00:00:00.000Z';

describe.each(await testEngines())('0003-open-roles on %s', (engine) => {
  const fixture = useTestDatabase(engine, { migrate: false });

  it('upgrades a database of 0001–0002 with its data: rows, sessions, cascade and uniqueness kept', async () => {
    const { database } = fixture();
    const { db } = database;
    // The database as the previous release left it: two migrations applied, one user signed in.
    for (const name of ['0001-users', '0002-sessions'] as const) {
      await MIGRATIONS[name]?.up(db as never, engine);
    }
    await sql`insert into users (email, email_key, name, password_hash, role, is_enabled, created_at, updated_at)
      values ('a@example.com', 'a@example.com', 'A', 'h', 'admin', 1, ${at}, ${at})`.execute(db);
    await sql`insert into sessions (id, user_id, created_at, last_used_at, expires_at, idle_expires_at)
      values ('s1', 1, ${at}, ${at}, ${at}, ${at})`.execute(db);
    await expect(sql`update users set role = 'editor' where id = 1`.execute(db)).rejects.toThrow(
      /check/i,
    );

    // As migrateToLatest runs Tessera's migrations: schema edits allowed for their duration.
    database.allowSchemaEdits?.(true);
    try {
      await MIGRATIONS['0003-open-roles']?.up(db as never, engine);
    } finally {
      database.allowSchemaEdits?.(false);
    }

    await sql`update users set role = 'editor' where id = 1`.execute(db);
    const [user] = await db.selectFrom('users').select(['id', 'role', 'email']).execute();
    expect(user).toEqual({ id: 1, role: 'editor', email: 'a@example.com' });
    await expect(sql`update users set role = '' where id = 1`.execute(db)).rejects.toThrow(
      /check/i,
    );
    await expect(
      sql`insert into users (email, email_key, name, password_hash, role, is_enabled, created_at, updated_at)
        values ('b@example.com', 'a@example.com', 'B', 'h', 'user', 1, ${at}, ${at})`.execute(db),
    ).rejects.toThrow(/unique/i);
    await db.deleteFrom('users').where('id', '=', 1).execute();
    expect(await db.selectFrom('sessions').selectAll().execute()).toEqual([]);
  });

  it('runs through migrateToLatest and leaves the schema readable by a new handle', async () => {
    const { database, options } = fixture();
    await migrateToLatest(database);
    const { openDatabase } = await import('../../src/db/index.js');
    const again = await openDatabase(options);
    try {
      await sql`insert into users (email, email_key, name, password_hash, role, is_enabled, created_at, updated_at)
        values ('c@example.com', 'c@example.com', 'C', 'h', 'auditor', 1, ${at}, ${at})`.execute(
        again.db,
      );
      expect(await database.db.selectFrom('users').select('role').execute()).toEqual([
        { role: 'auditor' },
      ]);
    } finally {
      await again.close();
    }
  });
});

describe('0003-open-roles on sqlite, afterwards', () => {
  const fixture = useTestDatabase('sqlite', { migrate: false });

  it('turns defensive mode back on after the migrations: the schema table is read-only again', async () => {
    const { database } = fixture();
    await migrateToLatest(database);
    await sql`pragma writable_schema = on`.execute(database.db);
    await expect(
      sql`update sqlite_schema set sql = sql where name = 'users'`.execute(database.db),
    ).rejects.toThrow(/may not be modified/);
  });
});
