import { randomUUID } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import type { DatabaseSchema, WebAuthnCredentialsTable } from '../db/database-schema.js';
import type { Database } from '../db/database.js';
import { compileTemplate } from '../db/query-template.js';

/** A stored passkey, as the code uses it. */
export interface PasskeyRecord {
  readonly id: string;
  /** base64url. */
  readonly credentialId: string;
  readonly userId: number;
  /** base64url WebAuthn user handle. */
  readonly userHandle: string;
  /** COSE public key. */
  readonly publicKey: Uint8Array;
  readonly counter: number;
  readonly transports: readonly string[];
  readonly backupEligible: boolean;
  readonly backedUp: boolean;
  readonly name: string;
  readonly createdAt: string;
  readonly lastUsedAt: string | null;
}

/** What a registration stores. */
export type NewPasskey = Omit<PasskeyRecord, 'id' | 'lastUsedAt'>;

/** At most this many passkeys per user. */
export const MAX_PASSKEYS_PER_USER = 20;

function toRecord(row: Selectable<WebAuthnCredentialsTable>): PasskeyRecord {
  return {
    id: row.id,
    credentialId: row.credential_id,
    userId: row.user_id,
    userHandle: row.user_handle,
    publicKey: new Uint8Array(Buffer.from(row.public_key, 'base64url')),
    counter: Number(row.counter),
    transports: row.transports === '' ? [] : row.transports.split(' '),
    backupEligible: row.backup_eligible === 1,
    backedUp: row.backed_up === 1,
    name: row.name,
    createdAt: row.created_at,
    lastUsedAt: row.last_used_at,
  };
}

/**
 * The `webauthn_credentials` table. Every change a user asks for names the owner too
 * (`where user_id = …`), so another user's passkey is never found, renamed or removed.
 */
export class PasskeyStore {
  readonly #database: Pick<Database, 'db' | 'readCommitted'>;
  /** Compiled once: every login counts the user's passkeys (unknown emails too). */
  readonly #countByUser;

  constructor(database: Pick<Database, 'db' | 'readCommitted'>) {
    this.#database = database;
    this.#countByUser = compileTemplate((p: { userId: number }) =>
      database.db
        .selectFrom('webauthn_credentials')
        .select((eb) => eb.fn.countAll<number | string>().as('n'))
        .where('user_id', '=', p.userId),
    );
  }

  get #db(): Kysely<DatabaseSchema> {
    return this.#database.db;
  }

  async listByUser(userId: number): Promise<PasskeyRecord[]> {
    const rows = await this.#db
      .selectFrom('webauthn_credentials')
      .selectAll()
      .where('user_id', '=', userId)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    return rows.map(toRecord);
  }

  async countByUser(userId: number): Promise<number> {
    const [row] = await this.#countByUser.read(this.#database, { userId });
    return Number(row?.n ?? 0);
  }

  async findByCredentialId(credentialId: string): Promise<PasskeyRecord | undefined> {
    const row = await this.#db
      .selectFrom('webauthn_credentials')
      .selectAll()
      .where('credential_id', '=', credentialId)
      .executeTakeFirst();
    return row === undefined ? undefined : toRecord(row);
  }

  /** The user handle of the user's passkeys, so all of them share one (undefined: none yet). */
  async userHandleOf(userId: number): Promise<string | undefined> {
    const row = await this.#db
      .selectFrom('webauthn_credentials')
      .select('user_handle')
      .where('user_id', '=', userId)
      .orderBy('created_at')
      .limit(1)
      .executeTakeFirst();
    return row?.user_handle;
  }

  /** Stores a new passkey; throws the engine's unique violation for a known credential ID. */
  async insert(passkey: NewPasskey): Promise<PasskeyRecord> {
    const record: PasskeyRecord = { ...passkey, id: randomUUID(), lastUsedAt: null };
    await this.#db
      .insertInto('webauthn_credentials')
      .values({
        id: record.id,
        credential_id: record.credentialId,
        user_id: record.userId,
        user_handle: record.userHandle,
        public_key: Buffer.from(record.publicKey).toString('base64url'),
        counter: record.counter,
        transports: record.transports.join(' '),
        backup_eligible: record.backupEligible ? 1 : 0,
        backed_up: record.backedUp ? 1 : 0,
        name: record.name,
        created_at: record.createdAt,
        last_used_at: null,
      })
      .execute();
    return record;
  }

  /** Renames the user's passkey; undefined when the user has no passkey of that id. */
  async rename(userId: number, id: string, name: string): Promise<PasskeyRecord | undefined> {
    const row = await this.#db
      .updateTable('webauthn_credentials')
      .set({ name })
      .where('id', '=', id)
      .where('user_id', '=', userId)
      .returningAll()
      .executeTakeFirst();
    return row === undefined ? undefined : toRecord(row);
  }

  /** Removes the user's passkey; false when the user has no passkey of that id. */
  async remove(userId: number, id: string): Promise<boolean> {
    const result = await this.#db
      .deleteFrom('webauthn_credentials')
      .where('id', '=', id)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    return result.numDeletedRows > 0n;
  }

  /** Removes every passkey of the user (an admin's reset of a lost factor); how many went. */
  async removeAllOf(userId: number): Promise<number> {
    const result = await this.#db
      .deleteFrom('webauthn_credentials')
      .where('user_id', '=', userId)
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  /**
   * Records a verified use: the new counter, the backup state, the time. Compare-and-set on the
   * counter read before verifying, so of two concurrent answers with one counter value only one
   * is recorded (the caller refuses the other). False when the row changed or went away.
   */
  async recordUse(
    passkey: PasskeyRecord,
    use: { readonly counter: number; readonly backedUp: boolean; readonly at: string },
  ): Promise<boolean> {
    const result = await this.#db
      .updateTable('webauthn_credentials')
      .set({ counter: use.counter, backed_up: use.backedUp ? 1 : 0, last_used_at: use.at })
      .where('id', '=', passkey.id)
      .where('counter', '=', passkey.counter)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }
}
