import type { Kysely } from 'kysely';
import type { DatabaseEngine } from '../database.js';
import { text } from './byte-order-text.js';
import type { TesseraMigration } from './migration.js';

/**
 * Creates `sessions` (one row per login: a refresh-token family) and `refresh_tokens` (the
 * SHA-256 of every refresh token issued in a session, consumed or not; never the token itself,
 * SECURITY.md L15). Both go with their user (`ON DELETE CASCADE`).
 */
export const sessionsMigration: TesseraMigration = {
  up: async (db: Kysely<unknown>, engine: DatabaseEngine): Promise<void> => {
    await db.schema
      .createTable('sessions')
      .addColumn('id', text(engine), (column) => column.primaryKey())
      .addColumn('user_id', 'integer', (column) =>
        column.notNull().references('users.id').onDelete('cascade'),
      )
      .addColumn('created_at', text(engine), (column) => column.notNull())
      .addColumn('last_used_at', text(engine), (column) => column.notNull())
      .addColumn('expires_at', text(engine), (column) => column.notNull())
      .addColumn('idle_expires_at', text(engine), (column) => column.notNull())
      .addColumn('ended_at', text(engine))
      .addColumn('ended_reason', text(engine))
      .addColumn('user_agent', 'text')
      .execute();
    await db.schema
      .createIndex('sessions_user_id_idx')
      .on('sessions')
      .columns(['user_id', 'ended_at'])
      .execute();
    await db.schema
      .createTable('refresh_tokens')
      .addColumn('hash', text(engine), (column) => column.primaryKey())
      .addColumn('session_id', text(engine), (column) =>
        column.notNull().references('sessions.id').onDelete('cascade'),
      )
      .addColumn('created_at', text(engine), (column) => column.notNull())
      .addColumn('consumed_at', text(engine))
      .execute();
    await db.schema
      .createIndex('refresh_tokens_session_id_idx')
      .on('refresh_tokens')
      .column('session_id')
      .execute();
  },
  down: async (db: Kysely<unknown>): Promise<void> => {
    await db.schema.dropTable('refresh_tokens').execute();
    await db.schema.dropTable('sessions').execute();
  },
};
