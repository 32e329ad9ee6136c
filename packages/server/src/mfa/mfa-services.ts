import type { TesseraConfig } from '../config/config.js';
import { ConfigError } from '../config/config-error.js';
import type { AccessPolicy } from '../access/access-policy.js';
import type { PasswordCheck } from '../auth/password-check.js';
import type { Database } from '../db/database.js';
import type { UserStore } from '../users/user-store.js';
import { MfaChallenges } from './mfa-challenges.js';
import { MfaLogin } from './mfa-login.js';
import { MfaPolicy } from './mfa-policy.js';
import { SecondFactors } from './second-factors.js';
import { TotpFactor } from './totp-factor.js';
import { TotpSecretBox } from './totp-secret-box.js';
import { TotpStore } from './totp-store.js';

/** Second factors and the two-step login (`app.tessera.mfa`). */
export interface MfaServices {
  /** Which factors a user has; the passkeys feature registers its counter here. */
  readonly factors: SecondFactors;
  /** The two-step login: the password check's gate, and `complete` for the second step. */
  readonly login: MfaLogin;
  readonly totp: TotpFactor;
  /** Roles that require a second factor (`TESSERA_MFA_REQUIRED_ROLES`). */
  readonly policy: MfaPolicy;
}

/** Builds {@link MfaServices}; `passwords` is read when a second step runs (it is built after). */
export function createMfaServices(
  config: TesseraConfig,
  deps: {
    readonly database: Database;
    readonly access: AccessPolicy;
    readonly users: Pick<UserStore, 'findById'>;
    readonly clock: () => number;
    readonly passwords: () => PasswordCheck;
  },
): MfaServices {
  for (const role of config.mfaRequiredRoles) {
    if (!deps.access.isRole(role)) {
      throw new ConfigError(
        `TESSERA_MFA_REQUIRED_ROLES names the unknown role "${role}"`,
        'TESSERA_MFA_REQUIRED_ROLES',
      );
    }
  }
  const store = new TotpStore(deps.database);
  const factors = new SecondFactors(store);
  return {
    factors,
    login: new MfaLogin({
      challenges: new MfaChallenges(deps.database, deps.clock),
      factors,
      users: deps.users,
      passwords: deps.passwords,
    }),
    totp: new TotpFactor({
      store,
      box: new TotpSecretBox(config),
      clock: deps.clock,
      issuer: config.totpIssuer,
    }),
    policy: new MfaPolicy(config.mfaRequiredRoles),
  };
}
