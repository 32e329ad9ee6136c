import type { AddressInfo } from 'node:net';
import type { TesseraConfig } from '../config/config.js';
import type { Database } from '../db/index.js';
import type { UserStore } from '../users/user-store.js';
import { PasskeyAuthentication } from './authentication.js';
import type { FailureStore } from '../auth/failure-store.js';
import { CeremonyThrottle, DEFAULT_CEREMONY_LIMITS } from './ceremony-throttle.js';
import { WebAuthnChallenges } from './challenge-store.js';
import { PasskeyRegistration } from './registration.js';
import { PasskeyStore } from './passkey-store.js';
import { relyingPartyOf, type RelyingParty } from './relying-party.js';

/** Passkeys (WebAuthn): the stored credentials, registration and assertions. */
export interface Passkeys {
  readonly store: PasskeyStore;
  readonly registration: PasskeyRegistration;
  readonly authentication: PasskeyAuthentication;
  /** The RP ID, name and accepted origins (resolved from the config; see `relyingPartyOf`). */
  readonly relyingParty: () => RelyingParty;
  /** Per-client limit of the public options routes (the challenge rows they create). */
  readonly throttle: CeremonyThrottle;
}

export interface PasskeysDeps {
  readonly database: Database;
  readonly config: TesseraConfig;
  readonly users: Pick<UserStore, 'findById'>;
  readonly clock: () => number;
  /**
   * Where the server listens, for the default origin `http://localhost:<port>` when neither
   * `TESSERA_WEBAUTHN_ORIGINS` nor `TESSERA_PUBLIC_URL` is set.
   */
  readonly address: () => AddressInfo | string | null;
  /** Where the public options requests are counted (the login throttle's store). */
  readonly failures: FailureStore;
}

/** Wires the passkey services on one database and clock. */
export function createPasskeys({
  database,
  config,
  users,
  clock,
  address,
  failures,
}: PasskeysDeps): Passkeys {
  const store = new PasskeyStore(database);
  const challenges = new WebAuthnChallenges(database.db, clock);
  const relyingParty = relyingPartyOf(config, address);
  return {
    store,
    relyingParty,
    throttle: new CeremonyThrottle(failures, clock, {
      enabled: config.loginThrottle,
      limits: DEFAULT_CEREMONY_LIMITS,
    }),
    registration: new PasskeyRegistration({ store, challenges, relyingParty, clock }),
    authentication: new PasskeyAuthentication({ store, challenges, users, relyingParty, clock }),
  };
}
