import type { MfaMethod } from '@tessera/protocol';
import type { FastifyRequest } from 'fastify';
import type { PasswordCheck, SecondFactorGate } from '../auth/password-check.js';
import { TesseraError } from '../errors/tessera-error.js';
import type { UserRecord, UserStore } from '../users/user-store.js';
import type { FirstFactor, MfaChallenges } from './mfa-challenges.js';
import type { SecondFactors } from './second-factors.js';

/**
 * Checks the factor presented at the second step. With `commit` (the login's password was
 * right and the user is enabled) a right factor is used up at once, atomically (a TOTP time
 * step, a recovery code, a passkey's counter); without, nothing may change. Resolves whether
 * the factor was right; never throws for a wrong one.
 */
export type FactorCheck = (user: UserRecord, commit: boolean) => Promise<boolean>;

/** What {@link MfaLogin} works with. */
export interface MfaLoginDeps {
  readonly challenges: MfaChallenges;
  readonly factors: SecondFactors;
  readonly users: Pick<UserStore, 'findById'>;
  /** Set once the password check exists (it takes this gate): the account throttle. */
  readonly passwords: () => PasswordCheck;
}

const tokenInvalid = (): TesseraError => new TesseraError('mfa_token_invalid');

/**
 * The two-step login. As the password check's {@link SecondFactorGate}, it answers a login of
 * a user with a second factor with 401 `mfa_required` (`mfa_token`, `methods`) whether or not
 * the password was right, remembering which in the challenge. {@link complete} is the second
 * step, for every method: TOTP and recovery codes here, passkeys from their own route.
 *
 * @example
 * ```ts
 * // a passkey as the second factor (the assertion verified inside the check):
 * const user = await app.tessera.mfa.login.complete(request, mfaToken, 'webauthn', (user, commit) =>
 *   verifyAssertion(user, response, { updateCounter: commit }),
 * );
 * ```
 */
export class MfaLogin implements SecondFactorGate {
  constructor(private readonly deps: MfaLoginDeps) {}

  async challenge(
    request: FastifyRequest,
    user: UserRecord | undefined,
    passwordOk: boolean,
    firstFactor: FirstFactor = 'pwd',
  ): Promise<TesseraError | undefined> {
    // The same lookups for an unknown email (no user has id 0).
    const methods = await this.deps.factors.methodsOf(user?.id ?? 0);
    if (user === undefined || methods.length === 0) return undefined;
    const token = await this.deps.challenges.open(user.id, passwordOk, firstFactor);
    request.log.info(
      { event: 'login_second_factor', user_id: user.id, password_ok: passwordOk, methods },
      'second factor required',
    );
    return new TesseraError(
      'mfa_required',
      undefined,
      {},
      { members: { mfa_token: token, methods } },
    );
  }

  /** The user a still-open `mfa_token` belongs to (e.g. to make passkey options), or `undefined`. */
  async userOf(token: unknown): Promise<UserRecord | undefined> {
    const challenge = await this.deps.challenges.find(token);
    return challenge === undefined ? undefined : this.deps.users.findById(challenge.userId);
  }

  /**
   * The second step: the challenge must be open (401 `mfa_token_invalid` otherwise), the
   * account not throttled (429), the login's password right, the user enabled and `check`
   * true (401 `invalid_credentials` otherwise, one answer for all three, counted by the login
   * throttle and against the challenge's attempts). On success the challenge is used up and
   * the user returned: start their session with `['pwd', …]`.
   */
  async complete(
    request: FastifyRequest,
    token: unknown,
    method: MfaMethod,
    check: FactorCheck,
  ): Promise<UserRecord> {
    return (await this.completeLogin(request, token, method, check)).user;
  }

  /**
   * {@link complete}, also saying what the login's first step was (`pwd`, or `oidc` for a
   * sign-in by provider): start the session with `[firstFactor, …]`.
   */
  async completeLogin(
    request: FastifyRequest,
    token: unknown,
    method: MfaMethod,
    check: FactorCheck,
  ): Promise<{ user: UserRecord; firstFactor: FirstFactor }> {
    const challenge = await this.deps.challenges.find(token);
    const user =
      challenge === undefined ? undefined : await this.deps.users.findById(challenge.userId);
    if (challenge === undefined || user === undefined) {
      request.log.info({ event: 'mfa_failed', reason: 'mfa_token' }, 'second step refused');
      throw tokenInvalid();
    }
    return this.deps.passwords().throttled(request, user.email, async () => {
      if (!(await this.deps.challenges.countAttempt(challenge))) throw tokenInvalid();
      const commit = challenge.passwordOk && user.isEnabled;
      const right = await check(user, commit);
      if (!(right && commit)) {
        const reason = !challenge.passwordOk
          ? 'wrong_password'
          : !user.isEnabled
            ? 'disabled'
            : 'wrong_code';
        request.log.info(
          { event: 'mfa_failed', reason, method, user_id: user.id },
          'second step failed',
        );
        throw new TesseraError('invalid_credentials');
      }
      if (!(await this.deps.challenges.consume(challenge))) throw tokenInvalid();
      return { user, firstFactor: challenge.firstFactor };
    });
  }
}
