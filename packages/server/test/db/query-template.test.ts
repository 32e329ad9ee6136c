/**
 * compileTemplate: a Kysely query compiled once and run many times with new values gives the
 * same rows as building it each time, on both engines, and refuses a value it could not bind.
 */
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { compileTemplate } from '../../src/db/query-template.js';
import { createUserStore } from '../../src/users/user-store.js';
import { testEngines, useTestDatabase } from '../support/engines.js';
import { newUser } from './user-fixtures.js';

describe.each(await testEngines())('query templates on %s', (engine) => {
  const fixture = useTestDatabase(engine);
  const seed = async (count: number) => {
    const store = createUserStore(fixture().database);
    for (let index = 1; index <= count; index += 1) {
      await store.create(newUser({ email: `person${index}@example.com`, name: `Person ${index}` }));
    }
  };

  it('binds new values into the same SQL on every call, with the rows a fresh build returns', async () => {
    await seed(3);
    const { db } = fixture().database;
    const byEmail = compileTemplate((p: { email: string }) =>
      db.selectFrom('users').select(['id', 'email']).where('email', '=', p.email),
    );
    for (const email of ['person1@example.com', 'person3@example.com', 'nobody@example.com']) {
      const built = db.selectFrom('users').select(['id', 'email']).where('email', '=', email);
      expect(byEmail.bind({ email }).sql).toBe(built.compile().sql);
      expect(byEmail.bind({ email }).parameters).toEqual(built.compile().parameters);
      expect(await byEmail.execute(db, { email })).toEqual(await built.execute());
    }
  });

  it('fills a value used twice in both places and keeps the constants the build wrote', async () => {
    await seed(4);
    const { db } = fixture().database;
    const window = compileTemplate((p: { low: number; high: number }) =>
      db
        .selectFrom('users')
        .select('id')
        .where('id', '>=', p.low)
        .where('id', '<=', p.high)
        .where((eb) => eb.or([eb('id', '=', p.low), eb('role', '=', 'user')]))
        .orderBy('id'),
    );
    expect(window.bind({ low: 2, high: 3 }).parameters).toEqual([2, 3, 2, 'user']);
    expect((await window.execute(db, { low: 2, high: 3 })).map((row) => row.id)).toEqual([2, 3]);
    expect((await window.execute(db, { low: 3, high: 4 })).map((row) => row.id)).toEqual([3, 4]);
  });

  it('refuses a value Kysely writes into the SQL text instead of binding it', () => {
    const { db } = fixture().database;
    expect(() =>
      compileTemplate((p: { column: string }) =>
        db.selectFrom('users').select(sql.raw<number>(p.column).as('picked')),
      ),
    ).toThrow(/'column' is not a parameter/);
  });

  it('refuses a value the build read but never used', () => {
    const { db } = fixture().database;
    expect(() =>
      compileTemplate((p: { id: number; unused: string }) => {
        void p.unused;
        return db.selectFrom('users').select('id').where('id', '=', p.id);
      }),
    ).toThrow(/'unused' is not a parameter/);
  });
});
