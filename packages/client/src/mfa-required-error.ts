import type { MfaMethod } from '@tessera/protocol';
import { TesseraHttpError } from './tessera-http-error.js';

/** A second factor the server accepts after a password (`@tessera/protocol`). */
export type { MfaMethod } from '@tessera/protocol';

const METHODS: readonly MfaMethod[] = ['totp', 'recovery_code', 'webauthn'];

/** The challenge of an `mfa_required` problem body, or `null` when the body is not one. */
function challengeOf(body: unknown): { mfaToken: string; methods: MfaMethod[] } | null {
  if (typeof body !== 'object' || body === null) return null;
  const code: unknown = Reflect.get(body, 'code');
  const mfaToken: unknown = Reflect.get(body, 'mfa_token');
  const methods: unknown = Reflect.get(body, 'methods');
  if (code !== 'mfa_required' || typeof mfaToken !== 'string' || mfaToken === '') return null;
  const listed: unknown[] = Array.isArray(methods) ? methods : [];
  return { mfaToken, methods: METHODS.filter((method) => listed.includes(method)) };
}

/**
 * The password was taken, and a second factor is due: `login()` (and any call that signs in,
 * such as `resetPassword()`) rejects with this 401 `mfa_required`. Finish with
 * `completeMfa({ mfaToken, method, code })` or `completeMfaWithPasskey(mfaToken)`. The password's
 * correctness is not known yet: a wrong one fails at the second step.
 *
 * @example
 * ```ts
 * try {
 *   await auth.login({ email, password });
 * } catch (error) {
 *   if (error instanceof TesseraMfaRequiredError) showSecondStep(error.mfaToken, error.methods);
 *   else throw error;
 * }
 * ```
 */
export class TesseraMfaRequiredError extends TesseraHttpError {
  override readonly name: string = 'TesseraMfaRequiredError';
  override readonly code = 'mfa_required';
  /** The opaque, single-use token of the second step (short-lived). */
  readonly mfaToken: string;
  /** The second factors this user has, in a stable order. */
  readonly methods: readonly MfaMethod[];

  private constructor(
    status: number,
    body: unknown,
    challenge: { mfaToken: string; methods: MfaMethod[] },
  ) {
    super(status, body);
    this.mfaToken = challenge.mfaToken;
    this.methods = Object.freeze(challenge.methods);
  }

  /**
   * The error of an answer: a {@link TesseraMfaRequiredError} for an `mfa_required` problem with
   * its `mfa_token`, else a plain {@link TesseraHttpError}.
   *
   * @example
   * ```ts
   * throw TesseraMfaRequiredError.orHttpError(401, body);
   * ```
   */
  static orHttpError(status: number, body: unknown): TesseraHttpError {
    const challenge = challengeOf(body);
    return challenge === null
      ? new TesseraHttpError(status, body)
      : new TesseraMfaRequiredError(status, body, challenge);
  }
}
