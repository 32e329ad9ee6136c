import { sql, type Kysely } from 'kysely';
import type { DatabaseEngine } from '../database.js';
import type { TesseraMigration } from './migration.js';

const CLOSED_CHECK = `check (role in ('admin', 'user'))`;
const OPEN_CHECK = `check (length(role) between 1 and 32)`;

/**
 * Opens `users.role` to the roles an application adds (AccessOptions): the check that allowed
 * only `admin` and `user` becomes a length check; which roles exist is the app's configuration.
 * On SQLite, which cannot alter a constraint, the table's stored definition is edited in the
 * same transaction, SQLite's documented procedure for removing a CHECK constraint (no row is
 * copied, foreign keys and indexes stay as they are).
 */
export const openRolesMigration: TesseraMigration = {
  up: async (db: Kysely<unknown>, engine: DatabaseEngine): Promise<void> => {
    if (engine === 'postgres') {
      await sql`alter table users drop constraint users_role_check`.execute(db);
      await sql`alter table users add constraint users_role_check ${sql.raw(OPEN_CHECK)}`.execute(
        db,
      );
      return;
    }
    const { rows } = await sql<{
      sql: string;
    }>`select sql from sqlite_schema where type = 'table' and name = 'users'`.execute(db);
    const definition = rows[0]?.sql ?? '';
    if (!definition.includes(CLOSED_CHECK)) {
      throw new Error('users_role_check is not the one 0001-users created');
    }
    const { rows: versions } = await sql<{
      schema_version: number;
    }>`pragma schema_version`.execute(db);
    const version = Number(versions[0]?.schema_version);
    await sql`pragma writable_schema = on`.execute(db);
    await sql`update sqlite_schema set sql = ${definition.replace(CLOSED_CHECK, OPEN_CHECK)} where type = 'table' and name = 'users'`.execute(
      db,
    );
    await sql.raw(`pragma schema_version = ${version + 1}`).execute(db);
    await sql`pragma writable_schema = off`.execute(db);
  },
};
