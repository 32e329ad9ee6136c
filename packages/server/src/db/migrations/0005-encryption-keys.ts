import { sql, type Kysely } from 'kysely';
import type { DatabaseEngine } from '../database.js';
import { text } from './byte-order-text.js';
import type { TesseraMigration } from './migration.js';

/**
 * Creates `encryption_keys`: the AES-256 keys of encrypted access tokens (issue #12,
 * `TESSERA_TOKEN_FORMAT=jwe`), one row per key, with the same states as `signing_keys` and the key
 * sealed with the key-encryption key (bound to its kid; never in clear). At most one row is
 * `current` and one `next`. Adds `last_used_at` to both key tables: when a key last signed,
 * encrypted or let a token through (written in batches, at most once a minute per process).
 */
export const encryptionKeysMigration: TesseraMigration = {
  up: async (db: Kysely<unknown>, engine: DatabaseEngine): Promise<void> => {
    await db.schema
      .createTable('encryption_keys')
      .addColumn('kid', text(engine), (column) => column.primaryKey())
      .addColumn('state', text(engine), (column) =>
        column.notNull().check(sql`state in ('next', 'current', 'previous', 'revoked')`),
      )
      .addColumn('key_sealed', 'text', (column) => column.notNull())
      .addColumn('created_at', text(engine), (column) => column.notNull())
      .addColumn('activated_at', text(engine))
      .addColumn('retired_at', text(engine))
      .addColumn('last_used_at', text(engine))
      .execute();
    for (const state of ['current', 'next'] as const) {
      await db.schema
        .createIndex(`encryption_keys_one_${state}`)
        .on('encryption_keys')
        .column('state')
        .unique()
        .where(sql<boolean>`state = ${sql.lit(state)}`)
        .execute();
    }
    await db.schema.alterTable('signing_keys').addColumn('last_used_at', text(engine)).execute();
  },
  down: async (db: Kysely<unknown>): Promise<void> => {
    await db.schema.alterTable('signing_keys').dropColumn('last_used_at').execute();
    await db.schema.dropTable('encryption_keys').execute();
  },
};
