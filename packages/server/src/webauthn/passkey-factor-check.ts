import type { FastifyBaseLogger } from 'fastify';
import type { FactorCheck } from '../mfa/mfa-login.js';
import type { PasskeyAuthentication } from './authentication.js';
import { PasskeyRejection } from './passkey-rejection.js';

/**
 * The second step's check for `method: "webauthn"` (see `MfaLogin.complete`): true when
 * `answer` is a valid assertion of one of the user's passkeys over an open second-step
 * challenge of theirs; the use is recorded only with `commit`. A refusal is logged with its
 * reason and answered `false` (the MFA login answers one 401 for every failure).
 */
export function passkeyFactorCheck(
  authentication: PasskeyAuthentication,
  answer: unknown,
  log: FastifyBaseLogger,
): FactorCheck {
  return async (user, commit) => {
    try {
      await authentication.verifySecondFactor(user, answer, commit);
      return true;
    } catch (error) {
      if (!(error instanceof PasskeyRejection)) throw error;
      log.info(
        { event: 'passkey_second_factor_failed', reason: error.reason, user_id: user.id },
        'passkey refused as second factor',
      );
      if (error.reason === 'counter_regression') {
        log.warn(
          { event: 'passkey_counter_regression', user_id: user.id },
          'a passkey signature counter went back: the passkey may be cloned',
        );
      }
      return false;
    }
  };
}
