import type { CompiledQuery } from 'kysely';
import type { Database } from './database.js';

/**
 * Runs compiled writes in one transaction, in order: all of them or none. On SQLite through
 * `database.writeAtomically` (synchronous once the connection is free); elsewhere in a Kysely
 * transaction, one query after the other. For writes whose results nobody reads: a step that
 * depends on an earlier one's answer needs a Kysely transaction.
 *
 * @example
 * ```ts
 * await writeAtomically(database, [
 *   statements.prune.bind({ userId, before }),
 *   statements.insertSession.bind(session),
 * ]);
 * ```
 */
export async function writeAtomically(
  database: Pick<Database, 'db' | 'writeAtomically'>,
  queries: readonly CompiledQuery[],
): Promise<void> {
  if (database.writeAtomically !== undefined) {
    await database.writeAtomically(queries);
    return;
  }
  await database.db.transaction().execute(async (trx) => {
    for (const query of queries) await trx.executeQuery(query);
  });
}
