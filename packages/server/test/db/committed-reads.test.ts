/**
 * Reads outside transactions (`QueryTemplate.read`): on SQLite they run at once on a second,
 * read-only connection and see only committed data; on PostgreSQL they go through Kysely. Both
 * give the rows the query gives through Kysely.
 */
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { compileTemplate } from '../../src/db/query-template.js';
import { createUserStore } from '../../src/users/user-store.js';
import { testEngines, useTestDatabase } from '../support/engines.js';
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

  it('runs at once on SQLite (no promise, a second connection) and through Kysely on PostgreSQL', async () => {
    const { database } = fixture();
    const one = compileTemplate((p: { value: string }) =>
      database.db.selectNoFrom((eb) => eb.val(p.value).as('value')),
    );
    const read = one.read(database, { value: 'seven' });
    expect(read instanceof Promise).toBe(engine === 'postgres');
    expect(database.readCommitted === undefined).toBe(engine === 'postgres');
    expect(await read).toEqual([{ value: 'seven' }]);
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
