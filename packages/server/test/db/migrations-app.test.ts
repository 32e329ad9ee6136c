import { sql, type Kysely } from 'kysely';
import { describe, expect, it } from 'vitest';
import { APP_MIGRATION_TABLE, migrateToLatest, type TesseraMigration } from '../../src/db/index.js';
import { NOTES_MIGRATION as notes } from '../plugin/host-app.js';
import { testEngines, useTestDatabase } from '../support/engines.js';

const notesTitle: TesseraMigration = {
  up: async (db: Kysely<unknown>) => {
    await db.schema.alterTable('notes').addColumn('title', 'text').execute();
  },
};

describe.each(await testEngines())('application migrations on %s', (engine) => {
  const fixture = useTestDatabase(engine, { migrate: false });

  it("run after Tessera's, in name order, once, in their own bookkeeping table", async () => {
    const { database } = fixture();
    const first = await migrateToLatest(database, {
      appMigrations: { '0002-notes-title': notesTitle, '0001-notes': notes },
    });
    expect(first.applied).toContain('0001-users');
    expect(first.appApplied).toEqual(['0001-notes', '0002-notes-title']);
    const again = await migrateToLatest(database, {
      appMigrations: { '0001-notes': notes, '0002-notes-title': notesTitle },
    });
    expect(again).toEqual({ applied: [], appApplied: [] });
    const names = await database.db
      .selectFrom(sql.table(APP_MIGRATION_TABLE).as('m'))
      .select(sql<string>`name`.as('name'))
      .orderBy(sql`name`)
      .execute();
    expect(names).toEqual([{ name: '0001-notes' }, { name: '0002-notes-title' }]);
  });

  it('a migration added later applies alone, and its table references users', async () => {
    const { database } = fixture();
    await migrateToLatest(database, { appMigrations: { '0001-notes': notes } });
    const later = await migrateToLatest(database, {
      appMigrations: { '0001-notes': notes, '0002-notes-title': notesTitle },
    });
    expect(later.appApplied).toEqual(['0002-notes-title']);
    const insert = sql`insert into notes (id, owner_id, body, title) values (1, 999, 'x', 't')`;
    await expect(insert.execute(database.db)).rejects.toThrow(/foreign key/i);
  });

  it('a failing migration rolls back and names itself; nothing of it stays', async () => {
    const { database } = fixture();
    const broken: TesseraMigration = {
      up: async (db) => {
        await db.schema.createTable('half_done').addColumn('id', 'integer').execute();
        await sql`select * from no_such_table`.execute(db);
      },
    };
    await expect(
      migrateToLatest(database, { appMigrations: { '0001-broken': broken } }),
    ).rejects.toThrow('Database migration failed in "0001-broken"');
    const tables = await database.db.introspection.getTables();
    expect(tables.map((table) => table.name)).not.toContain('half_done');
  });

  it.each(['', '../escape', 'has space', 'x'.repeat(129)])(
    'refuses the migration name %j before touching the database',
    async (name) => {
      const { database } = fixture();
      await expect(migrateToLatest(database, { appMigrations: { [name]: notes } })).rejects.toThrow(
        TypeError,
      );
      const tables = await database.db.introspection.getTables();
      expect(tables).toEqual([]);
    },
  );
});
