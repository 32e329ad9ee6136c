import { sql, type Kysely } from 'kysely';
import type { DatabaseEngine } from '../database.js';
import { text } from './byte-order-text.js';
import type { TesseraMigration } from './migration.js';

/**
 * Creates `signing_keys`: Tessera's EdDSA and ES256 keys (issue #12), one row per key, with its
 * state (`next`, `current`, `previous`, `revoked`), its public JWK and its private key encrypted
 * with the key-encryption key (AES-256-GCM, bound to the kid; never in clear). At most one row
 * is `current` and one `next` (partial unique indexes).
 */
export const signingKeysMigration: TesseraMigration = {
  up: async (db: Kysely<unknown>, engine: DatabaseEngine): Promise<void> => {
    await db.schema
      .createTable('signing_keys')
      .addColumn('kid', text(engine), (column) => column.primaryKey())
      .addColumn('alg', text(engine), (column) =>
        column.notNull().check(sql`alg in ('EdDSA', 'ES256')`),
      )
      .addColumn('state', text(engine), (column) =>
        column.notNull().check(sql`state in ('next', 'current', 'previous', 'revoked')`),
      )
      .addColumn('public_jwk', 'text', (column) => column.notNull())
      .addColumn('private_key_sealed', 'text', (column) => column.notNull())
      .addColumn('created_at', text(engine), (column) => column.notNull())
      .addColumn('activated_at', text(engine))
      .addColumn('retired_at', text(engine))
      .execute();
    // At most one key signs and one waits to: a second one would be a bug, refused here.
    for (const state of ['current', 'next'] as const) {
      await db.schema
        .createIndex(`signing_keys_one_${state}`)
        .on('signing_keys')
        .column('state')
        .unique()
        .where(sql<boolean>`state = ${sql.lit(state)}`)
        .execute();
    }
  },
  down: async (db: Kysely<unknown>): Promise<void> => {
    await db.schema.dropTable('signing_keys').execute();
  },
};
