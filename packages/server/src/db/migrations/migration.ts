import type { Kysely } from 'kysely';
import type { DatabaseEngine } from '../database.js';

/**
 * One versioned schema change. It gets the engine so that a migration can choose a column type
 * where SQLite and PostgreSQL differ; everything else is the same code for both.
 *
 * Migrations receive an untyped `Kysely<unknown>`: they describe the schema of their time, not
 * today's {@link DatabaseSchema}.
 *
 * @example
 * ```ts
 * export const migration: TesseraMigration = {
 *   up: async (db) => { await db.schema.createIndex('users_name_idx').on('users').column('name').execute(); },
 * };
 * ```
 */
export interface TesseraMigration {
  readonly up: (db: Kysely<unknown>, engine: DatabaseEngine) => Promise<void>;
  readonly down?: (db: Kysely<unknown>, engine: DatabaseEngine) => Promise<void>;
}
