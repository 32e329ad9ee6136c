import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DatabaseSchema, WebAuthnChallengePurpose } from '../db/database-schema.js';
import { isoAt, secondsOf } from '../sessions/session-record.js';

/** How long a challenge can be answered: 5 minutes (also the ceremony's `timeout`). */
export const CHALLENGE_TTL_SECONDS = 300;

/** A challenge just handed out. */
export interface IssuedChallenge {
  /** Names a passwordless login's challenge (`challenge_id`). */
  readonly id: string;
  /** 32 random bytes, base64url: what the authenticator signs. */
  readonly challenge: string;
}

/** A challenge taken for checking an answer. */
export interface ConsumedChallenge {
  readonly challenge: string;
  readonly userHandle: string | null;
}

/** Which challenge an answer may use. */
export type ChallengeLookup =
  | { readonly purpose: 'login'; readonly id: string }
  | {
      readonly purpose: Exclude<WebAuthnChallengePurpose, 'login'>;
      readonly challenge: string;
      readonly userId: number;
    };

/**
 * WebAuthn challenges kept server-side: each one for one purpose (registration, passwordless
 * login, second factor), for one user unless it is a passwordless login's, valid 5 minutes,
 * and used at most once: {@link consume} deletes it, so of concurrent answers only one gets it.
 * Expired ones are removed whenever a new one is handed out.
 */
export class WebAuthnChallenges {
  readonly #db: Kysely<DatabaseSchema>;
  readonly #clock: () => number;

  constructor(db: Kysely<DatabaseSchema>, clock: () => number) {
    this.#db = db;
    this.#clock = clock;
  }

  /** A new challenge; `userHandle` goes with a registration's (the credential's `user.id`). */
  async issue(
    purpose: WebAuthnChallengePurpose,
    userId: number | null,
    userHandle: string | null = null,
  ): Promise<IssuedChallenge> {
    const now = this.#clock();
    await this.#db
      .deleteFrom('webauthn_challenges')
      .where('expires_at', '<=', isoAt(now))
      .execute();
    const issued = {
      id: randomBytes(16).toString('base64url'),
      challenge: randomBytes(32).toString('base64url'),
    };
    await this.#db
      .insertInto('webauthn_challenges')
      .values({
        ...issued,
        purpose,
        user_id: purpose === 'login' ? null : userId,
        user_handle: userHandle,
        created_at: isoAt(now),
        expires_at: isoAt(now + CHALLENGE_TTL_SECONDS),
      })
      .execute();
    return issued;
  }

  /**
   * Takes the challenge an answer names, once: the challenge or undefined when there
   * is none of that purpose (and user), it was used, or it expired.
   */
  async consume(lookup: ChallengeLookup): Promise<ConsumedChallenge | undefined> {
    let query = this.#db
      .deleteFrom('webauthn_challenges')
      .where('purpose', '=', lookup.purpose)
      .returning(['challenge', 'user_handle', 'expires_at']);
    query =
      lookup.purpose === 'login'
        ? query.where('id', '=', lookup.id).where('user_id', 'is', null)
        : query.where('challenge', '=', lookup.challenge).where('user_id', '=', lookup.userId);
    const row = await query.executeTakeFirst();
    if (row === undefined || secondsOf(row.expires_at) <= this.#clock()) return undefined;
    return { challenge: row.challenge, userHandle: row.user_handle };
  }
}
