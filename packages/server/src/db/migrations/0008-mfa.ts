import type { Kysely } from 'kysely';
import type { DatabaseEngine } from '../database.js';
import { text } from './byte-order-text.js';
import type { TesseraMigration } from './migration.js';

/**
 * Second factors (issue #14): `mfa_totp` (one TOTP factor per user, its secret sealed with the
 * key-encryption key, pending until confirmed, and the last accepted time step so no code is
 * accepted twice), `mfa_recovery_codes` (SHA-256 of each code, used once) and
 * `mfa_challenges` (the second step of a login: SHA-256 of the `mfa_token`, single use,
 * bound to its user and to whether the password was right). All go with their user.
 */
export const mfaMigration: TesseraMigration = {
  up: async (db: Kysely<unknown>, engine: DatabaseEngine): Promise<void> => {
    await db.schema
      .createTable('mfa_totp')
      .addColumn('user_id', 'integer', (column) =>
        column.primaryKey().references('users.id').onDelete('cascade'),
      )
      .addColumn('secret_sealed', 'text', (column) => column.notNull())
      .addColumn('created_at', text(engine), (column) => column.notNull())
      .addColumn('confirmed_at', text(engine))
      .addColumn('last_step', 'integer')
      .execute();
    await db.schema
      .createTable('mfa_recovery_codes')
      .addColumn('user_id', 'integer', (column) =>
        column.notNull().references('users.id').onDelete('cascade'),
      )
      .addColumn('code_hash', text(engine), (column) => column.notNull())
      .addColumn('created_at', text(engine), (column) => column.notNull())
      .addColumn('used_at', text(engine))
      .addPrimaryKeyConstraint('mfa_recovery_codes_pk', ['user_id', 'code_hash'])
      .execute();
    await db.schema
      .createTable('mfa_challenges')
      .addColumn('token_hash', text(engine), (column) => column.primaryKey())
      .addColumn('user_id', 'integer', (column) =>
        column.notNull().references('users.id').onDelete('cascade'),
      )
      .addColumn('password_ok', 'integer', (column) => column.notNull())
      .addColumn('created_at', text(engine), (column) => column.notNull())
      .addColumn('expires_at', text(engine), (column) => column.notNull())
      .addColumn('attempts', 'integer', (column) => column.notNull().defaultTo(0))
      .addColumn('consumed_at', text(engine))
      .execute();
    await db.schema
      .createIndex('mfa_challenges_expires_at_idx')
      .on('mfa_challenges')
      .column('expires_at')
      .execute();
    await db.schema
      .createIndex('mfa_challenges_user_id_idx')
      .on('mfa_challenges')
      .column('user_id')
      .execute();
  },
  down: async (db: Kysely<unknown>): Promise<void> => {
    await db.schema.dropTable('mfa_challenges').execute();
    await db.schema.dropTable('mfa_recovery_codes').execute();
    await db.schema.dropTable('mfa_totp').execute();
  },
};
