import type { Kysely } from 'kysely';
import type { DatabaseSchema } from '../db/database-schema.js';
import { compileTemplate } from '../db/query-template.js';
import { USER_SUMMARY_COLUMNS } from './user-record-row.js';

/**
 * The user store's single-row reads, each compiled by Kysely once per database (they run on
 * every login, refresh and user read; building them per call cost more than running them).
 *
 * @example
 * ```ts
 * const [row] = await userLookups(db).byId.execute(db, { id: 7 });
 * ```
 */
export function userLookups(db: Kysely<DatabaseSchema>) {
  return {
    byId: compileTemplate((p: { id: number }) =>
      db.selectFrom('users').selectAll().where('id', '=', p.id),
    ),
    summaryById: compileTemplate((p: { id: number }) =>
      db.selectFrom('users').select(USER_SUMMARY_COLUMNS).where('id', '=', p.id),
    ),
    byEmailKey: compileTemplate((p: { key: string }) =>
      db.selectFrom('users').selectAll().where('email_key', '=', p.key),
    ),
  };
}
