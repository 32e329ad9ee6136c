import type { Selectable, Transaction } from 'kysely';
import type { DatabaseSchema, MfaTotpTable } from '../db/database-schema.js';
import type { Database } from '../db/database.js';
import { compileTemplate } from '../db/query-template.js';

/** A user's TOTP factor as stored (the secret still sealed). */
export type TotpRow = Selectable<MfaTotpTable>;

/**
 * The `mfa_totp` and `mfa_recovery_codes` rows of a user. Every change that must happen once
 * (a time step accepted, a recovery code used, a pending factor confirmed) is one conditional
 * statement, so two requests racing cannot both succeed.
 */
export class TotpStore {
  /** Compiled once: every login looks the user's factor up (unknown emails too). */
  readonly #byUser;

  constructor(private readonly database: Database) {
    this.#byUser = compileTemplate((p: { userId: number }) =>
      database.db.selectFrom('mfa_totp').selectAll().where('user_id', '=', p.userId),
    );
  }

  /** The user's factor, pending or confirmed, as last committed. */
  async find(userId: number): Promise<TotpRow | undefined> {
    const [row] = await this.#byUser.read(this.database, { userId });
    return row;
  }

  /**
   * Replaces a pending factor (or none) with a new pending one; `false` when a confirmed one
   * exists (left alone).
   */
  async startPending(userId: number, secretSealed: string, at: string): Promise<boolean> {
    return await this.database.db.transaction().execute(async (trx) => {
      const existing = await trx
        .selectFrom('mfa_totp')
        .select('confirmed_at')
        .where('user_id', '=', userId)
        .executeTakeFirst();
      if (existing !== undefined && existing.confirmed_at !== null) return false;
      await trx.deleteFrom('mfa_totp').where('user_id', '=', userId).execute();
      await trx
        .insertInto('mfa_totp')
        .values({
          user_id: userId,
          secret_sealed: secretSealed,
          created_at: at,
          confirmed_at: null,
          last_step: null,
        })
        .execute();
      return true;
    });
  }

  /**
   * Confirms the pending factor with the step of the code that proved it (that code is then
   * used up) and stores the recovery codes' hashes in place of any older ones; `false` when
   * there was no pending factor any more.
   */
  async confirm(userId: number, step: number, at: string, codeHashes: string[]): Promise<boolean> {
    return await this.database.db.transaction().execute(async (trx) => {
      const confirmed = await trx
        .updateTable('mfa_totp')
        .set({ confirmed_at: at, last_step: step })
        .where('user_id', '=', userId)
        .where('confirmed_at', 'is', null)
        .executeTakeFirst();
      if (confirmed.numUpdatedRows !== 1n) return false;
      await this.#replaceCodes(trx, userId, at, codeHashes);
      return true;
    });
  }

  /** Records `step` as the last accepted one, unless it is not after it; `true` when recorded. */
  async acceptStep(userId: number, step: number): Promise<boolean> {
    const result = await this.database.db
      .updateTable('mfa_totp')
      .set({ last_step: step })
      .where('user_id', '=', userId)
      .where('confirmed_at', 'is not', null)
      .where((eb) => eb.or([eb('last_step', 'is', null), eb('last_step', '<', step)]))
      .executeTakeFirst();
    return result.numUpdatedRows === 1n;
  }

  /** Removes the factor and every recovery code. */
  async remove(userId: number): Promise<void> {
    await this.database.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('mfa_recovery_codes').where('user_id', '=', userId).execute();
      await trx.deleteFrom('mfa_totp').where('user_id', '=', userId).execute();
    });
  }

  /** Replaces every recovery code of the user (used or not) with new ones. */
  async replaceRecoveryCodes(userId: number, at: string, codeHashes: string[]): Promise<void> {
    await this.database.db.transaction().execute(async (trx) => {
      await this.#replaceCodes(trx, userId, at, codeHashes);
    });
  }

  /** Whether an unused code of that hash exists (no change). */
  async hasRecoveryCode(userId: number, codeHash: string): Promise<boolean> {
    const row = await this.database.db
      .selectFrom('mfa_recovery_codes')
      .select('user_id')
      .where('user_id', '=', userId)
      .where('code_hash', '=', codeHash)
      .where('used_at', 'is', null)
      .executeTakeFirst();
    return row !== undefined;
  }

  /** Uses the code up; `true` when this call did (it existed and was unused). */
  async useRecoveryCode(userId: number, codeHash: string, at: string): Promise<boolean> {
    const result = await this.database.db
      .updateTable('mfa_recovery_codes')
      .set({ used_at: at })
      .where('user_id', '=', userId)
      .where('code_hash', '=', codeHash)
      .where('used_at', 'is', null)
      .executeTakeFirst();
    return result.numUpdatedRows === 1n;
  }

  /** Unused recovery codes of the user. */
  async remainingRecoveryCodes(userId: number): Promise<number> {
    const row = await this.database.db
      .selectFrom('mfa_recovery_codes')
      .select((eb) => eb.fn.countAll<string | number>().as('count'))
      .where('user_id', '=', userId)
      .where('used_at', 'is', null)
      .executeTakeFirstOrThrow();
    return Number(row.count);
  }

  async #replaceCodes(
    trx: Transaction<DatabaseSchema>,
    userId: number,
    at: string,
    codeHashes: string[],
  ): Promise<void> {
    await trx.deleteFrom('mfa_recovery_codes').where('user_id', '=', userId).execute();
    await trx
      .insertInto('mfa_recovery_codes')
      .values(
        codeHashes.map((code_hash) => ({
          user_id: userId,
          code_hash,
          created_at: at,
          used_at: null,
        })),
      )
      .execute();
  }
}
