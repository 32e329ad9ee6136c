import type { FastifyRequest } from 'fastify';
import { TesseraError } from '../errors/tessera-error.js';
import { canonicalEmail, type UserRecord, type UserStore } from '../users/user-store.js';
import { acceptCredentials, verifyCredentials } from './credentials.js';
import type { LoginThrottle } from './login-throttle.js';
import type { PasswordHasher } from './password-hasher.js';
import { isOverlongPassword } from './password-policy.js';

/**
 * Consulted by every login after its password check: for a user with a second factor it opens
 * the second step and returns the 401 `mfa_required` to answer, **whether or not the password
 * was right** (the answer must not tell); `undefined` lets the login go on as before. It is
 * called with the same lookups for an unknown email (`user` undefined).
 */
export interface SecondFactorGate {
  challenge(
    request: FastifyRequest,
    user: UserRecord | undefined,
    passwordOk: boolean,
  ): Promise<TesseraError | undefined>;
}

/** What {@link PasswordCheck} works with. */
export interface PasswordCheckDeps {
  readonly users: Pick<UserStore, 'findByEmail' | 'update'>;
  readonly hasher: PasswordHasher;
  /** Off (`undefined`) when `loginThrottle` is false in the config. */
  readonly throttle: LoginThrottle | undefined;
  /** The second step of logins (MFA); none: every login is one step. */
  readonly secondFactor?: SecondFactorGate | undefined;
}

/**
 * Every password a request presents is checked here, so every route that checks one is
 * throttled (SECURITY.md P14–P17, P19), Tessera's or the application's: per account and per
 * address, before any hashing (429 `rate_limited` with `Retry-After`, whether or not the
 * password is right), failures counted and logged with counts, a success clearing the
 * account's failures. A `warn` line `login_throttled` is the alerting signal (P17).
 *
 * @example
 * ```ts
 * app.post('/api/notes/:id/unlock', async (request) => {
 *   await app.tessera.passwords.confirm(request, currentUser(request), request.body.password);
 * });
 * ```
 */
export class PasswordCheck {
  constructor(private readonly deps: PasswordCheckDeps) {}

  /**
   * Checks an email and password (a login): the user, or 401 `invalid_credentials` for an
   * unknown email, a wrong password or a disabled account alike (same answer, same work).
   */
  async login(request: FastifyRequest, email: string, password: string): Promise<UserRecord> {
    const account = canonicalEmail(email);
    await this.#assertAllowed(request, account);
    const deps = { users: this.deps.users, hasher: this.deps.hasher, log: request.log };
    try {
      const outcome = await verifyCredentials(deps, email, password);
      // A user with a second factor: 401 mfa_required, right password or not. Nothing is
      // counted or cleared here (that would tell); the second step counts its failures.
      const gate = await this.deps.secondFactor?.challenge(request, outcome.user, outcome.matches);
      if (gate !== undefined) throw gate;
      const user = await acceptCredentials(deps, outcome, password);
      await this.deps.throttle?.recordSuccess(account);
      return user;
    } catch (error) {
      await this.#countFailure(request, account, error);
      throw error;
    }
  }

  /**
   * Runs another credential check of `email`'s account (the second step of a login) under the
   * same throttle as its passwords: 429 `rate_limited` before `run` when throttled, a 401
   * `invalid_credentials` from `run` counted as a failure, a success clearing the account's
   * failures.
   */
  async throttled<T>(request: FastifyRequest, email: string, run: () => Promise<T>): Promise<T> {
    const account = canonicalEmail(email);
    await this.#assertAllowed(request, account);
    try {
      const result = await run();
      await this.deps.throttle?.recordSuccess(account);
      return result;
    } catch (error) {
      await this.#countFailure(request, account, error);
      throw error;
    }
  }

  /**
   * Checks the signed-in user's current password (re-authentication before a sensitive
   * change): resolves when right, 401 `invalid_credentials` (`detail` saying which password)
   * when wrong.
   */
  async confirm(request: FastifyRequest, user: UserRecord, password: string): Promise<void> {
    const account = canonicalEmail(user.email);
    await this.#assertAllowed(request, account);
    if (isOverlongPassword(password)) throw new TesseraError('password_too_long');
    if (await this.deps.hasher.verify(user.passwordHash, password)) {
      await this.deps.throttle?.recordSuccess(account);
      return;
    }
    request.log.info(
      { event: 'password_check_failed', user_id: user.id },
      'wrong current password',
    );
    const error = new TesseraError('invalid_credentials', 'The current password is not correct');
    await this.#countFailure(request, account, error);
    throw error;
  }

  async #assertAllowed(request: FastifyRequest, account: string): Promise<void> {
    const verdict = await this.deps.throttle?.check(account, request.ip);
    if (verdict === undefined || verdict.allowed) return;
    request.log.warn(
      { event: 'login_throttled', scope: verdict.scope, retry_after: verdict.retryAfter },
      'login throttled',
    );
    throw new TesseraError('rate_limited', 'Too many login attempts, try again later', {
      'retry-after': String(Math.max(1, verdict.retryAfter)),
    });
  }

  async #countFailure(request: FastifyRequest, account: string, error: unknown): Promise<void> {
    const { throttle } = this.deps;
    if (throttle === undefined || !(error instanceof TesseraError)) return;
    if (error.code !== 'invalid_credentials') return;
    const counts = await throttle.recordFailure(account, request.ip);
    request.log.info(
      {
        event: 'login_failure_counted',
        account_failures: counts.accountFailures,
        ip_failures: counts.ipFailures,
      },
      'login failure counted',
    );
  }
}
