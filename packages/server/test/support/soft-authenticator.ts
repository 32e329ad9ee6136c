import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import type {
  AuthenticationResponseJSON,
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
  RegistrationResponseJSON,
} from '@simplewebauthn/server';
import { concatBytes, encodeCbor, type CborValue } from './cbor.js';

/** Authenticator data flags (WebAuthn §6.1). */
const UP = 0x01;
const UV = 0x04;
const BE = 0x08;
const BS = 0x10;
const AT = 0x40;

export type SoftAlgorithm = 'ES256' | 'EdDSA';

/** One credential the authenticator holds. */
export interface SoftCredential {
  readonly id: string;
  readonly rpId: string;
  readonly userHandle: string;
  readonly algorithm: SoftAlgorithm;
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
  signCount: number;
}

/** Where the "browser" says the ceremony happened, and what the "authenticator" reports. */
export interface CeremonyOverrides {
  /** `clientDataJSON.origin` (default: the authenticator's origin). */
  readonly origin?: string;
  /** The RP ID hashed into the authenticator data (default: the options' RP ID). */
  readonly rpId?: string;
  /** `clientDataJSON.challenge` (default: the options' challenge). */
  readonly challenge?: string;
  /** `clientDataJSON.type` (default: `webauthn.create` / `webauthn.get`). */
  readonly type?: string;
  /** User verified (default true). */
  readonly uv?: boolean;
  /** User present (default true). */
  readonly up?: boolean;
}

export interface AssertionOverrides extends CeremonyOverrides {
  /** Which credential answers (default: the only / first one for the RP ID). */
  readonly credentialId?: string;
  /** The signature counter to report (default: the stored one plus 1, then stored). */
  readonly signCount?: number;
  /** Sign something else: the signature does not verify. */
  readonly bogusSignature?: boolean;
  /** `response.userHandle` (default: the credential's; null leaves it out). */
  readonly userHandle?: string | null;
}

export interface SoftAuthenticatorOptions {
  readonly origin: string;
  readonly algorithm?: SoftAlgorithm;
  /** A synced passkey: backup eligible and backed up. */
  readonly backedUp?: boolean;
  /** Starts counting here (0: an authenticator without a counter stays at 0). */
  readonly counterStep?: number;
}

const b64url = (bytes: Uint8Array | Buffer): string => Buffer.from(bytes).toString('base64url');
const sha256 = (data: Uint8Array | string): Uint8Array =>
  new Uint8Array(createHash('sha256').update(data).digest());

function coseKey(algorithm: SoftAlgorithm, publicKey: KeyObject): Uint8Array {
  const jwk = publicKey.export({ format: 'jwk' });
  const x = Buffer.from(jwk.x ?? '', 'base64url');
  const entries: [CborValue, CborValue][] =
    algorithm === 'ES256'
      ? [
          [1, 2],
          [3, -7],
          [-1, 1],
          [-2, new Uint8Array(x)],
          [-3, new Uint8Array(Buffer.from(jwk.y ?? '', 'base64url'))],
        ]
      : [
          [1, 1],
          [3, -8],
          [-1, 6],
          [-2, new Uint8Array(x)],
        ];
  return encodeCbor(new Map(entries));
}

function uint32(n: number): Uint8Array {
  const out = new Uint8Array(4);
  new DataView(out.buffer).setUint32(0, n);
  return out;
}

/**
 * A software WebAuthn authenticator and client for server tests: it answers registration
 * options with a genuine `none` attestation (CBOR attestation object, COSE P-256 or Ed25519
 * key) and authentication options with a genuine signature over the authenticator data and
 * the client data hash, as a browser plus a platform authenticator would. Every field the
 * server must check can be overridden (origin, RP ID, challenge, UP/UV flags, counter,
 * signature, user handle).
 */
export class SoftAuthenticator {
  readonly credentials: SoftCredential[] = [];
  readonly #options: SoftAuthenticatorOptions;

  constructor(options: SoftAuthenticatorOptions) {
    this.#options = options;
  }

  #flags(overrides: CeremonyOverrides, extra = 0): number {
    const backup = this.#options.backedUp === true ? BE | BS : 0;
    return (overrides.up === false ? 0 : UP) | (overrides.uv === false ? 0 : UV) | backup | extra;
  }

  #clientData(type: string, challenge: string, overrides: CeremonyOverrides): string {
    return JSON.stringify({
      type: overrides.type ?? type,
      challenge: overrides.challenge ?? challenge,
      origin: overrides.origin ?? this.#options.origin,
      crossOrigin: false,
    });
  }

  /** `navigator.credentials.create()`: a new credential for the options' RP and user. */
  create(
    options: PublicKeyCredentialCreationOptionsJSON,
    overrides: CeremonyOverrides & { readonly reuse?: SoftCredential } = {},
  ): RegistrationResponseJSON {
    const rpId = options.rp.id ?? '';
    const excluded = new Set((options.excludeCredentials ?? []).map((entry) => entry.id));
    if (this.credentials.some((credential) => excluded.has(credential.id))) {
      throw new Error(
        'InvalidStateError: a credential of the exclude list is on this authenticator',
      );
    }
    const { reuse } = overrides;
    const algorithm = reuse?.algorithm ?? this.#options.algorithm ?? 'ES256';
    const keys =
      reuse !== undefined
        ? { privateKey: reuse.privateKey, publicKey: reuse.publicKey }
        : algorithm === 'ES256'
          ? generateKeyPairSync('ec', { namedCurve: 'P-256' })
          : generateKeyPairSync('ed25519');
    // `reuse`: attest an existing credential again (its id and key), as a cloned one would be.
    const idBytes = reuse === undefined ? randomBytes(32) : Buffer.from(reuse.id, 'base64url');
    const credential: SoftCredential = {
      id: b64url(idBytes),
      rpId,
      userHandle: options.user.id,
      algorithm,
      privateKey: keys.privateKey,
      publicKey: keys.publicKey,
      signCount: 0,
    };
    const authData = concatBytes([
      sha256(overrides.rpId ?? rpId),
      Uint8Array.of(this.#flags(overrides, AT)),
      uint32(0),
      new Uint8Array(16), // AAGUID: none
      Uint8Array.of(idBytes.length >> 8, idBytes.length & 0xff),
      new Uint8Array(idBytes),
      coseKey(algorithm, keys.publicKey),
    ]);
    const attestationObject = encodeCbor(
      new Map<CborValue, CborValue>([
        ['fmt', 'none'],
        ['attStmt', new Map()],
        ['authData', authData],
      ]),
    );
    if (reuse === undefined) this.credentials.push(credential);
    const clientDataJSON = this.#clientData('webauthn.create', options.challenge, overrides);
    return {
      id: credential.id,
      rawId: credential.id,
      type: 'public-key',
      response: {
        clientDataJSON: b64url(Buffer.from(clientDataJSON)),
        attestationObject: b64url(attestationObject),
        transports: ['internal', 'hybrid'],
      },
      clientExtensionResults: { credProps: { rk: true } },
      authenticatorAttachment: 'platform',
    };
  }

  /** `navigator.credentials.get()`: an assertion by one of the credentials for the RP ID. */
  get(
    options: PublicKeyCredentialRequestOptionsJSON,
    overrides: AssertionOverrides = {},
  ): AuthenticationResponseJSON {
    const rpId = options.rpId ?? '';
    const credential = this.credentials.find((candidate) =>
      overrides.credentialId === undefined
        ? candidate.rpId === rpId
        : candidate.id === overrides.credentialId,
    );
    if (credential === undefined) throw new Error('NotAllowedError: no credential for this RP');
    const step = this.#options.counterStep ?? 1;
    const signCount = overrides.signCount ?? credential.signCount + step;
    credential.signCount = Math.max(credential.signCount, signCount);
    const authData = concatBytes([
      sha256(overrides.rpId ?? rpId),
      Uint8Array.of(this.#flags(overrides)),
      uint32(signCount),
    ]);
    const clientDataJSON = Buffer.from(
      this.#clientData('webauthn.get', options.challenge, overrides),
    );
    const signed = concatBytes([
      authData,
      sha256(overrides.bogusSignature === true ? Buffer.from('not what was sent') : clientDataJSON),
    ]);
    const signature =
      credential.algorithm === 'ES256'
        ? sign('sha256', signed, credential.privateKey)
        : sign(null, signed, credential.privateKey);
    const userHandle =
      overrides.userHandle === undefined ? credential.userHandle : overrides.userHandle;
    return {
      id: credential.id,
      rawId: credential.id,
      type: 'public-key',
      response: {
        clientDataJSON: b64url(clientDataJSON),
        authenticatorData: b64url(authData),
        signature: b64url(signature),
        ...(userHandle === null ? {} : { userHandle }),
      },
      clientExtensionResults: {},
      authenticatorAttachment: 'platform',
    };
  }
}
