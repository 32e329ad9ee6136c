import { createHash, randomBytes } from 'node:crypto';
import type { Database } from '../db/database.js';
import { isoAt } from '../sessions/session-record.js';

/** How long the second step of a login may wait, seconds. */
export const MFA_CHALLENGE_TTL_SECONDS = 5 * 60;
/** Codes one challenge accepts before it is void (the account throttle applies as well). */
export const MFA_CHALLENGE_MAX_ATTEMPTS = 5;

/** An `mfa_token` as issued: 256 random bits, base64url (43 characters). */
export const MFA_TOKEN_PATTERN = '^[A-Za-z0-9_-]{43}$';
const MFA_TOKEN = new RegExp(MFA_TOKEN_PATTERN);

/** What the first step of a two-step login was: a password, or a sign-in provider (#15). */
export type FirstFactor = 'pwd' | 'oidc';

/** An open challenge: whose it is, and whether the login's first step was right. */
export interface OpenChallenge {
  readonly tokenHash: string;
  readonly userId: number;
  readonly passwordOk: boolean;
  readonly firstFactor: FirstFactor;
}

const hashOf = (token: string): string => createHash('sha256').update(token).digest('base64url');

/**
 * The second steps of logins in progress (`mfa_challenges`): only the SHA-256 of each
 * `mfa_token` is stored; a challenge is open for {@link MFA_CHALLENGE_TTL_SECONDS}, for at
 * most {@link MFA_CHALLENGE_MAX_ATTEMPTS} codes, and is consumed once (a conditional update,
 * so two requests racing cannot both use it).
 */
export class MfaChallenges {
  constructor(
    private readonly database: Database,
    private readonly clock: () => number,
  ) {}

  /** Opens a challenge for `userId` and returns its token; drops every expired challenge. */
  async open(
    userId: number,
    passwordOk: boolean,
    firstFactor: FirstFactor = 'pwd',
  ): Promise<string> {
    const now = this.clock();
    const token = randomBytes(32).toString('base64url');
    const { db } = this.database;
    await db.deleteFrom('mfa_challenges').where('expires_at', '<=', isoAt(now)).execute();
    await db
      .insertInto('mfa_challenges')
      .values({
        token_hash: hashOf(token),
        user_id: userId,
        password_ok: passwordOk ? 1 : 0,
        first_factor: firstFactor,
        created_at: isoAt(now),
        expires_at: isoAt(now + MFA_CHALLENGE_TTL_SECONDS),
        consumed_at: null,
      })
      .execute();
    return token;
  }

  /** The open challenge `token` names, or `undefined` (unknown, expired, used, malformed). */
  async find(token: unknown): Promise<OpenChallenge | undefined> {
    if (typeof token !== 'string' || !MFA_TOKEN.test(token)) return undefined;
    const row = await this.database.db
      .selectFrom('mfa_challenges')
      .select(['token_hash', 'user_id', 'password_ok', 'first_factor'])
      .where('token_hash', '=', hashOf(token))
      .where('consumed_at', 'is', null)
      .where('expires_at', '>', isoAt(this.clock()))
      .where('attempts', '<', MFA_CHALLENGE_MAX_ATTEMPTS)
      .executeTakeFirst();
    if (row === undefined) return undefined;
    return {
      tokenHash: row.token_hash,
      userId: row.user_id,
      passwordOk: row.password_ok === 1,
      firstFactor: row.first_factor === 'oidc' ? 'oidc' : 'pwd',
    };
  }

  /**
   * Counts one code against the challenge; `false` when it is no longer open (its attempts
   * used up, consumed or expired meanwhile).
   */
  async countAttempt(challenge: OpenChallenge): Promise<boolean> {
    const result = await this.database.db
      .updateTable('mfa_challenges')
      .set((eb) => ({ attempts: eb('attempts', '+', 1) }))
      .where('token_hash', '=', challenge.tokenHash)
      .where('consumed_at', 'is', null)
      .where('expires_at', '>', isoAt(this.clock()))
      .where('attempts', '<', MFA_CHALLENGE_MAX_ATTEMPTS)
      .executeTakeFirst();
    return result.numUpdatedRows === 1n;
  }

  /** Uses the challenge up; `true` when this call did. */
  async consume(challenge: OpenChallenge): Promise<boolean> {
    const result = await this.database.db
      .updateTable('mfa_challenges')
      .set({ consumed_at: isoAt(this.clock()) })
      .where('token_hash', '=', challenge.tokenHash)
      .where('consumed_at', 'is', null)
      .executeTakeFirst();
    return result.numUpdatedRows === 1n;
  }
}
