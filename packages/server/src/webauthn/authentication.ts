import type {
  AuthenticationResponseJSON,
  PublicKeyCredentialRequestOptionsJSON,
} from '@simplewebauthn/server';
import { generateAuthenticationOptions, verifyAuthenticationResponse } from './simplewebauthn.js';
import { isoAt } from '../sessions/session-record.js';
import type { UserRecord, UserStore } from '../users/user-store.js';
import { CHALLENGE_TTL_SECONDS, type WebAuthnChallenges } from './challenge-store.js';
import { challengeOfAnswer } from './client-data.js';
import { PasskeyRejection, reasonOfVerifyError } from './passkey-rejection.js';
import type { PasskeyRecord, PasskeyStore } from './passkey-store.js';
import type { RelyingParty } from './relying-party.js';

export interface PasskeyAuthenticationDeps {
  readonly store: PasskeyStore;
  readonly challenges: WebAuthnChallenges;
  readonly users: Pick<UserStore, 'findById'>;
  readonly relyingParty: () => RelyingParty;
  readonly clock: () => number;
}

/** What a successful assertion yields. */
export interface PasskeyAssertion {
  readonly user: UserRecord;
  readonly passkey: PasskeyRecord;
}

/** How one assertion is checked. */
interface AssertionRules {
  readonly expectedChallenge: string;
  /** The second factor: the passkey must be this user's. Passwordless: any user's. */
  readonly userId?: number;
  /** Passwordless: user verification, and a user handle naming the passkey's user. */
  readonly passwordless: boolean;
  /** Record the use (counter, last use); a second step whose password was wrong records none. */
  readonly record: boolean;
}

/**
 * Checking a passkey's assertion: for a passwordless login (discoverable credentials, user
 * verification required) and, later, for a second factor. Every failure is a
 * {@link PasskeyRejection} (unknown credential, another user's, wrong origin or RP ID, no user
 * verification, counter regression, bad signature, disabled user), so the route can answer one
 * generic 401. The counter is recorded only after the signature verified (`verified: false`
 * is checked before anything is written).
 */
export class PasskeyAuthentication {
  readonly #deps: PasskeyAuthenticationDeps;

  constructor(deps: PasskeyAuthenticationDeps) {
    this.#deps = deps;
  }

  /** Options for a passwordless login, and the id of their challenge. */
  async loginOptions(): Promise<{
    challengeId: string;
    options: PublicKeyCredentialRequestOptionsJSON;
  }> {
    const issued = await this.#deps.challenges.issue('login', null);
    const options = await generateAuthenticationOptions({
      rpID: this.#deps.relyingParty().id,
      challenge: new Uint8Array(Buffer.from(issued.challenge, 'base64url')),
      timeout: CHALLENGE_TTL_SECONDS * 1000,
      userVerification: 'required',
      allowCredentials: [],
    });
    return { challengeId: issued.id, options };
  }

  /**
   * Checks a passwordless login's answer: the challenge is taken (once) before anything else;
   * undefined when it is unknown, used or expired (the caller answers that apart).
   */
  async verifyLogin(challengeId: string, answer: unknown): Promise<PasskeyAssertion | undefined> {
    const taken = await this.#deps.challenges.consume({ purpose: 'login', id: challengeId });
    if (taken === undefined) return undefined;
    return await this.#verify(answer, {
      expectedChallenge: taken.challenge,
      passwordless: true,
      record: true,
    });
  }

  /**
   * Options for the second step of a login (after the password), for `userId` (the user of
   * the `mfa_token`): the challenge is bound to that user. `allowCredentials` stays empty (all
   * passkeys are discoverable), so the user's credential IDs are never shown to someone who
   * only knows the email; user verification is not needed after a password.
   */
  async secondFactorOptions(userId: number): Promise<PublicKeyCredentialRequestOptionsJSON> {
    const issued = await this.#deps.challenges.issue('mfa', userId);
    return await generateAuthenticationOptions({
      rpID: this.#deps.relyingParty().id,
      challenge: new Uint8Array(Buffer.from(issued.challenge, 'base64url')),
      timeout: CHALLENGE_TTL_SECONDS * 1000,
      userVerification: 'discouraged',
      allowCredentials: [],
    });
  }

  /**
   * Checks a passkey as the second factor of `user`: the answer's challenge must be an open
   * second-step challenge of that user (taken once), the passkey theirs, the assertion valid.
   * With `record` the use is written (counter, last use); the caller decides whether the
   * user may log in. Throws a {@link PasskeyRejection} for any failure.
   */
  async verifySecondFactor(user: UserRecord, answer: unknown, record: boolean): Promise<void> {
    const challenge = challengeOfAnswer(answer);
    if (challenge === undefined) throw new PasskeyRejection('malformed', user.id);
    const taken = await this.#deps.challenges.consume({
      purpose: 'mfa',
      challenge,
      userId: user.id,
    });
    if (taken === undefined) throw new PasskeyRejection('challenge_invalid', user.id);
    await this.#verify(answer, {
      expectedChallenge: taken.challenge,
      userId: user.id,
      passwordless: false,
      record,
    });
  }

  async #verify(answer: unknown, rules: AssertionRules): Promise<PasskeyAssertion> {
    const { store, users, relyingParty, clock } = this.#deps;
    if (!isAssertionShape(answer)) throw new PasskeyRejection('malformed');
    const response = answer;
    const passkey = await store.findByCredentialId(response.id);
    if (passkey === undefined) throw new PasskeyRejection('unknown_credential');
    if (rules.userId !== undefined && passkey.userId !== rules.userId) {
      throw new PasskeyRejection('other_user', rules.userId);
    }
    const handle = response.response.userHandle;
    const handleMatches = handle === passkey.userHandle || (!rules.passwordless && handle == null);
    if (!handleMatches) {
      throw new PasskeyRejection('user_handle_mismatch', passkey.userId);
    }
    const rp = relyingParty();
    let result: Awaited<ReturnType<typeof verifyAuthenticationResponse>>;
    try {
      result = await verifyAuthenticationResponse({
        response,
        expectedChallenge: rules.expectedChallenge,
        expectedOrigin: [...rp.origins],
        expectedRPID: rp.id,
        credential: {
          id: passkey.credentialId,
          publicKey: new Uint8Array(passkey.publicKey),
          counter: passkey.counter,
          transports: [...passkey.transports],
        },
        requireUserVerification: rules.passwordless,
      });
    } catch (error) {
      throw new PasskeyRejection(reasonOfVerifyError(error), passkey.userId);
    }
    // A bad signature is `verified: false`, not an exception: nothing is recorded for it.
    if (!result.verified) throw new PasskeyRejection('bad_signature', passkey.userId);
    const user = await users.findById(passkey.userId);
    if (user === undefined || !user.isEnabled) {
      throw new PasskeyRejection('disabled', passkey.userId);
    }
    if (!rules.record) return { user, passkey };
    const recorded = await store.recordUse(passkey, {
      counter: result.authenticationInfo.newCounter,
      backedUp: result.authenticationInfo.credentialBackedUp,
      at: isoAt(clock()),
    });
    if (!recorded) throw new PasskeyRejection('concurrent_use', passkey.userId);
    return { user, passkey };
  }
}

/** Enough of an assertion's shape to read its credential ID and user handle safely. */
function isAssertionShape(answer: unknown): answer is AuthenticationResponseJSON {
  if (typeof answer !== 'object' || answer === null) return false;
  const { id, response } = answer as { id?: unknown; response?: unknown };
  if (typeof id !== 'string' || id.length === 0 || id.length > 1400) return false;
  if (typeof response !== 'object' || response === null) return false;
  const { userHandle } = response as { userHandle?: unknown };
  return userHandle === undefined || userHandle === null || typeof userHandle === 'string';
}
