/**
 * Database.dataVersion on SQLite (issue #6): `PRAGMA data_version` behind the WAL-index header
 * filter changes for every commit by another connection or process, never for this
 * connection's own commits, and the `-shm` handle it keeps is released on close. Plus the
 * prepared-statement cache behind Kysely: reused statements bind new parameters, survive a
 * schema change, and stay correct in transactions.
 */
import Database from 'better-sqlite3';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { migrateToLatest, openDatabase, SQLITE_FILE_NAME } from '../../src/db/index.js';
import type { Database as TesseraDatabase } from '../../src/db/index.js';
import { createUserStore } from '../../src/users/user-store.js';
import { createTestTarget, type TestDatabaseTarget } from '../support/engines.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function open(target: TestDatabaseTarget): Promise<TesseraDatabase> {
  const database = await openDatabase(target.options);
  cleanups.push(() => database.close());
  await migrateToLatest(database);
  return database;
}

async function sqliteTarget(): Promise<TestDatabaseTarget> {
  const target = await createTestTarget('sqlite');
  cleanups.push(() => target.dispose());
  return target;
}

const user = (email: string) => ({
  email,
  name: email,
  passwordHash: 'x',
  role: 'user' as const,
  isEnabled: true,
});

describe('dataVersion on SQLite', () => {
  it('stays the same for reads and for this connection’s own commits', async () => {
    const database = await open(await sqliteTarget());
    const { dataVersion } = database;
    if (dataVersion === undefined) throw new Error('SQLite must expose dataVersion');
    const before = dataVersion();
    expect(dataVersion()).toBe(before);
    const store = createUserStore(database);
    const created = await store.create(user('own@example.com'));
    await store.update(created.id, { isEnabled: false });
    expect(dataVersion()).toBe(before);
  });

  it('changes after every commit of another connection, each seen once', async () => {
    const target = await sqliteTarget();
    const database = await open(target);
    const dataVersion = database.dataVersion!;
    const second = await open(target);
    const created = await createUserStore(second).create(user('other@example.com'));
    const afterInsert = dataVersion();
    expect(dataVersion()).toBe(afterInsert);

    await createUserStore(second).update(created.id, { name: 'renamed' });
    const afterUpdate = dataVersion();
    expect(afterUpdate).not.toBe(afterInsert);

    const raw = new Database(path.join(target.dataDir, SQLITE_FILE_NAME));
    try {
      for (let round = 0; round < 20; round += 1) {
        const before = dataVersion();
        raw.prepare('update users set name = ? where id = ?').run(`n${round}`, created.id);
        expect(dataVersion()).not.toBe(before);
      }
    } finally {
      raw.close();
    }
  });

  it('is undefined on PostgreSQL-style databases (no such member) and present on SQLite', async () => {
    const database = await open(await sqliteTarget());
    expect(typeof database.dataVersion).toBe('function');
  });

  it('releases its -shm handle when the database closes', async () => {
    const target = await sqliteTarget();
    const openFds = () => readdirSync('/proc/self/fd').length;
    const first = await openDatabase(target.options);
    await first.close();
    const before = openFds();
    for (let i = 0; i < 20; i += 1) {
      const database = await openDatabase(target.options);
      database.dataVersion?.();
      await database.close();
    }
    expect(openFds()).toBeLessThanOrEqual(before + 2);
  });
});

describe('prepared statements kept behind Kysely (SQLite)', () => {
  it('binds new parameters to a reused statement', async () => {
    const database = await open(await sqliteTarget());
    const store = createUserStore(database);
    const ids: number[] = [];
    for (let i = 0; i < 30; i += 1) ids.push((await store.create(user(`p${i}@example.com`))).id);
    for (const [index, id] of ids.entries()) {
      expect((await store.findById(id))?.email).toBe(`p${index}@example.com`);
    }
    expect(await store.findById(999_999)).toBeUndefined();
  });

  it('keeps answering after a schema change and inside transactions', async () => {
    const database = await open(await sqliteTarget());
    const store = createUserStore(database);
    const created = await store.create(user('schema@example.com'));
    expect((await store.findById(created.id))?.name).toBe('schema@example.com');
    await sql`alter table users add column bench_extra integer`.execute(database.db);
    expect((await store.findById(created.id))?.name).toBe('schema@example.com');
    await expect(
      database.db.transaction().execute(async (trx) => {
        await trx
          .updateTable('users')
          .set({ name: 'inside' })
          .where('id', '=', created.id)
          .execute();
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect((await store.findById(created.id))?.name).toBe('schema@example.com');
  });
});
