import { sql, type Kysely } from 'kysely';
import type { TesseraMigration } from './migration.js';

/**
 * Adds `sessions.amr`: how the session's login was authenticated (RFC 8176 method names,
 * space-separated, e.g. `pwd otp`), carried by every access token of the session as `amr`.
 * Sessions started before are password logins.
 */
export const sessionAmrMigration: TesseraMigration = {
  up: async (db: Kysely<unknown>): Promise<void> => {
    await sql`alter table sessions add column amr varchar(64) not null default 'pwd'`.execute(db);
  },
};
