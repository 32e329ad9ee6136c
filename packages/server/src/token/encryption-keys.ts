import { createSecretKey, KeyObject } from 'node:crypto';
import { checkKid } from './asymmetric-keys.js';
import { KeyRing } from './key-ring.js';

/** A content-encryption key of encrypted access tokens: JWE `dir` with `A256GCM` (RFC 7518 §4.5, §5.3). */
export interface EncryptionKey {
  readonly kid: string;
  /** 32 bytes, a secret `KeyObject`. */
  readonly key: KeyObject;
}

/** AES-256 takes a 256-bit key, no more and no less. */
export const ENCRYPTION_KEY_BYTES = 32;

/**
 * A checked {@link EncryptionKey}: `kid` printable ASCII, the key exactly 32 bytes (copied).
 *
 * @throws TypeError for anything else.
 */
export function encryptionKey(input: {
  readonly kid: string;
  readonly key: KeyObject | Uint8Array;
}): EncryptionKey {
  const kid = checkKid(input.kid);
  const key =
    input.key instanceof KeyObject
      ? input.key
      : input.key instanceof Uint8Array
        ? createSecretKey(input.key)
        : undefined;
  if (key?.type !== 'secret' || key.symmetricKeySize !== ENCRYPTION_KEY_BYTES) {
    throw new TypeError(`an encryption key must be ${ENCRYPTION_KEY_BYTES} secret bytes`);
  }
  return Object.freeze({ kid, key });
}

/**
 * The keys of encrypted access tokens (see {@link KeyRing}): new tokens are encrypted with
 * `current`; a token is decrypted only with the key its `kid` names here.
 *
 * @example
 * ```ts
 * const keys = new EncryptionKeySet(encryptionKey({ kid: 'e1', key: randomBytes(32) }));
 * ```
 */
export class EncryptionKeySet extends KeyRing<EncryptionKey, EncryptionKey> {}
