import type { TesseraMigration } from '@tessera/server';

/**
 * Creates `notes`. Tessera runs it after its own migrations, so `owner_id` can reference
 * `users`; deleting a user deletes their notes (ON DELETE CASCADE, on SQLite and PostgreSQL).
 */
export const notesMigration: TesseraMigration = {
  up: async (db, engine) => {
    await db.schema
      .createTable('notes')
      .addColumn('id', 'integer', (column) =>
        engine === 'postgres'
          ? column.primaryKey().generatedByDefaultAsIdentity()
          : column.primaryKey().autoIncrement(),
      )
      .addColumn('owner_id', 'integer', (column) =>
        column.notNull().references('users.id').onDelete('cascade'),
      )
      .addColumn('body', 'text', (column) => column.notNull())
      .addColumn('created_at', 'text', (column) => column.notNull())
      .execute();
    await db.schema
      .createIndex('notes_owner_id_idx')
      .on('notes')
      .columns(['owner_id', 'id'])
      .execute();
  },
  down: async (db) => {
    await db.schema.dropTable('notes').execute();
  },
};
