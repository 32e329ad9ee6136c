import { createPublicKey, KeyObject, sign, verify } from 'node:crypto';

/** The asymmetric JWS algorithms Tessera signs with: Ed25519 (RFC 8037) and P-256 (RFC 7518 §3.4). */
export type AsymmetricAlgorithm = 'EdDSA' | 'ES256';

/** Every JWS algorithm Tessera knows; anything else in `alg` is refused before any key work. */
export const JWS_ALGORITHMS: ReadonlySet<string> = new Set(['HS256', 'EdDSA', 'ES256']);

/** A key that checks signatures: its id, its algorithm (fixed: a token naming another is refused), its public half. */
export interface VerificationKey {
  readonly kid: string;
  readonly alg: AsymmetricAlgorithm;
  readonly publicKey: KeyObject;
}

/** A key that signs: a {@link VerificationKey} with its private half. */
export interface SigningKey extends VerificationKey {
  readonly privateKey: KeyObject;
}

/** Both signatures are 64 bytes (Ed25519's R‖S; P-256's r‖s in the P1363 form JWS uses): 86 base64url characters. */
export const ASYMMETRIC_SIGNATURE_LENGTH = 86;

/** Longest `kid` accepted (the header reader enforces the same bound on tokens). */
export const MAX_KID_LENGTH = 256;

const KID = /^[\x21-\x7e]+$/;

/** Signs `signingInput` (ASCII) with `key`; returns the base64url signature. */
export function signAsymmetric(key: SigningKey, signingInput: string): string {
  const data = Buffer.from(signingInput, 'latin1');
  const signature =
    key.alg === 'EdDSA'
      ? sign(null, data, key.privateKey)
      : sign('sha256', data, { key: key.privateKey, dsaEncoding: 'ieee-p1363' });
  return signature.toString('base64url');
}

/**
 * True when `signature` (raw bytes) is `key`'s signature of `data`. Ed25519 as RFC 8032 with
 * OpenSSL's checks (non-canonical S refused); ES256 as FIPS 186-4 with the signature in the
 * IEEE P1363 form (r‖s, 32 bytes each), never DER. Never throws for a bad signature.
 */
export function verifyAsymmetric(
  alg: AsymmetricAlgorithm,
  publicKey: KeyObject,
  data: Buffer,
  signature: Buffer,
): boolean {
  if (signature.length !== 64) return false;
  try {
    return alg === 'EdDSA'
      ? verify(null, data, publicKey, signature)
      : verify('sha256', data, { key: publicKey, dsaEncoding: 'ieee-p1363' }, signature);
  } catch {
    return false;
  }
}

/** Throws unless `kid` is 1 to {@link MAX_KID_LENGTH} printable ASCII characters. */
export function checkKid(kid: unknown): string {
  if (typeof kid !== 'string' || kid.length > MAX_KID_LENGTH || !KID.test(kid)) {
    throw new TypeError(`kid must be 1 to ${MAX_KID_LENGTH} printable ASCII characters`);
  }
  return kid;
}

function checkAlgorithm(alg: unknown): AsymmetricAlgorithm {
  if (alg !== 'EdDSA' && alg !== 'ES256') throw new TypeError("alg must be 'EdDSA' or 'ES256'");
  return alg;
}

/** Throws unless `key` is a key of `alg`'s type: Ed25519 for EdDSA, EC on P-256 for ES256. */
function checkKeyType(alg: AsymmetricAlgorithm, key: KeyObject): void {
  const fits =
    alg === 'EdDSA'
      ? key.asymmetricKeyType === 'ed25519'
      : key.asymmetricKeyType === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'prime256v1';
  if (!fits) {
    throw new TypeError(
      alg === 'EdDSA' ? 'EdDSA needs an Ed25519 key' : 'ES256 needs an EC key on P-256',
    );
  }
}

/**
 * A checked {@link VerificationKey}: `kid` printable ASCII, `alg` EdDSA or ES256, and a key of
 * that algorithm's type (a private key is reduced to its public half).
 *
 * @throws TypeError for anything else.
 */
export function verificationKey(input: {
  readonly kid: string;
  readonly alg: AsymmetricAlgorithm;
  readonly publicKey: KeyObject;
}): VerificationKey {
  const kid = checkKid(input.kid);
  const alg = checkAlgorithm(input.alg);
  if (!(input.publicKey instanceof KeyObject) || input.publicKey.type === 'secret') {
    throw new TypeError('publicKey must be an asymmetric KeyObject');
  }
  const publicKey =
    input.publicKey.type === 'private' ? createPublicKey(input.publicKey) : input.publicKey;
  checkKeyType(alg, publicKey);
  return Object.freeze({ kid, alg, publicKey });
}

/**
 * A checked {@link SigningKey} from a private key (its public half is derived from it).
 *
 * @throws TypeError for a bad `kid`, `alg` or key.
 */
export function signingKey(input: {
  readonly kid: string;
  readonly alg: AsymmetricAlgorithm;
  readonly privateKey: KeyObject;
}): SigningKey {
  if (!(input.privateKey instanceof KeyObject) || input.privateKey.type !== 'private') {
    throw new TypeError('privateKey must be a private KeyObject');
  }
  const checked = verificationKey({ ...input, publicKey: input.privateKey });
  return Object.freeze({ ...checked, privateKey: input.privateKey });
}
