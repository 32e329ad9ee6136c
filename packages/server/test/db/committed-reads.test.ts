/**
 * Reads outside transactions (`QueryTemplate.read`): on SQLite they run at once on a second,
 * read-only connection; on PostgreSQL they go straight to the pool behind Kysely. Both see only
 * committed data and give the rows the query gives through Kysely.
 */
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { compileTemplate } from '../../src/db/query-template.js';
import { createUserStore } from '../../src/users/user-store.js';
import { openTestDatabase, testEngines, useTestDatabase } from '../support/engines.js';
import { newUser } from './user-fixtures.js';

describe.each(await testEngines())('committed reads on %s', (engine) => {
  const fixture = useTestDatabase(engine);

  it('gives the rows Kysely gives, row for row and value for value', async () => {
    const { database } = fixture();
    const store = createUserStore(database);
    for (const index of [1, 2, 3]) {
      await store.create(newUser({ email: `person${index}@example.com`, name: `Person ${index}` }));
    }
    const { db } = database;
    const everything = compileTemplate((p: { low: number }) =>
      db.selectFrom('users').selectAll().where('id', '>=', p.low).orderBy('id'),
    );
    const read = await everything.read(database, { low: 2 });
    expect(read).toEqual(await everything.execute(db, { low: 2 }));
    expect(read.map((row) => row.email)).toEqual(['person2@example.com', 'person3@example.com']);
    expect(Object.keys(read[0] ?? {})).toEqual(
      Object.keys((await everything.execute(db, { low: 2 }))[0] ?? {}),
    );
  });

  it('never sees the rows of a transaction still in progress, and sees them once it commits', async () => {
    const { database } = fixture();
    const { db } = database;
    const count = compileTemplate((p: { role: 'user' }) =>
      db
        .selectFrom('users')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('role', '=', p.role),
    );
    const counted = async () => Number((await count.read(database, { role: 'user' }))[0]?.n);
    let inserted!: () => void;
    const insertedNow = new Promise<void>((resolve) => (inserted = resolve));
    let commit!: () => void;
    const mayCommit = new Promise<void>((resolve) => (commit = resolve));
    const transaction = db.transaction().execute(async (trx) => {
      await createUserStore({ ...database, db: trx }).create(
        newUser({ email: 'pending@example.com' }),
      );
      inserted();
      await mayCommit;
    });
    await insertedNow;
    expect(await counted()).toBe(0);
    commit();
    await transaction;
    expect(await counted()).toBe(1);
  });

  it('runs at once on SQLite (no promise, a second connection), with a promise on PostgreSQL', async () => {
    const { database } = fixture();
    const one = compileTemplate((p: { value: string }) =>
      database.db.selectNoFrom((eb) => eb.val(p.value).as('value')),
    );
    const read = one.read(database, { value: 'seven' });
    expect(read instanceof Promise).toBe(engine === 'postgres');
    expect(database.readCommitted).toBeDefined();
    expect(await read).toEqual([{ value: 'seven' }]);
  });
});

describe('PostgreSQL committed reads', () => {
  const fixture = useTestDatabase('postgres');

  it('refuses a query that is not a select, before it runs', async () => {
    const { database } = fixture();
    const store = createUserStore(database);
    await store.create(newUser({ email: 'kept@example.com', name: 'Kept' }));
    const rename = compileTemplate((p: { name: string }) =>
      database.db.updateTable('users').set({ name: p.name }),
    );
    await expect(rename.read(database, { name: 'changed' })).rejects.toThrow(
      /only queries that return rows/,
    );
    const remove = sql`delete from users`.compile(database.db);
    await expect(database.readCommitted?.(remove)).rejects.toThrow(TypeError);
    const names = await database.db.selectFrom('users').select('name').execute();
    expect(names).toEqual([{ name: 'Kept' }]);
  });

  it('uses the pool behind Kysely: a read after close fails like a Kysely query', async () => {
    const opened = await openTestDatabase('postgres');
    try {
      const { database } = opened;
      const one = compileTemplate((p: { value: string }) =>
        database.db.selectNoFrom((eb) => eb.val(p.value).as('value')),
      );
      expect(await one.read(database, { value: 'one' })).toEqual([{ value: 'one' }]);
      await database.close();
      await expect(one.read(database, { value: 'two' })).rejects.toThrow();
      await expect(one.execute(database.db, { value: 'two' })).rejects.toThrow();
    } finally {
      await opened.dispose();
    }
  });
});

describe('the SQLite read connection', () => {
  const fixture = useTestDatabase('sqlite');

  it('refuses a query that returns no rows, before it runs', () => {
    const { database } = fixture();
    const rename = compileTemplate((p: { name: string }) =>
      database.db.updateTable('users').set({ name: p.name }),
    );
    expect(() => rename.read(database, { name: 'x' })).toThrow(TypeError);
    const remove = sql`delete from users`.compile(database.db);
    expect(() => database.readCommitted?.(remove)).toThrow(/only queries that return rows/);
  });

  it('names the columns again when the schema changes under a kept statement (select *)', async () => {
    const { database } = fixture();
    const { db } = database;
    await sql`create table notes (id integer primary key, body text)`.execute(db);
    await sql`insert into notes (id, body) values (1, 'first')`.execute(db);
    const all = compileTemplate((p: { id: number }) =>
      db
        .selectFrom('notes' as never)
        .selectAll()
        .where('id' as never, '=', p.id as never),
    );
    expect(all.read(database, { id: 1 })).toEqual([{ id: 1, body: 'first' }]);
    await sql`alter table notes add column author text default 'ada'`.execute(db);
    expect(all.read(database, { id: 1 })).toEqual([{ id: 1, body: 'first', author: 'ada' }]);
    await sql`alter table notes drop column body`.execute(db);
    expect(all.read(database, { id: 1 })).toEqual([{ id: 1, author: 'ada' }]);
  });

  it('keeps the last of two columns of the same name, as better-sqlite3 does', () => {
    const { database } = fixture();
    const twice = sql<{ n: number }>`select 1 as n, 2 as n`.compile(database.db);
    expect(database.readCommitted?.(twice)).toEqual([{ n: 2 }]);
  });
});
