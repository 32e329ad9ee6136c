import { randomBytes } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import type { DatabaseSchema, UserIdentitiesTable } from '../db/database-schema.js';
import type { DatabaseEngine } from '../db/database.js';
import { isUniqueViolation } from '../db/unique-violation.js';

/** A provider account linked to a user. */
export interface IdentityRecord {
  readonly id: string;
  readonly userId: number;
  readonly provider: string;
  readonly issuer: string;
  readonly subject: string;
  readonly email: string | null;
  readonly createdAt: string;
  readonly lastUsedAt: string | null;
}

/** What a link stores. */
export interface NewIdentity {
  readonly userId: number;
  readonly provider: string;
  readonly issuer: string;
  readonly subject: string;
  readonly email: string | null;
}

function toRecord(row: Selectable<UserIdentitiesTable>): IdentityRecord {
  return {
    id: row.id,
    userId: Number(row.user_id),
    provider: row.provider,
    issuer: row.issuer,
    subject: row.subject,
    email: row.email,
    createdAt: row.created_at,
    lastUsedAt: row.last_used_at,
  };
}

/**
 * The `user_identities` table: one (issuer, subject) belongs to at most one user (a unique
 * constraint, so two concurrent links cannot both win). Every change a user asks for names the
 * owner too, so another user's identity is never found or removed.
 */
export class IdentityStore {
  constructor(
    private readonly db: Kysely<DatabaseSchema>,
    private readonly engine: DatabaseEngine,
  ) {}

  async find(issuer: string, subject: string): Promise<IdentityRecord | undefined> {
    const row = await this.db
      .selectFrom('user_identities')
      .selectAll()
      .where('issuer', '=', issuer)
      .where('subject', '=', subject)
      .executeTakeFirst();
    return row === undefined ? undefined : toRecord(row);
  }

  async listByUser(userId: number): Promise<IdentityRecord[]> {
    const rows = await this.db
      .selectFrom('user_identities')
      .selectAll()
      .where('user_id', '=', userId)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    return rows.map(toRecord);
  }

  async countByUser(userId: number): Promise<number> {
    const row = await this.db
      .selectFrom('user_identities')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .where('user_id', '=', userId)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /**
   * Links the identity to `identity.userId`; when (issuer, subject) is linked already, the
   * existing record, `created: false` (it may belong to another user: the caller refuses that).
   */
  async link(
    identity: NewIdentity,
    at: string,
  ): Promise<{ identity: IdentityRecord; created: boolean }> {
    const record: IdentityRecord = {
      ...identity,
      id: randomBytes(16).toString('base64url'),
      createdAt: at,
      lastUsedAt: at,
    };
    try {
      await this.db
        .insertInto('user_identities')
        .values({
          id: record.id,
          user_id: record.userId,
          provider: record.provider,
          issuer: record.issuer,
          subject: record.subject,
          email: record.email,
          created_at: at,
          last_used_at: at,
        })
        .execute();
      return { identity: record, created: true };
    } catch (error) {
      // PostgreSQL names the constraint; SQLite says `user_identities.issuer, …subject`.
      const taken =
        isUniqueViolation(error, 'user_identities', 'issuer_subject') ||
        isUniqueViolation(error, 'user_identities', 'issuer');
      if (!taken) throw error;
      const existing = await this.find(identity.issuer, identity.subject);
      if (existing === undefined) throw error;
      return { identity: existing, created: false };
    }
  }

  /** Records a sign-in: the address the provider reports now, and the time. */
  async recordUse(id: string, email: string | null, at: string): Promise<void> {
    await this.db
      .updateTable('user_identities')
      .set({ email, last_used_at: at })
      .where('id', '=', id)
      .execute();
  }

  /**
   * Removes the user's identity unless it is their last way in (no password of their own, no
   * passkey, no other identity): `last`. The check and the delete share a transaction that
   * locks the user's row (PostgreSQL; SQLite's transactions are serial), so two concurrent
   * unlinks of a user's last two identities cannot both succeed (O12).
   */
  async removeKeepingAWayIn(userId: number, id: string): Promise<'removed' | 'not_found' | 'last'> {
    return await this.db.transaction().execute(async (trx) => {
      const user = await trx
        .selectFrom('users')
        .select('has_password')
        .where('id', '=', userId)
        .$if(this.engine === 'postgres', (qb) => qb.forUpdate())
        .executeTakeFirst();
      const identities = await trx
        .selectFrom('user_identities')
        .select('id')
        .where('user_id', '=', userId)
        .execute();
      if (user === undefined || !identities.some((identity) => identity.id === id)) {
        return 'not_found';
      }
      if (identities.length < 2 && Number(user.has_password) !== 1) {
        const passkeys = await trx
          .selectFrom('webauthn_credentials')
          .select((eb) => eb.fn.countAll<number | string>().as('n'))
          .where('user_id', '=', userId)
          .executeTakeFirstOrThrow();
        if (Number(passkeys.n) === 0) return 'last';
      }
      await trx
        .deleteFrom('user_identities')
        .where('id', '=', id)
        .where('user_id', '=', userId)
        .execute();
      return 'removed';
    });
  }

  /** Removes the user's identity; false when the user has none of that id. */
  async remove(userId: number, id: string): Promise<boolean> {
    const result = await this.db
      .deleteFrom('user_identities')
      .where('id', '=', id)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    return result.numDeletedRows > 0n;
  }
}
