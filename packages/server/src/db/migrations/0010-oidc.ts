import { sql, type Kysely } from 'kysely';
import type { DatabaseEngine } from '../database.js';
import { text } from './byte-order-text.js';
import type { TesseraMigration } from './migration.js';

/**
 * Sign-in by provider (issue #15). Creates `user_identities` (a provider account linked to a
 * user: unique issuer + subject) and `oidc_flows` (each sign-in or link in progress, found by
 * the SHA-256 of its browser cookie's secret: single use, 10 minutes; its one-time ticket 60
 * seconds), both going with their user. Adds `users.has_password` (0 for a user a provider
 * created, until a password is set) and `mfa_challenges.first_factor` (what the first step of
 * a two-step login was: `pwd` or `oidc`).
 */
export const oidcMigration: TesseraMigration = {
  up: async (db: Kysely<unknown>, engine: DatabaseEngine): Promise<void> => {
    await sql`alter table users add column has_password integer not null default 1`.execute(db);
    await sql`alter table mfa_challenges add column first_factor varchar(16) not null default 'pwd'`.execute(
      db,
    );
    await db.schema
      .createTable('user_identities')
      .addColumn('id', text(engine), (column) => column.primaryKey())
      .addColumn('user_id', 'integer', (column) =>
        column.notNull().references('users.id').onDelete('cascade'),
      )
      .addColumn('provider', text(engine), (column) => column.notNull())
      .addColumn('issuer', text(engine), (column) => column.notNull())
      .addColumn('subject', text(engine), (column) => column.notNull())
      .addColumn('email', 'text')
      .addColumn('created_at', text(engine), (column) => column.notNull())
      .addColumn('last_used_at', text(engine))
      .addUniqueConstraint('user_identities_issuer_subject_unique', ['issuer', 'subject'])
      .execute();
    await db.schema
      .createIndex('user_identities_user_id_idx')
      .on('user_identities')
      .column('user_id')
      .execute();
    await db.schema
      .createTable('oidc_flows')
      .addColumn('id', text(engine), (column) => column.primaryKey())
      .addColumn('provider', text(engine), (column) => column.notNull())
      .addColumn('state', text(engine), (column) => column.notNull())
      .addColumn('nonce', text(engine), (column) => column.notNull())
      .addColumn('code_verifier', text(engine), (column) => column.notNull())
      .addColumn('redirect_uri', 'text', (column) => column.notNull())
      .addColumn('mode', text(engine), (column) =>
        column.notNull().check(sql`mode in ('redirect', 'popup', 'satellizer')`),
      )
      .addColumn('intent', text(engine), (column) =>
        column.notNull().check(sql`intent in ('login', 'link')`),
      )
      .addColumn('user_id', 'integer', (column) =>
        column.references('users.id').onDelete('cascade'),
      )
      .addColumn('return_to', 'text', (column) => column.notNull())
      .addColumn('ticket_hash', text(engine))
      .addColumn('result_user_id', 'integer', (column) =>
        column.references('users.id').onDelete('cascade'),
      )
      .addColumn('consumed_at', text(engine))
      .addColumn('created_at', text(engine), (column) => column.notNull())
      .addColumn('expires_at', text(engine), (column) => column.notNull())
      .addUniqueConstraint('oidc_flows_ticket_hash_unique', ['ticket_hash'])
      .addCheckConstraint('oidc_flows_user_check', sql`(intent = 'link') = (user_id is not null)`)
      .execute();
    await db.schema
      .createIndex('oidc_flows_expires_at_idx')
      .on('oidc_flows')
      .column('expires_at')
      .execute();
  },
  down: async (db: Kysely<unknown>): Promise<void> => {
    await db.schema.dropTable('oidc_flows').execute();
    await db.schema.dropTable('user_identities').execute();
    await sql`alter table mfa_challenges drop column first_factor`.execute(db);
    await sql`alter table users drop column has_password`.execute(db);
  },
};
