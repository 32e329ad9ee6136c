import type { AccountTokenPurpose } from '../db/database-schema.js';
import type { Database } from '../db/database.js';
import { isoAt } from '../sessions/session-record.js';
import { hashAccountToken, isAccountTokenShaped, newAccountToken } from './account-token.js';

export type { AccountTokenPurpose } from '../db/database-schema.js';

/** What a valid token stands for. */
export interface AccountTokenGrant {
  readonly userId: number;
  /** The address the link was sent to (`verify_email`); `undefined` for the others. */
  readonly email: string | undefined;
}

/** How long an expired or used token row is kept before the user's next token deletes it. */
const RETENTION_SECONDS = 7 * 86_400;

/**
 * Reset, verification and invitation tokens (issue #14): 256 random bits, stored only as
 * SHA-256, bound to one user and one purpose, expiring, single use. Issuing a token voids the
 * user's older unused tokens of the same purpose; using one is a single conditional `UPDATE`,
 * so of two concurrent uses exactly one wins. Same SQL on SQLite and PostgreSQL.
 *
 * @example
 * ```ts
 * const token = await tokens.issue(user.id, 'reset', 1800);
 * const grant = await tokens.consume(token, 'reset'); // { userId, email: undefined }
 * await tokens.consume(token, 'reset'); // undefined: used
 * ```
 */
export class AccountTokens {
  constructor(
    private readonly database: Database,
    private readonly clock: () => number,
  ) {}

  /**
   * A new token for `userId` and `purpose`, valid `ttlSeconds`; the user's unused tokens of the
   * same purpose stop working (in the same transaction).
   */
  async issue(
    userId: number,
    purpose: AccountTokenPurpose,
    ttlSeconds: number,
    email?: string,
  ): Promise<string> {
    const now = this.clock();
    const at = isoAt(now);
    const token = newAccountToken();
    await this.database.db.transaction().execute(async (trx) => {
      await trx
        .deleteFrom('account_tokens')
        .where('user_id', '=', userId)
        .where('expires_at', '<', isoAt(now - RETENTION_SECONDS))
        .execute();
      await trx
        .updateTable('account_tokens')
        .set({ consumed_at: at })
        .where('user_id', '=', userId)
        .where('purpose', '=', purpose)
        .where('consumed_at', 'is', null)
        .execute();
      await trx
        .insertInto('account_tokens')
        .values({
          hash: hashAccountToken(token),
          user_id: userId,
          purpose,
          email: email ?? null,
          created_at: at,
          expires_at: isoAt(now + ttlSeconds),
          consumed_at: null,
        })
        .execute();
    });
    return token;
  }

  /** What the token stands for if it is usable now for `purpose`, without using it up. */
  async peek(token: unknown, purpose: AccountTokenPurpose): Promise<AccountTokenGrant | undefined> {
    if (!isAccountTokenShaped(token)) return undefined;
    const row = await this.database.db
      .selectFrom('account_tokens')
      .select(['user_id', 'email'])
      .where('hash', '=', hashAccountToken(token))
      .where('purpose', '=', purpose)
      .where('consumed_at', 'is', null)
      .where('expires_at', '>', isoAt(this.clock()))
      .executeTakeFirst();
    return row === undefined ? undefined : toGrant(row);
  }

  /**
   * Uses the token up: what it stands for, or `undefined` when it is unknown, of another
   * purpose, expired, used or voided. One conditional `UPDATE … RETURNING`: atomic.
   */
  async consume(
    token: unknown,
    purpose: AccountTokenPurpose,
  ): Promise<AccountTokenGrant | undefined> {
    if (!isAccountTokenShaped(token)) return undefined;
    const at = isoAt(this.clock());
    const row = await this.database.db
      .updateTable('account_tokens')
      .set({ consumed_at: at })
      .where('hash', '=', hashAccountToken(token))
      .where('purpose', '=', purpose)
      .where('consumed_at', 'is', null)
      .where('expires_at', '>', at)
      .returning(['user_id', 'email'])
      .executeTakeFirst();
    return row === undefined ? undefined : toGrant(row);
  }

  /** Voids every unused token of the user for these purposes. */
  async voidAll(userId: number, purposes: readonly AccountTokenPurpose[]): Promise<void> {
    if (purposes.length === 0) return;
    await this.database.db
      .updateTable('account_tokens')
      .set({ consumed_at: isoAt(this.clock()) })
      .where('user_id', '=', userId)
      .where('purpose', 'in', purposes)
      .where('consumed_at', 'is', null)
      .execute();
  }
}

function toGrant(row: { user_id: number; email: string | null }): AccountTokenGrant {
  return { userId: Number(row.user_id), email: row.email ?? undefined };
}
