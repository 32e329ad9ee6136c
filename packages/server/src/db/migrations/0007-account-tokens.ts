import { sql, type Kysely } from 'kysely';
import type { DatabaseEngine } from '../database.js';
import { text } from './byte-order-text.js';
import type { TesseraMigration } from './migration.js';

/**
 * Issue #14 (password reset, email verification, invitations):
 * - `account_tokens`: the SHA-256 (base64url) of every reset, verification and invitation token
 *   mailed, never the token; its user, purpose, the address it was sent to when it proves one
 *   (`email`: an email change stays pending there until the link is used), and when it was
 *   made, expires and was used up (or voided by a newer token of the same purpose). They go
 *   with their user (`ON DELETE CASCADE`).
 * - `users.is_email_verified` (0/1): existing users start unverified, since nothing proved
 *   their address; it restricts nothing, and they can ask for a link.
 * - `users.pending_invitation` (0/1): created by an admin without a password, invitation not
 *   accepted yet.
 */
export const accountTokensMigration: TesseraMigration = {
  up: async (db: Kysely<unknown>, engine: DatabaseEngine): Promise<void> => {
    await db.schema
      .createTable('account_tokens')
      .addColumn('hash', text(engine), (column) => column.primaryKey())
      .addColumn('user_id', 'integer', (column) =>
        column.notNull().references('users.id').onDelete('cascade'),
      )
      .addColumn('purpose', text(engine), (column) =>
        column.notNull().check(sql`purpose in ('reset', 'verify_email', 'invitation')`),
      )
      .addColumn('email', text(engine))
      .addColumn('created_at', text(engine), (column) => column.notNull())
      .addColumn('expires_at', text(engine), (column) => column.notNull())
      .addColumn('consumed_at', text(engine))
      .execute();
    await db.schema
      .createIndex('account_tokens_user_purpose_idx')
      .on('account_tokens')
      .columns(['user_id', 'purpose'])
      .execute();
    await db.schema
      .alterTable('users')
      .addColumn('is_email_verified', 'integer', (column) => column.notNull().defaultTo(0))
      .execute();
    await db.schema
      .alterTable('users')
      .addColumn('pending_invitation', 'integer', (column) => column.notNull().defaultTo(0))
      .execute();
  },
  down: async (db: Kysely<unknown>): Promise<void> => {
    await db.schema.alterTable('users').dropColumn('pending_invitation').execute();
    await db.schema.alterTable('users').dropColumn('is_email_verified').execute();
    await db.schema.dropTable('account_tokens').execute();
  },
};
