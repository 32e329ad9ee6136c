import { randomBytes } from 'node:crypto';
import type {
  PublicKeyCredentialCreationOptionsJSON,
  RegistrationResponseJSON,
} from '@simplewebauthn/server';
import { generateRegistrationOptions, verifyRegistrationResponse } from './simplewebauthn.js';
import { isUniqueViolation } from '../db/unique-violation.js';
import { TesseraError } from '../errors/tessera-error.js';
import { isoAt } from '../sessions/session-record.js';
import type { UserRecord } from '../users/user-record.js';
import { CHALLENGE_TTL_SECONDS, type WebAuthnChallenges } from './challenge-store.js';
import { challengeOfAnswer } from './client-data.js';
import { MAX_PASSKEYS_PER_USER, type PasskeyRecord, type PasskeyStore } from './passkey-store.js';
import type { RelyingParty } from './relying-party.js';
import { SUPPORTED_ALGORITHMS } from './algorithms.js';

export interface PasskeyRegistrationDeps {
  readonly store: PasskeyStore;
  readonly challenges: WebAuthnChallenges;
  readonly relyingParty: () => RelyingParty;
  readonly clock: () => number;
}

/**
 * Registering a passkey for a signed-in user: options with a server-side challenge bound to
 * the user (5 minutes, single use), a discoverable credential required, user verification
 * preferred, the user's passkeys excluded; then the answer checked (challenge, origin, RP ID,
 * user presence, attestation `none` or any the library verifies) and stored.
 */
export class PasskeyRegistration {
  readonly #deps: PasskeyRegistrationDeps;

  constructor(deps: PasskeyRegistrationDeps) {
    this.#deps = deps;
  }

  async options(user: UserRecord): Promise<PublicKeyCredentialCreationOptionsJSON> {
    const { store, challenges, relyingParty } = this.#deps;
    const existing = await store.listByUser(user.id);
    if (existing.length >= MAX_PASSKEYS_PER_USER) throw new TesseraError('passkey_limit_reached');
    const userHandle = existing[0]?.userHandle ?? randomBytes(32).toString('base64url');
    const issued = await challenges.issue('registration', user.id, userHandle);
    const rp = relyingParty();
    return await generateRegistrationOptions({
      rpName: rp.name,
      rpID: rp.id,
      userName: user.email,
      userDisplayName: user.name,
      userID: new Uint8Array(Buffer.from(userHandle, 'base64url')),
      challenge: new Uint8Array(Buffer.from(issued.challenge, 'base64url')),
      timeout: CHALLENGE_TTL_SECONDS * 1000,
      attestationType: 'none',
      excludeCredentials: existing.map((passkey) => ({
        id: passkey.credentialId,
        transports: [...passkey.transports],
      })),
      authenticatorSelection: { residentKey: 'required', userVerification: 'preferred' },
      supportedAlgorithmIDs: [...SUPPORTED_ALGORITHMS],
    });
  }

  /** Checks the answer to {@link options} and stores the passkey under `name`. */
  async verify(user: UserRecord, name: string, answer: unknown): Promise<PasskeyRecord> {
    const { store, challenges, relyingParty, clock } = this.#deps;
    const challenge = challengeOfAnswer(answer);
    if (challenge === undefined) throw new TesseraError('passkey_invalid');
    const taken = await challenges.consume({
      purpose: 'registration',
      challenge,
      userId: user.id,
    });
    if (taken?.userHandle == null) throw new TesseraError('passkey_challenge_invalid');
    const rp = relyingParty();
    let verified: Awaited<ReturnType<typeof verifyRegistrationResponse>>;
    try {
      verified = await verifyRegistrationResponse({
        response: answer as RegistrationResponseJSON,
        expectedChallenge: taken.challenge,
        expectedOrigin: [...rp.origins],
        expectedRPID: rp.id,
        requireUserPresence: true,
        requireUserVerification: false,
        supportedAlgorithmIDs: [...SUPPORTED_ALGORITHMS],
      });
    } catch (error) {
      throw new TesseraError('passkey_invalid', undefined, {}, { cause: error });
    }
    if (!verified.verified) throw new TesseraError('passkey_invalid');
    const info = verified.registrationInfo;
    // The credential named outside the attestation must be the one attested.
    if (info.credential.id !== (answer as { id?: unknown }).id) {
      throw new TesseraError('passkey_invalid');
    }
    if ((await store.countByUser(user.id)) >= MAX_PASSKEYS_PER_USER) {
      throw new TesseraError('passkey_limit_reached');
    }
    try {
      return await store.insert({
        credentialId: info.credential.id,
        userId: user.id,
        userHandle: taken.userHandle,
        publicKey: info.credential.publicKey,
        counter: info.credential.counter,
        transports: knownTransports(info.credential.transports),
        backupEligible: info.credentialDeviceType === 'multiDevice',
        backedUp: info.credentialBackedUp,
        name,
        createdAt: isoAt(clock()),
      });
    } catch (error) {
      if (isUniqueViolation(error, 'webauthn_credentials', 'credential_id')) {
        throw new TesseraError('passkey_exists');
      }
      throw error;
    }
  }
}

const TRANSPORTS = new Set(['ble', 'cable', 'hybrid', 'internal', 'nfc', 'smart-card', 'usb']);

/** The transports the browser reported that WebAuthn names (anything else is dropped). */
function knownTransports(transports: readonly string[] | undefined): string[] {
  return [...new Set(transports ?? [])].filter((transport) => TRANSPORTS.has(transport));
}
