import { sql, type Kysely } from 'kysely';
import type { DatabaseEngine } from '../database.js';
import { text } from './byte-order-text.js';
import type { TesseraMigration } from './migration.js';

/**
 * Creates `webauthn_credentials` (a user's passkeys: the credential ID, its COSE public key, the
 * signature counter, transports, backup flags, a name) and `webauthn_challenges` (every
 * challenge handed out: single use, 5 minutes, for a registration, a passwordless login or a
 * second factor; bound to the user for registration and second factor). Both go with their
 * user (`ON DELETE CASCADE`).
 */
export const passkeysMigration: TesseraMigration = {
  up: async (db: Kysely<unknown>, engine: DatabaseEngine): Promise<void> => {
    await db.schema
      .createTable('webauthn_credentials')
      .addColumn('id', text(engine), (column) => column.primaryKey())
      .addColumn('credential_id', text(engine), (column) => column.notNull())
      .addColumn('user_id', 'integer', (column) =>
        column.notNull().references('users.id').onDelete('cascade'),
      )
      .addColumn('user_handle', text(engine), (column) => column.notNull())
      .addColumn('public_key', 'text', (column) => column.notNull())
      // A 32-bit unsigned signature counter: beyond PostgreSQL's integer.
      .addColumn('counter', 'bigint', (column) => column.notNull())
      .addColumn('transports', 'text', (column) => column.notNull())
      .addColumn('backup_eligible', 'integer', (column) => column.notNull())
      .addColumn('backed_up', 'integer', (column) => column.notNull())
      .addColumn('name', 'text', (column) => column.notNull())
      .addColumn('created_at', text(engine), (column) => column.notNull())
      .addColumn('last_used_at', text(engine))
      .addUniqueConstraint('webauthn_credentials_credential_id_unique', ['credential_id'])
      .addCheckConstraint('webauthn_credentials_counter_check', sql`counter >= 0`)
      .addCheckConstraint(
        'webauthn_credentials_flags_check',
        sql`backup_eligible in (0, 1) and backed_up in (0, 1)`,
      )
      .execute();
    await db.schema
      .createIndex('webauthn_credentials_user_id_idx')
      .on('webauthn_credentials')
      .column('user_id')
      .execute();
    await db.schema
      .createTable('webauthn_challenges')
      .addColumn('id', text(engine), (column) => column.primaryKey())
      .addColumn('challenge', text(engine), (column) => column.notNull())
      .addColumn('purpose', text(engine), (column) =>
        column.notNull().check(sql`purpose in ('registration', 'login', 'mfa')`),
      )
      .addColumn('user_id', 'integer', (column) =>
        column.references('users.id').onDelete('cascade'),
      )
      // Registration: the user handle the new credential is made for (base64url).
      .addColumn('user_handle', text(engine))
      .addColumn('created_at', text(engine), (column) => column.notNull())
      .addColumn('expires_at', text(engine), (column) => column.notNull())
      .addUniqueConstraint('webauthn_challenges_challenge_unique', ['challenge'])
      // Registration and second-factor challenges belong to a user; passwordless ones to nobody.
      .addCheckConstraint(
        'webauthn_challenges_user_check',
        sql`(purpose = 'login') = (user_id is null)`,
      )
      .execute();
    await db.schema
      .createIndex('webauthn_challenges_expires_at_idx')
      .on('webauthn_challenges')
      .column('expires_at')
      .execute();
  },
  down: async (db: Kysely<unknown>): Promise<void> => {
    await db.schema.dropTable('webauthn_challenges').execute();
    await db.schema.dropTable('webauthn_credentials').execute();
  },
};
