import { sql, type Kysely } from 'kysely';
import type { DatabaseEngine } from '../database.js';
import { text } from './byte-order-text.js';
import type { TesseraMigration } from './migration.js';

/** Creates `users`: one row per account, unique on the canonical email. */
export const usersMigration: TesseraMigration = {
  up: async (db: Kysely<unknown>, engine: DatabaseEngine): Promise<void> => {
    await db.schema
      .createTable('users')
      .addColumn('id', 'integer', (column) =>
        engine === 'postgres'
          ? column.primaryKey().generatedByDefaultAsIdentity()
          : column.primaryKey().autoIncrement(),
      )
      .addColumn('email', text(engine), (column) => column.notNull())
      .addColumn('email_key', text(engine), (column) => column.notNull())
      .addColumn('name', text(engine), (column) => column.notNull())
      .addColumn('password_hash', 'text', (column) => column.notNull())
      .addColumn('role', text(engine), (column) => column.notNull())
      .addColumn('is_enabled', 'integer', (column) => column.notNull().defaultTo(1))
      .addColumn('token_version', 'integer', (column) => column.notNull().defaultTo(0))
      .addColumn('created_at', text(engine), (column) => column.notNull())
      .addColumn('updated_at', text(engine), (column) => column.notNull())
      .addUniqueConstraint('users_email_key_unique', ['email_key'])
      .addCheckConstraint('users_role_check', sql`role in ('admin', 'user')`)
      .addCheckConstraint('users_is_enabled_check', sql`is_enabled in (0, 1)`)
      .addCheckConstraint('users_token_version_check', sql`token_version >= 0`)
      .execute();
    // The last-admin check reads the enabled admins; listing sorts by these (ties by id).
    await db.schema
      .createIndex('users_role_enabled_idx')
      .on('users')
      .columns(['role', 'is_enabled'])
      .execute();
    await db.schema
      .createIndex('users_created_at_idx')
      .on('users')
      .columns(['created_at', 'id'])
      .execute();
    await db.schema
      .createIndex('users_name_lower_idx')
      .on('users')
      .expression(sql`lower(name), id`)
      .execute();
  },
  down: async (db: Kysely<unknown>): Promise<void> => {
    await db.schema.dropTable('users').execute();
  },
};
